"""Exercise scores in edx-submissions: recorded as soon as a check or staff sets them, once per change.

edx-submissions' ``set_score`` sends the ``score_set`` signal the LMS grades app listens to, so a pass
found by the sweep, a staff re-check or an override reaches the gradebook without the learner's visit.
``set_score`` needs a submission: one is made per attempt when the learner first asks for a check (the
block knows their anonymous id then; a worker does not), and its uuid is kept on the attempt. The
runtime's ``grade`` and ``completion`` events still go out from the learner's view (``attempts``).
"""

import logging
import uuid
from fractions import Fraction

from django.db import transaction
from submissions import api as submissions_api
from submissions.errors import SubmissionError

from .models import ExerciseAttempt

log = logging.getLogger(__name__)

ITEM_TYPE = "wikiskills_edit_exercise"
OUTSIDE_COURSE = "no-course"  # edx-submissions needs a course id; the workbench has none
# edx-submissions keeps whole points: a score becomes the nearest fraction with at most this denominator.
MAX_POINTS_POSSIBLE = 1000


def student_item(attempt, anonymous_id):
    """The learner and exercise as edx-submissions (and the LMS grades app reading it) name them."""
    return {
        "student_id": anonymous_id,
        "course_id": attempt.course_key or OUTSIDE_COURSE,
        "item_id": attempt.usage_key,
        "item_type": ITEM_TYPE,
    }


def keep_submission(attempt, anonymous_id, now=None):
    """Give the attempt its edx-submissions submission, once, however many requests ask at the same time.

    The submission is created and claimed (``submission_uuid`` still empty) in one transaction;
    a request that loses the claim rolls its own submission back and takes the winner's. If
    edx-submissions fails, the check goes ahead without one and the learner's next request tries again.
    """
    if attempt.submission_uuid is not None:
        return attempt.submission_uuid
    try:
        with transaction.atomic():
            record = submissions_api.create_submission(
                student_item(attempt, anonymous_id), {"wiki": attempt.wiki}, submitted_at=now
            )
            unclaimed = ExerciseAttempt.objects.filter(pk=attempt.pk, submission_uuid__isnull=True)
            if not unclaimed.update(submission_uuid=uuid.UUID(str(record["uuid"]))):
                transaction.set_rollback(True)
    except SubmissionError:
        log.exception("Could not create the submission of exercise attempt %s", attempt.pk)
    attempt.refresh_from_db(fields=["submission_uuid"])
    return attempt.submission_uuid


def record_scores(attempts):
    """Record each attempt's score that edx-submissions does not hold yet; returns the ids recorded now."""
    return [attempt.pk for attempt in attempts if record_score(attempt)]


def record_score(attempt):
    """Store the attempt's score on its submission once per change; True if this call recorded it.

    An attempt without a submission (the learner never asked for a check) is left to the runtime's
    publishing from their next view. A failing ``set_score`` rolls the claim back and is logged, so a
    later check, override or view records it.
    """
    score = attempt.score
    if score is None or score == attempt.recorded_score or attempt.submission_uuid is None:
        return False
    earned, possible = points(score)
    try:
        with transaction.atomic():
            if not _claim(attempt, score):
                return False
            submissions_api.set_score(str(attempt.submission_uuid), earned, possible, **_annotation(attempt))
    except SubmissionError:
        log.exception("Could not record score %s of exercise attempt %s", score, attempt.pk)
        attempt.refresh_from_db(fields=["recorded_score"])
        return False
    return True


def points(score):
    """``(earned, possible)`` whole points for a fraction of the weight: 1 is 1/1, 0.5 is 1/2, 0.333 is 333/1000.

    The LMS weights ``earned / possible`` by the block's weight, so only the ratio matters.
    """
    fraction = Fraction(score).limit_denominator(MAX_POINTS_POSSIBLE)
    return fraction.numerator, fraction.denominator


def _claim(attempt, score):
    """Set ``recorded_score`` only if it, and the override the score came from, are still what was read.

    A check that read the attempt before staff overrode it therefore never records over the override.
    """
    # Django reads ``field=None`` as ``IS NULL``, so unset values compare as well as set ones.
    rows = ExerciseAttempt.objects.filter(
        pk=attempt.pk, recorded_score=attempt.recorded_score, override_score=attempt.override_score
    )
    if not rows.update(recorded_score=score):
        return False
    attempt.recorded_score = score
    return True


def _annotation(attempt):
    """Who set an overridden score and why, kept with the score as ORA2's staff overrides are."""
    if attempt.override_score is None:
        return {}
    return {
        "annotation_creator": str(attempt.overridden_by_id or ""),
        "annotation_type": "staff_override",
        "annotation_reason": attempt.override_reason,
    }
