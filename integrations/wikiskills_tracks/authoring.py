"""Authoring tracks: copying a track (with its courses, stages and requirements) to start a new run, and
adding the stages a learning pack declares."""

from dataclasses import dataclass

from opaque_keys.edx.keys import CourseKey

from .models import Requirement, Stage, Track, TrackCourse

COPY_SUFFIX = "-copy"


def _copy_slug(slug):
    """``<slug>-copy``, then ``-copy-2``, … : the first free one (within the slug's 64 characters)."""
    number = 1
    while True:
        suffix = COPY_SUFFIX if number == 1 else f"{COPY_SUFFIX}-{number}"
        candidate = f"{slug[: 64 - len(suffix)]}{suffix}"
        if not Track.objects.filter(slug=candidate).exists():
            return candidate
        number += 1


def copy_track(track):
    """A copy of the track with its courses, stages and requirements (call in a transaction)."""
    stages = list(track.stages.prefetch_related("requirements"))
    courses = list(track.courses.all())
    copy = Track.objects.get(pk=track.pk)
    copy.pk = None
    copy.id = None
    copy.slug = _copy_slug(track.slug)
    copy.save()
    TrackCourse.objects.bulk_create(
        TrackCourse(track=copy, course_key=course.course_key, weight=course.weight, order=course.order)
        for course in courses
    )
    for stage in stages:
        stage_copy = Stage.objects.create(
            track=copy,
            order=stage.order,
            title=stage.title,
            titles=stage.titles,
            description=stage.description,
            link=stage.link,
        )
        Requirement.objects.bulk_create(
            Requirement(
                stage=stage_copy,
                kind=requirement.kind,
                key=requirement.key,
                threshold=requirement.threshold,
                label=requirement.label,
            )
            for requirement in stage.requirements.all()
        )
    return copy


# -- stages a learning pack declares -------------------------------------------------------------

# A pack's requirement kinds (docs/pack-format.md) as the tracks app's.
PACK_REQUIREMENT_KINDS = {"block_done": Requirement.BLOCK_DONE, "capstone": Requirement.CAPSTONE}


class PackStagesError(ValueError):
    """The pack, its language or the course key cannot be used; ``str()`` says what to fix."""


@dataclass(frozen=True)
class PackStage:
    stage: Stage
    created: bool  # False: a stage of that title was already on the track, left as it was
    # For a stage left as it was: the declared requirements it lacks, ``(kind, key)`` (e.g. another course run's).
    missing: tuple = ()


@dataclass(frozen=True)
class PackStages:
    language: str  # the language the titles are in (the pack's source language when it lacks the one asked)
    course_key: str
    stages: tuple  # of PackStage
    course_added: bool  # False: the course was already one of the track's


def pack_declarations(pack_name, course_key, language, others=()):
    """``course_templates.api.declarations_in``, its errors as ``PackStagesError``."""
    from wikiskills.course_templates import api as packs_api  # noqa: PLC0415  (the pack reader, loaded only when asked)

    try:
        return packs_api.declarations_in(pack_name, course_key, language, others)
    except packs_api.PackError as error:
        raise PackStagesError(str(error)) from None


def add_pack_stages(track, pack_name, course_key, language):
    """Append the stages ``pack_name`` declares to ``track``, for the course ``course_key`` built from it (idempotent).

    Each new stage takes the next order number; its title is in ``language``, with its translations into
    the track's other languages the pack has. A stage whose title (in any of these languages) is already
    on the track is left as it is. The course joins the track's courses if it is not one of them.
    Call in a transaction.
    """
    editions = pack_declarations(pack_name, course_key, language, track.language_codes)
    declared = editions[language]
    course_key = str(CourseKey.from_string(str(course_key)))
    # The track's other languages that the pack has (one it lacks comes back in the source language: left out).
    others = [edition for code, edition in editions.items() if edition.language == code != declared.language]
    translations = [declared, *others]
    track = Track.objects.select_for_update().get(pk=track.pk)  # one author at a time picks order numbers
    existing = list(track.stages.all())
    next_order = max((stage.order for stage in existing), default=0) + 1
    results = []
    for index, declared_stage in enumerate(declared.stages):
        titles = {version.language: version.stages[index].title for version in translations}
        unknown = [need.kind for need in declared_stage.requirements if need.kind not in PACK_REQUIREMENT_KINDS]
        if unknown:
            raise PackStagesError(f"{declared_stage.title}: tracks have no requirement of kind {unknown[0]!r}")
        wanted = [(PACK_REQUIREMENT_KINDS[need.kind], need.usage_key) for need in declared_stage.requirements]
        labels = [need.label for need in declared_stage.requirements]
        same = next((stage for stage in existing if {stage.title, *stage.titles.values()} & {*titles.values()}), None)
        if same is not None:
            has = set(same.requirements.values_list("kind", "key"))
            missing = tuple((kind, key) for kind, key in wanted if (kind, key) not in has)
            results.append(PackStage(same, created=False, missing=missing))
            continue
        stage = Stage.objects.create(track=track, order=next_order, title=declared_stage.title, titles=titles)
        next_order += 1
        Requirement.objects.bulk_create(
            Requirement(stage=stage, kind=kind, key=key, label=label)
            for (kind, key), label in zip(wanted, labels, strict=True)
        )
        existing.append(stage)
        results.append(PackStage(stage, created=True))
    last_course = track.courses.order_by("-order").values_list("order", flat=True).first()
    _course, course_added = TrackCourse.objects.get_or_create(
        track=track, course_key=course_key, defaults={"order": (last_course or 0) + 1}
    )
    return PackStages(declared.language, course_key, tuple(results), course_added)
