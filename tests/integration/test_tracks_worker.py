"""Progress from events through a real Redis broker and real workers: a repeated event and a worker
killed inside ``record_fact`` still give one fact per fact and one finished stage, with nothing lost.

The workers share the test database (the SQLite file, or MariaDB's test database), as the badges'
worker test does; ``start_badge_worker`` starts them with a short visibility timeout, so the broker
hands a killed worker's unacknowledged task to its replacement.
"""

import signal
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.support.badge_fixtures import WORKER_VISIBILITY_TIMEOUT
from tests.support.tracks_fixtures import COURSE_ONE, EXERCISE, accepted
from wikiskills.integrations.wikiskills_tracks.models import Membership, ProgressFact, Requirement, StageProgress
from wikiskills.integrations.wikiskills_tracks.tasks import record_fact

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RESULT_TIMEOUT = 60


def wait_for(condition, timeout=30, what="condition", worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(
        f"timed out waiting for {what}" + (f"; the worker's log:\n{worker.log_text()}" if worker else "")
    )


def send_event(worker, user_id, kind, key, value, *, reached_at):
    """What ``receivers.queue_fact`` enqueues, sent through the broker from another producer."""
    return worker.send(
        record_fact, user_id, kind, key, float(value), reached_at=reached_at.isoformat(), source="worker test"
    )


def test_one_fact_and_one_stage_when_events_repeat_and_a_worker_dies_mid_update(
    start_badge_worker, make_cohort, person
):
    cohort = make_cohort()
    ana = person("ana")
    membership = accepted(cohort, ana)
    first_stage = cohort.track.stages.get(order=1)
    passed_at = timezone.now() - timedelta(days=2)
    exercise_at = timezone.now() - timedelta(days=1)
    first_worker = start_badge_worker()

    # The course pass, twice (the platform says it on every grade recompute): one new fact, one repeat.
    passed = []
    for _delivery in range(2):
        sent = send_event(first_worker, ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1, reached_at=passed_at)
        passed.append(sent.get(timeout=RESULT_TIMEOUT))
    assert passed == [True, False], first_worker.log_text()
    assert not StageProgress.objects.filter(membership=membership).exists(), "stage 1 also needs the exercise"

    with transaction.atomic():
        # An uncommitted fact of the same user, kind, key and value holds the unique key's lock, so on
        # MariaDB the worker's own insert waits: it is inside ``record_fact``'s transaction when it is
        # killed. On SQLite the test holds the file's write lock: the worker's insert fails with
        # "database is locked", its transaction rolls back and the task is retried until the kill.
        ProgressFact.objects.create(
            user=ana, kind=Requirement.BLOCK_DONE, key=EXERCISE, value=1, reached_at=exercise_at, source="lock"
        )
        first_delivery = send_event(first_worker, ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1, reached_at=exercise_at)
        wait_for(
            lambda: first_worker.log_text().count(" received") >= 3,
            what="the worker to take the third task",
            worker=first_worker,
        )
        time.sleep(1)
        first_worker.stop(signal.SIGKILL)
        transaction.set_rollback(True)
    assert first_worker.log_text().count("succeeded") == 2, "the first worker must die inside the third task"
    if connection.vendor == "mysql":
        assert "retry" not in first_worker.log_text(), "on MariaDB the worker waits on the row lock until killed"
    assert not ProgressFact.objects.filter(kind=Requirement.BLOCK_DONE).exists(), "the kill must leave no fact"
    assert not StageProgress.objects.exists(), "the kill must leave no stage progress"

    # The same event again, then a replacement worker once the broker gives the killed task back.
    second_delivery = send_event(first_worker, ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1, reached_at=exercise_at)
    time.sleep(WORKER_VISIBILITY_TIMEOUT)
    replacement = start_badge_worker(queue=first_worker.queue)

    results = [first_delivery.get(timeout=RESULT_TIMEOUT), second_delivery.get(timeout=RESULT_TIMEOUT)]
    assert sorted(results) == [False, True], replacement.log_text()

    facts = ProgressFact.objects.filter(user=ana)
    assert facts.filter(kind=Requirement.COURSE_PASSED, key=COURSE_ONE).count() == 1
    assert facts.filter(kind=Requirement.BLOCK_DONE, key=EXERCISE).count() == 1
    assert facts.count() == 2
    stage_rows = StageProgress.objects.filter(membership=membership)
    assert list(stage_rows.values_list("stage_id", flat=True)) == [first_stage.pk], "stage 1 done once, nothing more"
    assert stage_rows.get().done_at == exercise_at, "done when its last requirement was met"
    membership.refresh_from_db()
    assert membership.last_progress_at == exercise_at
    assert membership.status == Membership.ACTIVE
