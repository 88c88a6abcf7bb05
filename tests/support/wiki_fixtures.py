"""Pytest fixtures for a real MediaWiki on loopback (see integrations/mediawiki/local_wiki.py).

One wiki per test session: installing and starting takes about a second, seeding more.
Without PHP or MediaWiki the tests skip, or fail under WIKISKILLS_REQUIRE_SERVICES=1 (CI).
"""

import pytest

from wikiskills.integrations.mediawiki.local_wiki import INSTALL_HINT, LocalWiki, mediawiki_unavailable_reason

from .fault_proxy import FaultProxy
from .services import service_missing


@pytest.fixture(scope="session")
def local_wiki(tmp_path_factory):
    """A running LocalWiki shared by the session; tests must not depend on each other's data."""
    reason = mediawiki_unavailable_reason()
    if reason:
        service_missing("MediaWiki", reason, INSTALL_HINT)
    with LocalWiki(tmp_path_factory.mktemp("mediawiki")) as wiki:
        yield wiki


@pytest.fixture
def fault_proxy(local_wiki):
    """A FaultProxy in front of the session's wiki, with no faults queued and no requests counted."""
    with FaultProxy(local_wiki.base_url) as proxy:
        yield proxy
