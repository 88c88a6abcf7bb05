"""Defaults for the leadership app: how often on-wiki evidence and capstone impact are read."""

from datetime import timedelta

from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task, add_setting_defaults

IMPACT_TASK = "wikiskills.integrations.wikiskills_leadership.tasks.measure_projects"
ACTIVITY_TASK = "wikiskills.integrations.wikiskills_leadership.tasks.refresh_wiki_activity"


def plugin_settings(settings):
    add_setting_defaults(
        settings,
        {
            # On-wiki evidence older than this is read again (in batches) before it is shown as current.
            "WIKISKILLS_LEADERSHIP_ACTIVITY_MAX_AGE_HOURS": 24,
        },
    )
    add_periodic_task(settings, "wikiskills-leadership-project-impact", IMPACT_TASK, timedelta(hours=6))
    add_periodic_task(settings, "wikiskills-leadership-wiki-activity", ACTIVITY_TASK, timedelta(days=1))
