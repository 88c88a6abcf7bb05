"""User names and titles are compared the way MediaWiki compares them."""

import pytest

from wikiskills.integrations.mediawiki.names import normalize_title, normalize_username


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("example_user", "Example user"),
        ("  example   user_ ", "Example user"),
        ("éMILIE", "ÉMILIE"),
        ("李小龙", "李小龙"),
        ("ßtraße", "ßtraße"),  # uppercasing ß would change its length: Wikimedia keeps it
        ("e\u0301milie", "Émilie"),  # decomposed input is composed (NFC) first
        ("\u200eLeft to right", "Left to right"),
        ("", ""),
    ],
)
def test_usernames_are_normalized_as_the_wiki_stores_them(raw, canonical):
    assert normalize_username(raw) == canonical


def test_only_the_first_letter_is_case_insensitive():
    assert normalize_username("exAmple") == normalize_username("ExAmple")
    assert normalize_username("Example") != normalize_username("ExAmple")


def test_titles_keep_their_namespace_text_and_subpages():
    assert normalize_title("user:Ana/my_sandbox") == "User:Ana/my sandbox"


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("help:new_page", "Help:New page"),
        ("MEDIAWIKI:common.css", "MediaWiki:Common.css"),
        ("user talk : ana", "User talk:Ana"),
        ("Not a namespace:lower", "Not a namespace:lower"),
    ],
)
def test_known_namespaces_are_canonical_and_capitalize_the_page_name(raw, canonical):
    assert normalize_title(raw) == canonical
