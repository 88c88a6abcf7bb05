"""Django for a benchmark: a throw-away SQLite database, in-process tasks, no query log kept in memory."""

import os
from contextlib import contextmanager
from pathlib import Path


def setup_django(database_name, settings_module="demo.settings"):
    """Set up (once per process) and migrate a ``bench-`` SQLite database.

    A process keeps the settings of its first setup: a later benchmark reuses them, and
    ``drop_database`` of the earlier one has removed the file, so connections reopen afresh.
    """
    assert database_name.startswith("bench-"), "only a throw-away bench database may be used (and removed)"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["WIKISKILLS_DB"] = "sqlite"
    os.environ["WIKISKILLS_DB_NAME"] = database_name
    os.environ.pop("CELERY_BROKER_URL", None)
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connections  # noqa: PLC0415

    django.setup()
    connections.close_all()
    settings.DEBUG = False
    call_command("migrate", run_syncdb=True, verbosity=0)


def drop_database():
    """Remove the throw-away SQLite file (whichever benchmark named it); other databases are left alone."""
    from django.db import connections  # noqa: PLC0415

    database = connections["default"].settings_dict
    connections.close_all()
    if database["ENGINE"].endswith("sqlite3") and Path(database["NAME"]).name.startswith("bench-"):
        Path(database["NAME"]).unlink(missing_ok=True)


@contextmanager
def bench_database(database_name, settings_module="demo.settings"):
    """``setup_django`` for the block's duration, then ``drop_database``."""
    setup_django(database_name, settings_module)
    try:
        yield
    finally:
        drop_database()
