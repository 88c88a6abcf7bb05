"""The "next" call costs the same few queries with 10 submissions as with 1,000 (see `make bench`, peer-review).

Work that needs reviews: one SELECT of the reviewer's own submission, open lease and expired leases, one of the
candidates, the conditional UPDATE and the lease's INSERT, between the transaction's start and end. Work that
already has its reviews (extra reviews) adds one empty search per earlier step: the reviewer's pool, then work
other cohorts opened. The rarer paths (an open lease handed back, expired leases released, a released review
leased again, the same reviewer's other request winning) keep their behaviour and the load invariant.
"""

import itertools
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.peer_review_fixtures import bulk_submissions, new_item
from wikiskills.integrations.wikiskills_peer_review import allocation
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission

pytestmark = pytest.mark.django_db

LEASE = timedelta(hours=8)
NEEDY_QUERIES = 6  # start, own submission with leases, candidates, UPDATE, INSERT, end
EXTRA_REVIEW_QUERIES = 8  # and the two empty searches for needy work before extra reviews
_numbers = itertools.count()


def seed(item, submissions, *, full=False, now=None):
    """``submissions`` new learners' work in ``item`` (``bulk_submissions``); their authors, oldest first."""
    batch = next(_numbers)
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"nq{batch}_{number}") for number in range(submissions)
    )
    users = list(get_user_model().objects.filter(username__startswith=f"nq{batch}_").order_by("pk"))
    bulk_submissions(item, [user.pk for user in users], now or timezone.now(), full=full)
    return users


def queries_of_next(item, reviewer, now):
    with CaptureQueriesContext(connection) as captured:
        lease = allocation.next_for_review(item, reviewer, LEASE, now)
    return lease, len(captured)


def assert_load_is_leases_plus_done(item):
    for row in PeerSubmission.objects.filter(item_id=item):
        counted = PeerReview.objects.filter(submission=row, state__in=[PeerReview.LEASED, *PeerReview.COUNTED_AS_GIVEN])
        assert row.load == counted.count(), row
        assert row.needy == (row.load < row.required_reviews), row


@pytest.mark.parametrize("submissions", [10, 1000])
def test_next_for_work_that_needs_reviews_costs_the_same_queries_at_any_size(submissions):
    item, now = new_item(), timezone.now()
    authors = seed(item, submissions, now=now)
    for reviewer in authors[-3:]:
        lease, queries = queries_of_next(item, reviewer, now)
        assert lease.submission.author_id != reviewer.pk
        assert lease.submission.load == 0  # the least reviewed first
        assert queries == NEEDY_QUERIES
        allocation.submit_review(item, reviewer, lease.submission_id, scores=[], feedback="", now=now)
    assert_load_is_leases_plus_done(item)


@pytest.mark.parametrize("submissions", [10, 1000])
def test_next_for_an_extra_review_costs_the_same_queries_at_any_size(submissions):
    item, now = new_item(), timezone.now()
    reviewer = seed(item, submissions, full=True, now=now)[-1]
    lease, queries = queries_of_next(item, reviewer, now)
    assert lease is not None and lease.submission.author_id != reviewer.pk
    assert queries == EXTRA_REVIEW_QUERIES


def test_an_open_lease_is_handed_back_as_it_was_with_one_more_query():
    item, now = new_item(), timezone.now()
    reviewer = seed(item, 10, now=now)[-1]
    first = allocation.next_for_review(item, reviewer, LEASE, now)
    again, queries = queries_of_next(item, reviewer, now + timedelta(minutes=5))
    assert (again.pk, again.submission_id, again.expires_at) == (first.pk, first.submission_id, first.expires_at)
    assert again.submission.text == first.submission.text
    assert queries == NEEDY_QUERIES - 2  # the lease instead of the candidates, UPDATE and INSERT
    assert_load_is_leases_plus_done(item)


def test_expired_leases_are_released_first_and_the_reviewer_gets_work_again():
    item, now = new_item(), timezone.now()
    authors = seed(item, 10, now=now)
    earlier = now - 2 * LEASE
    for reviewer in authors[-3:]:
        allocation.next_for_review(item, reviewer, LEASE, earlier)
    lease, queries = queries_of_next(item, authors[-1], now)
    assert not PeerReview.objects.filter(item_id=item, state=PeerReview.LEASED, expires_at__lte=now).exists()
    assert lease.state == PeerReview.LEASED and lease.expires_at == now + LEASE
    assert queries > NEEDY_QUERIES  # the sweep's own queries, only when leases have ended
    assert_load_is_leases_plus_done(item)


def test_a_released_review_is_leased_again_not_inserted_twice():
    item, now = new_item(), timezone.now()
    reviewer = seed(item, 2, now=now)[-1]
    first = allocation.next_for_review(item, reviewer, LEASE, now - 2 * LEASE)
    lease = allocation.next_for_review(item, reviewer, LEASE, now)
    assert lease.pk == first.pk and lease.state == PeerReview.LEASED and lease.expires_at == now + LEASE
    assert PeerReview.objects.filter(item_id=item, reviewer=reviewer).count() == 1
    assert_load_is_leases_plus_done(item)


def test_a_lease_row_that_appeared_meanwhile_rolls_the_load_change_back_and_the_reviewer_still_gets_work(
    monkeypatch,
):
    """The INSERT breaks the unique (submission, reviewer): the whole "next" is rolled back and asked again."""
    item, now = new_item(), timezone.now()
    authors = seed(item, 4, now=now)
    reviewer, real_take, staged = authors[-1], allocation._take, []

    def take_after_a_row_appeared(candidate, *args):
        if not staged:
            staged.append(candidate.pk)
            PeerReview.objects.create(
                item_id=item, submission=candidate, reviewer=reviewer, state=PeerReview.RELEASED, leased_at=now
            )
        return real_take(candidate, *args)

    monkeypatch.setattr(allocation, "_take", take_after_a_row_appeared)
    lease = allocation.next_for_review(item, reviewer, LEASE, now)

    assert lease is not None and lease.state == PeerReview.LEASED
    assert PeerReview.objects.filter(item_id=item, reviewer=reviewer).count() == 1  # the staged row rolled back
    assert_load_is_leases_plus_done(item)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs a second connection writing mid-transaction")
def test_the_same_reviewers_other_request_winning_hands_out_its_lease(monkeypatch):
    """The other request commits its lease between this one's search and INSERT: this one hands that lease out."""
    item, now = new_item(), timezone.now()
    reviewer, real_take, other = seed(item, 4, now=now)[-1], allocation._take, {}

    def other_request():
        try:
            other["lease"] = allocation.next_for_review(item, reviewer, LEASE, now)
        finally:
            connection.close()

    def take_after_the_other_request(candidate, *args):
        if threading.current_thread() is threading.main_thread() and not other:
            thread = threading.Thread(target=other_request)
            thread.start()
            thread.join()
        return real_take(candidate, *args)

    monkeypatch.setattr(allocation, "_take", take_after_the_other_request)
    lease = allocation.next_for_review(item, reviewer, LEASE, now)

    assert lease.pk == other["lease"].pk
    assert PeerReview.objects.filter(item_id=item, reviewer=reviewer).count() == 1
    assert_load_is_leases_plus_done(item)
