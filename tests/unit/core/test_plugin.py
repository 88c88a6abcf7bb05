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
