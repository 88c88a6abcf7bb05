"""Shared fixtures: real services (MediaWiki, Redis + a Celery worker, MariaDB) and wiki settings."""

import os

import pytest

from tests.support.services import (
    REDIS_URL,
    CeleryWorker,
    redis_unavailable_reason,
    service_missing,
    services_required,
)

pytest_plugins = [
    "tests.support.wiki_fixtures",
    "tests.support.badge_fixtures",
    "tests.support.exercise_fixtures",
    "tests.support.browser_fixtures",
    "tests.support.axe",
    "tests.support.skills_fixtures",
    "tests.support.tracks_fixtures",
    "tests.packs.pack_fixtures",
]


def _mariadb_unavailable_reason():
    """Why the MariaDB the settings name cannot be reached, or None (also None when SQLite is used)."""
    if os.environ.get("WIKISKILLS_DB") != "mariadb":
        return None
    import MySQLdb  # noqa: PLC0415  (only needed when the suite runs on MariaDB)
    from django.conf import settings  # noqa: PLC0415

    database = settings.DATABASES["default"]
    try:
        MySQLdb.connect(
            host=database["HOST"], port=int(database["PORT"]), user=database["USER"], password=database["PASSWORD"]
        ).close()
    except MySQLdb.Error as exc:
        return str(exc)
    return None


def pytest_collection_modifyitems(config, items):
    """On MariaDB, a missing server fails the run in CI and skips it elsewhere, with the reason."""
    reason = _mariadb_unavailable_reason()
    if reason is None:
        return
    message = f"MariaDB is not available ({reason}); start it, or run without WIKISKILLS_DB=mariadb"
    if services_required():
        raise pytest.UsageError(f"{message} [WIKISKILLS_REQUIRE_SERVICES=1]")
    for item in items:
        item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture
def wiki(settings, local_wiki):
    """The ``demo`` wiki of the settings, pointed at the session's local MediaWiki."""
    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415

    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": local_wiki.api_url, "name": "Local test wiki", "family": "test"}}
    return wikis.get_wiki("demo")


@pytest.fixture
def redis_url():
    reason = redis_unavailable_reason()
    if reason:
        service_missing("Redis", reason, "start redis-server on 127.0.0.1:6379")
    return REDIS_URL


@pytest.fixture
def celery_worker(redis_url, local_wiki, tmp_path):
    """A real worker process on the test database and local wiki, reached through Redis."""
    database_name = f"test_{os.environ.get('WIKISKILLS_DB_NAME', 'wikiskills')}"
    worker = CeleryWorker(
        redis_url,
        env={"WIKISKILLS_DB_NAME": database_name, "WIKISKILLS_DEMO_WIKI_API": local_wiki.api_url},
        log_path=tmp_path / "worker.log",
    ).start()
    try:
        yield worker
    finally:
        worker.stop()
