"""Copying awards to outward platforms, once per award and platform, and withdrawing them on revocation."""

from django.utils import timezone

from .models import Award, ExternalAward


def push_award(award, backends):
    """Copy ``award`` to each platform that maps its badge class and does not have it yet."""
    for backend in backends:
        if not backend.external_badge(award.badge_class):
            continue
        if ExternalAward.objects.filter(award=award, backend=backend.name).exists():
            continue
        ExternalAward.objects.get_or_create(
            award=award, backend=backend.name, defaults={"external_id": backend.award(award)}
        )


def withdraw_award(award, backends):
    """Revoke the copies of a revoked award on every platform that has one."""
    by_name = {backend.name: backend for backend in backends}
    for copy in ExternalAward.objects.filter(award=award, revoked_at=None):
        backend = by_name.get(copy.backend)
        if backend is not None:
            backend.revoke(copy.external_id, award.revocation_reason)
            ExternalAward.objects.filter(pk=copy.pk).update(revoked_at=timezone.now())


def award_for_push(award_id):
    return Award.objects.select_related("badge_class__issuer", "recipient").get(pk=award_id)
