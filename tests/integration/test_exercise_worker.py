"""A worker killed in the middle of a check, with a real Redis broker: the attempt is completed afterwards."""

import os
import signal
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tests.support.exercise_fixtures import linked_learner, pending_attempt
from tests.support.services import CeleryWorker
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_exercises import attempts
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.integrations.wikiskills_exercises.tasks import check_exercise_attempts

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LEARNER = "Exw Kept"
STALL_SECONDS = 60


class StallingWiki:
    """An api.php that never answers: a worker asking it is stuck mid-check until killed."""

    def __init__(self):
        self.asked = threading.Event()
        self.release = threading.Event()
        stalling = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                stalling.asked.set()
                stalling.release.wait(STALL_SECONDS)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/api.php"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def start_worker(redis_url, api_url, log_path):
    database_name = f"test_{os.environ.get('WIKISKILLS_DB_NAME', 'wikiskills')}"
    env = {"WIKISKILLS_DB_NAME": database_name, "WIKISKILLS_DEMO_WIKI_API": api_url}
    return CeleryWorker(redis_url, env=env, log_path=log_path).start()


def test_a_check_killed_half_way_leaves_the_attempt_pending_and_a_later_check_completes_it(
    redis_url, local_wiki, tmp_path
):
    local_wiki.create_users([LEARNER], "exercise worker password 1")
    started = timezone.now() - timedelta(minutes=1)
    (revid,) = local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", "Fact.<ref>Source</ref>", "cited")])
    learner = linked_learner("exw-kept", LEARNER, family="demo")  # the worker's settings name the demo family
    attempt = pending_attempt(learner, "worker-exercise", [{"type": "references_added", "min": 1}], started_at=started)
    stalling = StallingWiki()
    doomed = start_worker(redis_url, stalling.api_url, tmp_path / "doomed.log")
    try:
        doomed.send(check_exercise_attempts, "demo", [attempt.pk])
        assert stalling.asked.wait(60), doomed.log_text()
        doomed.stop(signal.SIGKILL)
    finally:
        doomed.stop()
        stalling.close()

    after_the_kill = ExerciseAttempt.objects.get(pk=attempt.pk)
    due_later = attempts.due_for_check(now=timezone.now() + timedelta(minutes=10))
    worker = start_worker(redis_url, local_wiki.api_url, tmp_path / "worker.log")
    try:
        # What the periodic sweep sends for every attempt left pending.
        result = worker.send(check_exercise_attempts, "demo", list(due_later.values_list("pk", flat=True)))
        assert result.get(timeout=60) == 1, worker.log_text()
    finally:
        worker.stop()

    completed = ExerciseAttempt.objects.get(pk=attempt.pk)
    assert (after_the_kill.status, after_the_kill.results, after_the_kill.check_count) == ("pending", [], 0)
    assert (completed.status, completed.evidence_revids, completed.check_count) == ("passed", [revid], 1)
    assert completed.published_score is None  # published once, by the block, when the learner next looks
