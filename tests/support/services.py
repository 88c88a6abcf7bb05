"""Real services for integration tests: present, or a skip here and a failure in CI.

``WIKISKILLS_REQUIRE_SERVICES=1`` (set by ``.ci/run``) turns every "service
missing" skip into a failure, so CI cannot go green by skipping.
"""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery

REDIS_URL = os.environ.get("WIKISKILLS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
WORKER_START_TIMEOUT = 60


def services_required():
    return os.environ.get("WIKISKILLS_REQUIRE_SERVICES") == "1"


def service_missing(what, reason, hint):
    """Fail (CI) or skip (elsewhere) because ``what`` is not there, saying how to get it."""
    message = f"{what} is not available ({reason}); {hint}"
    if services_required():
        pytest.fail(f"{message} [WIKISKILLS_REQUIRE_SERVICES=1]", pytrace=False)
    pytest.skip(message)


def redis_unavailable_reason(url=REDIS_URL):
    """Why Redis cannot be used, or None."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"{url}: {exc}"
    return None


class CeleryWorker:
    """A real ``celery worker`` process on its own queue, stopped by its process id."""

    def __init__(self, broker_url, env, log_path):
        self.broker_url = broker_url
        self.queue = f"wikiskills-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.log_path = Path(log_path)
        self.process = None

    def start(self):
        command = [
            sys.executable, "-m", "celery", "-A", "wikiskills.integrations.celery_app", "worker",
            "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO", "-Q", self.queue, "-n", f"{self.queue}@127.0.0.1",
        ]  # fmt: skip
        environment = {**os.environ, **self.env, "CELERY_BROKER_URL": self.broker_url}
        environment["CELERY_RESULT_BACKEND"] = self.broker_url
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        return self

    def send(self, task, *args, **kwargs):
        """Send ``task`` to this worker through the broker, as a producer in another process would."""
        # Not the current app: the rest of the test process keeps its own (in-process) Celery app.
        producer = Celery(
            "wikiskills-test-producer", broker=self.broker_url, backend=self.broker_url, set_as_current=False
        )
        return producer.send_task(task.name, args=args, kwargs=kwargs, queue=self.queue)

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self):
        return self.log_path.read_text(errors="replace")
