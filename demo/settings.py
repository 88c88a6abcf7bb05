"""Workbench settings with the WikiSkills apps: the embedded defaults (SQLite, in-process tasks).

Environment variables switch to real services, as the tests and CI do:
``WIKISKILLS_DB=mariadb`` (MariaDB on 127.0.0.1:3306, utf8mb4 as Open edX uses),
``CELERY_BROKER_URL`` (a real broker and worker instead of in-process tasks),
``WIKISKILLS_DEMO_WIKI_API`` (the wiki the ``demo`` key points at).
"""

import os
import sys
from pathlib import Path

# The workbench index lists only WikiSkills scenarios, not the SDK's sample blocks.
os.environ.setdefault("EXCLUDE_SAMPLE_XBLOCKS", "yes")

from workbench.settings import *  # noqa: F403

from wikiskills.integrations.celery_app import app as celery_app  # noqa: F401  (makes it the current app)
from wikiskills.integrations.wikiskills_accounts.settings.common import plugin_settings as accounts_settings
from wikiskills.integrations.wikiskills_badges.settings.common import plugin_settings as badges_settings
from wikiskills.integrations.wikiskills_core.settings.common import plugin_settings
from wikiskills.integrations.wikiskills_exercises.settings.common import plugin_settings as exercises_settings
from wikiskills.integrations.wikiskills_leadership.settings.common import plugin_settings as leadership_settings
from wikiskills.integrations.wikiskills_peer_review.settings.common import plugin_settings as peer_review_settings
from wikiskills.integrations.wikiskills_skills.settings.common import plugin_settings as skills_settings
from wikiskills.integrations.wikiskills_tracks.settings.common import plugin_settings as tracks_settings

Path("var").mkdir(exist_ok=True)  # the workbench keeps its database and log here

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "wikiskills.integrations.wikiskills_core",
    "wikiskills.integrations.wikiskills_badges",
    "wikiskills.integrations.wikiskills_accounts",
    "wikiskills.integrations.wikiskills_exercises",
    "wikiskills.integrations.wikiskills_peer_review",
    "wikiskills.integrations.wikiskills_skills",
    "wikiskills.integrations.wikiskills_tracks",
    "wikiskills.integrations.wikiskills_leadership",
    "rest_framework",  # the skills API (Django REST framework, as in every LMS)
    "submissions",  # edx-submissions, where Open edX keeps submissions and scores (installed in every LMS)
    "social_django",  # "Log in with Wikimedia" records, as Open edX third-party auth keeps them
    "demo",
]
ROOT_URLCONF = "demo.urls"
# LocaleMiddleware after the session (it reads the chosen language there) and before CommonMiddleware; the
# demo bar (the person you act as, the language) last, inside CSRF, so its forms' token reaches the cookie.
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    *(name for name in MIDDLEWARE if name != "django.contrib.sessions.middleware.SessionMiddleware"),
    "demo.bar.DemoBarMiddleware",
]
LANGUAGE_CODE = "en"
# The languages the project ships catalogs for; block catalogs are found by the demo's i18n service (demo/i18n.py).
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("ar", "Arabic"),
    ("hi", "Hindi"),
    ("pt-br", "Brazilian Portuguese"),
]
MEDIA_ROOT = "var/media"  # uploaded badge images


def _database():
    name = os.environ.get("WIKISKILLS_DB_NAME", "wikiskills")
    if os.environ.get("WIKISKILLS_DB", "sqlite") == "mariadb":
        return {
            "ENGINE": "django.db.backends.mysql",
            "NAME": name,
            "USER": os.environ.get("WIKISKILLS_DB_USER", "root"),
            "PASSWORD": os.environ.get("WIKISKILLS_DB_PASSWORD", ""),
            "HOST": os.environ.get("WIKISKILLS_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("WIKISKILLS_DB_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    # A file for the test database too, so a Celery worker process can open the same one.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"var/{name}.sqlite3",
        "TEST": {"NAME": f"var/test_{name}.sqlite3"},
    }


DATABASES = {"default": _database()}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long a task a worker took but never acknowledged (the worker died) waits before the broker
# hands it to another worker; tests shorten it to see a killed worker's task redelivered.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}

WIKISKILLS_WIKIS = {
    "demo": {
        "api_url": os.environ.get("WIKISKILLS_DEMO_WIKI_API", "https://test.wikipedia.org/w/api.php"),
        "name": os.environ.get("WIKISKILLS_DEMO_WIKI_NAME", "Test Wikipedia"),
        "family": "demo",
    },
}
# Open edX gives XBlocks a teams service; the workbench's stand-in reads the demo's teams from here.
WORKBENCH = {**WORKBENCH, "services": {**WORKBENCH["services"], "teams": "demo.teams.DemoTeamsService"}}
WIKISKILLS_DEMO_TEAMS = {
    "wikiprojects": {
        "medicine": ["ana", "ben", "chen"],
        "women-in-red": ["dara", "eli", "femi"],
    },
}
WIKISKILLS_USER_AGENT_CONTACT = os.environ.get("WIKISKILLS_USER_AGENT_CONTACT", "")
# Where ``demo.run`` serves: every absolute URL of the demo (badge ids, images and verification links, the
# issuers' did:web, the links ``load_demo_data`` prints) is built on this one setting.
LMS_ROOT_URL = f"http://127.0.0.1:{os.environ.get('WIKISKILLS_DEMO_PORT', '8000')}"
# The LMS has its own sign-in page; the demo lets you act as one of its people (demo/views.py), and
# Django's default ``/accounts/login/`` leads there too.
LOGIN_URL = "/demo/people/"
# Encrypts the demo issuers' private keys; production sets its own, kept apart from the database.
WIKISKILLS_BADGES_KEY_SECRET = os.environ.get("WIKISKILLS_BADGES_KEY_SECRET", "demo only, not a secret")

plugin_settings(sys.modules[__name__])
accounts_settings(sys.modules[__name__])
exercises_settings(sys.modules[__name__])
peer_review_settings(sys.modules[__name__])
badges_settings(sys.modules[__name__])
skills_settings(sys.modules[__name__])
tracks_settings(sys.modules[__name__])
leadership_settings(sys.modules[__name__])
