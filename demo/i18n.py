"""The demo's XBlock ``i18n`` service: each block's own catalog in the visitor's language, as in the LMS.

The workbench gives every block one service that is Django's translation module, so a block's catalog at
``<block module dir>/translations/<lang>/LC_MESSAGES/text.mo`` (the layout edx-platform's
``XBlockI18nService`` falls back to) is never read. This service is edx-platform's: per block, the block's
``text`` catalog for Django's active language, else Django's own translation.
"""

import gettext
import sys
from contextlib import suppress
from pathlib import Path

from django.conf import settings
from django.utils import translation
from xblock.runtime import NullI18nService

CATALOG_DOMAIN = "text"


class DemoI18nService(NullI18nService):
    """Translation for one block: ``gettext``, ``ngettext`` and the rest of ``gettext.GNUTranslations``.

    ``xblock.utils``' template tags merge the catalog (``_catalog``) into Django's, so ``{% trans %}`` in a
    block's template finds the block's strings too.
    """

    def __init__(self, block):
        super().__init__()
        self._translations = translation
        block_class = getattr(block, "unmixed_class", type(block))
        catalogs = Path(sys.modules[block_class.__module__].__file__).parent / "translations"
        language = translation.get_language() or settings.LANGUAGE_CODE
        with suppress(OSError):  # no catalog for this block in this language: Django's own translation
            self._translations = gettext.translation(CATALOG_DOMAIN, catalogs, [translation.to_locale(language)])

    def __getattr__(self, name):
        return getattr(self._translations, name)


def serve_block_catalogs(runtime_class):
    """Make ``runtime_class.service`` answer "i18n" with a ``DemoI18nService`` for the asking block."""
    shared_service = runtime_class.service

    def service(runtime, block, service_name):
        found = shared_service(runtime, block, service_name)
        return DemoI18nService(block) if service_name == "i18n" and found is not None else found

    runtime_class.service = service
