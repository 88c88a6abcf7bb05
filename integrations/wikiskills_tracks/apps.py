"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings, PluginURLs

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsTracksConfig(AppConfig):
    """Leadership cohort tracks: tracks and stages, cohorts and their people, progress, mentors; pages and API."""

    name = "wikiskills.integrations.wikiskills_tracks"
    label = "wikiskills_tracks"
    verbose_name = "WikiSkills tracks"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
        PluginURLs.CONFIG: {
            "lms.djangoapp": {
                PluginURLs.NAMESPACE: "wikiskills_tracks",
                PluginURLs.APP_NAME: "wikiskills_tracks",
                PluginURLs.REGEX: r"^",
                PluginURLs.RELATIVE_PATH: "urls",
            },
        },
    }

    def ready(self):
        """Event receivers and tasks (Celery workers only know tasks imported here); the LMS's block scores."""
        from .. import openedx_compat  # noqa: PLC0415
        from . import receivers, tasks  # noqa: F401, PLC0415

        openedx_compat.connect_block_score_changed(receivers.block_score_changed)
