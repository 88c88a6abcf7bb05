"""The "never stuck" rules: each fires exactly when it should, and leaves no work waiting on nobody.

The first fires when the grace period is over and the pool is too small; the second when a big
enough pool still has not reviewed the work by its second check.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.peer_review_fixtures import new_item, submitter
from wikiskills.integrations.wikiskills_peer_review import allocation, fallbacks
from wikiskills.integrations.wikiskills_peer_review.models import PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.policy import (
    FALLBACK_NEIGHBOUR,
    FALLBACK_REDUCE,
    FALLBACK_STAFF,
    FALLBACKS,
    ReviewPolicy,
    Shortfall,
    relief_for,
    stall_relief,
)
from wikiskills.integrations.wikiskills_peer_review.tasks import sweep_peer_review

GRACE = timedelta(days=3)


@given(
    fallback=st.sampled_from(FALLBACKS),
    shortfall=st.builds(Shortfall, st.booleans(), st.booleans()),
    in_pool=st.integers(min_value=0, max_value=6),
    extra_in_course=st.integers(min_value=0, max_value=6),
    required=st.tuples(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=6)),
)
def test_relief_never_asks_more_than_before_or_than_anyone_can_give(
    fallback, shortfall, in_pool, extra_in_course, required
):
    required_reviews, required_given = required
    reviews_short, reviewing_short = shortfall.reviews_short, shortfall.reviewing_short
    relief = relief_for(
        fallback,
        shortfall,
        others_in_pool=in_pool,
        others_in_course=in_pool + extra_in_course,
        required_reviews=required_reviews,
        required_given=required_given,
    )
    reach = in_pool + extra_in_course if fallback == FALLBACK_NEIGHBOUR and extra_in_course else in_pool

    assert relief.required_reviews <= required_reviews and relief.required_given <= required_given
    if reviews_short:
        assert relief.required_reviews <= reach or relief.needs_staff
        assert relief.needs_staff == (fallback == FALLBACK_STAFF or reach == 0)
    else:
        assert (relief.required_reviews, relief.needs_staff, relief.shared_with_other_cohorts) == (
            required_reviews,
            False,
            False,
        )
    if reviewing_short:
        assert relief.required_given <= reach
    else:
        assert relief.required_given == required_given


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    others=st.integers(min_value=0, max_value=5),
    must_grade=st.integers(min_value=1, max_value=4),
    must_be_graded_by=st.integers(min_value=1, max_value=4),
    hours_after=st.integers(min_value=0, max_value=24 * 6),
    fallback=st.sampled_from(FALLBACKS),
)
def test_the_fallback_fires_exactly_when_the_pool_is_too_small_after_the_grace_period(
    others, must_grade, must_be_graded_by, hours_after, fallback
):
    item, start = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=must_grade, must_be_graded_by=must_be_graded_by, grace=GRACE, fallback=fallback)
    mine = submitter(item, policy, start, pool="cohort:small")
    for _ in range(others):
        submitter(item, policy, start, pool="cohort:small")
    now = start + timedelta(hours=hours_after)

    fired = fallbacks.apply_fallback_if_due(mine, now)
    stored = PeerSubmission.objects.get(pk=mine.pk)

    too_small = others < must_be_graded_by or others < must_grade
    assert fired == (now >= start + GRACE and too_small)
    assert (stored.grace_checked_at is not None) == (now >= start + GRACE)
    if fired and fallback != FALLBACK_STAFF and others:
        assert stored.required_reviews == min(must_be_graded_by, others)
        assert stored.required_given == min(must_grade, others)
    if fired and others < must_be_graded_by:
        assert stored.needs_staff == (fallback == FALLBACK_STAFF or others == 0)
    later = fallbacks.apply_fallback_if_due(stored, now + GRACE)
    assert later == (now < start + GRACE and too_small), "the rule is looked at once, after the grace period"


@pytest.mark.django_db
def test_the_sweep_opens_a_small_cohorts_work_to_other_cohorts_who_then_review_it():
    item, now = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=2, must_be_graded_by=1, grace=GRACE, fallback=FALLBACK_NEIGHBOUR)
    alone = submitter(item, policy, now - GRACE, pool="cohort:tiny")
    big = [submitter(item, policy, now, pool="cohort:big") for _ in range(2)]  # lease each other's
    first_offers = [allocation.next_for_review(item, row.author, policy.lease, now) for row in big]

    result = sweep_peer_review.apply().get()
    alone.refresh_from_db()
    reviewer = big[1].author
    allocation.submit_review(item, reviewer, first_offers[1].submission_id, scores=[], feedback="", now=now)
    offer = allocation.next_for_review(item, reviewer, policy.lease, now)

    assert {offer.submission.pool for offer in first_offers} == {"cohort:big"}
    assert result["fallbacks"] >= 1
    assert alone.shared and alone.reviews_other_cohorts and not alone.needs_staff
    assert offer.submission_id == alone.pk
    assert allocation.next_for_review(item, alone.author, policy.lease, now).submission.pool == "cohort:big"


@pytest.mark.django_db
def test_expired_leases_go_back_to_the_pool_on_the_sweep():
    item, start = new_item(), timezone.now() - timedelta(days=1)
    policy = ReviewPolicy(must_grade=1, must_be_graded_by=1, fallback=FALLBACK_REDUCE)
    first, second = submitter(item, policy, start), submitter(item, policy, start)
    allocation.next_for_review(item, first.author, policy.lease, start)

    result = sweep_peer_review.apply().get()

    second.refresh_from_db()
    assert result["released"] >= 1 and second.load == 0


@given(
    fallback=st.sampled_from(FALLBACKS),
    required=st.integers(min_value=1, max_value=6),
    received=st.integers(min_value=0, max_value=6),
    others_elsewhere=st.booleans(),
)
def test_stall_relief_leaves_no_work_waiting_for_reviews_nobody_will_give(
    fallback, required, received, others_elsewhere
):
    received = min(received, required - 1)  # the rule is asked only about work short of reviews
    relief = stall_relief(
        fallback, received=received, required_reviews=required, required_given=2, others_elsewhere=others_elsewhere
    )

    assert relief.required_reviews <= required and relief.required_given == 2
    assert relief.needs_staff or relief.required_reviews == received or relief.shared_with_other_cohorts
    assert relief.shared_with_other_cohorts == (fallback == FALLBACK_NEIGHBOUR and others_elsewhere)
    assert relief.needs_staff == (fallback == FALLBACK_STAFF or (not received and not relief.shared_with_other_cohorts))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    must_be_graded_by=st.integers(min_value=1, max_value=3),
    received=st.integers(min_value=0, max_value=3),
    elsewhere=st.booleans(),
    hours_after=st.integers(min_value=0, max_value=24 * 8),
    fallback=st.sampled_from(FALLBACKS),
)
def test_the_second_check_fires_exactly_when_a_big_enough_group_has_not_reviewed_the_work_in_time(
    must_be_graded_by, received, elsewhere, hours_after, fallback
):
    received = min(received, must_be_graded_by)
    item, start = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=1, must_be_graded_by=must_be_graded_by, grace=GRACE, fallback=fallback)
    mine = submitter(item, policy, start, pool="cohort:a")
    others = [submitter(item, policy, start, pool="cohort:a") for _ in range(must_be_graded_by)]
    if elsewhere:
        submitter(item, policy, start, pool="cohort:b")
    for other in others[:received]:
        allocation.assign_reviewer(mine, other.author, None, policy.lease, start)
        allocation.submit_review(item, other.author, mine.pk, scores=[], feedback="", now=start)
    now = start + timedelta(hours=hours_after)
    mine.refresh_from_db()

    fired = fallbacks.apply_due_rules(mine, now)
    stored = PeerSubmission.objects.get(pk=mine.pk)

    due = now >= start + GRACE + policy.stall_wait
    assert fired == (due and received < must_be_graded_by), "the group is never too small here"
    assert stored.stalled == fired and (stored.stall_checked_at is not None) == due
    if fired:
        assert stored.needs_staff or stored.required_reviews == received or (stored.shared and elsewhere)
    else:
        assert (stored.required_reviews, stored.needs_staff, stored.shared) == (must_be_graded_by, False, False)
    later = fallbacks.apply_due_rules(stored, start + 2 * (GRACE + policy.stall_wait))
    assert later == (not due and received < must_be_graded_by), "each check is made once, when due"


@pytest.mark.django_db
def test_the_sweep_makes_the_second_check_and_work_under_moderation_waits_for_it():
    item, start = new_item(), timezone.now() - timedelta(days=30)
    policy = ReviewPolicy(must_grade=1, must_be_graded_by=1, grace=GRACE, fallback=FALLBACK_STAFF)
    waiting, reported = submitter(item, policy, start), submitter(item, policy, start)
    submitter(item, policy, start)  # so the group stays big enough while one work is reported
    PeerSubmission.objects.filter(pk=reported.pk).update(status=PeerSubmission.FLAGGED)

    result = sweep_peer_review.apply().get()

    waiting.refresh_from_db()
    reported.refresh_from_db()
    assert result["fallbacks"] >= 1
    assert waiting.stalled and waiting.needs_staff
    assert reported.grace_checked_at is not None and reported.stall_checked_at is None
    PeerSubmission.objects.filter(pk=reported.pk).update(status=PeerSubmission.ACTIVE)
    sweep_peer_review.apply().get()
    reported.refresh_from_db()
    assert reported.stalled and reported.needs_staff
