"""Property tests of the allocator against the database: random pools, reviewers, leases and abandonment.

After every step: nobody is offered their own work or work they reviewed, the offer is the
neediest available, the stored load matches the leases and reviews, and a capped lease never
pushes a submission past its need. After a drain in which reviewers keep asking while work
needs them, every submission has its required reviews whenever the pool has enough reviewers.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.peer_review_fixtures import new_item, submitter
from wikiskills.integrations.wikiskills_peer_review import allocation
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy

pytestmark = pytest.mark.django_db

LEASE = timedelta(hours=8)
SCORES = [{"criterion": "Sources", "option": "All", "points": 2, "feedback": ""}]
PROPERTY_SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

steps = st.lists(
    st.tuples(st.integers(min_value=0, max_value=7), st.sampled_from(["ask", "review", "abandon", "wait"])),
    max_size=40,
)


class Pool:
    """One item with its learners; every offer is checked against a brute-force reading of the rows."""

    def __init__(self, learners, must_grade, must_be_graded_by):
        self.item = new_item()
        self.now = timezone.now()
        policy = ReviewPolicy(must_grade=must_grade, must_be_graded_by=must_be_graded_by, lease=LEASE)
        self.submissions = [submitter(self.item, policy, self.now) for _ in range(learners)]
        self.reviewers = [submission.author for submission in self.submissions]

    def available_to(self, reviewer):
        """Submissions this reviewer may be offered: not theirs, not reviewed or leased by them."""
        taken = set(
            PeerReview.objects.filter(item_id=self.item, reviewer=reviewer)
            .exclude(state=PeerReview.RELEASED)
            .values_list("submission_id", flat=True)
        )
        rows = PeerSubmission.objects.filter(item_id=self.item).exclude(author=reviewer)
        return [row for row in rows if row.pk not in taken]

    def ask(self, reviewer):
        held = allocation.current_lease(self.item, reviewer)
        if held is not None and held.expires_at > self.now:
            assert allocation.next_for_review(self.item, reviewer, LEASE, self.now).pk == held.pk
            return held
        allocation.release_expired_leases(self.item, self.now)
        candidates = self.available_to(reviewer)
        lease = allocation.next_for_review(self.item, reviewer, LEASE, self.now)
        if not candidates:
            assert lease is None
            return None
        offered = next(row for row in candidates if row.pk == lease.submission_id)
        needy = [row for row in candidates if row.load < row.required_reviews]
        assert lease.submission.author_id != reviewer.pk
        assert offered.load == min(row.load for row in (needy or candidates)), "not the neediest"
        if needy:
            assert offered.load < offered.required_reviews, "a capped lease went past the need"
        return lease

    def review(self, reviewer):
        lease = allocation.current_lease(self.item, reviewer)
        if lease is not None:
            allocation.submit_review(self.item, reviewer, lease.submission_id, scores=SCORES, feedback="", now=self.now)
        return lease

    def check_loads(self):
        """The stored load is exactly the open leases plus the done reviews, and ``needy`` agrees with it."""
        allocation.release_expired_leases(self.item, self.now)
        for row in PeerSubmission.objects.filter(item_id=self.item):
            states = list(row.reviews.values_list("state", flat=True))
            assert row.load == states.count(PeerReview.LEASED) + states.count(PeerReview.DONE)
            assert row.needy == (row.load < row.required_reviews)
            assert row.author_id not in set(row.reviews.values_list("reviewer_id", flat=True))

    def drain(self):
        """Reviewers keep asking and reviewing while some work still needs them; over-review offers are let go."""
        progress = True
        while progress:
            progress = False
            for reviewer in self.reviewers:
                lease = self.ask(reviewer)
                if lease is None:
                    continue
                submission = PeerSubmission.objects.get(pk=lease.submission_id)
                done = submission.reviews.filter(state=PeerReview.DONE).count()
                if done < submission.required_reviews:
                    self.review(reviewer)
                    progress = True
                else:
                    PeerReview.objects.filter(pk=lease.pk).update(expires_at=self.now)
                    allocation.release_expired_leases(self.item, self.now)


@PROPERTY_SETTINGS
@given(
    learners=st.integers(min_value=1, max_value=8),
    must_grade=st.integers(min_value=1, max_value=4),
    must_be_graded_by=st.integers(min_value=1, max_value=4),
    script=steps,
)
def test_allocation_is_fair_safe_and_complete(learners, must_grade, must_be_graded_by, script):
    pool = Pool(learners, must_grade, must_be_graded_by)
    for who, action in script:
        reviewer = pool.reviewers[who % learners]
        if action == "ask":
            pool.ask(reviewer)
        elif action == "review":
            pool.review(reviewer)
        elif action == "abandon":
            pool.ask(reviewer)
            pool.now += LEASE  # the lease runs out unused
        else:
            pool.now += timedelta(hours=1)
        pool.check_loads()

    pool.drain()
    pool.check_loads()

    done = {
        row.pk: row.reviews.filter(state=PeerReview.DONE, kind=PeerReview.PEER).count()
        for row in PeerSubmission.objects.filter(item_id=pool.item)
    }
    if learners - 1 >= must_be_graded_by:
        assert all(count >= must_be_graded_by for count in done.values()), done
    else:
        assert all(count == learners - 1 for count in done.values()), done


def test_a_reviewer_keeps_their_open_lease_and_cannot_review_what_they_were_not_offered():
    pool = Pool(3, must_grade=1, must_be_graded_by=1)
    first = pool.ask(pool.reviewers[0])
    again = allocation.next_for_review(pool.item, pool.reviewers[0], LEASE, pool.now)
    stranger = pool.submissions[1] if first.submission_id != pool.submissions[1].pk else pool.submissions[2]

    assert again.pk == first.pk
    with pytest.raises(allocation.ReviewRefused) as refusal:
        allocation.submit_review(pool.item, pool.reviewers[0], stranger.pk, scores=SCORES, feedback="", now=pool.now)
    assert refusal.value.code == allocation.ReviewRefused.NOT_OFFERED


def test_a_review_sent_after_its_lease_ran_out_is_kept_and_counted_once():
    pool = Pool(2, must_grade=1, must_be_graded_by=1)
    lease = pool.ask(pool.reviewers[0])
    pool.now += LEASE + timedelta(minutes=1)
    allocation.release_expired_leases(pool.item, pool.now)

    review, first = allocation.submit_review(
        pool.item, pool.reviewers[0], lease.submission_id, scores=SCORES, feedback="late", now=pool.now
    )
    _again, second = allocation.submit_review(
        pool.item, pool.reviewers[0], lease.submission_id, scores=SCORES, feedback="late", now=pool.now
    )

    assert (review.state, first, second) == (PeerReview.DONE, True, False)
    assert PeerSubmission.objects.get(pk=lease.submission_id).load == 1


def test_only_a_learner_who_submitted_may_review():
    pool = Pool(2, must_grade=1, must_be_graded_by=1)
    outsider = Pool(1, must_grade=1, must_be_graded_by=1).reviewers[0]

    with pytest.raises(allocation.ReviewRefused) as refusal:
        allocation.next_for_review(pool.item, outsider, LEASE, pool.now)

    assert refusal.value.code == allocation.ReviewRefused.NOT_SUBMITTED


def test_learners_review_only_within_their_pool():
    item, now = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=1, must_be_graded_by=1)
    north = [submitter(item, policy, now, pool="cohort:1") for _ in range(2)]
    south = [submitter(item, policy, now, pool="cohort:2") for _ in range(2)]

    offers = {row.author_id: allocation.next_for_review(item, row.author, LEASE, now) for row in north + south}

    for row in north + south:
        assert offers[row.author_id].submission.pool == row.pool
