"""Flags, staff decisions, and the reviews that are not peer reviews (self and staff).

Each change is one conditional UPDATE or a row keyed by (submission, reviewer), so a
double click or a retried request changes nothing twice.
"""

from django.db import transaction
from django.utils import timezone

from .allocation import ReviewRefused
from .models import PeerReport, PeerReview, PeerSubmission, load_change
from .policy import may_report, withdrawn_by_reports

MAX_REASON_CHARACTERS = 1000  # a report's reason is a sentence or two for staff


def usable_reason(text):
    """A report needs a reason, and one staff can read: not empty, at most ``MAX_REASON_CHARACTERS``."""
    return 0 < len(text) <= MAX_REASON_CHARACTERS


class TooManyReports(Exception):
    """The reviewer already has ``policy.MAX_OPEN_REPORTS`` reports in the item waiting for staff."""


def open_reports(item_id, reporter):
    return PeerReport.objects.filter(item_id=item_id, reporter=reporter, decided_at__isnull=True)


def flag_submission(lease, reason, now=None):
    """A reviewer reports the work they were given: the report goes to staff and their lease ends.

    The work stays in review until a second reviewer reports it too (``policy.withdrawn_by_reports``)
    or staff decide; the same reviewer reporting it again counts once. A reviewer with too many open
    reports in the item is refused (``TooManyReports``) and keeps their lease.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Reports of one submission wait for each other, so two reporters at once both see two reports.
        submission = PeerSubmission.objects.select_for_update().get(pk=lease.submission_id)
        mine = PeerReport.objects.filter(submission=submission, reporter_id=lease.reviewer_id).first()
        if mine is None or mine.decided_at is not None:
            if not may_report(open_reports(submission.item_id, lease.reviewer_id).count()):
                raise TooManyReports()
            PeerReport.objects.update_or_create(
                submission=submission,
                reporter_id=lease.reviewer_id,
                defaults={"item_id": submission.item_id, "reason": reason, "created_at": now, "decided_at": None},
            )
        if PeerReview.objects.filter(pk=lease.pk, state=PeerReview.LEASED).update(
            state=PeerReview.RELEASED, lease_slot=None
        ):
            PeerSubmission.objects.filter(pk=submission.pk, load__gt=0).update(**load_change(-1))
        reporters = submission.reports.filter(decided_at__isnull=True).values("reporter_id").distinct().count()
        if withdrawn_by_reports(reporters):
            PeerSubmission.objects.filter(pk=submission.pk, status=PeerSubmission.ACTIVE).update(
                status=PeerSubmission.FLAGGED
            )


def flag_review(submission, review_id, reason):
    """The author reports a review they received: staff are told, and it keeps counting until they decide.

    Only staff removing it (``remove_review``) takes it out of the grade. Reporting it again (a
    second tab, a double click) changes nothing and is not an error.
    """
    received = PeerReview.objects.filter(pk=review_id, submission=submission, kind=PeerReview.PEER)
    if received.filter(state=PeerReview.DONE, flag_reason="").update(flag_reason=reason):
        return
    if not received.filter(state__in=[PeerReview.DONE, PeerReview.FLAGGED, PeerReview.REMOVED]).exists():
        raise ReviewRefused(ReviewRefused.NOT_OFFERED)


def restore_review(review_id):
    """Staff keep a reported review: the report is cleared (the review counted all along)."""
    with transaction.atomic():
        review = PeerReview.objects.filter(pk=review_id).first()
        if review is None:
            return
        PeerReview.objects.filter(pk=review_id, state=PeerReview.DONE).exclude(flag_reason="").update(flag_reason="")
        # A review reported before 0002 left the grade; conditional, so two staff keeping it count it once.
        if PeerReview.objects.filter(pk=review_id, state=PeerReview.FLAGGED).update(
            state=PeerReview.DONE, flag_reason=""
        ):
            PeerSubmission.objects.filter(pk=review.submission_id).update(**load_change(+1))


def remove_review(review_id):
    """Staff remove a review for good (upholding a report); a done one frees its submission's place."""
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


def set_submission_status(submission_id, status, now=None):
    """Staff keep reported work in review (``ACTIVE``) or take it out (``REMOVED``); either decides its reports."""
    with transaction.atomic():
        PeerSubmission.objects.filter(pk=submission_id).update(status=status)
        PeerReport.objects.filter(submission_id=submission_id, decided_at__isnull=True).update(
            decided_at=now or timezone.now()
        )


def override(submission_id, points, reason, staff_user):
    """Staff set the grade; None clears the override and the reviews decide again."""
    PeerSubmission.objects.filter(pk=submission_id).update(
        override_points=points, override_reason=reason if points is not None else "", overridden_by=staff_user
    )


def record_review(submission, reviewer, kind, *, scores, feedback, now):
    """A staff or self review, done at once; a second one by the same person replaces the first.

    It takes the place of that person's peer review of the work, if any: an open lease or a done
    peer review stops counting in ``load``, which stays open leases plus done peer reviews.
    """
    with transaction.atomic():
        return _record_review(submission, reviewer, kind, scores=scores, feedback=feedback, now=now)


def _record_review(submission, reviewer, kind, *, scores, feedback, now):
    replaced = PeerReview.objects.filter(
        submission=submission, reviewer=reviewer, kind=PeerReview.PEER, state__in=[PeerReview.LEASED, PeerReview.DONE]
    )
    if kind != PeerReview.PEER and replaced.update(kind=kind, state=PeerReview.DONE, lease_slot=None):
        PeerSubmission.objects.filter(pk=submission.pk, load__gt=0).update(**load_change(-1))
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
