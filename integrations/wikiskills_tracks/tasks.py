"""Background work of the tracks app: progress from events, course sync, stalled reminders.

Every task is idempotent: events may come twice and a killed worker's task comes again.
"""

from celery import shared_task
from django.utils.dateparse import parse_datetime

from . import backfill, progress, reminders, sync
from .models import Cohort

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 8}


@shared_task(name="wikiskills.integrations.wikiskills_tracks.tasks.record_fact", acks_late=True, **RETRY)
def record_fact(user_id, kind, key, value, *, reached_at=None, source=""):
    """Record one progress fact (``reached_at`` as ISO 8601) and the stages it finishes."""
    reached_at = parse_datetime(reached_at) if reached_at else None
    return progress.record_fact(user_id, kind, key, value, reached_at=reached_at, source=source)


@shared_task(name="wikiskills.integrations.wikiskills_tracks.tasks.sync_membership", acks_late=True, **RETRY)
def sync_membership(membership_id):
    sync.sync(membership_id)


@shared_task(name="wikiskills.integrations.wikiskills_tracks.tasks.remind_stalled")
def remind_stalled():
    """Email stalled members (at most weekly each) and tell how many were reminded."""
    return reminders.remind_stalled()


@shared_task(name="wikiskills.integrations.wikiskills_tracks.tasks.refresh_completion")
def refresh_completion():
    """Read running cohorts' course completion, which no platform event reports; returns facts recorded."""
    return sum(backfill.refresh_completion(cohort) for cohort in Cohort.objects.filter(status=Cohort.RUNNING))
