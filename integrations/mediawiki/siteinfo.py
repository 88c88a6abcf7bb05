"""One wiki's own names for things, read from its siteinfo, so titles and wikitext are read as that wiki reads them.

An Arabic wiki calls the User namespace ``مستخدم``, categories ``تصنيف`` and
redirects ``#تحويل``; it still accepts the canonical English names
(``User:``, ``Category:``, ``#REDIRECT``) as aliases. :class:`SiteInfo` holds
what one ``meta=siteinfo`` answer says about this, is cached as JSON (the
Django side keeps one per wiki), and offers the title and wikitext rules built
on it. :data:`ENGLISH_DEFAULT` stands in when no siteinfo was fetched.
"""

import json
from dataclasses import asdict, dataclass
from functools import cached_property

from . import wikitext
from .autosummaries import MESSAGE_NAMES, AutomaticSummaries
from .names import canonical_spacing, uppercase_first

SITEINFO_PROPS = "general|namespaces|namespacealiases|magicwords|interwikimap"
# Bump when the JSON form changes, so entries cached in the old form are not read.
JSON_FORMAT_VERSION = 2
FIRST_LETTER = "first-letter"
MAIN, FILE, TEMPLATE, CATEGORY = 0, 6, 10, 14


@dataclass(frozen=True)
class Namespace:
    """One namespace: ``name`` is what the wiki writes in titles, ``canonical`` its English name (both "" for main).

    ``case`` is ``first-letter`` where the wiki uppercases a page name's first
    letter, ``case-sensitive`` where it keeps it (Wiktionary's main namespace).
    """

    id: int
    name: str
    canonical: str
    case: str = FIRST_LETTER

    @classmethod
    def from_api(cls, item):
        return cls(id=item["id"], name=item["name"], canonical=item.get("canonical", ""), case=item["case"])


