"""Defaults for the wiki accounts app; an operator's own values win."""

from wikiskills.integrations.wikiskills_core.plugins import add_setting_defaults


def plugin_settings(settings):
    """Add defaults without overriding what the operator already set."""
    defaults = {
        # The wiki family whose accounts the platform's "Log in with Wikimedia" (social-auth
        # provider ``mediawiki``) identifies; empty turns reading that login off.
        "WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY": "wikimedia",
        # How long a learner has to save their one-time verification code on the wiki.
        "WIKISKILLS_VERIFICATION_MINUTES": 120,
    }
    add_setting_defaults(settings, defaults)
