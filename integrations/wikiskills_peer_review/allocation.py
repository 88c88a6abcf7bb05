"""Which submission a reviewer gets next, leases on it, and reviews coming back.

Each call costs a fixed number of queries, however many submissions the item holds:
the neediest candidates come from one index walk (``wikiskills_peer_queue``), and a
lease is taken by a conditional UPDATE of the submission's ``load``, which the
database applies to the latest committed row. Two reviewers asking at once therefore
never hold more leases on a submission than it still needs. See ADR 0030.

"Next" for work that needs reviews is one transaction of four statements: the reviewer's own
submission with whether they hold an open lease and whether the item has expired leases (one
SELECT), the candidates, the conditional UPDATE and the lease's INSERT. Expired leases are only
looked up when there are some, and a lease row is only reused when the candidate says the
reviewer had one released on it. The two SELECTs are written in SQL (``_OWN_SQL``,
``_SEARCH_SQL``, with the models' table and column names): in an item of a hundred learners,
building them with the ORM took longer than the database took to answer all four statements.
"""

from collections import namedtuple

from django.db import IntegrityError, OperationalError, connections, transaction
from django.db.models import F

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
        except IntegrityError:
            # The same reviewer's other request leased something a moment ago (one open lease per reviewer
            # and item, one review per submission): this transaction rolled back whole, its ``load`` change
            # too; hand that lease out, or search again if it is already gone.
            lease = current_lease(item_id, reviewer)
            if lease is not None:
                return lease
        except OperationalError:
            # MariaDB may pick this transaction as a deadlock victim; it rolled back whole, so try again.
            if attempt == DEADLOCK_ATTEMPTS - 1:
                raise
    return None


def _next_for_review(item_id, reviewer, lease_length, now):
    mine = _own_submission_and_leases(item_id, reviewer, now)
    if mine is None:
        raise ReviewRefused(ReviewRefused.NOT_SUBMITTED)
    if mine.lease_open:
        lease = current_lease(item_id, reviewer)
        if lease is not None and lease.expires_at > now:
            return lease
    if mine.expired_leases:
        release_expired_leases(item_id, now)
    for search, capped in _searches(mine, reviewer):
        lease = _lease_from(search, reviewer, capped, now, now + lease_length)
        if lease is not None:
            return lease
    return None


# What "next" needs of the reviewer's own submission, and of the item's leases, before searching.
_Mine = namedtuple("_Mine", "pk item_id pool reviews_other_cohorts lease_open expired_leases")

# ``own_submission`` with whether the reviewer holds a lease that has not ended (NULL without a lease; the end is
# compared in the SELECT list, so the lease is found by the ``wikiskills_peer_reviewer`` index, not by walking
# the item's open leases) and whether any lease in the item has ended (``wikiskills_peer_leases``).
_OWN_SQL = (
    "SELECT s.{s_id}, s.{s_pool}, s.{s_reviews_other_cohorts},"
    " (SELECT r.{r_expires_at} > %s FROM {review} r WHERE r.{r_reviewer} = %s AND r.{r_item_id} = %s"
    " AND r.{r_state} = %s),"
    " EXISTS(SELECT 1 FROM {review} r WHERE r.{r_item_id} = %s AND r.{r_state} = %s AND r.{r_expires_at} <= %s)"
    " FROM {submission} s WHERE s.{s_item_id} = %s AND s.{s_author} = %s"
)

# Active work in the item, least loaded then oldest first, that is not the reviewer's, not reviewed or
# leased by them (a released lease does not count), and not reported by them while staff have not decided;
# with whether the reviewer has a released lease on it (``was_released``). ``{where}`` picks the pool (one
# index walk: ``wikiskills_peer_queue`` or ``wikiskills_peer_shared``). The flags are compared with ``IN``:
# a bare ``WHERE flag`` is no index equality for SQLite's planner, and the walk would sort the whole pool.
_SEARCH_SQL = (
    "SELECT {s_columns},"
    " EXISTS(SELECT 1 FROM {review} r WHERE r.{r_submission} = s.{s_id} AND r.{r_reviewer} = %s"
    " AND r.{r_state} = %s) AS was_released"
    " FROM {submission} s"
    " WHERE s.{s_item_id} = %s AND s.{s_status} = %s AND s.{s_needy} IN (%s) AND {where}"
    " AND s.{s_author} <> %s"
    " AND NOT EXISTS(SELECT 1 FROM {review} r WHERE r.{r_submission} = s.{s_id} AND r.{r_reviewer} = %s"
    " AND r.{r_state} <> %s)"
    " AND NOT EXISTS(SELECT 1 FROM {report} p WHERE p.{p_submission} = s.{s_id} AND p.{p_reporter} = %s"
    " AND p.{p_decided_at} IS NULL)"
    " ORDER BY s.{s_load}, s.{s_submitted_at}"
    " LIMIT {candidates}"
)
_IN_POOL = "s.{s_pool} = %s"
_OTHER_POOLS = "s.{s_shared} IN (%s) AND s.{s_pool} <> %s"
_names_by_vendor = {}


