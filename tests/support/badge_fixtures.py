"""Pytest fixtures for badges: an issuer with keys, a badge class, learners, an award.

Key generation is the slow part of an issuer (RSA especially), so tests draw keys
from a small pool generated once per session; the pool has several keys of each
algorithm, so a rotation really changes the key material.
"""

import itertools
import os

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from wikiskills.integrations.wikiskills_badges import keys
from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass, Issuer, SigningKey

POOL_SIZE = 3
COURSE_KEY = "course-v1:Wikimedia+Edit101+2026"
WORKER_VISIBILITY_TIMEOUT = 2


@pytest.fixture(scope="session")
def badge_key_pool():
    return {
        SigningKey.RSA: [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(POOL_SIZE)],
        SigningKey.ED25519: [ed25519.Ed25519PrivateKey.generate() for _ in range(POOL_SIZE)],
    }


@pytest.fixture
def pooled_badge_keys(monkeypatch, badge_key_pool):
    """New issuer keys come from the session's pool, in turn."""
    cycles = {algorithm: itertools.cycle(pool) for algorithm, pool in badge_key_pool.items()}
    monkeypatch.setattr(keys, "_new_private_key", lambda algorithm: next(cycles[algorithm]))


@pytest.fixture
def badge_settings(settings):
    settings.WIKISKILLS_BADGES_BASE_URL = "https://learn.example.org"
    settings.WIKISKILLS_BADGES_KEY_SECRET = "badge tests' key secret"
    return settings


@pytest.fixture
def issuer(db, badge_settings, pooled_badge_keys):
    issuer = Issuer.objects.create(
        slug="wikimedia-learning",
        name="Wikimedia Learning",
        url="https://meta.wikimedia.org/wiki/Learning",
        email="learning@example.org",
        description="Courses of the Wikimedia movement.",
        image_url="https://learn.example.org/static/issuer.png",
    )
    keys.ensure_keys(issuer)
    return issuer


@pytest.fixture
def badge_class(issuer, skills_taxonomy):
    return BadgeClass.objects.create(
        slug="first-citation",
        issuer=issuer,
        name="First citation",
        description="Added a reliable source to a Wikipedia article.",
        image_url="https://learn.example.org/static/first-citation.png",
        criteria_narrative="Pass the course Editing 101: add a citation that stays for a week.",
        criteria_url="https://learn.example.org/courses/edit101/criteria",
        tags=["editing", "citations"],
        language="en",
        skill_area_id="editing",
    )


@pytest.fixture
def course_passed_rule(badge_class):
    return AwardRule.objects.create(badge_class=badge_class, trigger=AwardRule.COURSE_PASSED, course_key=COURSE_KEY)


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(
        "learner_lucia", email="Lucia@Example.org", password="pw", first_name="Lucía", last_name="Pérez"
    )


@pytest.fixture
def other_learner(django_user_model):
    return django_user_model.objects.create_user("learner_kwame", email="kwame@example.org", password="pw")


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "instructor_ivan", email="ivan@example.org", password="pw", is_staff=True
    )


@pytest.fixture
def award(badge_class, learner):
    from wikiskills.integrations.wikiskills_badges.awarding import award_badge  # noqa: PLC0415

    award, _created = award_badge(
        badge_class,
        learner,
        evidence=[{"url": "https://en.wikipedia.org/w/index.php?diff=123", "narrative": "The cited edit"}],
        narrative="Added two citations to Ada Lovelace.",
        course_key=COURSE_KEY,
    )
    return award


@pytest.fixture
def start_badge_worker(redis_url, tmp_path):
    """Start real Celery workers on the test database (no wiki needed); all are stopped at the end.

    ``start_badge_worker(queue=...)`` starts one on an earlier worker's queue, as a replacement
    for a worker that died. The broker hands a dead worker's unacknowledged task to another
    after ``CELERY_VISIBILITY_TIMEOUT`` seconds.
    """
    from tests.support.services import CeleryWorker  # noqa: PLC0415

    database_name = f"test_{os.environ.get('WIKISKILLS_DB_NAME', 'wikiskills')}"
    workers = []

    def start(queue=None):
        worker = CeleryWorker(
            redis_url,
            env={"WIKISKILLS_DB_NAME": database_name, "CELERY_VISIBILITY_TIMEOUT": str(WORKER_VISIBILITY_TIMEOUT)},
            log_path=tmp_path / f"badge-worker-{len(workers)}.log",
        )
        if queue:
            worker.queue = queue
        workers.append(worker.start())
        return worker

    yield start
    for worker in workers:
        worker.stop()
