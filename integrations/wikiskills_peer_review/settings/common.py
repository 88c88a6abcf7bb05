"""Defaults for the peer-review app: its periodic sweep, added to Celery beat without overriding the operator."""

from datetime import timedelta

from wikiskills.integrations.wikiskills_core.plugins import add_periodic_task

SWEEP_TASK = "wikiskills.integrations.wikiskills_peer_review.tasks.sweep_peer_review"


def plugin_settings(settings):
    add_periodic_task(settings, "wikiskills-sweep-peer-review", SWEEP_TASK, timedelta(minutes=10))
