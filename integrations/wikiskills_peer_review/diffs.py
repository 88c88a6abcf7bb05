"""A wiki diff that says in words which lines were removed and which added, not by colour alone.

MediaWiki leaves its marker cells empty and draws "−" and "+" from their ``data-marker``
attribute with CSS, which the sanitizer keeps but people on a screen reader (or in high
contrast) never get. The block gives the words in the reader's language.
"""

import html
import re

_EMPTY_MARKER = re.compile(r'(<td\b(?=[^>]*\bclass="diff-marker")[^>]*\bdata-marker="([^"]*)"[^>]*>)</td>')
_REMOVED_MARKS = {"−", "-"}


def readable_diff(diff_html, removed_words, added_words):
    """``diff_html`` (sanitized) with each empty marker cell showing its "−" or "+" and, for screen
    readers, ``removed_words`` or ``added_words``; escaped, so the result stays sanitized HTML."""

    def marked(match):
        opening, mark = match.group(1), html.unescape(match.group(2)).strip()
        if not mark:
            return match.group(0)
        words = removed_words if mark in _REMOVED_MARKS else added_words
        return (
            f'{opening}<span aria-hidden="true">{html.escape(mark)}</span>'
            f'<span class="wikiskills-sr-only">{html.escape(words)}</span></td>'
        )

    return _EMPTY_MARKER.sub(marked, diff_html or "")
