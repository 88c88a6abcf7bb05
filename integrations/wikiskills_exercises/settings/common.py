"""Defaults for the editing exercises app; an operator's own values win."""

from datetime import timedelta

from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task, add_setting_defaults

SWEEP_TASK = "wikiskills.integrations.wikiskills_exercises.tasks.sweep_pending_attempts"


def plugin_settings(settings):
    """Add defaults, and the periodic sweep to Celery beat's schedule, without overriding the operator."""
    defaults = {
        # A requested check not finished after this long is taken up again by the sweep.
        "WIKISKILLS_CHECK_STALE_SECONDS": 120,
        # How many attempts one check task takes on; a sweep sends as many tasks as needed.
        "WIKISKILLS_CHECK_BATCH_SIZE": 500,
        # An attempt whose edit cannot be read (hidden text, too complex to analyse) is read again after this.
        "WIKISKILLS_UNVERIFIABLE_RECHECK_SECONDS": 6 * 3600,
        # Longest time one edit's wikitext may take to analyse; past it, the edit goes to staff.
        "WIKISKILLS_ANALYSIS_SECONDS": 2,
        # An edit whose old and new text together are longer is not analysed (the largest articles are ~0.5 MB).
        "WIKISKILLS_ANALYSIS_MAX_CHARACTERS": 2_000_000,
    }
    add_setting_defaults(settings, defaults)
    add_periodic_task(settings, "wikiskills-sweep-pending-exercise-attempts", SWEEP_TASK, timedelta(minutes=5))
