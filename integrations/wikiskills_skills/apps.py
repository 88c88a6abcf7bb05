"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings, PluginURLs

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsSkillsConfig(AppConfig):
    """The skills taxonomy, profiles, the assets-and-needs map and matching; pages and API served by the LMS."""

    name = "wikiskills.integrations.wikiskills_skills"
    label = "wikiskills_skills"
    verbose_name = "WikiSkills skills"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "wikiskills_skills",
                PluginURLs.APP_NAME: "wikiskills_skills",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
    }

    def ready(self):
        """Evidence receivers and tasks (Celery workers only know tasks imported here)."""
        from . import receivers, tasks  # noqa: F401, PLC0415
