"""Defaults for the tracks app: daily reminders of stalled members and the daily read of course completion."""

from datetime import timedelta

from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task

REMINDER_TASK = "wikiskills.integrations.wikiskills_tracks.tasks.remind_stalled"
COMPLETION_TASK = "wikiskills.integrations.wikiskills_tracks.tasks.refresh_completion"


def plugin_settings(settings):
    # Runs daily; each stalled member is reminded at most once a week (reminders.REMIND_EVERY).
    add_periodic_task(settings, "wikiskills-tracks-stalled-reminders", REMINDER_TASK, timedelta(days=1))
    # Course completion has no platform event: read it daily for running cohorts.
    add_periodic_task(settings, "wikiskills-tracks-course-completion", COMPLETION_TASK, timedelta(days=1))
