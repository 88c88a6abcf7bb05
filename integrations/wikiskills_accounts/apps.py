"""Django app config, registered with Open edX through edx-django-utils' plugin system."""

from django.apps import AppConfig
from edx_django_utils.plugins import PluginSettings

from wikiskills.integrations.wikiskills_core.plugins import plugin_settings_config


class WikiSkillsAccountsConfig(AppConfig):
    """Links Open edX users to verified wiki accounts."""

    name = "wikiskills.integrations.wikiskills_accounts"
    label = "wikiskills_accounts"
    verbose_name = "WikiSkills wiki accounts"
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        PluginSettings.CONFIG: plugin_settings_config(),
    }