def _names(connection):
    """Quoted table and column names for the SQL above (``s_author`` is ``author_id``), per database vendor."""
    names = _names_by_vendor.get(connection.vendor)
    if names is None:
        quote = connection.ops.quote_name
        names = {"candidates": CANDIDATES}
        for table, prefix, model in (
            ("submission", "s", PeerSubmission),
            ("review", "r", PeerReview),
            ("report", "p", PeerReport),
        ):
            names[table] = quote(model._meta.db_table)
            for field in model._meta.concrete_fields:
                names[f"{prefix}_{field.name}"] = quote(field.column)
        names["s_columns"] = ", ".join(f"s.{quote(field.column)}" for field in PeerSubmission._meta.concrete_fields)
        names = _names_by_vendor[connection.vendor] = {
            **names,
            "own": _OWN_SQL.format(**names),
            "in_pool": _SEARCH_SQL.format(**names, where=_IN_POOL.format(**names)),
            "other_pools": _SEARCH_SQL.format(**names, where=_OTHER_POOLS.format(**names)),
        }
    return names


def _own_submission_and_leases(item_id, reviewer, now):
    """``own_submission`` in one query with what "next" checks before searching, as a ``_Mine``; None if none.

    ``lease_open``: the reviewer holds a lease in the item that has not ended; ``expired_leases``: some lease
    in the item has ended and waits to be released.
    """
    connection = connections[PeerSubmission.objects.db]
    at = connection.ops.adapt_datetimefield_value(now)
    params = [at, reviewer.pk, item_id, PeerReview.LEASED, item_id, PeerReview.LEASED, at, item_id, reviewer.pk]
    with connection.cursor() as cursor:
        cursor.execute(_names(connection)["own"], params)
        row = cursor.fetchone()
    if row is None:
        return None
    pk, pool, reviews_other_cohorts, lease_open, expired_leases = row
    return _Mine(pk, item_id, pool, bool(reviews_other_cohorts), bool(lease_open), bool(expired_leases))


def _lease_from(search, reviewer, capped, now, expires_at):
    """Lease the first candidate of ``search`` that still has room, or None when it has none.

    A capped search whose every candidate was filled by faster reviewers is asked again:
    those candidates are no longer needy, so the next answer holds others. Falling through
    instead would hand out extra reviews while work still waits for its first ones.
    """
    for _round in range(SEARCH_ROUNDS if capped else 1):
        candidates = search()
        for candidate in candidates:
            lease = _take(candidate, reviewer, capped, now, expires_at)
            if lease is not None:
                return lease
        if len(candidates) < CANDIDATES:
            return None
    return None


def _searches(mine, reviewer):
    """Candidate searches in the order they are tried, with whether the need caps leases.

    Each search is a function that asks the database again on every call, for up to ``CANDIDATES`` rows.
    First work in the reviewer's pool that still needs reviews, then work other cohorts
    opened to everyone (the neighbour rule), then, for a reviewer whose own pool is too
    small, anyone's work; last, extra reviews of their pool's work, least reviewed first.
    Work the reviewer reported is not offered to them again until staff decide (it stays in review for others).
    """
    names = _names(connections[PeerSubmission.objects.db])

    def search(needy, where, *pool_params):
        params = [reviewer.pk, PeerReview.RELEASED, mine.item_id, PeerSubmission.ACTIVE, needy, *pool_params]
        params += [reviewer.pk, reviewer.pk, PeerReview.RELEASED, reviewer.pk]
        return lambda: list(PeerSubmission.objects.raw(names[where], params))

    yield search(True, "in_pool", mine.pool), True
    yield search(True, "other_pools", True, mine.pool), True
    if mine.reviews_other_cohorts:
        yield search(True, "other_pools", False, mine.pool), True
    yield search(False, "in_pool", mine.pool), False
    if mine.reviews_other_cohorts:
        for shared in (True, False):
            yield search(False, "other_pools", shared, mine.pool), False


def _take(candidate, reviewer, capped, now, expires_at):
    """Lease ``candidate`` if it still has room (when ``capped``); None if someone was faster.

    Runs inside ``next_for_review``'s transaction: when the lease's INSERT breaks a unique constraint
    (the same reviewer's other request was faster), the IntegrityError rolls that transaction back whole,
    with this ``load`` change, and ``next_for_review`` hands out the other request's lease.
    """
    room = PeerSubmission.objects.filter(pk=candidate.pk, status=PeerSubmission.ACTIVE)
    if capped:
        room = room.filter(load__lt=F("required_reviews"))
    if not room.update(**load_change(+1)):
        return None
    return _lease_row(candidate, reviewer, now, expires_at, maybe_released=bool(candidate.was_released))


def _lease_row(submission, reviewer, now, expires_at, *, assigned_by=None, maybe_released=True):
    """The lease row: the reviewer's released review of ``submission`` leased again, else a new one.

    ``maybe_released`` False skips looking for a released row (the search saw none; if one appeared
    meanwhile, the INSERT fails on the unique (submission, reviewer) and the caller's transaction rolls back).
    """
    lease = {
        "state": PeerReview.LEASED,
        "lease_slot": submission.item_id,
        "leased_at": now,
        "expires_at": expires_at,
        "assigned_by": assigned_by,
    }
    released = PeerReview.objects.filter(submission=submission, reviewer=reviewer, state=PeerReview.RELEASED)
    if maybe_released and released.update(**lease):
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
