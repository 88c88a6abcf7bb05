"""Pytest fixtures for a real MediaWiki on loopback (see integrations/mediawiki/local_wiki.py).

One wiki per test session (and per content language): installing and starting takes about
a second, seeding more. Without PHP or MediaWiki the tests skip, or fail under
WIKISKILLS_REQUIRE_SERVICES=1 (CI).
"""

import pytest

from wikiskills.integrations.mediawiki.local_wiki import INSTALL_HINT, LocalWiki, mediawiki_unavailable_reason

from .fault_proxy import FaultProxy
from .services import service_missing


def _new_wiki(tmp_path_factory, folder, language="en"):
    """A LocalWiki in a fresh folder, not started; skips (or fails in CI) when MediaWiki cannot run here."""
    reason = mediawiki_unavailable_reason()
    if reason:
        service_missing("MediaWiki", reason, INSTALL_HINT)
    return LocalWiki(tmp_path_factory.mktemp(folder), language=language)


@pytest.fixture(scope="session")
def local_wiki(tmp_path_factory):
    """A running LocalWiki shared by the session; tests must not depend on each other's data."""
    with _new_wiki(tmp_path_factory, "mediawiki") as wiki:
        yield wiki


@pytest.fixture(scope="session")
def arabic_wiki(tmp_path_factory):
    """A running Arabic LocalWiki (localized namespaces and system messages), shared by the session."""
    with _new_wiki(tmp_path_factory, "mediawiki-ar", language="ar") as wiki:
        yield wiki


@pytest.fixture
def fault_proxy(local_wiki):
    """A FaultProxy in front of the session's wiki, with no faults queued and no requests counted."""
    with FaultProxy(local_wiki.base_url) as proxy:
        yield proxy
