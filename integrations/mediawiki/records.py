"""Plain records of what the wiki told us, typed and with parsed timestamps.

The client turns API JSON (``formatversion=2``) into these, so the rest of the
product never touches raw API dictionaries.
"""

from dataclasses import dataclass, field
from datetime import datetime


def parse_timestamp(value):
    """An aware datetime from MediaWiki's ISO 8601 ``2026-11-24T10:00:00Z``."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Contribution:
    """One edit from ``list=usercontribs``; ``title`` is the page's title now, ``page_id`` never changes."""

    user: str
    revid: int
    parentid: int
    title: str
    namespace: int
    timestamp: datetime
    size: int
    size_change: int
    comment: str
    minor: bool
    new_page: bool
    top: bool
    tags: tuple = ()
    user_id: int = 0
    page_id: int = 0

    @classmethod
    def from_api(cls, item):
        return cls(
            user=item["user"],
            user_id=item.get("userid", 0),
            page_id=item.get("pageid", 0),
            revid=item["revid"],
            parentid=item.get("parentid", 0),
            title=item["title"],
            namespace=item["ns"],
            timestamp=parse_timestamp(item["timestamp"]),
            size=item.get("size", 0),
            size_change=item.get("sizediff", 0),
            comment=item.get("comment", ""),
            minor=item.get("minor", False),
            new_page=item.get("new", False),
            top=item.get("top", False),
            tags=tuple(item.get("tags", ())),
        )


@dataclass(frozen=True)
class Revision:
    """One revision from ``prop=revisions``; ``content`` is the main slot's wikitext.

    Revision deletion hides parts of a revision from readers: ``text_hidden`` (then
    ``content`` is None, which must never be read as an empty page), ``comment_hidden``
    and ``user_hidden`` say which.
    """

    revid: int
    parentid: int
    title: str
    namespace: int
    user: str
    timestamp: datetime
    size: int
    comment: str
    minor: bool
    sha1: str
    content: str | None
    tags: tuple = ()
    user_id: int = 0
    page_id: int = 0
    text_hidden: bool = False
    comment_hidden: bool = False
    user_hidden: bool = False

    @classmethod
    def from_api(cls, page, item):
        main_slot = item.get("slots", {}).get("main", {})
        return cls(
            user_id=item.get("userid", 0),
            page_id=page.get("pageid", 0),
            text_hidden=bool(main_slot.get("texthidden") or item.get("texthidden")),
            comment_hidden=bool(item.get("commenthidden")),
            user_hidden=bool(item.get("userhidden")),
            revid=item["revid"],
            parentid=item.get("parentid", 0),
            title=page["title"],
            namespace=page["ns"],
            user=item.get("user", ""),
            timestamp=parse_timestamp(item.get("timestamp")),
            size=item.get("size", 0),
            comment=item.get("comment", ""),
            minor=item.get("minor", False),
            sha1=item.get("sha1", ""),
            content=main_slot.get("content"),
            tags=tuple(item.get("tags", ())),
        )


@dataclass(frozen=True)
class WikiUser:
    """An account from ``list=users``; ``exists`` is False for unknown names."""

    name: str
    exists: bool
    userid: int = 0
    central_ids: dict = field(default_factory=dict)
    edit_count: int = 0
    registration: datetime | None = None
    groups: tuple = ()

    @property
    def central_id(self):
        """The global (SUL) account id where the wiki has CentralAuth, else the local id."""
        return self.central_ids.get("CentralAuth") or self.central_ids.get("local") or None

    @classmethod
    def from_api(cls, item):
        if item.get("missing") or item.get("invalid"):
            return cls(name=item["name"], exists=False)
        return cls(
            name=item["name"],
            exists=True,
            userid=item.get("userid", 0),
            central_ids=dict(item.get("centralids", {})),
            edit_count=item.get("editcount", 0),
            registration=parse_timestamp(item.get("registration")),
            groups=tuple(item.get("groups", ())),
        )


@dataclass(frozen=True)
class PageRef:
    """A page as ``action=query&titles=`` names it: its id (kept through moves), title and namespace now."""

    page_id: int
    title: str
    namespace: int

    @classmethod
    def from_api(cls, page):
        return cls(page_id=page["pageid"], title=page["title"], namespace=page["ns"])


@dataclass(frozen=True)
class ParsedPage:
    """Rendered HTML of a page (``action=parse``), with the revision it shows."""

    title: str
    revid: int
    html: str
