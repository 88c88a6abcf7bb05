"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsPeerReviewConfig(AppConfig):
    """Allocates peer reviews, keeps them, and grades from them."""

    name = "wikiskills.integrations.wikiskills_peer_review"
    label = "wikiskills_peer_review"
    verbose_name = "WikiSkills peer review"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
    }

    def ready(self):
        """Celery workers only know tasks imported here."""
        from . import tasks  # noqa: F401, PLC0415
