"""Open edX event receivers: they only hand work to Celery, after the sender's transaction commits."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED

from ..wikiskills_exercises.signals import exercise_passed
from .models import AwardRule
from .rules import course_passed_evidence, exercise_passed_evidence, has_enabled_rule
from .tasks import award_for_trigger


@receiver(COURSE_PASSING_STATUS_UPDATED, dispatch_uid="wikiskills_badges.course_passed")
def course_passing_status_updated(course_passing_status, **kwargs):
    """A learner who now passes a course may earn its badges."""
    if not course_passing_status.is_passing:
        return
    user_id = course_passing_status.user.id
    course_key = str(course_passing_status.course.course_key)
    evidence = course_passed_evidence(course_key)
    transaction.on_commit(partial(award_for_trigger.delay, AwardRule.COURSE_PASSED, user_id, course_key, evidence))


@receiver(exercise_passed, dispatch_uid="wikiskills_badges.exercise_passed")
def editing_exercise_passed(attempt, **kwargs):
    """A learner who passes an editing exercise may earn the course's exercise badges (sent after commit).

    A batch of checks passes many learners at once; courses without an exercise rule cost one query each,
    not a task each.
    """
    course_key = attempt.course_key
    if not has_enabled_rule(AwardRule.EXERCISE_PASSED, course_key):
        return
    award_for_trigger.delay(AwardRule.EXERCISE_PASSED, attempt.user_id, course_key, exercise_passed_evidence(attempt))
