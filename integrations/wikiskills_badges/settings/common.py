"""Defaults for every environment; docs/badges.md explains each setting."""

from wikiskills.integrations.wikiskills_core.plugins import add_setting_defaults


def plugin_settings(settings):
    """Add the badges defaults without overriding what the operator already set."""
    defaults = {
        # Secret the issuers' private keys are encrypted with (Fernet, derived with HKDF).
        # Empty: SECRET_KEY is used, and `manage.py check` warns. Changing it makes stored keys unreadable.
        "WIKISKILLS_BADGES_KEY_SECRET": "",
        # A directory to keep the (still encrypted) private keys in, outside the database. Empty: the database.
        "WIKISKILLS_BADGES_KEY_DIR": "",
        # Public origin badge ids and verification links are built on (https://learn.example.org).
        # Empty: the LMS root URL.
        "WIKISKILLS_BADGES_BASE_URL": "",
        # Outward badge platforms awards are copied to: backend name -> options (see backends.py).
        "WIKISKILLS_BADGES_BACKENDS": {},
    }
    add_setting_defaults(settings, defaults)
