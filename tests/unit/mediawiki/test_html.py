"""Diff tables are read line by line, and wiki HTML is made safe before learners see it."""

import time
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikiskills.integrations.mediawiki.html import (
    MAX_HTML_DEPTH,
    DiffLines,
    count_rendered_references,
    demote_headings,
    limit_nesting,
    parse_diff_table,
    sanitize_wiki_html,
)

WIKI = "https://en.wikipedia.org/"

# The body of action=compare on MediaWiki 1.39: a changed line with inline
# changes, context, a new paragraph, a removed one, and a moved paragraph.
COMPARE_BODY = """<tr>
  <td colspan="2" class="diff-lineno" id="mw-diff-left-l3">Line 3:</td>
  <td colspan="2" class="diff-lineno">Line 3:</td>
</tr>
<tr>
  <td class="diff-marker" data-marker="−"></td>
  <td class="diff-deletedline diff-side-deleted"><div>Paris is the \
<del class="diffchange diffchange-inline">capital</del> of France.</div></td>
  <td class="diff-marker" data-marker="+"></td>
  <td class="diff-addedline diff-side-added"><div>Paris is the <ins class="diffchange diffchange-inline">capital and \
largest city</ins> of France.<ins class="diffchange diffchange-inline">&lt;ref&gt;{{cite web|url=https://insee.fr}}\
&lt;/ref&gt;</ins></div></td>
</tr>
<tr>
  <td class="diff-marker"></td>
  <td class="diff-context diff-side-deleted"><div>== History ==</div></td>
  <td class="diff-marker"></td>
  <td class="diff-context diff-side-added"><div>== History ==</div></td>
</tr>
<tr>
  <td colspan="2" class="diff-empty diff-side-deleted"></td>
  <td class="diff-marker" data-marker="+"></td>
  <td class="diff-addedline diff-side-added"><div>[[Category:Capitals in Europe]]</div></td>
</tr>
<tr>
  <td colspan="2" class="diff-empty diff-side-deleted"></td>
  <td class="diff-marker" data-marker="+"></td>
  <td class="diff-addedline diff-side-added"><div></div></td>
</tr>
<tr>
  <td class="diff-marker" data-marker="−"></td>
  <td class="diff-deletedline diff-side-deleted"><div>Old trivia &amp; gossip.</div></td>
  <td colspan="2" class="diff-empty diff-side-added"></td>
</tr>
<tr>
  <td class="diff-marker"><a class="mw-diff-movedpara-left" title="Paragraph was moved. Click to jump to new location."\
 href="#movedpara_5_0_rhs">&#x26AB;</a></td>
  <td class="diff-deletedline diff-side-deleted"><div><a name="movedpara_2_0_lhs"></a>The Seine flows west.</div></td>
  <td colspan="2" class="diff-empty diff-side-added"></td>
</tr>
"""

# action=parse output on MediaWiki 1.39 (trimmed): a cited claim, a reused
# named reference, a thumbnail, a headline with edit link, a table, the list
# of references and the parser's limit report.
PARSED_PAGE = """<div class="mw-parser-output"><p><b>Paris</b> is the capital of \
<a href="/wiki/France" title="France">France</a>.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">\
&#91;1&#93;</a></sup> It has many <a href="/wiki/Museum" class="mw-redirect" title="Museum">museums</a>.\
<sup id="cite_ref-insee_2-0" class="reference"><a href="#cite_note-insee-2">&#91;2&#93;</a></sup><sup \
id="cite_ref-insee_2-1" class="reference"><a href="#cite_note-insee-2">&#91;2&#93;</a></sup>
</p>
<div class="thumb tright"><div class="thumbinner" style="width:222px;"><a href="/wiki/File:Tour_Eiffel.jpg" \
class="image"><img alt="" \
src="//upload.wikimedia.org/wikipedia/commons/thumb/a/a8/Tour_Eiffel.jpg/220px-Tour_Eiffel.jpg" \
decoding="async" width="220" height="293" class="thumbimage" \
srcset="//upload.wikimedia.org/wikipedia/commons/thumb/a/a8/Tour_Eiffel.jpg/330px-Tour_Eiffel.jpg 1.5x" \
data-file-width="1200" data-file-height="1600" /></a><div class="thumbcaption">The Eiffel Tower</div></div></div>
<h2><span class="mw-headline" id="History">History</span><span class="mw-editsection"><span \
class="mw-editsection-bracket">[</span><a href="/w/index.php?title=Paris&amp;action=edit&amp;section=1" \
title="Edit section: History">edit</a><span class="mw-editsection-bracket">]</span></span></h2>
<table class="wikitable sortable"><tbody><tr><th>Year</th><th>Population</th></tr>
<tr><td>2020</td><td style="text-align:right">2,148,271</td></tr></tbody></table>
<div class="mw-references-wrap"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span> \
<span class="reference-text"><cite class="citation web cs1"><a rel="nofollow" class="external text" \
href="https://www.insee.fr/fr/statistiques">"Populations légales"</a>. INSEE.</cite></span></li>
<li id="cite_note-insee-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-insee_2-0"><sup><i><b>a</b></i></sup>\
</a> <a href="#cite_ref-insee_2-1"><sup><i><b>b</b></i></sup></a></span> <span class="reference-text">INSEE \
2021.</span></li>
</ol></div>
<!--
NewPP limit report
Parsed by mw1234
-->
</div>"""


