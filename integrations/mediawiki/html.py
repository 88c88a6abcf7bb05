"""Reading and safely showing the HTML a wiki sends us: diffs and rendered pages.

Diff tables (``action=compare``) tell which lines a learner's edit touched;
rendered pages (``action=parse``) show what readers see, including citations
that templates produce. Anything shown to learners inside Open edX goes
through :func:`sanitize_wiki_html` first: wiki content is written by anyone.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import lxml.html
import nh3

_PHRASE_TAGS = {"abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark"}
_MORE_PHRASE_TAGS = {"q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr"}
_BLOCK_TAGS = {"blockquote", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "p", "pre"}
_LIST_TAGS = {"dl", "dt", "dd", "ol", "ul", "li"}
_TABLE_TAGS = {"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"}
_LINK_AND_MEDIA_TAGS = {"a", "img", "figure", "figcaption"}
ALLOWED_TAGS = frozenset(
    _PHRASE_TAGS | _MORE_PHRASE_TAGS | _BLOCK_TAGS | _LIST_TAGS | _TABLE_TAGS | _LINK_AND_MEDIA_TAGS
)
# Removed together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT_TAGS = frozenset(
    {"script", "style", "template", "noscript", "svg", "math", "iframe", "frame", "frameset", "noframes"}
    | {"object", "embed", "noembed", "applet", "audio", "video", "form", "select", "textarea"}
)
ALLOWED_ATTRIBUTES = {
    "*": frozenset({"class", "dir", "id", "lang", "title"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "td": frozenset({"colspan", "rowspan", "data-marker"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
}
# The classes our stylesheet needs to draw diffs and references; all others go.
ALLOWED_CLASSES = frozenset(
    {"diff-addedline", "diff-deletedline", "diff-context", "diff-empty", "diff-lineno", "diff-marker"}
    | {"diff-side-added", "diff-side-deleted", "diffchange", "diffchange-inline"}
    | {"reference", "references", "reference-text", "mw-cite-backlink", "mw-headline", "wikitable"}
)
# MediaWiki 1.39 draws a diff line's +/− from this attribute through CSS.
DIFF_MARKERS = frozenset({"+", "−", "-"})
# Keeps the wiki's ids (footnote anchors) from colliding with ids on the Open edX page.
ID_PREFIX = "wiki-"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
DEEPEST_HEADING = 6
# One whole tag of serialized HTML, whose attribute values are in double quotes.
_TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# Bounds on what a wiki page (anyone can edit it) costs to sanitize: the sanitizer's time grows with
# the square of nesting depth (200,000 unclosed <div>s took ~140 s). Callers pass their settings.
MAX_HTML_CHARACTERS = 2_000_000
MAX_HTML_DEPTH = 100
_HEADING_TAG = re.compile(r"^<(/?)h([1-6])(?=[\s/>])", re.IGNORECASE)


@dataclass(frozen=True)
class DiffLines:
    """The changed lines of a diff, as wikitext, in diff order; unchanged context lines are left out.

    Fragments are the words MediaWiki highlights inside a changed line.
    """

    added_lines: tuple[str, ...] = ()
    removed_lines: tuple[str, ...] = ()
    inserted_fragments: tuple[str, ...] = ()
    deleted_fragments: tuple[str, ...] = ()


def parse_diff_table(diff_html):
    """Read the rows ``action=compare`` returns; empty or unrecognizable HTML gives empty DiffLines."""
    root = _parse_html_fragment(f"<table>{diff_html}</table>")
    added = _with_class("td", "diff-addedline")
    removed = _with_class("td", "diff-deletedline")
    return DiffLines(
        added_lines=_texts(root, added),
        removed_lines=_texts(root, removed),
        inserted_fragments=_texts(root, added + _with_class("ins", "diffchange")),
        deleted_fragments=_texts(root, removed + _with_class("del", "diffchange")),
    )


def count_rendered_references(page_html):
    """Citation markers (``sup.reference``) in ``action=parse`` output, each reuse of a source included.

    Unlike counting ``<ref>`` in wikitext, this sees citations that templates
    such as ``{{sfn}}`` produce.
    """
    root = _parse_html_fragment(f"<div>{page_html}</div>")
    return len(root.xpath(_with_class("sup", "reference")))


def sanitize_wiki_html(
    wiki_html, base_url, *, extra_image_hosts=(), max_characters=MAX_HTML_CHARACTERS, max_depth=MAX_HTML_DEPTH
):
    """Make wiki HTML safe to embed in a course page, with links pointing back to the wiki.

    ``base_url`` is the wiki's address (``https://en.wikipedia.org/``); relative
    links are made absolute against it. Images are kept only from its host and
    ``extra_image_hosts`` (a Wikimedia wiki serves its images from
    ``upload.wikimedia.org``); other images lose their ``src`` and show their
    alt text. Beyond ``max_characters`` the page is cut, and tags nested deeper than
    ``max_depth`` are dropped with their text kept, before the sanitizer sees them.
    """
    rewrite = _AttributeRewriter(base_url, extra_image_hosts)
    return nh3.clean(
        limit_nesting(wiki_html[:max_characters], max_depth),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=rewrite,
        link_rel="nofollow noopener",
        url_schemes=set(LINK_SCHEMES),
        strip_comments=True,
    )


def limit_nesting(markup, max_depth):
    """The markup with every tag nested deeper than ``max_depth`` dropped (its text kept), in one linear pass.

    Unclosed tags count as open to the end, as browsers nest them; void and self-closing tags never nest.
    """
    kept = []
    depth = 0
    end_of_last = 0
    for match in _TAG.finditer(markup):
        name = _TAG_NAME.match(match.group(0))
        deep = False
        if name and name.group(2).lower() not in VOID_TAGS and not match.group(0).endswith("/>"):
            if name.group(1):  # a closing tag closes what was opened at this depth
                deep = depth > max_depth
                depth = max(depth - 1, 0)
            else:
                depth += 1
                deep = depth > max_depth
        kept.append(markup[end_of_last : match.start()])
        if not deep:
            kept.append(match.group(0))
        end_of_last = match.end()
    kept.append(markup[end_of_last:])
    return "".join(kept)


def demote_headings(html, below_level):
    """Move the page's headings down so its top heading sits just below ``below_level``, never past h6.

    A page shown under a block's own heading must not outrank it, nor skip a level below it,
    or screen-reader users get a broken outline: under an h3, an article's h2 sections become h4
    and their h3 subsections h5. ``html`` is serialized as the sanitizer writes it (attribute
    values in double quotes, no bare ``<`` in text), so whole tags are found without parsing it
    again, and nothing else in the page changes.
    """
    levels = [
        int(found.group(2)) for found in map(_HEADING_TAG.match, _TAG.findall(html)) if found and not found.group(1)
    ]
    if not levels:
        return html
    shift = max(below_level + 1 - min(levels), 0)

    def demote(tag):
        heading = _HEADING_TAG.match(tag.group())
        if heading is None:
            return tag.group()
        closing, level = heading.groups()
        deeper = min(int(level) + shift, DEEPEST_HEADING)
        return f"<{closing}h{deeper}{tag.group()[heading.end() :]}"

    return _TAG.sub(demote, html)


class _AttributeRewriter:
    """The ``attribute_filter`` for nh3: returns the value to keep, or None to drop the attribute."""

    def __init__(self, base_url, extra_image_hosts):
        base = urlsplit(base_url)
        if base.scheme not in IMAGE_SCHEMES or not base.hostname:
            raise ValueError(f"base_url must be an absolute http(s) URL, not {base_url!r}")
        self._base_url = base_url
        self._image_hosts = frozenset({base.hostname, *(host.lower() for host in extra_image_hosts)})

    def __call__(self, tag, attribute, value):
        if attribute == "class":
            return _allowed_classes(value)
        if attribute == "id":
            return ID_PREFIX + value
        if attribute == "data-marker":
            return value if value in DIFF_MARKERS else None
        if tag == "a" and attribute == "href":
            return self._link(value)
        if tag == "img" and attribute == "src":
            return self._image(value)
        return value

    def _link(self, href):
        """Same-page anchors stay on the page (prefixed like ids); everything else points to the wiki."""
        href = href.strip()
        if href.startswith("#"):
            return f"#{ID_PREFIX}{href[1:]}"
        url = self._absolute(href)
        return urlunsplit(url) if url and url.scheme in LINK_SCHEMES else None

    def _image(self, src):
        url = self._absolute(src.strip())
        if url and url.scheme in IMAGE_SCHEMES and url.hostname in self._image_hosts:
            return urlunsplit(url)
        return None

    def _absolute(self, url):
        """Resolve against the wiki, reading ``\\`` as ``/`` as browsers do, so the host we check is theirs."""
        try:
            return urlsplit(urljoin(self._base_url, url.replace("\\", "/")))
        except ValueError:
            return None


def _allowed_classes(class_value):
    kept = [name for name in class_value.split() if name in ALLOWED_CLASSES]
    return " ".join(kept) or None


def _parse_html_fragment(markup):
    """Parse leniently; the wrapper element the caller adds means the document is never empty."""
    return lxml.html.document_fromstring(markup)


def _with_class(tag, class_name):
    """XPath for ``tag.class_name``: the class attribute holds the name as one whole word."""
    return f"//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {class_name} ')]"


def _texts(root, xpath):
    return tuple(str(element.text_content()) for element in root.xpath(xpath))
