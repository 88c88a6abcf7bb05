"""Flags, staff decisions, and the reviews that are not peer reviews (self and staff).

Each change is one conditional UPDATE or a row keyed by (submission, reviewer), so a
double click or a retried request changes nothing twice.
"""

from django.db import transaction

from .allocation import ReviewRefused
from .models import PeerReview, PeerSubmission, load_change


def flag_submission(lease, reason):
    """A reviewer reports the work they were given: it leaves the pool for staff, and their lease ends."""
    with transaction.atomic():
        PeerSubmission.objects.filter(pk=lease.submission_id, status=PeerSubmission.ACTIVE).update(
            status=PeerSubmission.FLAGGED, flag_reason=reason, flagged_by=lease.reviewer_id
        )
        if PeerReview.objects.filter(pk=lease.pk, state=PeerReview.LEASED).update(
            state=PeerReview.RELEASED, lease_slot=None
        ):
            PeerSubmission.objects.filter(pk=lease.submission_id, load__gt=0).update(**load_change(-1))


def flag_review(submission, review_id, reason):
    """The author reports a review they received: it is hidden and left out until staff decide.

    The submission's place is freed, so it is offered for another review meanwhile. Reporting
    it again (a second tab, a double click) changes nothing and is not an error.
    """
    received = PeerReview.objects.filter(pk=review_id, submission=submission, kind=PeerReview.PEER)
    with transaction.atomic():
        changed = received.filter(state=PeerReview.DONE).update(state=PeerReview.FLAGGED, flag_reason=reason)
        if changed:
            PeerSubmission.objects.filter(pk=submission.pk, load__gt=0).update(**load_change(-1))
        elif not received.filter(state__in=[PeerReview.FLAGGED, PeerReview.REMOVED]).exists():
            raise ReviewRefused(ReviewRefused.NOT_OFFERED)


def restore_review(review_id):
    """Staff keep a flagged review: it counts again."""
    with transaction.atomic():
        review = PeerReview.objects.filter(pk=review_id).first()
        # Conditional, so two staff keeping the same review count it once.
        if review and PeerReview.objects.filter(pk=review_id, state=PeerReview.FLAGGED).update(state=PeerReview.DONE):
            PeerSubmission.objects.filter(pk=review.submission_id).update(**load_change(+1))


def remove_review(review_id):
    """Staff remove a review for good; a done one frees its submission's place."""
    with transaction.atomic():
        review = PeerReview.objects.filter(pk=review_id).first()
        # Conditional on the state read, so two staff removing the same review free its place once.
        removed = review is not None and (
            PeerReview.objects.filter(pk=review_id, state=review.state)
            .exclude(state=PeerReview.REMOVED)
            .update(state=PeerReview.REMOVED, lease_slot=None)
        )
        if not removed:
            return
        if review.state in (PeerReview.DONE, PeerReview.LEASED) and review.kind == PeerReview.PEER:
            PeerSubmission.objects.filter(pk=review.submission_id, load__gt=0).update(**load_change(-1))


def set_submission_status(submission_id, status):
    """Staff put flagged work back in review (``ACTIVE``) or take it out (``REMOVED``)."""
    PeerSubmission.objects.filter(pk=submission_id).update(status=status)


def override(submission_id, points, reason, staff_user):
    """Staff set the grade; None clears the override and the reviews decide again."""
    PeerSubmission.objects.filter(pk=submission_id).update(
        override_points=points, override_reason=reason if points is not None else "", overridden_by=staff_user
    )


def record_review(submission, reviewer, kind, *, scores, feedback, now):
    """A staff or self review, done at once; a second one by the same person replaces the first."""
    review, _created = PeerReview.objects.update_or_create(
        submission=submission,
        reviewer=reviewer,
        defaults={
            "item_id": submission.item_id,
            "kind": kind,
            "state": PeerReview.DONE,
            "leased_at": now,
            "completed_at": now,
            "scores": scores,
            "points": sum(item["points"] for item in scores),
            "feedback": feedback,
            "lease_slot": None,
        },
    )
    return review