class TestParseDiffTable:
    def test_changed_lines_are_read_as_wikitext(self):
        lines = parse_diff_table(COMPARE_BODY)

        assert lines.added_lines == (
            "Paris is the capital and largest city of France.<ref>{{cite web|url=https://insee.fr}}</ref>",
            "[[Category:Capitals in Europe]]",
            "",
        )
        assert lines.removed_lines == (
            "Paris is the capital of France.",
            "Old trivia & gossip.",
            "The Seine flows west.",
        )

    def test_inline_changes_are_the_highlighted_words(self):
        lines = parse_diff_table(COMPARE_BODY)

        assert lines.inserted_fragments == ("capital and largest city", "<ref>{{cite web|url=https://insee.fr}}</ref>")
        assert lines.deleted_fragments == ("capital",)

    def test_a_whole_table_reads_the_same_as_its_rows(self):
        table = (
            f'<table class="diff"><colgroup><col class="diff-marker"></colgroup><tbody>{COMPARE_BODY}</tbody></table>'
        )

        assert parse_diff_table(table) == parse_diff_table(COMPARE_BODY)

    @pytest.mark.parametrize(
        "diff_html",
        [
            "",
            "   ",
            "<tr></tr>",
            "not html at all",
            "</table></tr><td",
            "<?xml version='1.0' encoding='utf-8'?>",
            "\x00",
        ],
    )
    def test_empty_or_garbled_diffs_have_no_lines(self, diff_html):
        assert parse_diff_table(diff_html) == DiffLines()

    def test_classes_must_match_whole_words(self):
        html = '<tr><td class="diff-addedline-extra">no</td><td class="x diff-addedline y">yes</td></tr>'

        assert parse_diff_table(html).added_lines == ("yes",)


class TestCountRenderedReferences:
    def test_every_citation_marker_counts_including_reuses(self):
        assert count_rendered_references(PARSED_PAGE) == 3

    @pytest.mark.parametrize("html", ["", "<p>No citations.</p>", '<sup class="references">x</sup>', "<<<>>>"])
    def test_pages_without_citation_markers_count_zero(self, html):
        assert count_rendered_references(html) == 0


def _parsed(html):
    return lxml.html.fragment_fromstring(html, create_parent="div")


