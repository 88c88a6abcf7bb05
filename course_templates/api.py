"""What the plugin apps may ask of learning packs: the badges and track stages a pack declares.

Apps call this module only (not the builder's internals), so a pack's course and the platform's
records are made from the same checked source.
"""

from dataclasses import dataclass

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from . import pack as packs
from . import placeholders
from .build import BLOCK_TAGS
from .errors import PackError
from .translations import Translator

__all__ = ["PackError", "available_packs", "declarations", "declarations_in"]


@dataclass(frozen=True)
class DeclaredBadge:
    slug: str
    name: str
    description: str
    criteria: str
    awarded_when: str


@dataclass(frozen=True)
class DeclaredRequirement:
    kind: str
    usage_key: str  # the block in the course, for "block_done"; empty for a capstone
    label: str  # the block's title, as members see it; empty for a capstone


@dataclass(frozen=True)
class DeclaredStage:
    title: str
    requirements: tuple


@dataclass(frozen=True)
class Declarations:
    pack: str
    version: str
    language: str
    badges: tuple
    stages: tuple


def available_packs():
    return packs.available_packs()


def declarations(pack_name, course_key, language):
    """The pack's badges and track stages, in ``language``, with block keys in the course built from it.

    A language the pack has no catalog for gets the pack's source language (``Declarations.language`` says
    which). Raises ``PackError`` for an unknown or broken pack and for a string that is not a course key.
    """
    return declarations_in(pack_name, course_key, language)[language]


def declarations_in(pack_name, course_key, language, others=()):
    """``declarations`` in ``language`` and in each of ``others`` the pack can be read in, reading the pack
    once: {language: Declarations}. Raises as ``declarations`` does, for ``language`` only; one of ``others``
    whose catalog is missing or unreadable is left out."""
    pack = packs.load_pack(pack_name)
    try:
        course = CourseKey.from_string(str(course_key))
    except InvalidKeyError:
        raise PackError(f"{course_key!r} is not a course key (course-v1:ORG+COURSE+RUN)") from None
    editions = {language: _declared(pack, course, language)}
    for other in others:
        try:
            editions.setdefault(other, _declared(pack, course, other))
        except PackError:
            continue  # a language the pack has no catalog for yet
    return editions


def _declared(pack, course, language):
    translator = Translator(pack, language if language in pack.languages else pack.source_language)
    components = {component.id: component for _unit, component in pack.components()}

    def requirement_of(requirement):
        if requirement.kind != "block_done":
            return DeclaredRequirement(requirement.kind, "", "")
        component = components[requirement.block]
        title = translator.text(component.texts["title"])
        return DeclaredRequirement(
            requirement.kind,
            str(course.make_usage_key(BLOCK_TAGS[component.type], component.id)),
            "" if placeholders.names_in(title) else title,  # a title naming the wiki is only known at build time
        )

    badges = tuple(
        DeclaredBadge(
            badge.slug,
            translator.text(badge.name),
            translator.text(badge.description),
            translator.text(badge.criteria),
            badge.awarded_when,
        )
        for badge in pack.badges
    )
    stages = tuple(
        DeclaredStage(
            translator.text(stage.title),
            tuple(requirement_of(requirement) for requirement in stage.requirements),
        )
        for stage in pack.track_stages
    )
    return Declarations(pack.name, pack.version, translator.language, badges, stages)
