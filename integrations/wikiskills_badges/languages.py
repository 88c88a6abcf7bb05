"""The languages of a badge: the editions of a badge class (its original and each translation), which edition a
reader or a learner gets, and the language an award is issued in.

A badge class is written in one language (``BadgeClass.language``) and may carry translations of its name,
description and criteria (``BadgeClass.translations``). Each language is one *edition*: OB 2.0 and OB 3.0 publish
every edition as its own BadgeClass / Achievement and link them with ``related`` (see
docs/decisions/0051-badge-languages.md). An award keeps the edition it was issued in, so its documents stay in that
language even when translations are added later.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import openedx_compat

# A BCP 47 language tag as badges use them: language, optional script, optional region, optional variants
# ("fr", "pt-BR", "sr-Latn", "zh-Hant-TW", "es-419"). Private-use and extension subtags are not accepted.
LANGUAGE_TAG = re.compile(
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
LANGUAGE_TAG_MAX_LENGTH = 35
TRANSLATED_FIELDS = ("name", "description", "criteria")
NAME_MAX_LENGTH = 255


@dataclass(frozen=True)
class Edition:
    """A badge class in one language: what its documents and pages say in it."""

    language: str
    name: str
    description: str
    criteria: str
    is_original: bool


def _comparable(code):
    """A language code as comparisons see it: Django's ``pt_BR`` and ``pt-br`` are BCP 47's ``pt-BR``."""
    return code.replace("_", "-").lower()


def is_language_tag(text):
    return isinstance(text, str) and len(text) <= LANGUAGE_TAG_MAX_LENGTH and bool(LANGUAGE_TAG.match(text))


def original_edition(badge_class):
    return Edition(
        language=badge_class.language,
        name=badge_class.name,
        description=badge_class.description,
        criteria=badge_class.criteria_narrative,
        is_original=True,
    )


def editions(badge_class):
    """The original edition first, then each translation in the order of its language tag."""
    translated = [
        Edition(
            language=tag,
            name=text["name"],
            description=text["description"],
            criteria=text["criteria"],
            is_original=False,
        )
        for tag, text in sorted((badge_class.translations or {}).items())
    ]
    return [original_edition(badge_class), *translated]


def exact_edition(badge_class, language):
    """The edition in exactly ``language`` (case does not matter), or None."""
    wanted = _comparable(language)
    return next((edition for edition in editions(badge_class) if _comparable(edition.language) == wanted), None)


def edition_for(badge_class, language):
    """The edition a reader of ``language`` understands best: that language, else one sharing its primary
    language (``pt`` for ``pt-BR`` and the other way round), else the original."""
    if not language:
        return original_edition(badge_class)
    exact = exact_edition(badge_class, language)
    if exact is not None:
        return exact
    primary = _comparable(language).split("-")[0]
    related = [edition for edition in editions(badge_class) if _comparable(edition.language).split("-")[0] == primary]
    return related[0] if related else original_edition(badge_class)


def award_edition(award):
    """The edition an award was issued in; the original when that translation has since been removed."""
    if award.language:
        edition = exact_edition(award.badge_class, award.language)
        if edition is not None:
            return edition
    return original_edition(award.badge_class)


def issue_language(user):
    """The language to issue ``user``'s badge in: their account preference on the platform, else the language
    active for the request that awards (the demo and the workbench have no preferences).

    ``openedx_compat.user_language`` answers the site's language when the learner has no preference, so the
    active language wins over that default.
    """
    preferred = openedx_compat.user_language(user)
    active = translation.get_language()
    if preferred == settings.LANGUAGE_CODE and active:
        return active
    return preferred


def language_name(tag):
    """The language's name in the reader's language where Django knows it (``français`` → "French"), else the tag."""
    try:
        return translation.get_language_info(_comparable(tag))["name_translated"]
    except KeyError:
        return tag


def validate_translations(translations, original_language):
    """Raise ``ValidationError`` naming what is wrong with a badge class's translations, in the admin's language.

    Expected: ``{"<BCP 47 tag>": {"name": ..., "description": ..., "criteria": ...}, ...}``, every text a
    non-empty string, no language twice, none the badge class's own language.
    """
    if not isinstance(translations, dict):
        raise ValidationError(_('Write the translations as {"fr": {"name": …, "description": …, "criteria": …}}.'))
    problems = []
    seen = {_comparable(original_language)}
    for tag, text in translations.items():
        if not is_language_tag(tag):
            problems.append(_("“{tag}” is not a language code such as fr or pt-BR.").format(tag=tag))
            continue
        if _comparable(tag) in seen:
            problems.append(_("{tag} is given twice, or is the badge's own language.").format(tag=tag))
            continue
        seen.add(_comparable(tag))
        if not isinstance(text, dict) or set(text) - set(TRANSLATED_FIELDS):
            problems.append(
                _("The {tag} translation may have only a name, a description and criteria.").format(tag=tag)
            )
            continue
        missing = [field for field in TRANSLATED_FIELDS if not _filled(text.get(field))]
        if missing:
            problems.append(
                _("The {tag} translation needs a name, a description and criteria, each as text.").format(tag=tag)
            )
        elif len(text["name"]) > NAME_MAX_LENGTH:
            problems.append(
                _("The {tag} name is longer than {limit} characters.").format(tag=tag, limit=NAME_MAX_LENGTH)
            )
    if problems:
        raise ValidationError(problems)


def _filled(value):
    return isinstance(value, str) and bool(value.strip())