class TestSanitizeWikiHtml:
    def test_readable_content_survives(self):
        clean = sanitize_wiki_html(PARSED_PAGE, WIKI)

        for text in ("<b>Paris</b>", "<h2>", "History", "The Eiffel Tower", "2,148,271", "Populations légales"):
            assert text in clean

    def test_links_point_to_the_wiki_and_do_not_pass_authority(self):
        root = _parsed(sanitize_wiki_html(PARSED_PAGE, WIKI))

        france = root.xpath("//a[text()='France']")[0]
        assert france.get("href") == "https://en.wikipedia.org/wiki/France"
        assert france.get("rel") == "nofollow noopener"
        edit = root.xpath("//a[text()='edit']")[0]
        assert edit.get("href") == "https://en.wikipedia.org/w/index.php?title=Paris&action=edit&section=1"
        external = root.xpath("//cite/a")[0]
        assert external.get("href") == "https://www.insee.fr/fr/statistiques"

    def test_footnotes_still_jump_within_the_page_under_prefixed_ids(self):
        root = _parsed(sanitize_wiki_html(PARSED_PAGE, WIKI))

        marker = root.xpath("//sup[@class='reference']/a")[0]
        assert marker.get("href") == "#wiki-cite_note-1"
        assert root.xpath("//li[@id='wiki-cite_note-1']")
        assert root.xpath("//span[@id='wiki-History']")

    def test_only_allow_listed_classes_remain(self):
        root = _parsed(sanitize_wiki_html(PARSED_PAGE + COMPARE_BODY.join(["<table>", "</table>"]), WIKI))

        classes = {name for element in root.iter() for name in (element.get("class") or "").split()}
        assert classes == {
            "reference",
            "references",
            "reference-text",
            "mw-cite-backlink",
            "mw-headline",
            "wikitable",
            "diff-lineno",
            "diff-marker",
            "diff-addedline",
            "diff-deletedline",
            "diff-context",
            "diff-empty",
            "diff-side-added",
            "diff-side-deleted",
            "diffchange",
            "diffchange-inline",
        }

    def test_diff_tables_keep_their_structure_and_markers(self):
        clean = sanitize_wiki_html(f'<table class="diff">{COMPARE_BODY}</table>', WIKI)

        assert parse_diff_table(clean) == parse_diff_table(COMPARE_BODY)
        assert 'data-marker="+"' in clean
        assert 'data-marker="−"' in clean

    def test_styles_srcset_and_comments_are_dropped(self):
        clean = sanitize_wiki_html(PARSED_PAGE, WIKI)

        assert "style=" not in clean
        assert "srcset" not in clean
        assert "NewPP" not in clean

    def test_images_from_other_hosts_lose_their_source(self):
        root = _parsed(sanitize_wiki_html(PARSED_PAGE, WIKI))

        assert root.xpath("//img")[0].get("src") is None

    def test_images_from_trusted_hosts_are_kept_with_absolute_urls(self):
        root = _parsed(sanitize_wiki_html(PARSED_PAGE, WIKI, extra_image_hosts=["Upload.Wikimedia.org"]))

        image = root.xpath("//img")[0]
        assert image.get("src").startswith("https://upload.wikimedia.org/wikipedia/commons/thumb/")
        assert (image.get("width"), image.get("height")) == ("220", "293")

    def test_mail_links_are_kept(self):
        clean = sanitize_wiki_html('<a href="mailto:info@example.org">Write</a>', WIKI)

        assert clean == '<a href="mailto:info@example.org" rel="nofollow noopener">Write</a>'

    def test_images_on_the_wiki_itself_are_kept(self):
        clean = sanitize_wiki_html('<img src="/w/images/a/ab/Logo.png" alt="Logo">', "https://wiki.example.org/wiki/")

        assert 'src="https://wiki.example.org/w/images/a/ab/Logo.png"' in clean

    def test_right_to_left_text_keeps_its_direction(self):
        clean = sanitize_wiki_html('<div lang="ar" dir="rtl">باريس</div>', "https://ar.wikipedia.org/")

        assert clean == '<div lang="ar" dir="rtl">باريس</div>'

    @pytest.mark.parametrize(
        "base_url", ["en.wikipedia.org", "/wiki/", "javascript:alert(1)", "ftp://wiki.example.org/"]
    )
    def test_base_url_must_be_an_absolute_web_address(self, base_url):
        with pytest.raises(ValueError, match="base_url"):
            sanitize_wiki_html("<p>x</p>", base_url)


XSS_ATTEMPTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onmouseover="alert(1)">x</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name="password" onfocus="alert(1)" autofocus></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<a href="https://en.wikipedia.org\\@evil.example/">x</a><img src="https://en.wikipedia.org\\@evil.example/x.png">',
    '<img src="https://en.wikipedia.org@evil.example/x.png">',
    '<img src="//evil.example/x.png">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<!--><script>alert(1)</script>-->",
]
DANGEROUS_TAGS = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "base",
    "meta",
    "link",
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "background", "data", "xlink:href")


def assert_safe(clean, image_hosts=("en.wikipedia.org",)):
    """Structural checks a browser-side attack would have to get past."""
    for element in _parsed(clean).iter(lxml.etree.Element):
        assert element.tag not in DANGEROUS_TAGS
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (attribute, value)
            assert attribute != "style"
            if attribute in URL_ATTRIBUTES:
                assert value.startswith(("https://", "http://", "mailto:", "#")), (attribute, value)
        if element.tag == "img" and element.get("src"):
            assert urlsplit(element.get("src")).hostname in image_hosts


@pytest.mark.parametrize("attack", XSS_ATTEMPTS)
def test_xss_attempts_are_neutralized(attack):
    clean = sanitize_wiki_html(attack, WIKI)

    assert_safe(clean)
    assert "javascript:" not in clean.lower()


def test_script_and_style_contents_are_removed_not_shown():
    clean = sanitize_wiki_html("<p>Before</p><script>alert(1)</script><style>p{}</style><p>After</p>", WIKI)

    assert clean == "<p>Before</p><p>After</p>"


