"""Django signals of the awarding domain: what else happens after an award is announced or revoked.

The awarding code only says that it happened; ``receivers.py`` hands the follow-up work (copies on
outward platforms) to Celery, so the domain code knows nothing of tasks.
"""

from django.dispatch import Signal

# Sent with ``award`` once a new award is announced (``BADGE_AWARDED``), and once it is revoked.
award_announced = Signal()
award_revoked = Signal()
