"""Open edX event receivers: they only hand work to Celery, after the sender's transaction commits."""

from functools import partial

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED

from ..wikiskills_exercises.signals import exercises_passed
from ..wikiskills_peer_review.grading import given_in_course
from ..wikiskills_peer_review.signals import peer_review_done
from ..wikiskills_tracks.signals import stage_completed, track_graduated
from . import signals, tasks
from .models import AwardRule
from .rules import (
    course_passed_evidence,
    courses_with_enabled_rule,
    exercise_passed_evidence,
    peer_reviews_evidence,
    track_evidence,
)
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


@receiver(exercises_passed, dispatch_uid="wikiskills_badges.exercises_passed")
def editing_exercises_passed(attempts, **kwargs):
    """Learners who passed an editing exercise may earn their course's exercise badges (sent after commit).

    One query finds the courses with such a rule, however many learners a batch of checks passed.
    """
    courses = courses_with_enabled_rule(AwardRule.EXERCISE_PASSED, {attempt.course_key for attempt in attempts})
    for attempt in attempts:
        if attempt.course_key in courses:
            evidence = exercise_passed_evidence(attempt)
            award_for_trigger.delay(AwardRule.EXERCISE_PASSED, attempt.user_id, attempt.course_key, evidence)


@receiver(peer_review_done, dispatch_uid="wikiskills_badges.peer_review_done")
def peer_review_given(review, course_key, **kwargs):
    """A learner who finished a peer review may now reach the count a "reviews given" badge asks for."""
    if not course_key or not courses_with_enabled_rule(AwardRule.PEER_REVIEWS_GIVEN, {course_key}):
        return
    count = given_in_course(review.reviewer_id, course_key)
    evidence = peer_reviews_evidence(course_key, count)
    transaction.on_commit(
        partial(award_for_trigger.delay, AwardRule.PEER_REVIEWS_GIVEN, review.reviewer_id, course_key, evidence, count)
    )


def _award_for_track(trigger, key, membership, narrative, more_evidence=()):
    """Award the badges whose enabled rules name ``key`` (a stage's or a track's), with the cohort as evidence
    (and what a capstone adds: its project and figures)."""
    if courses_with_enabled_rule(trigger, {key}):
        evidence = track_evidence(membership.cohort_id, narrative) + list(more_evidence)
        award_for_trigger.delay(trigger, membership.user_id, key, evidence)


@receiver(stage_completed, dispatch_uid="wikiskills_badges.track_stage_completed")
def track_stage_completed(membership, stage, evidence=(), **kwargs):
    """A member who finished a stage earns the badges whose rules name the stage's key (sent after commit)."""
    narrative = _("Finished the stage “{stage}” of the track “{track}”.").format(
        stage=stage.title, track=stage.track.title
    )
    _award_for_track(AwardRule.TRACK_STAGE_COMPLETED, stage.key, membership, narrative, evidence)


@receiver(track_graduated, dispatch_uid="wikiskills_badges.track_completed")
def track_completed(membership, **kwargs):
    """A member who finished every stage earns the badges whose rules name the track's key."""
    track = membership.cohort.track
    narrative = _("Finished every stage of the track “{track}” in the cohort “{cohort}”.").format(
        track=track.title, cohort=membership.cohort.name
    )
    _award_for_track(AwardRule.TRACK_COMPLETED, track.key, membership, narrative)


@receiver(signals.award_announced, dispatch_uid="wikiskills_badges.push_to_platforms")
def award_announced(award, **kwargs):
    """A new award is copied to the outward platforms, by Celery, after it is committed."""
    tasks.push_after_commit(award)


@receiver(signals.award_revoked, dispatch_uid="wikiskills_badges.withdraw_from_platforms")
def award_revoked(award, **kwargs):
    """A revoked award's copies on the outward platforms are revoked too, by Celery, after it is committed."""
    tasks.withdraw_after_commit(award)
