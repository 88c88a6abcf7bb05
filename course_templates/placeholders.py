"""``${name}`` placeholders: which a text uses, and the text with their values (``$$`` is a dollar sign)."""

import re

from .errors import PackError

PLACEHOLDER = re.compile(r"\$(?:\$|\{([a-z][a-z0-9_]*(?::[a-z][a-z0-9_]*)?)\})")
BUILT_INS = (
    "wiki", "wiki_name", "lang", "sandbox", "ns_user", "ns_user_talk", "ns_talk", "ns_project", "ns_help",
    "course_start", "course_end",
)  # fmt: skip
STRAY_DOLLAR = re.compile(r"\$(?!\$|\{[a-z][a-z0-9_]*(?::[a-z][a-z0-9_]*)?\})")


def names_in(text):
    """The placeholder names a text uses, in order, repeated as often as they appear."""
    return [match.group(1) for match in PLACEHOLDER.finditer(text) if match.group(1)]


def check(text, known, path, line):
    """Refuse stray dollars and names that are neither parameters nor built-ins."""
    stray = STRAY_DOLLAR.search(text.replace("$$", ""))
    if stray:
        raise PackError("a '$' starts a placeholder such as ${wiki_name}; write $$ for a dollar sign", path, line)
    for name in names_in(text):
        if name not in known:
            raise PackError(f"unknown placeholder ${{{name}}}", path, line)


def fill(text, values, path=None, line=None):
    """The text with every placeholder replaced; an unknown name is an error naming where it was used."""

    def value(match):
        name = match.group(1)
        if name is None:
            return "$"
        if name not in values:
            raise PackError(f"unknown placeholder ${{{name}}}", path, line)
        return values[name]

    return PLACEHOLDER.sub(value, text)
