"""Which submission a reviewer gets next, leases on it, and reviews coming back.

Each call costs a fixed number of queries, however many submissions the item holds:
the neediest candidates come from one index walk (``wikiskills_peer_queue``), and a
lease is taken by a conditional UPDATE of the submission's ``load``, which the
database applies to the latest committed row. Two reviewers asking at once therefore
never hold more leases on a submission than it still needs. See ADR 0030.
"""

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, F, OuterRef

from .models import PeerReport, PeerReview, PeerSubmission, load_change

CANDIDATES = 5  # submissions tried per query; others may take some meanwhile
SEARCH_ROUNDS = 20  # a capped search is asked again while others took every candidate it gave
DEADLOCK_ATTEMPTS = 3


class ReviewRefused(Exception):
    """The reviewer may not do this; ``code`` names why (the block words it)."""

    NOT_SUBMITTED = "not_submitted"
    NOT_OFFERED = "not_offered"
    WITHDRAWN = "withdrawn"

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def own_submission(item_id, user):
    return PeerSubmission.objects.filter(item_id=item_id, author=user).first()


def current_lease(item_id, reviewer):
    """The reviewer's open lease in the item (at most one), with its submission."""
    return (
        PeerReview.objects.select_related("submission")
        .filter(item_id=item_id, reviewer=reviewer, state=PeerReview.LEASED)
        .first()
    )


def next_for_review(item_id, reviewer, lease_length, now):
    """Lease the submission that most needs a review to ``reviewer``, or return their open lease.

    Returns the ``PeerReview`` lease, or None when nothing can be offered now. Only a
    learner who has submitted may review; never their own work, never twice the same.
    """
    for attempt in range(DEADLOCK_ATTEMPTS):
        try:
            with transaction.atomic():
                return _next_for_review(item_id, reviewer, lease_length, now)
        except OperationalError:
            # MariaDB may pick this transaction as a deadlock victim; it rolled back whole, so try again.
            if attempt == DEADLOCK_ATTEMPTS - 1:
                raise
    return None


def _next_for_review(item_id, reviewer, lease_length, now):
    mine = own_submission(item_id, reviewer)
    if mine is None:
        raise ReviewRefused(ReviewRefused.NOT_SUBMITTED)
    lease = current_lease(item_id, reviewer)
    if lease is not None and lease.expires_at > now:
        return lease
    release_expired_leases(item_id, now)
    for search, capped in _searches(mine, reviewer):
        lease = _lease_from(search, reviewer, capped, now, now + lease_length)
        if lease is not None:
            return lease
    return None


def _lease_from(search, reviewer, capped, now, expires_at):
    """Lease the first candidate of ``search`` that still has room, or None when it has none.

    A capped search whose every candidate was filled by faster reviewers is asked again:
    those candidates are no longer needy, so the next answer holds others. Falling through
    instead would hand out extra reviews while work still waits for its first ones.
    """
    for _round in range(SEARCH_ROUNDS if capped else 1):
        candidates = list(search[:CANDIDATES])
        for candidate in candidates:
            lease = _take(candidate, reviewer, capped, now, expires_at)
            if lease is not None:
                return lease
        if len(candidates) < CANDIDATES:
            return None
    return None


def _searches(mine, reviewer):
    """Candidate lists in the order they are tried, each lazily evaluated, with whether the need caps leases.

    First work in the reviewer's pool that still needs reviews, then work other cohorts
    opened to everyone (the neighbour rule), then, for a reviewer whose own pool is too
    small, anyone's work; last, extra reviews of their pool's work, least reviewed first.
    Work the reviewer reported is not offered to them again until staff decide (it stays in review for others).
    """
    available = (
        PeerSubmission.objects.filter(item_id=mine.item_id, status=PeerSubmission.ACTIVE)
        .exclude(author=reviewer)
        .exclude(
            Exists(
                PeerReview.objects.filter(submission=OuterRef("pk"), reviewer=reviewer).exclude(
                    state=PeerReview.RELEASED
                )
            )
        )
        .exclude(
            Exists(PeerReport.objects.filter(submission=OuterRef("pk"), reporter=reviewer, decided_at__isnull=True))
        )
        .order_by("load", "submitted_at")
    )
    # ``__in`` on the flags: Django writes ``flag=True`` as a bare ``WHERE flag``, which SQLite's
    # planner cannot use as an index equality, and the walk would sort the whole pool instead.
    needy, extra = available.filter(needy__in=[True]), available.filter(needy__in=[False])
    yield needy.filter(pool=mine.pool), True
    yield needy.filter(shared__in=[True]).exclude(pool=mine.pool), True
    if mine.reviews_other_cohorts:
        yield needy.filter(shared__in=[False]).exclude(pool=mine.pool), True
    yield extra.filter(pool=mine.pool), False
    if mine.reviews_other_cohorts:
        for shared in (True, False):
            yield extra.filter(shared__in=[shared]).exclude(pool=mine.pool), False


