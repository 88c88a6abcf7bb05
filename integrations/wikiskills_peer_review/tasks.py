"""Background upkeep: expired leases go back to the pool, and small pools get their fallback on time."""

from celery import shared_task
from django.utils import timezone

from .allocation import release_expired_leases
from .fallbacks import apply_due_fallbacks


@shared_task(acks_late=True)
def sweep_peer_review():
    """Idempotent: each lease is released and each grace period acted on at most once, whoever runs first."""
    now = timezone.now()
    return {"released": release_expired_leases(None, now, limit=2000), "fallbacks": apply_due_fallbacks(now)}
