"""Grades go out once per change, by compare-and-set: to edx-submissions as soon as they are known, and
to the runtime when the author next looks.

edx-submissions' ``set_score`` sends the ``score_set`` signal the LMS grades app listens to, so a grade
that a peer's review (or staff) completes reaches the gradebook at once, without the author's visit;
edx-completion then marks the block complete, as it does for any scored block without custom
completion. The runtime's ``grade`` and ``completion`` events need the author's own runtime, so the
block sends them from the author's view.
"""

from django.db import transaction
from submissions import api as submissions_api

from .grading import SOURCE_OVERRIDE, given_count, standing
from .models import PeerSubmission


def _claim(submission, field, points):
    """Set ``field`` to ``points`` only if it still holds what this process last read; True if it did."""
    # Django reads ``field=None`` as ``IS NULL``, so an unset value compares as well as a set one.
    rows = PeerSubmission.objects.filter(pk=submission.pk, **{field: getattr(submission, field)})
    if not rows.update(**{field: points}):
        return False
    setattr(submission, field, points)
    return True


def record_score(submission, standing, max_points):
    """Store a new grade as the submission's edx-submissions score; returns True if it changed now."""
    points = standing.points
    if points is None or points == submission.published_points:
        return False
    annotation = {}
    if standing.source == SOURCE_OVERRIDE:
        annotation = {
            "annotation_creator": str(submission.overridden_by_id or ""),
            "annotation_type": "staff_override",
            "annotation_reason": submission.override_reason,
        }
    with transaction.atomic():
        if not _claim(submission, "published_points", points):
            return False
        submissions_api.set_score(str(submission.submission_uuid), points, max_points, **annotation)
    return True


def record_score_of(submission_id, rubric):
    """Put a learner's grade into edx-submissions as soon as another's review or a staff action completes it."""
    submission = PeerSubmission.objects.get(pk=submission_id)
    result = standing(submission, rubric, given_count(submission.item_id, submission.author_id))
    return record_score(submission, result, rubric.max_points)


def announce_once(submission, standing, max_points, publish):
    """Record the score, then tell the runtime (``publish(points)``) once per change; True if told now."""
    record_score(submission, standing, max_points)
    points = standing.points
    if points is None or points == submission.announced_points:
        return False
    if not _claim(submission, "announced_points", points):
        return False
    publish(points)
    return True
