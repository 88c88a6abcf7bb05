"""Background work of capstone projects: measuring their impact every 6 hours, and on request.

Idempotent: a measurement reads only windows after each participant's cursor and stores each edit
once (unique per project and revision), so a task that runs twice, or is killed and runs again,
counts nothing twice (ADR 0044).
"""

import logging

from celery import shared_task
from django.utils import timezone

from ..mediawiki import errors as wiki_errors
from . import api

__all__ = ["measure_project", "measure_projects"]

log = logging.getLogger(__name__)
RETRY = {
    "autoretry_for": (wiki_errors.WikiUnavailable,),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 6,
}


@shared_task(name="wikiskills.integrations.wikiskills_leadership.tasks.measure_project", acks_late=True, **RETRY)
def measure_project(project_id):
    """Measure one project ("Measure now"); returns how many edits were newly counted."""
    project = api.project(project_id)
    if project is None:
        return 0
    return api.measure(project).new_edits


@shared_task(name="wikiskills.integrations.wikiskills_leadership.tasks.measure_projects")
def measure_projects():
    """Measure every project that is running, just ended, or waiting for retention; returns edits counted.

    A wiki that is down or lagged postpones its projects to the next run; the others go on.
    """
    counted = 0
    for project in api.due(timezone.now()):
        try:
            counted += api.measure(project).new_edits
        except wiki_errors.MediaWikiError as exc:
            log.warning("Capstone project %s not measured this time: %s", project.pk, exc)
    return counted
