"""Facts for members who joined after the events: read again from where each kind is kept.

Our own apps keep what their events said (awards, passed exercises, reviews given, check-ins);
the platform keeps course grades and completion (``openedx_compat``; nothing outside the LMS).
Facts are added in time order with the same increase-only rule as events, so a backfill gives
the rows the events would have given.
"""

from collections import defaultdict

from django.db.models import Max

from .. import openedx_compat
from ..wikiskills_badges.models import Award
from ..wikiskills_exercises.models import ExerciseAttempt
from ..wikiskills_peer_review.models import PeerReview
from .models import CheckIn, Membership, ProgressFact, Requirement, TrackCourse


def _source_facts(user_ids, course_keys):
    """``(user_id, kind, key, value, reached_at, source)`` from every place that keeps them."""
    for user_id, slug, issued_on in Award.objects.filter(recipient_id__in=user_ids, revoked_at=None).values_list(
        "recipient_id", "badge_class__slug", "issued_on"
    ):
        yield user_id, Requirement.BADGE_HELD, slug, 1.0, issued_on, "badge"
    passed = ExerciseAttempt.objects.filter(user_id__in=user_ids, status=ExerciseAttempt.PASSED)
    for attempt in passed.only("user_id", "usage_key", "checked_at", "published_score", "override_score"):
        user_id, usage_key, at = attempt.user_id, attempt.usage_key, attempt.checked_at
        yield user_id, Requirement.BLOCK_DONE, usage_key, 1.0, at, "exercise passed"
        score = attempt.override_score if attempt.override_score is not None else attempt.published_score
        if score is not None:
            yield user_id, Requirement.BLOCK_SCORE, usage_key, score, at, "score"
    for user_id, item_id, completed_at in PeerReview.objects.filter(
        reviewer_id__in=user_ids, state__in=PeerReview.COUNTED_AS_GIVEN
    ).values_list("reviewer_id", "item_id", "completed_at"):
        yield user_id, Requirement.BLOCK_DONE, item_id, 1.0, completed_at, "peer review given"
    yield from _mentoring_totals(user_ids)
    for user_id, course_key, percent, modified in openedx_compat.course_completions(user_ids, course_keys):
        yield user_id, Requirement.COURSE_COMPLETION, course_key, percent, modified, "course completion"
    for grade in openedx_compat.course_grades(user_ids, course_keys):
        yield grade.user_id, Requirement.COURSE_GRADE, grade.course_key, grade.percent, grade.modified, "course grade"
        if grade.passed_at:
            yield grade.user_id, Requirement.COURSE_PASSED, grade.course_key, 1.0, grade.passed_at, "course passed"


def _mentoring_totals(user_ids):
    """Each check-in raised the hours of both people at the time it was logged."""
    totals = defaultdict(float)
    rows = CheckIn.objects.filter(membership__user_id__in=user_ids) | CheckIn.objects.filter(mentor_id__in=user_ids)
    for member_id, mentor_id, minutes, created_at in rows.order_by("created_at", "pk").values_list(
        "membership__user_id", "mentor_id", "minutes", "created_at"
    ):
        for user_id in {member_id, mentor_id} & set(user_ids):
            totals[user_id] += minutes / 60
            yield user_id, Requirement.MENTORING_MINUTES, "", totals[user_id], created_at, "check-in"


def backfill(cohort):
    """Add the facts the cohort's members are missing; returns how many were added."""
    user_ids = list(cohort.memberships.values_list("user_id", flat=True))
    course_keys = list(TrackCourse.objects.filter(track_id=cohort.track_id).values_list("course_key", flat=True))
    best = defaultdict(lambda: None)
    for user_id, kind, key, value in (
        ProgressFact.objects.filter(user_id__in=user_ids).values("user_id", "kind", "key").annotate(best=Max("value"))
    ).values_list("user_id", "kind", "key", "best"):
        best[(user_id, kind, key)] = value
    new = []
    facts = sorted((fact for fact in _source_facts(user_ids, course_keys) if fact[4] is not None), key=lambda f: f[4])
    for user_id, kind, key, value, reached_at, source in facts:
        current = best[(user_id, kind, key)]
        if current is None or value > current:
            best[(user_id, kind, key)] = value
            new.append(
                ProgressFact(user_id=user_id, kind=kind, key=key, value=value, reached_at=reached_at, source=source)
            )
    ProgressFact.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def refresh_completion(cohort):
    """Record the members' course completion (the platform has no event for it); returns facts recorded.

    Goes through ``progress.record_fact``, so stages finish as they would on an event.
    """
    from .progress import record_fact  # noqa: PLC0415  (progress does not need this module)

    user_ids = list(
        cohort.memberships.filter(role=Membership.MEMBER, status=Membership.ACTIVE).values_list("user_id", flat=True)
    )
    course_keys = list(
        Requirement.objects.filter(stage__track_id=cohort.track_id, kind=Requirement.COURSE_COMPLETION).values_list(
            "key", flat=True
        )
    )
    if not user_ids or not course_keys:
        return 0
    recorded = 0
    for user_id, course_key, percent, modified in openedx_compat.course_completions(user_ids, course_keys):
        recorded += record_fact(
            user_id, Requirement.COURSE_COMPLETION, course_key, percent, reached_at=modified, source="course completion"
        )
    return recorded
