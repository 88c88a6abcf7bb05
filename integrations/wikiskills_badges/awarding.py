"""Awarding and revoking badges: idempotent, one award per badge class and learner (the database says so).

Announcing (the Open edX ``BADGE_AWARDED`` / ``BADGE_REVOKED`` events, then the ``signals`` that
``receivers`` turn into Celery work for outward platforms) is at least once: ``announced_at`` is
set only after the announcement, so a worker that dies in between announces again on the retry
rather than never. This module schedules nothing itself.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import events, languages, signals, status_lists
from .models import Award
from .recipients import hash_identity, new_salt, recipient_identity


def award_badge(badge_class, user, *, evidence=(), narrative="", course_key="", expires_on=None, language=None):
    """Award ``badge_class`` to ``user`` unless they have it; returns ``(award, created)``.

    ``evidence`` is a list of ``{"url": ..., "narrative": ...}`` (the wiki diff, peer reviews, the course).
    The award is issued in the badge's edition nearest ``language`` (a BCP 47 or Django code), by default the
    learner's language (``languages.issue_language``); it keeps that edition for good.
    Safe to call any number of times, concurrently too: the unique constraint picks one winner. The award
    gets a random free bit of its issuer's status list; should another award take that bit at the same
    moment, the database refuses one of them and it draws again.
    """
    existing = Award.objects.filter(badge_class=badge_class, recipient=user).first()
    if existing is not None:
        return existing, False
    recipient_type, identity = recipient_identity(user)
    edition = languages.edition_for(badge_class, language or languages.issue_language(user))
    salt = new_salt()
    issuer = badge_class.issuer
    attempts_left = status_lists.ALLOCATION_ATTEMPTS
    while True:
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
                    language=edition.language,
                    evidence=list(evidence),
                    narrative=narrative,
                    status_list=issuer,
                    status_list_index=status_lists.free_index(issuer),
                )
        except IntegrityError:
            existing = Award.objects.filter(badge_class=badge_class, recipient=user).first()
            if existing is not None:
                return existing, False
            attempts_left -= 1
            if not attempts_left:
                raise
            continue  # another award took the same status-list bit meanwhile: draw again
        return award, True


def announce_award(award):
    """Announce an award that was not announced yet (``BADGE_AWARDED``); safe to call again."""
    if award.announced_at is not None:
        return False
    events.announce_award(award)
    signals.award_announced.send(sender=Award, award=award)
    Award.objects.filter(pk=award.pk).update(announced_at=timezone.now())
    award.announced_at = timezone.now()
    return True


def award_and_announce(badge_class, user, **details):
    """Award (see ``award_badge``), then announce the award if it was not yet: the one way features award."""
    award, created = award_badge(badge_class, user, **details)
    announce_award(award)
    return award, created


def revoke_badge(award, reason):
    """Revoke an award with a reason shown to verifiers; revoking twice keeps the first revocation."""
    updated = Award.objects.filter(pk=award.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revocation_reason=reason
    )
    award.refresh_from_db()
    if updated:
        events.announce_revocation(award)
        signals.award_revoked.send(sender=Award, award=award)
    return award
