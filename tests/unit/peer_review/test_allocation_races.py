"""A reviewer who loses every candidate to faster reviewers still gets work that needs reviews.

The race is staged in one thread: just before the reviewer's first lease attempt, other
reviewers fill every candidate the search returned. The real interleaving, with HTTP requests
on MariaDB, is in ``tests/integration/test_peer_review_concurrency.py``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.support.peer_review_fixtures import new_item, submitter
from wikiskills.integrations.wikiskills_peer_review import allocation
from wikiskills.integrations.wikiskills_peer_review.models import PeerSubmission, load_change
from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy

pytestmark = pytest.mark.django_db

LEASE = timedelta(hours=8)


def test_losing_a_whole_batch_of_candidates_searches_again_before_offering_extra_reviews(monkeypatch):
    item, now = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=1, must_be_graded_by=1, lease=LEASE)
    reviewer = submitter(item, policy, now).author
    others = [submitter(item, policy, now + timedelta(seconds=second)) for second in range(1, 9)]
    first_batch = [submission.pk for submission in others[: allocation.CANDIDATES]]
    real_take, raced = allocation._take, []

    def take_after_others_filled_the_batch(candidate, *args):
        if not raced:
            raced.append(candidate.pk)
            PeerSubmission.objects.filter(pk__in=first_batch).update(**load_change(+1))
        return real_take(candidate, *args)

    monkeypatch.setattr(allocation, "_take", take_after_others_filled_the_batch)
    lease = allocation.next_for_review(item, reviewer, LEASE, now)

    assert raced == [first_batch[0]]
    assert lease.submission_id == others[allocation.CANDIDATES].pk
    assert PeerSubmission.objects.get(pk=lease.submission_id).load == 1
    assert not PeerSubmission.objects.filter(item_id=item, load__gt=1).exists()
