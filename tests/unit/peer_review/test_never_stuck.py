"""The "never stuck" rule: it fires exactly when the grace period is over and the pool is too small."""

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
