"""The "never stuck" rule applied to stored submissions: each is checked twice, once at each time.

When the grace period ends, a pool too small for the review counts gets the author's rule. Later
(``stall_check_at``), work that its big enough pool still has not reviewed enough gets it too:
the group had the people, but they did not come back. Run lazily when a learner or staff look,
and by a periodic sweep, so work is helped even if its author never comes back. Pools are counted
only up to what the decision needs, so a check costs the same in a course of ten or of 100,000.
"""

from .grading import received_count
from .models import PeerSubmission, needy_for
from .policy import FALLBACK_NEIGHBOUR, pool_shortfall, relief_for, stall_relief


def others_in_pool(submission, cap, whole_course=False):
    """Other submissions under review with it (its pool, or the whole item), counted up to ``cap``."""
    others = PeerSubmission.objects.filter(item_id=submission.item_id, status=PeerSubmission.ACTIVE).exclude(
        pk=submission.pk
    )
    if not whole_course:
        others = others.filter(pool=submission.pool)
    return len(others.values_list("pk", flat=True)[:cap])


def _record_check(submission, checked_field, changes):
    """Store a check's ``changes`` only if no other process made that check first; True if this one did."""
    if not PeerSubmission.objects.filter(pk=submission.pk, **{f"{checked_field}__isnull": True}).update(**changes):
        return False
    submission.refresh_from_db()
    return True


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
    return _record_check(submission, "grace_checked_at", changes) and bool(shortfall)


def _work_elsewhere(submission):
    """Whether other groups of the course have work under review, whose reviewers could take this one."""
    return (
        PeerSubmission.objects.filter(item_id=submission.item_id, status=PeerSubmission.ACTIVE)
        .exclude(pool=submission.pool)
        .exists()
    )


def apply_stall_rule_if_due(submission, now):
    """Apply the author's rule to work still short of reviews at its second check; True if it changed.

    It follows the first check, and work under moderation waits until it is back in review. Work
    already owed a staff review needs nothing more; work the first check already opened to other
    groups gets "require fewer".
    """
    if submission.stall_checked_at is not None or now < submission.stall_check_at:
        return False
    if submission.grace_checked_at is None or submission.status != PeerSubmission.ACTIVE:
        return False
    received = received_count(submission)
    changes = {"stall_checked_at": now}
    stalled = received < submission.required_reviews and not submission.needs_staff
    if stalled:
        relief = stall_relief(
            submission.fallback,
            received=received,
            required_reviews=submission.required_reviews,
            required_given=submission.required_given,
            others_elsewhere=not submission.shared and _work_elsewhere(submission),
        )
        changes.update(
            stalled=True,
            needy=needy_for(relief.required_reviews),
            required_reviews=relief.required_reviews,
            needs_staff=relief.needs_staff,
            shared=submission.shared or relief.shared_with_other_cohorts,
        )
    return _record_check(submission, "stall_checked_at", changes) and stalled


def apply_due_rules(submission, now):
    """Both checks, in order, as far as they are due; True if either changed the submission."""
    small_pool = apply_fallback_if_due(submission, now)
    return apply_stall_rule_if_due(submission, now) or small_pool


def apply_due_fallbacks(now, limit=500):
    """The sweep: every submission with a check due and not yet made; returns how many changed."""
    first = PeerSubmission.objects.filter(grace_checked_at__isnull=True, grace_ends_at__lte=now).order_by(
        "grace_ends_at"
    )[:limit]
    changed = sum(apply_fallback_if_due(submission, now) for submission in first)
    second = PeerSubmission.objects.filter(
        stall_checked_at__isnull=True,
        stall_check_at__lte=now,
        status=PeerSubmission.ACTIVE,
        grace_checked_at__isnull=False,
    ).order_by("stall_check_at")[:limit]
    return changed + sum(apply_stall_rule_if_due(submission, now) for submission in second)
