"""A wiki's siteinfo is fetched from the real wiki once, then served from Django's cache, and reads as the wiki does."""

import pytest
from django.core.cache import cache

from wikiskills.integrations.mediawiki.client import MediaWikiClient, UserAgent
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_core import wikis

pytestmark = pytest.mark.integration

AGENT = UserAgent("WikiSkills-Tests", "0.1", "wikiskills-tests@example.org")
PASSWORD = "correct horse battery staple"
TITLES = ["user:siteinfo learner/sandbox", "image:x.jpg", "project talk:x", "MEDIAWIKI:common.css", "x_y", "A:b"]
REDIRECT_TEXTS = [
    "#REDIRECT [[Paris]]",
    "  #redirect : [[Paris|the city]]\n[[Category:Redirects]]",
    "#REDIRECT\n\n[[Paris]]",
    "#REDIRECT to [[Paris]]",
    "#REDIRECT [[Par\nis]]",
    "Text first\n#REDIRECT [[Paris]]",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def client(wiki):
    return MediaWikiClient(wiki.api_url, AGENT)


def test_a_second_call_makes_no_request(wiki, client):
    first = wikis.siteinfo_for(wiki, client)
    second = wikis.siteinfo_for(wiki, client)

    assert client.request_count == 1
    assert second == first
    assert first.normalize_title("project:x") == "WikiSkills Test Wiki:X"


def test_without_a_client_the_wikis_background_client_fetches_once(wiki):
    background = wikis.client_for(wiki, background=True)
    before = background.request_count

    wikis.siteinfo_for(wiki)
    wikis.siteinfo_for(wiki)

    assert background.request_count == before + 1


def test_each_wiki_key_has_its_own_entry(wiki, client, settings):
    settings.WIKISKILLS_WIKIS = {**settings.WIKISKILLS_WIKIS, "same-server": {"api_url": wiki.api_url}}

    wikis.siteinfo_for(wiki, client)
    wikis.siteinfo_for(wikis.get_wiki("same-server"), client)

    assert client.request_count == 2


def test_the_cache_period_is_a_setting(wiki, client, settings):
    settings.WIKISKILLS_SITEINFO_CACHE_SECONDS = 0  # Django's cache keeps nothing for 0 seconds

    wikis.siteinfo_for(wiki, client)
    wikis.siteinfo_for(wiki, client)

    assert client.request_count == 2


def test_titles_and_namespaces_are_what_the_wiki_says(wiki, client):
    siteinfo = wikis.siteinfo_for(wiki, client)

    query = client.call({"action": "query", "titles": "|".join(TITLES)})["query"]

    normalized = {item["from"]: item["to"] for item in query["normalized"]}
    assert {title: siteinfo.normalize_title(title) for title in TITLES} == {t: normalized.get(t, t) for t in TITLES}
    assert all(siteinfo.namespace_of(page["title"]) == page["ns"] for page in query["pages"])


def test_redirects_are_recognized_as_the_wiki_stores_them(wiki, client, local_wiki):
    siteinfo = wikis.siteinfo_for(wiki, client)
    (author,) = local_wiki.create_users(["Siteinfo redirect author"], PASSWORD)
    titles = [f"Siteinfo redirect test {number}" for number in range(len(REDIRECT_TEXTS))]
    local_wiki.make_edits(Edit(author, title, text) for title, text in zip(titles, REDIRECT_TEXTS, strict=True))

    pages = client.call({"action": "query", "prop": "info", "titles": "|".join(titles)})["query"]["pages"]

    stored_as_redirect = {page["title"]: page.get("redirect", False) for page in pages}
    assert {title: siteinfo.is_redirect(text) for title, text in zip(titles, REDIRECT_TEXTS, strict=True)} == (
        stored_as_redirect
    )
