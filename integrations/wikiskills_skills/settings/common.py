"""Defaults for the skills app: privacy threshold, matching sizes and the nightly matching run."""

from datetime import timedelta

from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task, add_setting_defaults

MATCHING_TASK = "wikiskills.integrations.wikiskills_skills.tasks.run_batch_matching"


def plugin_settings(settings):
    add_setting_defaults(
        settings,
        {
            # A map cell built from fewer people than this is shown as "fewer than N" (ADR 0029).
            "WIKISKILLS_SKILLS_MIN_CELL": 5,
            # How many suggestions a learner chooses from.
            "WIKISKILLS_SKILLS_SHORTLIST": 3,
        },
    )
    add_periodic_task(settings, "wikiskills-skills-batch-matching", MATCHING_TASK, timedelta(days=1))
