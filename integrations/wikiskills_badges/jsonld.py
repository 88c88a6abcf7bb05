"""JSON-LD canonicalization (RDFC-1.0 / URDNA2015) with a loader that never touches the network.

Only the bundled context documents can be loaded; anything else is an error, so a
document that names an unknown context fails loudly instead of being fetched.
"""

import json
from functools import cache
from importlib import resources

from pyld import jsonld

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"

BUNDLED_CONTEXT_FILES = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-context-3.0.3.json",
    DATA_INTEGRITY_V2_CONTEXT: "data-integrity-v2.jsonld",
    MULTIKEY_V1_CONTEXT: "multikey-v1.jsonld",
}


class UnknownContext(jsonld.JsonLdError):
    """A document referred to a context that is not bundled."""


@cache
def bundled_context(url):
    """The parsed context document published at ``url``."""
    try:
        filename = BUNDLED_CONTEXT_FILES[url]
    except KeyError:
        raise UnknownContext(
            f"Context {url} is not bundled; refusing to fetch it.", "jsonld.LoadDocumentError"
        ) from None
    return json.loads((resources.files(__package__) / "contexts" / filename).read_text(encoding="utf-8"))


def load_bundled_document(url, options=None):
    """A pyld document loader serving only the bundled contexts."""
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context(url)}


def canonicalize(document):
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document."""
    return jsonld.normalize(
        document,
        {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": load_bundled_document},
    )


def expand(document):
    """The expanded form, to check every term of a document is defined by its contexts."""
    return jsonld.expand(document, {"documentLoader": load_bundled_document})
