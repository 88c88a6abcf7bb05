"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings, PluginURLs

from .plugins import plugin_settings_config


class WikiSkillsCoreConfig(AppConfig):
    """Installing the package is all an admin does: the LMS and CMS discover this app."""

    name = "wikiskills.integrations.wikiskills_core"
    label = "wikiskills_core"
    verbose_name = "WikiSkills core"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "wikiskills_core",
                PluginURLs.APP_NAME: "wikiskills_core",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
    }

    def ready(self):
        """Register config checks and tasks (Celery workers only know tasks imported here)."""
        from . import checks, tasks  # noqa: F401, PLC0415