@dataclass(frozen=True)
class SiteInfo:
    """What one wiki's siteinfo says about reading its titles and wikitext.

    ``aliases`` pairs extra prefixes with a namespace id (``("Image", 6)``, or
    ``("مستخدمة", 2)``, the feminine User prefix). ``interwiki_prefixes`` are
    the wiki's whole interwiki map, namespaces included; :meth:`vocabulary`
    leaves those out, as the wiki does.
    """

    language: str
    namespaces: tuple[Namespace, ...]
    aliases: tuple[tuple[str, int], ...]
    redirect_words: tuple[str, ...]
    interwiki_prefixes: frozenset[str]
    summary_messages: tuple[tuple[str, str], ...] = ()

    # -- building and caching ---------------------------------------------

    @classmethod
    def from_api(cls, query):
        """From the ``query`` object of a ``meta=siteinfo`` answer in format version 2 (see ``SITEINFO_PROPS``)."""
        return cls(
            language=query["general"]["lang"],
            namespaces=tuple(Namespace.from_api(item) for item in query["namespaces"].values()),
            aliases=tuple((item["alias"], item["id"]) for item in query["namespacealiases"]),
            redirect_words=_magic_word_aliases(query["magicwords"], "redirect"),
            interwiki_prefixes=frozenset(item["prefix"] for item in query["interwikimap"]),
            summary_messages=tuple(
                (item["name"], item["content"]) for item in query.get("allmessages", ()) if "content" in item
            ),
        )

    @cached_property
    def summaries(self):
        """The wiki's automatic edit summaries (in its content language, and English), to tell the editor's own."""
        return AutomaticSummaries.from_messages(dict(self.summary_messages))

    def to_json(self):
        """A JSON text :meth:`from_json` reads back into an equal SiteInfo."""
        return json.dumps(
            {
                "version": JSON_FORMAT_VERSION,
                "language": self.language,
                "namespaces": [asdict(namespace) for namespace in self.namespaces],
                "aliases": self.aliases,
                "redirect_words": self.redirect_words,
                "interwiki_prefixes": sorted(self.interwiki_prefixes),
                "summary_messages": self.summary_messages,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        if data.get("version") != JSON_FORMAT_VERSION:
            raise ValueError(f"SiteInfo JSON of version {data.get('version')!r}, expected {JSON_FORMAT_VERSION}")
        return cls(
            language=data["language"],
            namespaces=tuple(Namespace(**namespace) for namespace in data["namespaces"]),
            aliases=tuple((alias, number) for alias, number in data["aliases"]),
            redirect_words=tuple(data["redirect_words"]),
            interwiki_prefixes=frozenset(data["interwiki_prefixes"]),
            summary_messages=tuple((name, text) for name, text in data.get("summary_messages", ())),
        )

    # -- titles -------------------------------------------------------------

    def namespace_of(self, title):
        """The namespace id of a title: 0 when its prefix names no namespace (or it has none)."""
        namespace = self._namespace_of_prefix(title)
        return MAIN if namespace is None else namespace.id

    def normalize_title(self, title):
        """The title as this wiki's API writes it: local namespace name, spacing and first letter as the wiki does.

        ``user:ali_/sandbox`` and ``مستخدمة:Ali /sandbox`` both become
        ``مستخدم:Ali /sandbox`` on an Arabic wiki; ``User:Ali`` stays so on an
        English one. A prefix that names no namespace is part of the page name.
        """
        text = canonical_spacing(title)
        namespace = self._namespace_of_prefix(text)
        if namespace is None:
            return self._page_name(text, self._main)
        page = text.partition(":")[2].strip()
        return f"{namespace.name}:{self._page_name(page, namespace)}"

    def _namespace_of_prefix(self, title):
        prefix, colon, _page = title.partition(":")
        return self._namespace_by_key.get(_namespace_key(prefix)) if colon else None

    @staticmethod
    def _page_name(name, namespace):
        return uppercase_first(name) if namespace.case == FIRST_LETTER else name

    @cached_property
    def _namespace_by_key(self):
        """Every name a namespace answers to (local, canonical, alias), in any case, -> the namespace."""
        by_id = {namespace.id: namespace for namespace in self.namespaces}
        names = [(name, namespace) for namespace in self.namespaces for name in (namespace.canonical, namespace.name)]
        names += [(alias, by_id[number]) for alias, number in self.aliases if number in by_id]
        return {_namespace_key(name): namespace for name, namespace in names if name}

    @cached_property
    def _main(self):
        return next((namespace for namespace in self.namespaces if namespace.id == MAIN), Namespace(MAIN, "", ""))

    # -- wikitext -----------------------------------------------------------

    def is_redirect(self, text):
        """True when the wiki would store this wikitext as a redirect, whichever of its redirect words it uses."""
        return wikitext.is_redirect(text, self.redirect_words)

    def vocabulary(self):
        """The :class:`~.wikitext.WikiVocabulary` to compare this wiki's page versions with."""
        return self._vocabulary

    @cached_property
    def _vocabulary(self):
        return wikitext.WikiVocabulary(
            file_aliases=self._names_of(FILE),
            category_aliases=self._names_of(CATEGORY),
            template_aliases=self._names_of(TEMPLATE),
            interwiki_prefixes=frozenset(
                prefix for prefix in self.interwiki_prefixes if _namespace_key(prefix) not in self._namespace_by_key
            ),
            redirect_words=self.redirect_words,
        )

    def _names_of(self, number):
        """Every name of one namespace (local, canonical and aliases), each once."""
        names = [namespace.name for namespace in self.namespaces if namespace.id == number]
        names += [namespace.canonical for namespace in self.namespaces if namespace.id == number]
        names += [alias for alias, alias_number in self.aliases if alias_number == number]
        return tuple(dict.fromkeys(name for name in names if name))


def fetch_siteinfo(client):
    """The wiki's SiteInfo, with its automatic-summary messages in its content language, in one request."""
    answer = client.call(
        {
            "action": "query",
            "meta": "siteinfo|allmessages",
            "siprop": SITEINFO_PROPS,
            "ammessages": "|".join(MESSAGE_NAMES),
        }
    )
    return SiteInfo.from_api(answer["query"])


def _magic_word_aliases(magic_words, name):
    return next((tuple(word["aliases"]) for word in magic_words if word["name"] == name), ())


def _namespace_key(name):
    """How MediaWiki matches a namespace prefix: spaces and underscores alike, case ignored."""
    return canonical_spacing(name).lower()


# English Wikipedia's subject namespaces (``_with_talk_namespaces`` adds the talk ones).
_ENGLISH_WIKIPEDIA_SUBJECTS = (
    Namespace(-2, "Media", "Media"),
    Namespace(-1, "Special", "Special"),
    Namespace(MAIN, "", ""),
    Namespace(2, "User", "User"),
    Namespace(4, "Wikipedia", "Project"),
    *(Namespace(number, name, name) for number, name in ((6, "File"), (8, "MediaWiki"), (10, "Template"))),
    *(Namespace(number, name, name) for number, name in ((12, "Help"), (14, "Category"), (100, "Portal"))),
    *(Namespace(number, name, name) for number, name in ((118, "Draft"), (828, "Module"))),
)


def _with_talk_namespaces(subjects):
    """The subject namespaces and, from the main namespace on, the talk namespace of each, by id."""
    talks = [_talk_namespace(subject) for subject in subjects if subject.id >= MAIN]
    return tuple(sorted((*subjects, *talks), key=lambda namespace: namespace.id))


def _talk_namespace(subject):
    """``Talk`` for the main namespace, ``X talk`` for namespace X, with the next (odd) id."""
    if subject.id == MAIN:
        return Namespace(1, "Talk", "Talk")
    return Namespace(subject.id + 1, f"{subject.name} talk", f"{subject.canonical} talk")


# For code that has no siteinfo (tests, offline tools): English Wikipedia, the names ``names.normalize_title`` knows.
# Its project namespace is ``Wikipedia``, so ``Project:X`` becomes ``Wikipedia:X`` as English Wikipedia writes it.
ENGLISH_DEFAULT = SiteInfo(
    language="en",
    namespaces=_with_talk_namespaces(_ENGLISH_WIKIPEDIA_SUBJECTS),
    aliases=(("Image", FILE), ("Image talk", FILE + 1)),
    redirect_words=wikitext.ENGLISH_REDIRECT_WORDS,
    interwiki_prefixes=wikitext.WIKIMEDIA_INTERWIKI_PREFIXES,
)
