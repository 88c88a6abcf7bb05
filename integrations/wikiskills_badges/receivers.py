"""Open edX event receivers: they only hand work to Celery, after the sender's transaction commits."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED

from .models import AwardRule
from .rules import course_passed_evidence
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
