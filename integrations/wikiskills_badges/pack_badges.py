"""Badge classes and awarding rules from what a learning pack declares, for a course built from it (idempotent).

A new badge class gets its texts in the language asked for and a plain SVG image drawn here (a circle with
the slug's initials), which admins may replace; a badge class whose slug exists is kept as it is.
"""

import hashlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from opaque_keys.edx.keys import CourseKey

from .models import AwardRule, BadgeClass, Issuer

# A pack's ``awarded_when`` (docs/pack-format.md) as an awarding rule's trigger.
PACK_TRIGGERS = {"course_passed": AwardRule.COURSE_PASSED}

IMAGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<title>{title}</title>
<circle cx="64" cy="64" r="60" fill="{colour}"/>
<text x="64" y="80" font-size="44" text-anchor="middle" fill="#fff" font-family="sans-serif">{mark}</text>
</svg>
"""
COLOURS = ("#36c", "#2a7", "#a52", "#73b", "#b35", "#077")


class PackBadgesError(ValueError):
    """The pack, its language, the course key or the issuer cannot be used; ``str()`` says what to fix."""


@dataclass(frozen=True)
class PackBadge:
    badge_class: BadgeClass
    created: bool  # False: a badge class of that slug was already there, kept as it was
    rule: AwardRule
    rule_created: bool  # False: the badge class already had this rule (enabled or not, as an admin left it)


@dataclass(frozen=True)
class PackBadges:
    language: str  # the language of the texts (the pack's source language when it lacks the one asked)
    course_key: str
    badges: tuple  # of PackBadge


def badge_image(name, slug):
    """A square SVG badge image: the badge's name as its title, the slug's initials on a colour of its own."""
    mark = "".join(word[0] for word in slug.split("-") if word)[:2].upper()
    colour = COLOURS[hashlib.sha256(slug.encode()).digest()[0] % len(COLOURS)]
    return IMAGE_SVG.format(title=escape(name), colour=colour, mark=escape(mark)).encode()


def pack_declarations(pack_name, course_key, language):
    """``course_templates.api.declarations``, its errors as ``PackBadgesError``."""
    from wikiskills.course_templates import api as packs_api  # noqa: PLC0415  (the pack reader, loaded only when asked)

    try:
        return packs_api.declarations(pack_name, course_key, language)
    except packs_api.PackError as error:
        raise PackBadgesError(str(error)) from None


def _issuer(slug):
    """The issuer of that slug, or the only one there is when ``slug`` is None."""
    if slug is not None:
        issuer = Issuer.objects.filter(slug=slug).first()
        if issuer is None:
            raise PackBadgesError(f"No issuer {slug!r}; create it in the Django admin first.")
        return issuer
    issuers = list(Issuer.objects.all()[:2])
    if len(issuers) != 1:
        raise PackBadgesError(
            "No issuer yet; create one in the Django admin first."
            if not issuers
            else "There are several issuers: name the one of the new badge classes."
        )
    return issuers[0]


def add_pack_badges(pack_name, course_key, language, issuer_slug=None):
    """Create the badge classes ``pack_name`` declares and their rules for the course ``course_key`` (idempotent).

    A badge class whose slug exists is kept as it is (texts, issuer, image); only its rule is added if
    missing. New badge classes are issued by ``issuer_slug``, or the only issuer when it is None (asked
    for only when a badge class is created). Call in a transaction.
    """
    declared = pack_declarations(pack_name, course_key, language)
    course_key = str(CourseKey.from_string(str(course_key)))
    results = []
    for badge in declared.badges:
        trigger = PACK_TRIGGERS.get(badge.awarded_when)
        if trigger is None:
            raise PackBadgesError(f"{badge.slug}: no awarding rule for awarded_when {badge.awarded_when!r}")
        badge_class = BadgeClass.objects.filter(slug=badge.slug).first()
        created = badge_class is None
        if created:
            badge_class = BadgeClass.objects.create(
                slug=badge.slug,
                issuer=_issuer(issuer_slug),
                name=badge.name,
                description=badge.description,
                criteria_narrative=badge.criteria,
                language=declared.language,
            )
            badge_class.image.save(f"{badge.slug}.svg", ContentFile(badge_image(badge.name, badge.slug)))
        rule, rule_created = AwardRule.objects.get_or_create(
            badge_class=badge_class, trigger=trigger, course_key=course_key
        )
        results.append(PackBadge(badge_class, created, rule, rule_created))
    return PackBadges(declared.language, course_key, tuple(results))
