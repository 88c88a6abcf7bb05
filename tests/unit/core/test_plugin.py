"""Installing the package is all an admin does: Open edX's plugin system finds the app and its settings."""

import sys
import types

import pytest
from edx_django_utils.plugins import add_plugins, get_plugin_apps

APP_CONFIG = "wikiskills.integrations.wikiskills_core.apps.WikiSkillsCoreConfig"


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_lms_and_cms_discover_the_core_app(project):
    assert APP_CONFIG in get_plugin_apps(project)


def test_plugin_settings_add_defaults_without_overriding_the_operator(monkeypatch):
    operator_settings = types.ModuleType("operator_settings")
    operator_settings.WIKISKILLS_PAGE_CACHE_SECONDS = 60
    monkeypatch.setitem(sys.modules, "operator_settings", operator_settings)

    add_plugins("operator_settings", "lms.djangoapp", "common")

    assert operator_settings.WIKISKILLS_PAGE_CACHE_SECONDS == 60
    assert operator_settings.WIKISKILLS_WIKIS == {}
    assert operator_settings.WIKISKILLS_HTTP_TIMEOUT_SECONDS == 30


def test_periodic_tasks_reach_beat_however_celery_reads_django_settings():
    """edx-platform's Celery reads CELERYBEAT_SCHEDULE (no namespace); namespaced apps read CELERY_BEAT_SCHEDULE."""
    from datetime import timedelta  # noqa: PLC0415
    from types import SimpleNamespace  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task  # noqa: PLC0415

    mine = {"task": "operator.task", "schedule": 5}
    settings = SimpleNamespace(CELERYBEAT_SCHEDULE={"wikiskills-sweep": mine})
    add_periodic_task(settings, "wikiskills-sweep", "ours", timedelta(minutes=5))
    assert {"wikiskills-sweep": mine} == settings.CELERYBEAT_SCHEDULE  # the operator's entry wins
    assert settings.CELERY_BEAT_SCHEDULE["wikiskills-sweep"]["task"] == "ours"
