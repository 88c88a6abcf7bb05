"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings

# Project and settings type names as edx-platform defines them
# (openedx/core/djangoapps/plugins/constants.py); plain strings so we need not import the platform.
_SETTINGS_FILES = {"common": {PluginSettings.RELATIVE_PATH: "settings.common"}}


class WikiSkillsCoreConfig(AppConfig):
    """Installing the package is all an admin does: the LMS and CMS discover this app."""

    name = "wikiskills.integrations.wikiskills_core"
    label = "wikiskills_core"
    verbose_name = "WikiSkills core"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: {
            "lms.djangoapp": _SETTINGS_FILES,
            "cms.djangoapp": _SETTINGS_FILES,
        },
    }

    def ready(self):
        """Register config checks and tasks (Celery workers only know tasks imported here)."""
        from . import checks, tasks  # noqa: F401, PLC0415
