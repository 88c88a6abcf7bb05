"""Authoring tracks: copying a track (with its courses, stages and requirements) to start a new run."""

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
