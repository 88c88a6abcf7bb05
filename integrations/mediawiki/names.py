"""MediaWiki's rules for user names and page titles, in one place.

A wiki treats ``exAmple_user`` and ``ExAmple user`` as the same account but
``Example user`` as another, so every comparison of names we make goes through
these functions; nowhere else compares raw names.
"""

import re
import unicodedata
from functools import lru_cache

# Directional marks MediaWiki strips from titles and names (Title::newFromText).
_INVISIBLE_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
_WHITESPACE_RUN = re.compile(r"[\s_]+")

# Namespace names every MediaWiki knows (and Wikimedia's common extra ones). After one of them the
# first letter of the page name is capitalized too. A wiki's own names and aliases are known from its
# siteinfo: see siteinfo.SiteInfo.normalize_title.
_NAMESPACES_WITH_TALK = ("User", "Project", "File", "MediaWiki", "Template", "Help", "Category",
                         "Wikipedia", "Portal", "Draft", "Module")  # fmt: skip
CANONICAL_NAMESPACES = frozenset(
    ("Talk", "Image", "Special", "Media", *_NAMESPACES_WITH_TALK, *(f"{name} talk" for name in _NAMESPACES_WITH_TALK))
)
_NAMESPACE_BY_LOWERCASE = {name.lower(): name for name in CANONICAL_NAMESPACES}


def uppercase_first(text):
    """Uppercase the first character as Wikimedia wikis do.

    A character whose uppercase form is longer (``ß`` -> ``SS``) stays as it is,
    matching the legacy first-letter rules Wikimedia keeps for account names.
    """
    if not text:
        return text
    first = text[0].upper()
    if len(first) != 1:
        first = text[0]
    return first + text[1:]


# Checks normalize the same few thousand titles and names again and again: remember them.
@lru_cache(maxsize=65536)
def normalize_title(title):
    """Canonical form of a page title: NFC, spaces not underscores, first letters capital.

    ``help:my_page`` becomes ``Help:My page``: a known namespace prefix is
    capitalized, and so is the first letter of the name after it.
    """
    text = uppercase_first(canonical_spacing(title))
    prefix, colon, name = text.partition(":")
    namespace = _NAMESPACE_BY_LOWERCASE.get(prefix.strip().lower())
    if colon and namespace:
        return f"{namespace}:{uppercase_first(name.strip())}"
    return text


def canonical_spacing(text):
    """NFC, no directional marks, runs of spaces and underscores as one space, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE_MARKS)
    return _WHITESPACE_RUN.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def normalize_username(name):
    """Canonical form of a wiki user name, as the wiki stores it.

    User names follow the title rules of the User namespace; a leading
    ``User:`` is not part of the name and is not treated specially here.
    """
    return uppercase_first(canonical_spacing(name))
