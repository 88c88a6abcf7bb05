"""What a learner's edit added to a page, read from the wikitext before and after.

Criteria such as "added at least two references" or "added a category" are
checked against an :class:`EditDelta` rather than against raw text, so every
check agrees on what "added" means: an item is added when the new text holds
it more times than the old text did. Moving or reordering text adds nothing,
and removing one link while adding another still counts the new one.

A redirect page (``#REDIRECT [[Target]]``, or a localized word such as
``#تحويل``) links to nothing: its target is where the page sends readers,
not a link the learner wrote into a text.

Only what the wikitext itself says is seen: a category or image that a
template puts on the page, or a citation made by a template such as ``{{sfn}}``,
is not counted. Checks that need the rendered page use :mod:`.html`.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

import mwparserfromhell
from mwparserfromhell.nodes import Argument, Comment, Heading, HTMLEntity, Tag, Template, Wikilink

from .names import normalize_title

# Shortcuts every Wikimedia wiki reads as links to a sister project, not as a
# namespace. Long forms ("wiktionary", "commons", "meta") are left out: on their
# own project they name the local project namespace.
WIKIMEDIA_INTERWIKI_PREFIXES = frozenset(
    {"b", "c", "d", "f", "m", "mw", "n", "q", "s", "v", "voy", "w", "wikt", "wmf", "species"}
)
# Interlanguage links ("[[fr:Paris]]") are written with a lowercase language code.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z]+)*|simple")
_TEMPLATE_MODIFIERS = ("subst:", "safesubst:", "msgnw:")
# Magic words written like templates ({{DEFAULTSORT:Smith}}, {{PAGENAME}}); no
# author looks for them as "a template the learner added".
_MAGIC_FUNCTIONS = frozenset(
    {"defaultsort", "displaytitle", "lc", "uc", "lcfirst", "ucfirst", "urlencode", "anchorencode", "int", "ns"}
    | {"fullurl", "localurl", "canonicalurl", "filepath", "formatnum", "padleft", "padright", "plural", "gender"}
)
_MAGIC_VARIABLES = frozenset(
    {"!", "PAGENAME", "FULLPAGENAME", "BASEPAGENAME", "ROOTPAGENAME", "SUBPAGENAME", "NAMESPACE", "SITENAME"}
    | {"CURRENTYEAR", "CURRENTMONTH", "CURRENTMONTHNAME", "CURRENTDAY", "CURRENTTIMESTAMP"}
)
_WHITESPACE_RUN = re.compile(r"\s+")
_SPACE_AROUND_MARKUP = re.compile(r"\s*([|{}=\[\]])\s*")
_COUNTED_NODES = (Heading, Tag, Template, Wikilink)
# Every wiki's redirect magic word includes the English one (localizations fall back to English).
ENGLISH_REDIRECT_WORDS = ("#REDIRECT",)
# What follows the magic word in a redirect, as WikitextContent::getRedirectTargetAndText reads it:
# optional colon, then a link on the same line. MediaWiki's \s there is ASCII whitespace.
_REDIRECT_LINK = r"[ \t\n\r\f\v]*:?[ \t\n\r\f\v]*\[\[([^\n]*?)(?:\|[^\n]*?)?\]\]"
_LEADING_WHITESPACE = " \t\n\r\0\x0b"  # what PHP's ltrim() removes


@dataclass(frozen=True)
class Section:
    """A heading, as a "new section added" criterion sees it: visible title and level (2 for ``==``)."""

    title: str
    level: int


@dataclass(frozen=True)
class EditDelta:
    """What an edit added; every tuple lists added items in the order they appear in the new text.

    ``size_change`` is the change in UTF-8 bytes, the number a wiki's history
    shows, so it is negative for an edit that removes more than it adds.
    ``references_added`` counts new citations: ``<ref>`` tags with content not
    already cited as often before; a reuse such as ``<ref name="a"/>`` cites
    nothing new. Files and categories are bare names (``Example.jpg``, not
    ``File:Example.jpg``); wikilinks are full titles (``Help:Contents``).
    ``is_redirect`` tells whether the new text makes the page a redirect, which
    a criterion may want to refuse as "content".
    """

    size_change: int = 0
    references_added: int = 0
    templates_added: tuple[str, ...] = ()
    sections_added: tuple[Section, ...] = ()
    wikilinks_added: tuple[str, ...] = ()
    files_added: tuple[str, ...] = ()
    categories_added: tuple[str, ...] = ()
    is_redirect: bool = False


@dataclass(frozen=True)
class WikiVocabulary:
    """The names one wiki gives the namespaces that matter here, beyond the English ones.

    Every wiki accepts the canonical English names (``File``, ``Image``,
    ``Category``, ``Template``); a wiki in another language also accepts its
    own, such as ``Fichier`` and ``Catégorie``, which callers pass in from the
    wiki's siteinfo. ``interwiki_prefixes`` must leave out any prefix that is
    also a namespace on the wiki, since the wiki reads those as namespaces.
    ``redirect_words`` are the wiki's spellings of ``#REDIRECT``, all of them:
    siteinfo lists the English one too.
    """

    file_aliases: tuple[str, ...] = ()
    category_aliases: tuple[str, ...] = ()
    template_aliases: tuple[str, ...] = ()
    interwiki_prefixes: frozenset[str] = WIKIMEDIA_INTERWIKI_PREFIXES
    redirect_words: tuple[str, ...] = ENGLISH_REDIRECT_WORDS


ENGLISH_VOCABULARY = WikiVocabulary()


def compute_edit_delta(old_wikitext, new_wikitext, *, vocabulary=ENGLISH_VOCABULARY):
    """Compare two versions of a page; ``old_wikitext`` is ``""`` when the edit created the page."""
    namespaces = _Namespaces(vocabulary)
    old = _take_inventory(old_wikitext, namespaces, vocabulary.redirect_words)
    new = _take_inventory(new_wikitext, namespaces, vocabulary.redirect_words)
    return EditDelta(
        size_change=_utf8_size(new_wikitext) - _utf8_size(old_wikitext),
        references_added=len(_added(old.citations, new.citations)),
        templates_added=_added(old.templates, new.templates),
        sections_added=_added(old.sections, new.sections),
        wikilinks_added=_added(old.wikilinks, new.wikilinks),
        files_added=_added(old.files, new.files),
        categories_added=_added(old.categories, new.categories),
        is_redirect=new.is_redirect,
    )


def is_redirect(wikitext, redirect_words=ENGLISH_REDIRECT_WORDS):
    """True when the wiki would store this text as a redirect: a redirect word first, then a link.

    As in MediaWiki, leading whitespace is skipped and the word's case does not
    matter (``#redirect``), but the link must follow on the same line and name a page:
    ``#REDIRECT`` alone, or followed by prose, is an ordinary page.
    """
    if not redirect_words:
        return False
    found = _redirect_pattern(tuple(redirect_words)).match(wikitext.lstrip(_LEADING_WHITESPACE))
    return found is not None and bool(found.group(1).partition("#")[0].strip())


@lru_cache(maxsize=64)
def _redirect_pattern(redirect_words):
    """One regex for all the wiki's redirect words; compiled once per wiki, not once per text."""
    words = "|".join(map(re.escape, redirect_words))
    return re.compile(f"(?:{words}){_REDIRECT_LINK}", re.IGNORECASE)


def _utf8_size(text):
    """Byte length as MediaWiki counts it; a lone surrogate counts as its 3 bytes instead of failing."""
    return len(text.encode("utf-8", "surrogatepass"))


def _added(old_items, new_items):
    """Items of ``new_items`` left over once each is matched against an equal one in ``old_items``."""
    unmatched_old = Counter(old_items)
    added = []
    for item in new_items:
        if unmatched_old[item] > 0:
            unmatched_old[item] -= 1
        else:
            added.append(item)
    return tuple(added)


class _Namespaces:
    """Answers "which namespace does this prefix name?" the way MediaWiki does: ignoring case."""

    def __init__(self, vocabulary):
        self._canonical_names = {
            **dict.fromkeys(_namespace_keys(("File", "Image", *vocabulary.file_aliases)), "File"),
            **dict.fromkeys(_namespace_keys(("Category", *vocabulary.category_aliases)), "Category"),
        }
        self._template = _namespace_keys(("Template", *vocabulary.template_aliases))
        self._interwiki = _namespace_keys(vocabulary.interwiki_prefixes)

    def file_or_category(self, prefix):
        """``"File"``, ``"Category"`` or None: the namespace whose names are counted on their own."""
        return self._canonical_names.get(_namespace_key(prefix))

    def is_template(self, prefix):
        return _namespace_key(prefix) in self._template

    def is_interwiki(self, prefix):
        return _namespace_key(prefix) in self._interwiki or bool(_LANGUAGE_CODE.fullmatch(prefix))


def _namespace_key(name):
    return normalize_title(name).casefold()


def _namespace_keys(names):
    return frozenset(_namespace_key(name) for name in names)


@dataclass
class _Inventory:
    """Everything countable on one version of a page, in order of appearance, repeats kept."""

    citations: list[str] = field(default_factory=list)
    templates: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    wikilinks: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    is_redirect: bool = False


def _take_inventory(wikitext, namespaces, redirect_words):
    """Walk the parse tree once; nested items (a link in a caption, a template in a ref) count too.

    A redirect keeps its categories and templates (the wiki applies them to the
    redirect page) but none of its links.
    """
    inventory = _Inventory(is_redirect=is_redirect(wikitext, redirect_words))
    code = mwparserfromhell.parse(wikitext)
    for node in code.ifilter(recursive=True, forcetype=_COUNTED_NODES):
        if isinstance(node, Heading):
            inventory.sections.append(_section_of(node))
        elif isinstance(node, Template):
            _record_template(node, namespaces, inventory)
        elif isinstance(node, Wikilink):
            _record_wikilink(node, namespaces, inventory)
        else:
            _record_tag(node, namespaces, inventory)
    if inventory.is_redirect:
        inventory.wikilinks.clear()
    return inventory


def _section_of(heading):
    """The title as a reader sees it: ``== [[Paris|The city]] ==`` is "The city"."""
    title = _collapse_whitespace(heading.title.strip_code())
    return Section(title=title or _collapse_whitespace(str(heading.title)), level=heading.level)


def _record_template(template, namespaces, inventory):
    name = _static_text(template.name)
    if name is None:
        return
    name = _without_modifiers(name.strip())
    if name.startswith((":", "#")) or _is_magic_word(name):
        return
    prefix, rest = _split_prefix(name)
    _append_title(inventory.templates, rest if namespaces.is_template(prefix) else name)


def _without_modifiers(name):
    """``subst:Foo`` and ``safesubst:Foo`` transclude Foo; the prefix is no part of the name."""
    lowered = name.lower()
    for modifier in _TEMPLATE_MODIFIERS:
        if lowered.startswith(modifier):
            return name[len(modifier) :].strip()
    return name


def _is_magic_word(name):
    function, colon, _ = name.partition(":")
    if colon:
        return function.strip().lower() in _MAGIC_FUNCTIONS
    return name in _MAGIC_VARIABLES


def _record_wikilink(link, namespaces, inventory):
    """Sort a ``[[...]]`` into an embedded file, a categorization, a link, or nothing (interwiki).

    A leading colon makes ``[[:File:X.jpg]]`` and ``[[:Category:X]]`` plain
    links to those pages, counted as wikilinks under the canonical prefix.
    """
    target = _static_text(link.title)
    if target is None:
        return
    target = _decoded_link_target(target)
    colon_escaped = target.startswith(":")
    page = target.removeprefix(":").partition("#")[0]
    prefix, rest = _split_prefix(page)
    namespace = namespaces.file_or_category(prefix)
    if namespace is None:
        if not namespaces.is_interwiki(prefix):
            _append_title(inventory.wikilinks, page)
    elif colon_escaped:
        _append_title(inventory.wikilinks, rest, prefix=f"{namespace}:")
    elif namespace == "File":
        _append_title(inventory.files, rest)
    else:
        _append_title(inventory.categories, rest)


def _append_title(titles, title, prefix=""):
    """Append the normalized title unless it is empty, as in ``[[#Section]]`` or ``[[Category:]]``."""
    title = normalize_title(title)
    if title:
        titles.append(prefix + title)


def _decoded_link_target(target):
    """MediaWiki reads ``%20`` in a link target as the character it encodes."""
    target = target.strip()
    return unquote(target) if "%" in target else target


def _record_tag(tag, namespaces, inventory):
    tag_name = str(tag.tag).strip().lower()
    if tag_name == "ref":
        citation = "" if tag.self_closing else _citation_key(str(tag.contents))
        if citation:
            inventory.citations.append(citation)
    elif tag_name == "gallery" and tag.contents is not None:
        _record_gallery(str(tag.contents), namespaces, inventory)


def _citation_key(ref_contents):
    """The citation with layout ignored, so reflowing ``{{cite web|...}}`` over lines cites nothing new."""
    return _collapse_whitespace(_SPACE_AROUND_MARKUP.sub(r"\1", ref_contents))


def _record_gallery(gallery_body, namespaces, inventory):
    """One file per line, ``File:X.jpg|caption``; a gallery reads a line without a prefix as a file."""
    for line in gallery_body.splitlines():
        written_name = line.partition("|")[0].strip()
        prefix, rest = _split_prefix(written_name)
        is_file_prefix = namespaces.file_or_category(prefix) == "File"
        _append_title(inventory.files, rest if is_file_prefix else written_name)


def _static_text(wikicode):
    """The text of a name or link target without comments; None when a template or parameter builds it."""
    parts = []
    for node in wikicode.nodes:
        if isinstance(node, (Template, Argument)):
            return None
        if isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        elif not isinstance(node, Comment):
            parts.append(str(node))
    return "".join(parts)


def _split_prefix(title):
    """``"Category : Foo"`` -> ``("Category", "Foo")``; ``("", title)`` when there is no colon."""
    prefix, colon, rest = title.partition(":")
    if not colon:
        return "", title
    return prefix.strip(), rest.strip()


def _collapse_whitespace(text):
    return _WHITESPACE_RUN.sub(" ", text).strip()
