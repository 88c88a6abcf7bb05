"""Text kept in several languages (``{"pt": "…", "ar": "…"}`` beside an English field), read in the active one."""

from django.utils.translation import get_language


def in_language(values, fallback):
    """The value of a ``{language: text}`` dict in the active language, its base language, English, or ``fallback``."""
    language = (get_language() or "en").lower()
    for code in (language, language.split("-")[0], "en"):
        if values.get(code):
            return values[code]
    return fallback
