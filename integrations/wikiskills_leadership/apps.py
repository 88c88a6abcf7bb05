"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings, PluginURLs

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsLeadershipConfig(AppConfig):
    """The leadership model: roles adapted by communities, opt-in leadership evidence, capstone projects."""

    name = "wikiskills.integrations.wikiskills_leadership"
    label = "wikiskills_leadership"
    verbose_name = "WikiSkills leadership"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "wikiskills_leadership",
                PluginURLs.APP_NAME: "wikiskills_leadership",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
    }

    def ready(self):
        """Tasks (Celery workers only know tasks imported here)."""
        from . import tasks  # noqa: F401, PLC0415
