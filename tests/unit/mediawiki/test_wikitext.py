"""An edit's delta counts what the learner added, the way the wiki would read the wikitext."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikiskills.integrations.mediawiki.names import normalize_title
from wikiskills.integrations.mediawiki.siteinfo import SiteInfo
from wikiskills.integrations.mediawiki.wikitext import EditDelta, Section, WikiVocabulary, compute_edit_delta

ARTICLE = """{{Short description|Capital of France}}
{{Infobox settlement|name=Paris|image_skyline=Paris skyline.jpg}}
'''Paris''' is the capital of [[France]].<ref name="insee">{{cite web|url=https://insee.fr|title=Populations}}</ref>

== History ==
The [[Parisii (Gaul)|Parisii]] lived on the [[Seine]].<ref name="insee"/>
[[File:Paris 1550.jpg|thumb|Paris around 1550, with the [[Louvre]]]]

== Geography ==
Paris lies in the [[Paris Basin]].<ref>Smith, ''Geography'', p. 4.</ref>

== References ==
{{Reflist}}

[[Category:Capitals in Europe]]
[[Category:Cities in France|Paris]]
"""


def added_after(old, addition):
    return compute_edit_delta(old, old + addition)


def test_unchanged_page_adds_nothing():
    assert compute_edit_delta(ARTICLE, ARTICLE) == EditDelta()


def test_creating_a_page_counts_everything_on_it():
    delta = compute_edit_delta("", ARTICLE)

    assert delta.size_change == len(ARTICLE.encode("utf-8"))
    assert delta.references_added == 2
    assert delta.templates_added == ("Short description", "Infobox settlement", "Cite web", "Reflist")
    assert delta.sections_added == (Section("History", 2), Section("Geography", 2), Section("References", 2))
    assert delta.wikilinks_added == ("France", "Parisii (Gaul)", "Seine", "Louvre", "Paris Basin")
    assert delta.files_added == ("Paris 1550.jpg",)
    assert delta.categories_added == ("Capitals in Europe", "Cities in France")


@pytest.mark.parametrize(("text", "size"), [("a", 1), ("é", 2), ("€", 3), ("😀", 4), ("ﷺ", 3)])
def test_size_change_is_in_utf8_bytes_like_the_page_history(text, size):
    assert added_after("x", text).size_change == size
    assert compute_edit_delta("x" + text, "x").size_change == -size


def test_removing_content_adds_nothing_and_shrinks_the_page():
    delta = compute_edit_delta(ARTICLE, "'''Paris''' is a city.")

    assert delta.size_change < 0
    assert delta == EditDelta(size_change=delta.size_change)


def test_moving_sections_around_adds_nothing():
    history, rest = ARTICLE.split("== Geography ==")

    assert compute_edit_delta(ARTICLE, "== Geography ==" + rest + "\n" + history) == EditDelta(size_change=1)


class TestReferences:
    def test_a_new_citation_counts(self):
        assert added_after(ARTICLE, "More.<ref>Jones 2020, p. 7.</ref>").references_added == 1

    def test_reusing_a_named_reference_cites_nothing_new(self):
        assert added_after(ARTICLE, 'Again.<ref name="insee" /><ref name=insee></ref>').references_added == 0

    def test_each_new_citation_counts_even_when_two_are_alike(self):
        assert added_after(ARTICLE, "A.<ref>Same</ref> B.<ref>Same</ref>").references_added == 2

    def test_citing_a_source_already_cited_counts_once_more(self):
        assert added_after(ARTICLE, "<ref>Smith, ''Geography'', p. 4.</ref>").references_added == 1

    def test_moving_a_citation_is_not_adding_one(self):
        old = "One.<ref>Smith</ref> Two."
        assert compute_edit_delta(old, "One. Two.<ref>Smith</ref>").references_added == 0

    def test_reflowing_a_citation_is_not_adding_one(self):
        old = "One.<ref>{{cite book|title=T|year=2001}}</ref>"
        new = "One.<ref>\n{{cite book\n|title=T\n|year=2001\n}}\n</ref>"
        assert compute_edit_delta(old, new).references_added == 0

    def test_changing_what_a_citation_says_counts_as_a_new_one(self):
        old = "One.<ref>Smith 2001</ref>"
        assert compute_edit_delta(old, "One.<ref>Smith 2002</ref>").references_added == 1

    @pytest.mark.parametrize(
        "addition",
        [
            "<!-- <ref>Hidden</ref> -->",
            "<nowiki><ref>Shown as text</ref></nowiki>",
            "<pre><ref>Shown as text</ref></pre>",
            "<ref></ref>",
            "<ref>   </ref>",
        ],
    )
    def test_refs_that_cite_nothing_are_not_counted(self, addition):
        assert added_after(ARTICLE, addition).references_added == 0

    def test_tag_names_ignore_case_and_attributes_are_allowed(self):
        assert added_after("", '<REF group="note">Aside</REF><ref name="a" group=n>X</ref>').references_added == 2


class TestTemplates:
    @pytest.mark.parametrize(
        "written",
        [
            "{{Citation needed}}",
            "{{citation needed}}",
            "{{Citation_needed}}",
            "{{ citation   needed |date=May 2024}}",
            "{{Template:Citation needed}}",
            "{{template: citation needed}}",
            "{{TEMPLATE:Citation needed}}",
            "{{Citation needed<!-- please fix -->|date=May 2024}}",
            "{{safesubst:citation needed}}",
        ],
    )
    def test_names_are_normalized_like_titles(self, written):
        assert added_after(ARTICLE, written).templates_added == ("Citation needed",)

    def test_templates_inside_references_and_parameters_count(self):
        delta = added_after("", "<ref>{{cite news|title={{lang|fr|Le Monde}}}}</ref>")

        assert delta.templates_added == ("Cite news", "Lang")

    def test_a_second_use_of_a_template_counts(self):
        assert added_after(ARTICLE, "{{Reflist}}").templates_added == ("Reflist",)

    @pytest.mark.parametrize(
        "written",
        [
            "{{#if:{{{1|}}}|yes|no}}",
            "{{DEFAULTSORT:Paris}}",
            "{{DISPLAYTITLE:''Paris''}}",
            "{{PAGENAME}}",
            "{{lc:PARIS}}",
            "{{!}}",
            "{{ {{{1}}} }}",
            "{{:Main Page}}",
        ],
    )
    def test_parser_functions_magic_words_and_computed_names_are_not_templates(self, written):
        assert added_after(ARTICLE, written).templates_added == ()

    def test_localized_template_namespace_is_stripped(self):
        vocabulary = WikiVocabulary(template_aliases=("Modèle",))

        delta = compute_edit_delta("", "{{Modèle:Ébauche}}", vocabulary=vocabulary)

        assert delta.templates_added == ("Ébauche",)


class TestSections:
    def test_new_heading_is_added_with_its_level(self):
        delta = added_after(ARTICLE, "\n=== Early history ===\ntext\n")

        assert delta.sections_added == (Section("Early history", 3),)

    def test_title_is_what_readers_see(self):
        delta = added_after("", "== The [[Seine|river]] <!-- todo --> and ''islands'' ==\n")

        assert delta.sections_added == (Section("The river and islands", 2),)

    def test_title_made_only_of_markup_keeps_the_markup(self):
        assert added_after("", "== {{Anchor|x}} ==\n").sections_added == (Section("{{Anchor|x}}", 2),)

    def test_renaming_a_section_adds_one(self):
        delta = compute_edit_delta(ARTICLE, ARTICLE.replace("== Geography ==", "== Geography and climate =="))

        assert delta.sections_added == (Section("Geography and climate", 2),)

    def test_changing_a_level_adds_one(self):
        delta = compute_edit_delta(ARTICLE, ARTICLE.replace("== Geography ==", "=== Geography ==="))

        assert delta.sections_added == (Section("Geography", 3),)

    def test_heading_markup_inside_a_line_is_not_a_heading(self):
        assert added_after(ARTICLE, "a == b == c").sections_added == ()


class TestWikilinks:
    @pytest.mark.parametrize(
        ("written", "title"),
        [
            ("[[eiffel_tower]]", "Eiffel tower"),
            ("[[ Eiffel   Tower |the tower]]", "Eiffel Tower"),
            ("[[Eiffel Tower#History|its history]]", "Eiffel Tower"),
            ("[[Eiffel%20Tower]]", "Eiffel Tower"),
            ("[[AT&amp;T]]", "AT&T"),
            ("[[Help:Contents]]", "Help:Contents"),
            ("[[:File:Eiffel.jpg]]", "File:Eiffel.jpg"),
            ("[[:image:eiffel.jpg]]", "File:Eiffel.jpg"),
            ("[[:Category:Towers in Paris]]", "Category:Towers in Paris"),
            ("[[/Subpage]]", "/Subpage"),
            ("[[Star Wars: Episode IV]]", "Star Wars: Episode IV"),
            ("[[Île-de-France]]", "Île-de-France"),
        ],
    )
    def test_link_targets_are_normalized_titles(self, written, title):
        assert added_after(ARTICLE, written).wikilinks_added == (title,)

    @pytest.mark.parametrize(
        "written",
        [
            "[[#History]]",
            "[[fr:Paris]]",
            "[[:fr:Paris]]",
            "[[zh-yue:巴黎]]",
            "[[wikt:capital]]",
            "[[File:Eiffel.jpg]]",
            "[[Category:Towers]]",
            "[[{{PAGENAME}}/Archive]]",
            "[https://example.org external]",
            "<!-- [[Hidden]] -->",
            "<nowiki>[[Literal]]</nowiki>",
        ],
    )
    def test_anchors_interwiki_files_categories_and_external_links_are_not_wikilinks(self, written):
        assert added_after(ARTICLE, written).wikilinks_added == ()

    def test_links_in_captions_and_templates_count(self):
        delta = added_after("", "[[File:A.jpg|thumb|The [[Louvre]]]] {{Main|[[Seine]]}}")

        assert delta.wikilinks_added == ("Louvre", "Seine")

    def test_linking_again_to_an_already_linked_page_counts(self):
        assert added_after(ARTICLE, "[[France]]").wikilinks_added == ("France",)

    def test_wiki_specific_interwiki_prefixes_can_be_given(self):
        vocabulary = WikiVocabulary(interwiki_prefixes=frozenset({"wikt", "OpenStreetMap"}))

        delta = compute_edit_delta(
            "", "[[openstreetmap:Paris]] [[w:Paris]] [[Wikipedia:Sandbox]]", vocabulary=vocabulary
        )

        assert delta.wikilinks_added == ("W:Paris", "Wikipedia:Sandbox")


class TestFiles:
    @pytest.mark.parametrize(
        "written",
        [
            "[[File:Eiffel_tower.jpg]]",
            "[[file:eiffel tower.jpg|thumb|upright=1.2|The tower]]",
            "[[Image:Eiffel tower.jpg|left]]",
            "[[ FILE : Eiffel tower.jpg ]]",
        ],
    )
    def test_embedded_files_are_counted_by_name(self, written):
        assert added_after(ARTICLE, written).files_added == ("Eiffel tower.jpg",)

    def test_gallery_lines_are_files_with_or_without_prefix(self):
        gallery = "<gallery mode=packed>\nFile:A.jpg|First\n\nb_c.png\nImage:D.svg|[[Link]] caption\n</gallery>"

        assert added_after(ARTICLE, gallery).files_added == ("A.jpg", "B c.png", "D.svg")

    def test_localized_file_namespace(self):
        vocabulary = WikiVocabulary(file_aliases=("Fichier",))

        delta = compute_edit_delta("", "[[Fichier:Tour.jpg|vignette]] [[File:Arc.jpg]]", vocabulary=vocabulary)

        assert delta.files_added == ("Tour.jpg", "Arc.jpg")
        assert delta.wikilinks_added == ()

    def test_localized_name_is_a_plain_link_where_it_is_not_configured(self):
        delta = compute_edit_delta("", "[[Fichier:Tour.jpg]]")

        assert delta.files_added == ()
        assert delta.wikilinks_added == ("Fichier:Tour.jpg",)


class TestCategories:
    @pytest.mark.parametrize(
        "written",
        ["[[Category:Towers_in_Paris]]", "[[category:towers in Paris|Eiffel]]", "[[ Category : Towers in Paris ]]"],
    )
    def test_categories_are_counted_by_name_without_sort_key(self, written):
        assert added_after(ARTICLE, written).categories_added == ("Towers in Paris",)

    def test_changing_only_the_sort_key_adds_nothing(self):
        new = ARTICLE.replace("[[Category:Cities in France|Paris]]", "[[Category:Cities in France|Paris, France]]")

        assert compute_edit_delta(ARTICLE, new).categories_added == ()

    def test_localized_category_namespace(self):
        vocabulary = WikiVocabulary(category_aliases=("Catégorie",))

        assert compute_edit_delta("", "[[Catégorie:Villes]]", vocabulary=vocabulary).categories_added == ("Villes",)


def recorded_vocabulary(language):
    """The vocabulary of a real MediaWiki 1.39 in ``language``, from its recorded siteinfo (see test_siteinfo)."""
    answer = json.loads(Path(__file__).with_name("data").joinpath(f"siteinfo_{language}.json").read_text("utf-8"))
    return SiteInfo.from_api(answer["query"]).vocabulary()


class TestOtherLanguages:
    ARABIC = recorded_vocabulary("ar")
    FRENCH = WikiVocabulary(
        file_aliases=("Fichier",), category_aliases=("Catégorie",), redirect_words=("#REDIRECTION", "#REDIRECT")
    )

    def test_arabic_categories_and_files_are_not_links(self):
        delta = compute_edit_delta("", "نص.\n[[ملف:س.jpg|تصغير]]\n[[تصنيف:س]] [[صورة:ص.png]]", vocabulary=self.ARABIC)

        assert delta.categories_added == ("س",)
        assert delta.files_added == ("س.jpg", "ص.png")
        assert delta.wikilinks_added == ()

    def test_arabic_wiki_still_reads_the_english_names(self):
        delta = compute_edit_delta("", "[[Category:س]] [[File:س.jpg]] [[قالب:س]] [[:تصنيف:س]]", vocabulary=self.ARABIC)

        assert delta.categories_added == ("س",)
        assert delta.files_added == ("س.jpg",)
        assert delta.wikilinks_added == ("قالب:س", "Category:س")

    def test_french_category_in_any_case(self):
        delta = compute_edit_delta("", "[[Catégorie:X]] [[catégorie:Y]]", vocabulary=self.FRENCH)

        assert delta.categories_added == ("X", "Y")
        assert delta.wikilinks_added == ()

    @pytest.mark.parametrize("redirect", ["#تحويل [[باريس]]", "#REDIRECT [[باريس]]"])
    def test_turning_a_page_into_an_arabic_redirect_adds_no_link(self, redirect):
        delta = compute_edit_delta("نص عن [[فرنسا]].", redirect, vocabulary=self.ARABIC)

        assert delta.wikilinks_added == ()
        assert delta.is_redirect

    def test_french_redirect_adds_no_link_but_keeps_its_category(self):
        delta = compute_edit_delta("", "#REDIRECTION [[Paris]]\n[[Catégorie:Redirection]]", vocabulary=self.FRENCH)

        assert delta == EditDelta(size_change=delta.size_change, categories_added=("Redirection",), is_redirect=True)

    def test_a_localized_redirect_word_is_ordinary_text_on_an_english_wiki(self):
        delta = compute_edit_delta("", "#تحويل [[باريس]]")

        assert delta.wikilinks_added == ("باريس",)
        assert not delta.is_redirect


class TestRedirects:
    def test_creating_a_redirect_adds_no_link(self):
        delta = compute_edit_delta("", "#REDIRECT [[Paris]]")

        assert delta == EditDelta(size_change=len("#REDIRECT [[Paris]]"), is_redirect=True)

    def test_changing_a_redirects_target_adds_no_link(self):
        assert compute_edit_delta("#REDIRECT [[Paris]]", "#redirect [[Lyon]]").wikilinks_added == ()

    def test_turning_a_redirect_into_an_article_adds_its_links_even_the_old_target(self):
        delta = compute_edit_delta("#REDIRECT [[Paris]]", "'''Paris''' is in [[France]]; see [[Paris]].")

        assert delta.wikilinks_added == ("France", "Paris")
        assert not delta.is_redirect

    def test_text_that_only_mentions_a_redirect_is_an_article(self):
        delta = compute_edit_delta("", "A redirect is written\n#REDIRECT [[Paris]]")

        assert delta.wikilinks_added == ("Paris",)
        assert not delta.is_redirect


@pytest.mark.parametrize(
    "wikitext",
    [
        "[[",
        "]]]]{{{{",
        "{{unclosed|[[link",
        "<ref>never closed",
        "<ref name=",
        "</ref></ref>",
        "== unbalanced =",
        "{|\n|cell\n|-\n",
        "<gallery>\n|\n||\n</gallery>",
        "[[File:]] [[Category:]] [[:]] [[|]] {{}} {{|}}",
        "<!-- unclosed comment [[A]]",
        "\x00\x01\ufffe\ud800 [[a\ud800]]",
        "[[a|" * 200,
    ],
)
def test_malformed_wikitext_is_read_without_error(wikitext):
    delta = compute_edit_delta(ARTICLE, wikitext)

    assert delta.size_change == len(wikitext.encode("utf-8", "surrogatepass")) - len(ARTICLE.encode("utf-8"))


def test_large_page_is_read_in_full():
    large = ARTICLE * 200  # over 100 kB
    assert len(large.encode("utf-8")) > 100_000

    addition = "\n[[Category:Added]]<ref>New</ref>"

    delta = compute_edit_delta(large, large + addition)

    assert delta == EditDelta(size_change=len(addition), references_added=1, categories_added=("Added",))


# Property tests. Wikitext is built from well-formed pieces, one per line, so a
# piece can never swallow the next one; each piece's kind says what it adds.
NAME = st.from_regex(r"[a-zéß李][a-zé_ ]{0,8}", fullmatch=True)
PLAIN_TEXT = st.text(alphabet="abcé李 .,", max_size=20)


def _link(name):
    return f"[[{name}]]"


def _template(name):
    return f"{{{{{name}|x=1}}}}"


def _heading(name):
    return f"== {name} =="


def _category(name):
    return f"[[Category:{name}]]"


def _file(name):
    return f"[[File:{name}.png|thumb|caption]]"


def _citation(name):
    return f"Claim.<ref>{name}</ref>"


PIECE_MAKERS = (_link, _template, _heading, _category, _file, _citation)
PIECE = st.one_of(PLAIN_TEXT, *(NAME.map(make) for make in PIECE_MAKERS))
WIKITEXT = st.lists(PIECE, max_size=12).map("\n".join)
ANY_TEXT = st.one_of(WIKITEXT, st.text(max_size=200), st.text(alphabet="[]{}<>|=:#'!/-\nref ", max_size=200))


def _expected_delta(names_by_maker, size_change):
    """What adding the pieces named here must add, computed without the parser."""
    return EditDelta(
        size_change=size_change,
        references_added=len(names_by_maker[_citation]),
        templates_added=tuple(normalize_title(name) for name in names_by_maker[_template]),
        sections_added=tuple(Section(" ".join(name.split()), 2) for name in names_by_maker[_heading]),
        wikilinks_added=tuple(normalize_title(name) for name in names_by_maker[_link]),
        files_added=tuple(normalize_title(f"{name}.png") for name in names_by_maker[_file]),
        categories_added=tuple(normalize_title(name) for name in names_by_maker[_category]),
    )


@given(ANY_TEXT)
def test_identical_texts_add_nothing(text):
    assert compute_edit_delta(text, text) == EditDelta()


@given(ANY_TEXT, ANY_TEXT)
def test_counts_are_never_negative_and_never_exceed_the_new_text(old, new):
    delta = compute_edit_delta(old, new)
    everything_new = compute_edit_delta("", new)

    assert 0 <= delta.references_added <= everything_new.references_added
    for field in ("templates_added", "sections_added", "wikilinks_added", "files_added", "categories_added"):
        added, present = getattr(delta, field), getattr(everything_new, field)
        assert all(added.count(item) <= present.count(item) for item in added)


@given(WIKITEXT, st.lists(st.tuples(st.sampled_from(PIECE_MAKERS), NAME), max_size=8))
def test_appending_known_pieces_adds_exactly_those(old, pieces):
    addition = "".join("\n" + make(name) for make, name in pieces)
    names_by_maker = {make: [name for piece_maker, name in pieces if piece_maker is make] for make in PIECE_MAKERS}

    delta = compute_edit_delta(old, old + addition)

    assert delta == _expected_delta(names_by_maker, len(addition.encode("utf-8")))


@given(st.lists(PIECE, max_size=10), st.randoms(use_true_random=False))
def test_reordering_lines_adds_nothing(pieces, random):
    shuffled = random.sample(pieces, len(pieces))

    assert compute_edit_delta("\n".join(pieces), "\n".join(shuffled)) == EditDelta()
