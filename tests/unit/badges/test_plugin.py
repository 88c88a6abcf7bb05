"""The LMS finds the badges app, its settings defaults, its URLs and its system checks."""

import sys
import types

import pytest
from django.core import checks
from django.urls import resolve
from edx_django_utils.plugins import add_plugins, get_plugin_apps, get_plugin_url_patterns

APP_CONFIG = "wikiskills.integrations.wikiskills_badges.apps.WikiSkillsBadgesConfig"


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_lms_and_cms_discover_the_badges_app(project):
    assert APP_CONFIG in get_plugin_apps(project)


def test_the_lms_mounts_the_badge_urls_at_the_former_api_path():
    (pattern,) = [p for p in get_plugin_url_patterns("lms.djangoapp") if "wikiskills_badges" in str(p.urlconf_name)]
    assert pattern.namespace == "wikiskills_badges"
    assert resolve("/api/badges/v1/assertions/user/learner_lucia/").url_name == "user_assertions"


def test_plugin_settings_add_defaults_without_overriding_the_operator(monkeypatch):
    operator_settings = types.ModuleType("operator_settings")
    operator_settings.WIKISKILLS_BADGES_BASE_URL = "https://learn.example.org"
    monkeypatch.setitem(sys.modules, "operator_settings", operator_settings)

    add_plugins("operator_settings", "lms.djangoapp", "common")

    assert operator_settings.WIKISKILLS_BADGES_BASE_URL == "https://learn.example.org"
    assert operator_settings.WIKISKILLS_BADGES_KEY_SECRET == ""
    assert operator_settings.WIKISKILLS_BADGES_BACKENDS == {}


def test_checks_warn_about_an_empty_key_secret_and_refuse_a_base_url_with_a_path(settings):
    settings.WIKISKILLS_BADGES_KEY_SECRET = ""
    settings.WIKISKILLS_BADGES_BASE_URL = "https://learn.example.org/badges"
    ids = {message.id for message in checks.run_checks()}
    assert {"wikiskills_badges.W001", "wikiskills_badges.E001"} <= ids

    settings.WIKISKILLS_BADGES_KEY_SECRET = "secret"
    settings.WIKISKILLS_BADGES_BASE_URL = "https://learn.example.org"
    ids = {message.id for message in checks.run_checks()}
    assert not ids & {"wikiskills_badges.W001", "wikiskills_badges.E001"}


@pytest.mark.parametrize(
    ("secret", "refused"),
    [
        ("secret", True),
        ("correct horse battery staple correct horse", True),  # long, but words: few distinct characters
        ("a" * 64, True),
        ("x8Vq2LmZ0rT4pN7kW1yB5cH9dF3gJ6sQ0eR2tU8iO4aE", False),
    ],
)
def test_outside_debug_a_short_or_guessable_key_secret_is_refused(settings, secret, refused):
    settings.DEBUG = False
    settings.WIKISKILLS_BADGES_KEY_SECRET = secret
    ids = {message.id for message in checks.run_checks()}
    assert ("wikiskills_badges.E003" in ids) is refused
    settings.DEBUG = True
    assert "wikiskills_badges.E003" not in {message.id for message in checks.run_checks()}
