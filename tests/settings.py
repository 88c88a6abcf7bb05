"""Test settings: the workbench settings the demo uses, with the wiki pointed at each test's own wiki."""

import os

from demo.settings import *  # noqa: F403

WIKISKILLS_USER_AGENT_CONTACT = "wikiskills-tests@example.org"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests click "Check my edit" again within seconds, as no learner can; the throttle's own tests turn it on.
WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS = 0

if os.environ.get("WIKISKILLS_DB") == "mariadb":
    # edx-submissions 3.12/4.0's migration 0006 alters a `uuid` column that StudentItem does not have, so
    # migrating a new MariaDB database fails; the MariaDB runs build every table from the models instead.
    # The SQLite runs still apply every migration.
    DATABASES["default"]["TEST"]["MIGRATE"] = False  # noqa: F405
