"""The wiki profiles of course_templates/wikis.yaml: the structure the pack builder relies on."""

import unicodedata
from pathlib import Path

import pytest
import yaml

import wikiskills.course_templates

WIKIS_PATH = Path(wikiskills.course_templates.__file__).parent / "wikis.yaml"

NAMESPACE_KEYS = {"user", "user_talk", "talk", "project", "help"}
PAGE_KEYS = {
    "five_pillars",
    "neutral_point_of_view",
    "verifiability",
    "no_original_research",
    "reliable_sources",
    "citing_sources",
    "talk_page_guidelines",
    "sandbox_help",
    "be_bold",
    "civility",
    "assume_good_faith",
    "user_pages",
    "tutorial",
    "edit_a_thon",
}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
REQUIRED_WIKIS = {
    "enwiki",
    "eswiki",
    "frwiki",
    "arwiki",
    "hiwiki",
    "ptwiki",
    "dewiki",
    "itwiki",
    "idwiki",
    "swwiki",
    "bnwiki",
    "ruwiki",
    "zhwiki",
    "jawiki",
    "fawiki",
    "hewiki",
    "urwiki",
    "testwiki",
    "metawiki",
    "commonswiki",
}


def _load():
    return yaml.safe_load(WIKIS_PATH.read_text(encoding="utf-8"))


WIKIS = _load()


def _is_wikipedia(profile):
    return profile["site"].endswith(".wikipedia.org")


def _texts(profile):
    """Every string of a profile a learner sees or a link is made from."""
    yield profile["name"]
    yield profile["sandbox"]
    yield from profile["namespaces"].values()
    yield from profile["pages"].values()


def test_the_file_is_a_mapping_of_wikis_sorted_by_database_name():
    assert isinstance(WIKIS, dict)
    assert list(WIKIS) == sorted(WIKIS)


def test_the_main_wikis_have_a_profile():
    assert not REQUIRED_WIKIS - set(WIKIS)


@pytest.mark.parametrize("wiki", sorted(WIKIS))
def test_profile_structure(wiki):
    profile = WIKIS[wiki]
    assert set(profile) == {"name", "language", "direction", "site", "namespaces", "sandbox", "pages"}
    assert isinstance(profile["name"], str)
    assert profile["name"].strip()
    assert isinstance(profile["language"], str)
    assert profile["language"]
    assert profile["direction"] in {"ltr", "rtl"}
    assert profile["site"].startswith("https://")
    assert not profile["site"].endswith("/")
    assert set(profile["namespaces"]) == NAMESPACE_KEYS
    for name in profile["namespaces"].values():
        assert isinstance(name, str)
        assert name.strip() == name
        assert name
        assert "_" not in name, "namespace names are written as the wiki shows them, with spaces"
    assert isinstance(profile["sandbox"], str)
    assert profile["sandbox"].strip()
    assert "/" not in profile["sandbox"]
    assert isinstance(profile["pages"], dict)
    assert set(profile["pages"]) <= PAGE_KEYS
    for title in profile["pages"].values():
        assert isinstance(title, str)
        assert title.strip() == title
        assert title
        assert "_" not in title


@pytest.mark.parametrize("wiki", sorted(WIKIS))
def test_text_is_nfc_normalized(wiki):
    """MediaWiki stores titles in NFC; a title in another form would not match the page."""
    for text in _texts(WIKIS[wiki]):
        assert unicodedata.normalize("NFC", text) == text, text


@pytest.mark.parametrize("wiki", sorted(w for w in WIKIS if _is_wikipedia(WIKIS[w])))
def test_wikipedia_page_titles_are_in_the_project_or_help_namespace(wiki):
    profile = WIKIS[wiki]
    namespaces = profile["namespaces"]
    prefixes = (f"{namespaces['project']}:", f"{namespaces['help']}:")
    for key, title in profile["pages"].items():
        assert title.startswith(prefixes), f"{wiki} {key}: {title!r} is not in {prefixes}"
        assert title.partition(":")[2].strip(), f"{wiki} {key}: {title!r} has no page name"


@pytest.mark.parametrize("wiki", sorted(WIKIS))
def test_rtl_wikis_are_exactly_those_in_rtl_languages(wiki):
    profile = WIKIS[wiki]
    expected = "rtl" if profile["language"] in RTL_LANGUAGES else "ltr"
    assert profile["direction"] == expected


def test_wikipedia_sites_match_their_language():
    for wiki, profile in WIKIS.items():
        if _is_wikipedia(profile) and wiki != "testwiki":
            assert wiki == f"{profile['language']}wiki"
            assert profile["site"] == f"https://{profile['language']}.wikipedia.org"
