"""Events that move progress: the platform's grade events and badge events, our exercise and
peer-review signals. Receivers only queue a ``record_fact`` task, after the sender commits.

``COURSE_PASSING_STATUS_UPDATED`` and ``PERSISTENT_GRADE_SUMMARY_CHANGED`` fire on every grade
recompute, not only on change; ``record_fact`` ignores anything not higher than what it has.
"""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from openedx_events.learning.signals import (
    BADGE_AWARDED,
    COURSE_PASSING_STATUS_UPDATED,
    PERSISTENT_GRADE_SUMMARY_CHANGED,
)

from ..wikiskills_exercises.signals import exercises_passed
from ..wikiskills_peer_review.signals import peer_review_done
from . import notifications
from .models import Requirement
from .signals import stage_completed
from .tasks import record_fact

OUR_BADGES = "wikiskills"


def queue_fact(user_id, kind, key, value, *, reached_at=None, source=""):
    """Queue ``record_fact`` once the current transaction commits (at once outside one)."""
    when = (reached_at or timezone.now()).isoformat()
    task = partial(record_fact.delay, user_id, kind, str(key), float(value), reached_at=when, source=source)
    transaction.on_commit(task)


@receiver(COURSE_PASSING_STATUS_UPDATED, dispatch_uid="wikiskills_tracks.course_passing")
def course_passing_status_updated(course_passing_status, **kwargs):
    if course_passing_status.is_passing:
        course_key = course_passing_status.course.course_key
        queue_fact(course_passing_status.user.id, Requirement.COURSE_PASSED, course_key, 1, source="course passed")


@receiver(PERSISTENT_GRADE_SUMMARY_CHANGED, dispatch_uid="wikiskills_tracks.grade_summary")
def grade_summary_changed(grade, **kwargs):
    """The course grade, and a pass at the time the platform first recorded it."""
    course_key = grade.course.course_key
    queue_fact(grade.user_id, Requirement.COURSE_GRADE, course_key, grade.percent_grade, source="course grade")
    if grade.passed_timestamp:
        passed_at = grade.passed_timestamp
        queue_fact(
            grade.user_id, Requirement.COURSE_PASSED, course_key, 1, reached_at=passed_at, source="course passed"
        )


@receiver(BADGE_AWARDED, dispatch_uid="wikiskills_tracks.badge_awarded")
def badge_awarded(badge, **kwargs):
    """Our badges are keyed by their slug; other origins' (Credly through the platform) by ``origin:uuid``."""
    template = badge.template
    key = template.uuid if template.origin == OUR_BADGES else f"{template.origin}:{template.uuid}"
    queue_fact(badge.user.id, Requirement.BADGE_HELD, key, 1, source=f"badge {template.name or key}"[:255])


@receiver(exercises_passed, dispatch_uid="wikiskills_tracks.exercises_passed")
def editing_exercises_passed(attempts, **kwargs):
    for attempt in attempts:
        at = attempt.checked_at
        queue_fact(
            attempt.user_id, Requirement.BLOCK_DONE, attempt.usage_key, 1, reached_at=at, source="exercise passed"
        )
        score = attempt.override_score if attempt.override_score is not None else attempt.published_score
        if score is not None:
            queue_fact(
                attempt.user_id, Requirement.BLOCK_SCORE, attempt.usage_key, score, reached_at=at, source="score"
            )


@receiver(peer_review_done, dispatch_uid="wikiskills_tracks.peer_review_done")
def peer_review_given(review, **kwargs):
    queue_fact(review.reviewer_id, Requirement.BLOCK_DONE, review.item_id, 1, source="peer review given")


def block_score_changed(user_id, usage_key, earned, possible):
    """Any scored block in the LMS (connected through ``openedx_compat`` in ``apps.ready``)."""
    queue_fact(user_id, Requirement.BLOCK_SCORE, usage_key, earned / possible, source="block score")


@receiver(stage_completed, dispatch_uid="wikiskills_tracks.stage_done_email")
def tell_stage_done(membership, stage, **kwargs):
    notifications.stage_done(membership, stage)
