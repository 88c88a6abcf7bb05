"""Django app config of the badges plugin, registered through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings, PluginURLs

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsBadgesConfig(AppConfig):
    """Issuers, badge classes, awards and rules; public badge documents served by the LMS."""

    name = "wikiskills.integrations.wikiskills_badges"
    label = "wikiskills_badges"
    verbose_name = "WikiSkills badges"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "wikiskills_badges",
                PluginURLs.APP_NAME: "wikiskills_badges",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
    }

    def ready(self):
        """Register checks, event receivers and tasks (Celery workers only know tasks imported here)."""
        from . import checks, receivers, tasks  # noqa: F401, PLC0415
