"""Stalled members: no progress for the facilitator-set number of days; reminded at most weekly."""

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import notifications
from .models import Cohort, Membership

REMIND_EVERY = timedelta(days=7)


def stalled_members(cohort, now=None):
    """The cohort's active members with no progress (or none since joining) for ``stalled_after_days``."""
    cutoff = (now or timezone.now()) - timedelta(days=cohort.stalled_after_days)
    return (
        cohort.memberships.filter(role=Membership.MEMBER, status=Membership.ACTIVE)
        .annotate(last_moved=Coalesce("last_progress_at", "joined_at"))
        .filter(last_moved__lt=cutoff)
    )


def is_stalled(membership, now=None):
    last_moved = membership.last_progress_at or membership.joined_at
    if membership.status != Membership.ACTIVE or membership.role != Membership.MEMBER or last_moved is None:
        return False
    return last_moved < (now or timezone.now()) - timedelta(days=membership.cohort.stalled_after_days)


def remind_stalled(now=None):
    """Email every stalled member of a running cohort not reminded in the last week; returns how many."""
    now = now or timezone.now()
    reminded = 0
    for cohort in Cohort.objects.filter(status=Cohort.RUNNING):
        due = stalled_members(cohort, now).filter(
            Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=now - REMIND_EVERY)
        )
        for membership in due.select_related("user", "cohort"):
            # Claim first, so two beat runs never both send.
            if Membership.objects.filter(pk=membership.pk, last_reminded_at=membership.last_reminded_at).update(
                last_reminded_at=now
            ):
                notifications.stalled(membership)
                reminded += 1
    return reminded
