"""Defaults for every environment; see docs/configuration.md for each setting."""

from wikiskills.integrations.wikiskills_core.plugins import add_setting_defaults


def plugin_settings(settings):
    """Add WikiSkills defaults without overriding what the operator already set."""
    defaults = {
        # key -> {"api_url": ..., "name": ..., "family": ...}; see checks.py for what is validated.
        "WIKISKILLS_WIKIS": {},
        # Contact in the User-Agent (a URL or email); empty: the LMS root URL.
        "WIKISKILLS_USER_AGENT_CONTACT": "",
        "WIKISKILLS_HTTP_TIMEOUT_SECONDS": 30,
        # Tries per wiki request before a task is rescheduled (waits grow 1 s, 2 s, 4 s...).
        "WIKISKILLS_HTTP_ATTEMPTS": 4,
        # How long a fetched wiki page is shown before it is fetched again.
        "WIKISKILLS_PAGE_CACHE_SECONDS": 3600,
        # What a wiki page shown in a course may cost to sanitize: longer pages are cut, deeper tags dropped.
        "WIKISKILLS_WIKI_HTML_MAX_CHARACTERS": 2_000_000,
        "WIKISKILLS_WIKI_HTML_MAX_DEPTH": 100,
        # How long a wiki's siteinfo (its namespace names, language, redirect words) is kept before it is asked again.
        "WIKISKILLS_SITEINFO_CACHE_SECONDS": 24 * 3600,
        # `manage.py wikiskills_doctor` fails when an edit check or an expired peer-review lease waits longer.
        "WIKISKILLS_DOCTOR_STUCK_MINUTES": 60,
        # A learner's "Check my edit", "Get my code" and "I saved the code" ask the wiki at most this often.
        "WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS": 20,
    }
    add_setting_defaults(settings, defaults)
