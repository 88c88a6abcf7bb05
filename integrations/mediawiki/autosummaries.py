"""Telling a learner's own edit summary from the ones MediaWiki writes by itself.

When an editor leaves the summary empty, MediaWiki fills it in ("Created page
with …", "Replaced content with …", "Blanked the page", "/* Sources */ new
section"); undo, rollback and page moves write theirs too, and the editor may
add a reason after them. These texts come from the wiki's system messages in
the wiki's content language, so they are read from the wiki
(``meta=allmessages``) and turned into patterns here: an "edit summary"
criterion must never be met by words the learner did not write.
"""

import re
from dataclasses import dataclass

# Summaries MediaWiki writes instead of an empty one: nothing in them is the editor's.
WHOLE_MESSAGES = (
    "autosumm-new", "autosumm-newblank", "autosumm-replace", "autosumm-blank", "autoredircomment",
    "autosumm-changed-redirect-target", "autosumm-removed-redirect", "newsectionsummary",
)  # fmt: skip
# Summaries of reverts and moves, after which the editor's own reason may follow.
LEADING_MESSAGES = (
    "undo-summary", "undo-summary-username-hidden", "revertpage", "revertpage-nouser",
    "logentry-move-move", "logentry-move-move-noredirect", "logentry-move-move_redir",
    "logentry-move-move_redir-noredirect",
)  # fmt: skip
MESSAGE_NAMES = WHOLE_MESSAGES + LEADING_MESSAGES

# MediaWiki 1.39's English texts: recognised on every wiki, beside the wiki's own.
ENGLISH_MESSAGES = {
    "autosumm-new": 'Created page with "$1"',
    "autosumm-newblank": "Created blank page",
    "autosumm-replace": 'Replaced content with "$1"',
    "autosumm-blank": "Blanked the page",
    "autoredircomment": "Redirected page to [[$1]]",
    "autosumm-changed-redirect-target": "Changed redirect target from [[$1]] to [[$2]]",
    "autosumm-removed-redirect": "Removed redirect to [[$1]]",
    "newsectionsummary": "/* $1 */ new section",
    "undo-summary": "Undo revision $1 by [[Special:Contributions/$2|$2]] ([[User talk:$2|talk]])",
    "undo-summary-username-hidden": "Undo revision $1 by a hidden user",
    "revertpage": (
        "Reverted edits by [[Special:Contributions/$2|$2]] ([[User talk:$2|talk]]) to last revision by [[User:$1|$1]]"
    ),
    "revertpage-nouser": "Reverted edits by a hidden user to last revision by {{GENDER:$1|[[User:$1|$1]]}}",
    "logentry-move-move": "$1 {{GENDER:$2|moved}} page $3 to $4",
    "logentry-move-move-noredirect": "$1 {{GENDER:$2|moved}} page $3 to $4 without leaving a redirect",
    "logentry-move-move_redir": "$1 {{GENDER:$2|moved}} page $3 to $4 over redirect",
    "logentry-move-move_redir-noredirect": (
        "$1 {{GENDER:$2|moved}} page $3 to $4 over a redirect without leaving a redirect"
    ),
}

_PLACEHOLDER = re.compile(r"\$\d+|\{\{[^{}]*\}\}")
_AUTOCOMMENT = re.compile(r"^/\*.*?\*/")
_SEPARATOR = ":：;،, \u00a0"


def _pattern(message, *, whole):
    """A regex for the message's text with its ``$1`` parameters and ``{{…}}`` magic as wildcards.

    Where the editor's reason may follow, a parameter is as short as can be, but a
    whole ``[[link]]`` when it is one (a move names the pages as links).
    """
    parts = _PLACEHOLDER.split(message.strip())
    wildcard = ".*" if whole else r"(?:\[\[[^\]]*\]\]|.+?)"
    body = wildcard.join(re.escape(part) for part in parts)
    return re.compile(f"^{body}$" if whole else f"^{body}", re.DOTALL)


@dataclass(frozen=True)
class AutomaticSummaries:
    """One wiki's automatic summaries; ``own_summary`` is what is left of a comment that the editor wrote."""

    whole: tuple
    leading: tuple

    @classmethod
    def from_messages(cls, messages):
        """From ``{message name: text}`` in the wiki's content language; MediaWiki's English ones are kept too.

        English stays recognised on every wiki: older revisions may predate a change of
        the wiki's language, and imports and bots often write English summaries.
        """
        local = [(name, text) for name, text in messages.items() if name in MESSAGE_NAMES and text]
        texts = list(dict.fromkeys([*local, *ENGLISH_MESSAGES.items()]))
        return cls(
            whole=tuple(_pattern(text, whole=True) for name, text in texts if name in WHOLE_MESSAGES),
            leading=tuple(_pattern(text, whole=False) for name, text in texts if name in LEADING_MESSAGES),
        )

    def own_summary(self, comment):
        """The editor's own words in ``comment``: "" for an automatic summary, the reason after a revert's."""
        text = (comment or "").strip()
        if any(pattern.match(text) for pattern in self.whole):
            return ""
        for pattern in self.leading:
            match = pattern.match(text)
            if match:
                return text[match.end() :].lstrip(_SEPARATOR).strip()
        text = _AUTOCOMMENT.sub("", text, count=1).strip()  # "/* Section */ my words": the section is automatic
        if any(pattern.match(text) for pattern in self.whole):
            return ""
        return text


ENGLISH_SUMMARIES = AutomaticSummaries.from_messages(ENGLISH_MESSAGES)