def _take(candidate, reviewer, capped, now, expires_at):
    """Lease ``candidate`` if it still has room (when ``capped``); None if someone was faster."""
    try:
        with transaction.atomic():
            room = PeerSubmission.objects.filter(pk=candidate.pk, status=PeerSubmission.ACTIVE)
            if capped:
                room = room.filter(load__lt=F("required_reviews"))
            if not room.update(**load_change(+1)):
                return None
            return _lease_row(candidate, reviewer, now, expires_at)
    except IntegrityError:
        # The same reviewer's other request leased something a moment ago: hand that one out.
        return current_lease(candidate.item_id, reviewer)


def _lease_row(submission, reviewer, now, expires_at, assigned_by=None):
    lease = {
        "state": PeerReview.LEASED,
        "lease_slot": submission.item_id,
        "leased_at": now,
        "expires_at": expires_at,
        "assigned_by": assigned_by,
    }
    released = PeerReview.objects.filter(submission=submission, reviewer=reviewer, state=PeerReview.RELEASED)
    if released.update(**lease):
        return current_lease(submission.item_id, reviewer)
    review = PeerReview.objects.create(item_id=submission.item_id, submission=submission, reviewer=reviewer, **lease)
    review.submission = submission
    return review


def release_expired_leases(item_id, now, limit=200):
    """Give leases past their end back to the pool; returns how many. Item None sweeps every item."""
    expired = PeerReview.objects.filter(state=PeerReview.LEASED, expires_at__lte=now)
    if item_id is not None:
        expired = expired.filter(item_id=item_id)
    released = 0
    for review_id, submission_id in expired.values_list("id", "submission_id")[:limit]:
        released += _release(review_id, submission_id)
    return released


def _release(review_id, submission_id):
    """End one lease, and free its place, only if it is still open (two sweeps may race)."""
    with transaction.atomic():
        if not PeerReview.objects.filter(pk=review_id, state=PeerReview.LEASED).update(
            state=PeerReview.RELEASED, lease_slot=None
        ):
            return 0
        PeerSubmission.objects.filter(pk=submission_id, load__gt=0).update(**load_change(-1))
        return 1


def assign_reviewer(submission, reviewer, assigned_by, lease_length, now):
    """Staff hand a submission to a reviewer, even past its need; ends the reviewer's other open lease."""
    if reviewer.pk == submission.author_id:
        raise ReviewRefused(ReviewRefused.NOT_OFFERED)
    with transaction.atomic():
        existing = PeerReview.objects.filter(submission=submission, reviewer=reviewer).first()
        if existing is not None and existing.state != PeerReview.RELEASED:
            return existing
        other = current_lease(submission.item_id, reviewer)
        if other is not None:
            _release(other.pk, other.submission_id)
        PeerSubmission.objects.filter(pk=submission.pk).update(**load_change(+1))
        return _lease_row(submission, reviewer, now, now + lease_length, assigned_by=assigned_by)


def submit_review(item_id, reviewer, submission_id, *, scores, feedback, now):
    """Record a peer review of a submission the reviewer was offered; sending it twice changes nothing.

    A lease that ended meanwhile does not lose the review: it is accepted and counted.
    """
    with transaction.atomic():
        review = (
            PeerReview.objects.select_for_update()
            .filter(item_id=item_id, reviewer=reviewer, submission_id=submission_id, kind=PeerReview.PEER)
            .first()
        )
        if review is None:
            raise ReviewRefused(ReviewRefused.NOT_OFFERED)
        if review.state == PeerReview.DONE:
            return review, False
        if review.state in (PeerReview.FLAGGED, PeerReview.REMOVED):
            raise ReviewRefused(ReviewRefused.WITHDRAWN)
        if review.state == PeerReview.RELEASED:
            PeerSubmission.objects.filter(pk=submission_id).update(**load_change(+1))
        review.state = PeerReview.DONE
        review.lease_slot = None
        review.scores = scores
        review.points = sum(item["points"] for item in scores)
        review.feedback = feedback
        review.completed_at = now
        review.save(update_fields=["state", "lease_slot", "scores", "points", "feedback", "completed_at"])
        return review, True
