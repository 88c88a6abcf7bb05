"""Where an award's bit is in its issuer's W3C Bitstring Status List: drawn at random from the free bits.

Bitstring Status List §2.1 asks for indexes assigned at random, so the order of awards cannot be
read from them. A new index is drawn uniformly from the list's free bits; the list grows (by
131,072 bits) once half of it is used, so a draw rarely needs a second try. The database refuses
a second award on one bit of a list, so two awards drawing the same bit at once cannot both win:
``award_badge`` draws again.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from .models import Award

# W3C Bitstring Status List: at least 16 KiB of bits, so one list hides which award a check is about.
STATUS_LIST_MIN_BITS = 131072
# Random draws before looking at every used bit (each draw hits a used bit with probability <= 1/2).
DRAWS = 8
# How many times an award is retried when another award took its bit at the same moment.
ALLOCATION_ATTEMPTS = 5


def list_bits(highest_index):
    """The length of a list that holds bit ``highest_index``: a multiple of the 16 KiB minimum."""
    return (highest_index // STATUS_LIST_MIN_BITS + 1) * STATUS_LIST_MIN_BITS


def _awards_on(issuer):
    return Award.objects.filter(status_list=issuer, status_list_index__isnull=False)


def free_index(issuer):
    """A bit of ``issuer``'s status list no award has, uniformly at random among the free ones."""
    taken = _awards_on(issuer)
    used = taken.aggregate(count=Count("pk"), highest=Max("status_list_index"))
    highest = used["highest"] if used["highest"] is not None else -1
    size = max(list_bits(max(highest, 0)), list_bits(2 * (used["count"] + 1) - 1))
    for _draw in range(DRAWS):
        candidate = secrets.randbelow(size)
        if not taken.filter(status_list_index=candidate).exists():
            return candidate
    used_indexes = set(taken.values_list("status_list_index", flat=True))
    return secrets.choice([index for index in range(size) if index not in used_indexes])


def ensure_index(award):
    """Give an award made outside ``award_badge`` (it has no bit yet) a free bit of its issuer's list."""
    if award.status_list_index is not None:
        return award
    issuer = award.badge_class.issuer
    for _attempt in range(ALLOCATION_ATTEMPTS):
        index = free_index(issuer)
        try:
            with transaction.atomic():
                Award.objects.filter(pk=award.pk, status_list_index=None).update(
                    status_list=issuer, status_list_index=index
                )
        except IntegrityError:
            continue
        break
    award.refresh_from_db(fields=["status_list", "status_list_index"])
    return award


def revoked_indexes(issuer):
    return sorted(_awards_on(issuer).filter(revoked_at__isnull=False).values_list("status_list_index", flat=True))


def highest_index(issuer):
    return _awards_on(issuer).aggregate(highest=Max("status_list_index"))["highest"] or 0
