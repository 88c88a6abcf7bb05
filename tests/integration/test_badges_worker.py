"""Awarding through a real Redis broker and real workers: duplicates and a killed worker give one award."""

import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone

from tests.support.badge_fixtures import COURSE_KEY, WORKER_VISIBILITY_TIMEOUT
from wikiskills.integrations.wikiskills_badges.models import Award, AwardRule
from wikiskills.integrations.wikiskills_badges.rules import course_passed_evidence
from wikiskills.integrations.wikiskills_badges.tasks import award_for_trigger

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout=30, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_one_award_when_the_event_comes_twice_and_a_worker_dies_mid_award(
    start_badge_worker, course_passed_rule, learner
):
    first_worker = start_badge_worker()
    # What the COURSE_PASSING_STATUS_UPDATED receiver enqueues.
    course_passed = (AwardRule.COURSE_PASSED, learner.pk, COURSE_KEY, course_passed_evidence(COURSE_KEY))

    with transaction.atomic():
        # An uncommitted award of the same badge and learner holds the row's lock, so the
        # worker's own insert waits: the worker is inside the award when it is killed.
        Award.objects.create(
            badge_class=course_passed_rule.badge_class,
            recipient=learner,
            recipient_type="email",
            recipient_salt="lock",
            recipient_identity_hash="sha256$lock",
            issued_on=timezone.now(),
        )
        first_delivery = first_worker.send(award_for_trigger, *course_passed)
        wait_for(lambda: "award_for_trigger" in first_worker.log_text(), what="the worker to take the task")
        time.sleep(1)
        first_worker.stop(signal.SIGKILL)
        transaction.set_rollback(True)
    assert "succeeded" not in first_worker.log_text(), "the first worker must die inside the task"
    assert not Award.objects.exists(), "the killed worker must leave no award behind"

    second_delivery = first_worker.send(award_for_trigger, *course_passed)
    time.sleep(WORKER_VISIBILITY_TIMEOUT)
    replacement = start_badge_worker(queue=first_worker.queue)

    results = [first_delivery.get(timeout=60), second_delivery.get(timeout=60)]

    award = Award.objects.get()
    assert sorted(results, key=len) == [[], [str(award.uuid)]], replacement.log_text()
    assert award.recipient == learner and award.announced_at is not None
