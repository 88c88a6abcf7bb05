"""Awarding and revoking badges: idempotent, one award per badge class and learner (the database says so).

Announcing (the Open edX ``BADGE_AWARDED`` / ``BADGE_REVOKED`` events and outward backends) is
at least once: ``announced_at`` is set only after the announcement, so a worker that dies in
between announces again on the retry rather than never.
"""

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import events
from .models import Award
from .recipients import hash_identity, new_salt, recipient_identity


def award_badge(badge_class, user, *, evidence=(), narrative="", course_key="", expires_on=None):
    """Award ``badge_class`` to ``user`` unless they have it; returns ``(award, created)``.

    ``evidence`` is a list of ``{"url": ..., "narrative": ...}`` (the wiki diff, peer reviews, the course).
    Safe to call any number of times, concurrently too: the unique constraint picks one winner.
    """
    existing = Award.objects.filter(badge_class=badge_class, recipient=user).first()
    if existing is not None:
        return existing, False
    recipient_type, identity = recipient_identity(user)
    salt = new_salt()
    try:
        with transaction.atomic():
            award = Award.objects.create(
                badge_class=badge_class,
                recipient=user,
                recipient_type=recipient_type,
                recipient_salt=salt,
                recipient_identity_hash=hash_identity(identity, salt),
                issued_on=timezone.now(),
                expires_on=expires_on,
                course_key=course_key,
                evidence=list(evidence),
                narrative=narrative,
            )
    except IntegrityError:
        return Award.objects.get(badge_class=badge_class, recipient=user), False
    return award, True


def revoke_badge(award, reason):
    """Revoke an award with a reason shown to verifiers; revoking twice keeps the first revocation."""
    updated = Award.objects.filter(pk=award.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revocation_reason=reason
    )
    award.refresh_from_db()
    if updated:
        events.announce_revocation(award)
        _schedule_for_platforms("withdraw_award_from_platforms", award)
    return award


def announce_award(award):
    """Announce an award that was not announced yet (``BADGE_AWARDED``); safe to call again."""
    if award.announced_at is not None:
        return False
    events.announce_award(award)
    _schedule_for_platforms("push_award_to_platforms", award)
    Award.objects.filter(pk=award.pk).update(announced_at=timezone.now())
    award.announced_at = timezone.now()
    return True


def _schedule_for_platforms(task_name, award):
    """Hand copying to (or withdrawing from) outward platforms to Celery, once the award is committed."""
    if not settings.WIKISKILLS_BADGES_BACKENDS:
        return
    from . import tasks  # noqa: PLC0415  (tasks import this module)

    transaction.on_commit(partial(getattr(tasks, task_name).delay, award.pk))
