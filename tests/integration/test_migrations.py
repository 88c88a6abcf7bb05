"""Safe upgrades: the models and migrations agree, and every migration of ours runs forward and back.

The round trip runs ``manage.py migrate`` in a child process against a new, empty database
(MariaDB in the ``-mariadb`` environments, as Open edX runs it; SQLite otherwise), because
the test database of this process is built without migrations on MariaDB (tests/settings.py).
Only our apps are migrated (with what they depend on): edx-submissions' own migrations do not
apply to a new MariaDB database (see tests/settings.py), and they are not ours to test.
"""

import os
import subprocess
import sys
import uuid
from io import StringIO

import pytest
from django.core.management import call_command

OUR_APPS = [  # settings_reference.APPS, in the order their migrations depend on each other
    "wikiskills_core",
    "wikiskills_accounts",
    "wikiskills_exercises",
    "wikiskills_peer_review",
    "wikiskills_skills",
    "wikiskills_badges",  # after skills: badge classes align to its skills
    "wikiskills_tracks",
    "wikiskills_leadership",
]


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_written():
    out = StringIO()
    try:
        call_command("makemigrations", *OUR_APPS, "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()}")


def _manage(database_name, *args):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        "WIKISKILLS_DB_NAME": database_name,
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", *args, "--verbosity=1"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture
def empty_database():
    """A new database name; on MariaDB the database is created and dropped, on SQLite the file removed."""
    name = f"wikiskills_migrations_{uuid.uuid4().hex[:8]}"
    mariadb = os.environ.get("WIKISKILLS_DB") == "mariadb"
    if mariadb:
        import MySQLdb  # noqa: PLC0415  (only in the MariaDB environments)
        from django.conf import settings  # noqa: PLC0415

        database = settings.DATABASES["default"]
        connection = MySQLdb.connect(
            host=database["HOST"], port=int(database["PORT"]), user=database["USER"], password=database["PASSWORD"]
        )
        connection.cursor().execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    yield name
    if mariadb:
        connection.cursor().execute(f"DROP DATABASE IF EXISTS `{name}`")
        connection.close()
    else:
        for path in (f"var/{name}.sqlite3",):
            if os.path.exists(path):
                os.remove(path)


def test_every_migration_of_ours_applies_forward_and_backward_on_an_empty_database(empty_database):
    for app in OUR_APPS:
        _manage(empty_database, "migrate", app)
    for app in reversed(OUR_APPS):
        _manage(empty_database, "migrate", app, "zero")
    for app in OUR_APPS:
        _manage(empty_database, "migrate", app)
    shown = _manage(empty_database, "showmigrations", *OUR_APPS)
    assert "[ ]" not in shown, shown
