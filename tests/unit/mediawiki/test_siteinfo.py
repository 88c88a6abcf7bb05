"""A wiki's siteinfo lets titles and wikitext be read the way that wiki reads them, in any language.

The fixtures in ``data/`` were recorded from fresh MediaWiki 1.39 installs, one
English and one Arabic (``install.php --lang=ar``): ``siteinfo_*.json`` is the
``meta=siteinfo`` answer, ``titles_*.json`` the wiki's own normalization of a
list of titles (``action=query&titles=...``).
"""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from wikiskills.integrations.mediawiki.names import CANONICAL_NAMESPACES, normalize_title
from wikiskills.integrations.mediawiki.siteinfo import (
    ENGLISH_DEFAULT,
    SITEINFO_PROPS,
    Namespace,
    SiteInfo,
    fetch_siteinfo,
)
from wikiskills.integrations.mediawiki.wikitext import ENGLISH_VOCABULARY, compute_edit_delta

DATA = Path(__file__).with_name("data")


def recorded(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def recorded_siteinfo(language):
    return SiteInfo.from_api(recorded(f"siteinfo_{language}.json")["query"])


def titles_as_the_wiki_wrote_them(language):
    """``(title sent, title the wiki answered with)`` for every recorded title."""
    record = recorded(f"titles_{language}.json")
    normalized = {item["from"]: item["to"] for item in record["answer"]["query"]["normalized"]}
    return [(title, normalized.get(title, title)) for title in record["titles"]]


def recorded_namespaces(language):
    """``(title the wiki answered with, its namespace id)`` for every recorded title."""
    return [(page["title"], page["ns"]) for page in recorded(f"titles_{language}.json")["answer"]["query"]["pages"]]


ENGLISH = recorded_siteinfo("en")
ARABIC = recorded_siteinfo("ar")
SITEINFO_BY_LANGUAGE = {"en": ENGLISH, "ar": ARABIC}


def test_recorded_answers_are_from_mediawiki_139_in_their_language():
    for language in ("en", "ar"):
        general = recorded(f"siteinfo_{language}.json")["query"]["general"]
        assert general["generator"].startswith("MediaWiki 1.39")
        assert SITEINFO_BY_LANGUAGE[language].language == language


class TestTitles:
    @pytest.mark.parametrize(
        ("language", "title", "wiki_title"),
        [(language, *pair) for language in ("en", "ar") for pair in titles_as_the_wiki_wrote_them(language)],
    )
    def test_titles_are_normalized_exactly_as_the_wiki_does(self, language, title, wiki_title):
        assert SITEINFO_BY_LANGUAGE[language].normalize_title(title) == wiki_title

    @pytest.mark.parametrize(
        ("language", "title", "namespace"),
        [(language, *pair) for language in ("en", "ar") for pair in recorded_namespaces(language)],
    )
    def test_namespace_is_the_one_the_wiki_reports(self, language, title, namespace):
        assert SITEINFO_BY_LANGUAGE[language].namespace_of(title) == namespace

    @pytest.mark.parametrize(
        "written", ["User:Ali/sandbox", "user:Ali/sandbox", "مستخدم:Ali/sandbox", "مستخدمة:Ali/sandbox"]
    )
    def test_the_default_sandbox_target_is_one_page_on_an_arabic_wiki(self, written):
        assert ARABIC.normalize_title(written) == "مستخدم:Ali/sandbox"

    @pytest.mark.parametrize("siteinfo", [ENGLISH, ARABIC, ENGLISH_DEFAULT], ids=["en", "ar", "default"])
    def test_every_name_of_every_namespace_is_recognized_in_any_case(self, siteinfo):
        names = [(name, ns.id) for ns in siteinfo.namespaces for name in (ns.name, ns.canonical) if name]
        names += list(siteinfo.aliases)

        for name, number in names:
            for spelling in (name, name.lower(), name.upper(), name.replace(" ", "_")):
                assert siteinfo.namespace_of(f"{spelling}:Page") == number, spelling

    @pytest.mark.parametrize("title", ["Page", "Not a namespace:Page", ":Page", "ملف", "Star Wars: Episode IV"])
    def test_titles_without_a_namespace_prefix_are_in_the_main_namespace(self, title):
        assert ARABIC.namespace_of(title) == 0

    def test_first_letter_stays_lowercase_where_the_namespace_is_case_sensitive(self):
        wiktionary_like = replace(
            ENGLISH,
            namespaces=tuple(replace(ns, case="case-sensitive") if ns.id == 0 else ns for ns in ENGLISH.namespaces),
        )

        assert wiktionary_like.normalize_title("iPhone_case") == "iPhone case"
        assert wiktionary_like.normalize_title("user:iPhone") == "User:IPhone"


class TestEnglishDefault:
    """Without siteinfo, titles read as ``names.normalize_title`` reads them, aliases aside."""

    @pytest.mark.parametrize("prefix", sorted(CANONICAL_NAMESPACES - {"Project", "Project talk", "Image"}))
    def test_known_namespaces_normalize_as_names_does(self, prefix):
        for title in (f"{prefix}:a_page", f"{prefix.lower()} : a page", f"{prefix.upper()}:A page"):
            assert ENGLISH_DEFAULT.normalize_title(title) == normalize_title(title)

    @pytest.mark.parametrize("title", ["example_page", "Not a namespace:lower", "ßtraße", "e\u0301milie", ""])
    def test_other_titles_normalize_as_names_does(self, title):
        assert ENGLISH_DEFAULT.normalize_title(title) == normalize_title(title)

    def test_aliases_become_the_names_english_wikipedia_writes(self):
        assert ENGLISH_DEFAULT.normalize_title("project talk:x") == "Wikipedia talk:X"
        assert ENGLISH_DEFAULT.normalize_title("image:x.jpg") == "File:X.jpg"
        assert ENGLISH_DEFAULT.namespace_of("WP:X") == 0  # a Wikimedia shortcut alias it does not know

    def test_its_vocabulary_reads_wikitext_as_the_english_vocabulary_does(self):
        text = "#REDIRECT [[A]] [[Image:B.jpg]] [[category:C]] {{template:D}} [[w:E]] [[wikipedia:F]] [[:File:G.jpg]]"

        assert compute_edit_delta("", text, vocabulary=ENGLISH_DEFAULT.vocabulary()) == compute_edit_delta(
            "", text, vocabulary=ENGLISH_VOCABULARY
        )


class TestVocabulary:
    def test_arabic_names_and_aliases_of_files_categories_and_templates(self):
        vocabulary = ARABIC.vocabulary()

        assert set(vocabulary.file_aliases) == {"ملف", "صورة", "File", "Image"}
        assert set(vocabulary.category_aliases) == {"تصنيف", "Category"}
        assert set(vocabulary.template_aliases) == {"قالب", "Template"}
        assert vocabulary.redirect_words == ("#تحويل", "#REDIRECT")

    def test_interwiki_prefixes_are_the_wikis_own(self):
        assert {"wikt", "wikipedia", "mw"} <= ENGLISH.vocabulary().interwiki_prefixes
        assert "w" not in ENGLISH.vocabulary().interwiki_prefixes  # a Wikimedia shortcut this wiki lacks

    def test_a_prefix_that_is_also_a_namespace_is_not_an_interwiki_prefix(self):
        enwiki_like = replace(ENGLISH_DEFAULT, interwiki_prefixes=frozenset({"wikipedia", "wikt"}))

        assert enwiki_like.vocabulary().interwiki_prefixes == {"wikt"}


class TestRedirects:
    @pytest.mark.parametrize(
        "text",
        [
            "#تحويل [[باريس]]",
            "#REDIRECT [[Paris]]",
            "#redirect[[Paris]]",
            "  \n#Redirect : [[Paris|the city]]\n[[تصنيف:تحويلات]]",
            "#تحويل [[باريس#التاريخ]]",
            "#REDIRECT\n\n[[Paris]]",
        ],
    )
    def test_arabic_wiki_reads_its_own_and_the_english_redirect_word(self, text):
        assert ARABIC.is_redirect(text)

    @pytest.mark.parametrize(
        "text",
        [
            "#REDIRECT",
            "#REDIRECT to [[Paris]]",
            "#REDIRECT [[Par\nis]]",
            "#REDIRECT [[]]",
            "#REDIRECT [[#Section]]",
            "Text\n#REDIRECT [[Paris]]",
            "#REDIRECTION [[Paris]]",
            "#تحويلة [[باريس]]",
        ],
    )
    def test_anything_else_is_an_ordinary_page(self, text):
        assert not ARABIC.is_redirect(text)

    def test_a_localized_redirect_word_means_nothing_on_another_wiki(self):
        assert not ENGLISH.is_redirect("#تحويل [[باريس]]")
        assert ENGLISH.redirect_words == ("#REDIRECT",)


class TestCaching:
    @pytest.mark.parametrize("siteinfo", [ENGLISH, ARABIC, ENGLISH_DEFAULT], ids=["en", "ar", "default"])
    def test_json_reads_back_as_an_equal_siteinfo(self, siteinfo):
        again = SiteInfo.from_json(siteinfo.to_json())

        assert again == siteinfo
        assert again.normalize_title("user:x") == siteinfo.normalize_title("user:x")

    def test_json_of_another_format_version_is_refused(self):
        data = json.loads(ARABIC.to_json())

        with pytest.raises(ValueError, match="version"):
            SiteInfo.from_json(json.dumps({**data, "version": 0}))

    def test_fetching_asks_the_wiki_once_for_everything(self):
        client = RecordingClient(recorded("siteinfo_ar.json"))

        assert fetch_siteinfo(client) == ARABIC
        assert [call["meta"] for call in client.calls] == ["siteinfo|allmessages"]
        assert client.calls[0]["siprop"] == SITEINFO_PROPS


class RecordingClient:
    """Answers ``call`` with a recorded answer and remembers what was asked."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = []

    def call(self, params):
        self.calls.append(params)
        return self.answer


def test_namespace_records_hold_what_siteinfo_says():
    assert Namespace(2, "مستخدم", "User") in ARABIC.namespaces
    assert {ns.id for ns in ARABIC.namespaces} == {ns.id for ns in ENGLISH.namespaces} == set(range(-2, 16))
