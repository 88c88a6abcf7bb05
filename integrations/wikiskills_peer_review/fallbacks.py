"""The "never stuck" rule applied to stored submissions, once each, when their grace period ends.

Run lazily when a learner or staff look, and by a periodic sweep, so work in a small pool
is helped even if its author never comes back. Pools are counted only up to what the
decision needs, so the check costs the same in a course of ten or of a hundred thousand.
"""

from .models import PeerSubmission, needy_for
from .policy import FALLBACK_NEIGHBOUR, pool_shortfall, relief_for


def others_in_pool(submission, cap, whole_course=False):
    """Other submissions under review with it (its pool, or the whole item), counted up to ``cap``."""
    others = PeerSubmission.objects.filter(item_id=submission.item_id, status=PeerSubmission.ACTIVE).exclude(
        pk=submission.pk
    )
    if not whole_course:
        others = others.filter(pool=submission.pool)
    return len(others.values_list("pk", flat=True)[:cap])


def apply_fallback_if_due(submission, now):
    """Apply the author's fallback to ``submission`` if its grace period is over; returns True if it changed."""
    if submission.grace_checked_at is not None or now < submission.grace_ends_at:
        return False
    cap = max(submission.required_reviews, submission.required_given)
    in_pool = others_in_pool(submission, cap)
    shortfall = pool_shortfall(in_pool, submission.required_reviews, submission.required_given)
    changes = {"grace_checked_at": now}
    if shortfall:
        in_course = (
            others_in_pool(submission, cap + 1, whole_course=True)
            if (submission.fallback == FALLBACK_NEIGHBOUR)
            else in_pool
        )
        relief = relief_for(
            submission.fallback,
            shortfall,
            others_in_pool=in_pool,
            others_in_course=in_course,
            required_reviews=submission.required_reviews,
            required_given=submission.required_given,
        )
        changes.update(
            needy=needy_for(relief.required_reviews),
            required_reviews=relief.required_reviews,
            required_given=relief.required_given,
            needs_staff=relief.needs_staff,
            shared=relief.shared_with_other_cohorts,
            reviews_other_cohorts=relief.reviews_other_cohorts,
        )
    if not PeerSubmission.objects.filter(pk=submission.pk, grace_checked_at__isnull=True).update(**changes):
        return False
    submission.refresh_from_db()
    return bool(shortfall)


def apply_due_fallbacks(now, limit=500):
    """The sweep: every submission whose grace period ended and was not yet looked at; returns how many changed."""
    due = PeerSubmission.objects.filter(grace_checked_at__isnull=True, grace_ends_at__lte=now).order_by(
        "grace_ends_at"
    )[:limit]
    return sum(apply_fallback_if_due(submission, now) for submission in due)
