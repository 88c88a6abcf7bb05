"""MediaWiki's rules for user names and page titles, in one place.

A wiki treats ``exAmple_user`` and ``ExAmple user`` as the same account but
``Example user`` as another, so every comparison of names we make goes through
these functions; nowhere else compares raw names.
"""

import re
import unicodedata

# Directional marks MediaWiki strips from titles and names (Title::newFromText).
_INVISIBLE_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
_WHITESPACE_RUN = re.compile(r"[\s_]+")


def _uppercase_first(text):
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


def normalize_title(title):
    """Canonical form of a page title or name: NFC, spaces not underscores, first letter capital."""
    text = unicodedata.normalize("NFC", title).translate(_INVISIBLE_MARKS)
    text = _WHITESPACE_RUN.sub(" ", text).strip()
    return _uppercase_first(text)


def normalize_username(name):
    """Canonical form of a wiki user name, as the wiki stores it.

    User names follow the title rules of the User namespace; a leading
    ``User:`` is not part of the name and is not accepted here.
    """
    return normalize_title(name)