HTML_PIECES = st.sampled_from(
    [
        "<a href=",
        "<img src=",
        '"',
        "'",
        "javascript:",
        "//evil.example/",
        "/wiki/X",
        "#x",
        " onerror=",
        "alert(1)",
        "<script>",
        "</script>",
        "<svg>",
        "<math>",
        "<style>",
        "<!--",
        "-->",
        ">",
        "<",
        " ",
        "&#106;",
        "\\",
        "@",
        "\x00",
    ]
)


@given(st.lists(HTML_PIECES, max_size=30).map("".join))
def test_sanitized_output_is_safe_for_any_mix_of_attack_pieces(html):
    assert_safe(sanitize_wiki_html(html, WIKI))


@given(st.text(max_size=300))
def test_any_text_is_handled_without_error(text):
    sanitize_wiki_html(text, WIKI)
    parse_diff_table(text)
    count_rendered_references(text)


# MediaWiki 1.39's headings: the title is wrapped in a span the sanitizer keeps with its class and id.
PAGE_WITH_HEADINGS = (
    '<h1>Title</h1><h2><span class="mw-headline" id="Sources">Sources</span></h2>'
    "<h3>Books</h3><h4>Old</h4><h5>Rare</h5><h6>Lost</h6><p>Text about <b>h2</b> &lt;h2&gt;.</p>"
)


def test_headings_move_under_the_blocks_own_heading_and_stop_at_h6():
    demoted = demote_headings(sanitize_wiki_html(PAGE_WITH_HEADINGS, WIKI), 3)

    assert demoted == (
        '<h4>Title</h4><h5><span class="mw-headline" id="wiki-Sources">Sources</span></h5>'
        "<h6>Books</h6><h6>Old</h6><h6>Rare</h6><h6>Lost</h6><p>Text about <b>h2</b> &lt;h2&gt;.</p>"
    )


def test_an_articles_sections_go_just_below_the_block_heading_without_skipping_a_level():
    article = sanitize_wiki_html("<p>Lead</p><h2>History</h2><h3>Early</h3><h2>Sources</h2>", WIKI)

    assert demote_headings(article, 3) == "<p>Lead</p><h4>History</h4><h5>Early</h5><h4>Sources</h4>"
    assert demote_headings(article, 1) == article  # already below an h1: nothing moves
    assert demote_headings("<p>No headings</p>", 3) == "<p>No headings</p>"


def test_only_heading_tags_are_demoted_not_text_or_attribute_values_that_look_like_them():
    clean = sanitize_wiki_html('<p title="see <h2> below">a "quoted <hr> b</p><hr><h2 class="x">S</h2>', WIKI)

    demoted = demote_headings(clean, 2)

    assert demoted == clean.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    assert demoted.count("<h3>") == 1


@given(st.lists(HTML_PIECES | st.sampled_from(["<h1>", "</h2>", "<h5 id=", "<h6>"]), max_size=30).map("".join))
def test_demoting_keeps_sanitized_html_safe_and_leaves_no_heading_above_the_block(html):
    demoted = demote_headings(sanitize_wiki_html(html, WIKI), 3)

    assert_safe(demoted)
    assert not any(element.tag in {"h1", "h2", "h3"} for element in _parsed(demoted).iter(lxml.etree.Element))


# -- bounds: a page anyone can edit must not stall the worker that sanitizes it ---------------------------


def test_two_hundred_thousand_unclosed_divs_are_flattened_in_linear_time():
    hostile = "<div>" * 200_000 + "<p>The text survives.</p>"
    started = time.monotonic()
    clean = sanitize_wiki_html(hostile, "https://en.wikipedia.org/")
    took = time.monotonic() - started

    assert took < 5  # was ~140 s
    assert "The text survives." in clean
    assert clean.count("<div>") <= MAX_HTML_DEPTH


def test_nesting_within_the_bound_is_untouched_and_deeper_tags_lose_only_their_markup():
    shallow = "<div><ul><li><b>kept</b></li></ul></div>"
    assert limit_nesting(shallow, 4) == shallow
    assert limit_nesting("<div><div><div><i>deep</i></div></div></div>", 2) == "<div><div>deep</div></div>"
    assert limit_nesting("<p>a<br>b<img src='x'/>c</p>", 1) == "<p>a<br>b<img src='x'/>c</p>"
    assert limit_nesting("if a < b and c > d", 0) == "if a < b and c > d"


def test_a_page_longer_than_the_bound_is_cut_before_sanitizing():
    clean = sanitize_wiki_html("<p>" + "x" * 50 + "</p>", "https://en.wikipedia.org/", max_characters=20)
    assert clean == "<p>" + "x" * 17 + "</p>"
