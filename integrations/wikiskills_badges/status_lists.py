"""Where an award's bit is in its issuer's W3C Bitstring Status List: drawn at random from the free bits.

Bitstring Status List §2.1 asks for indexes assigned at random, so the order of awards cannot be
read from them. A new index is drawn uniformly from the list's free bits: ``DRAWS`` random bits are
looked up in one query and the first free one is taken. When all of them are used (a list about nine
tenths full) the list grows by 131,072 bits. Both queries are index look-ups, so an award costs the
same with ten awards on the list as with a million. The database refuses a second award on one bit
of a list, so two awards drawing the same bit at once cannot both win: ``award_badge`` draws again.
"""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import Max

from .models import Award

# W3C Bitstring Status List: at least 16 KiB of bits, so one list hides which award a check is about.
STATUS_LIST_MIN_BITS = 131072
# Random bits looked up at once; all of them used (probability p**8 at occupancy p) grows the list.
DRAWS = 8
# How many times an award is retried when another award took its bit at the same moment.
ALLOCATION_ATTEMPTS = 5


def list_bits(highest_index):
    """The length of a list that holds bit ``highest_index``: a multiple of the 16 KiB minimum."""
    return (highest_index // STATUS_LIST_MIN_BITS + 1) * STATUS_LIST_MIN_BITS


def _awards_on(issuer):
    return Award.objects.filter(status_list=issuer, status_list_index__isnull=False)


def free_index(issuer):
    """A bit of ``issuer``'s status list no award has, uniformly at random among the free ones.

    Each candidate is uniform over the list, so the first free one is uniform over the free bits.
    """
    taken = _awards_on(issuer)
    size = list_bits(highest_index(issuer))
    while True:
        candidates = [secrets.randbelow(size) for _draw in range(DRAWS)]
        used = set(taken.filter(status_list_index__in=candidates).values_list("status_list_index", flat=True))
        free = [candidate for candidate in candidates if candidate not in used]
        if free:
            return free[0]
        size += STATUS_LIST_MIN_BITS  # the list is nearly full: it grows, and the new bits are free


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
