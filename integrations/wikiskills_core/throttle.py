"""At most one wiki request per learner and action every few seconds, however often they click.

Learners' clicks ("Check my edit", "Get my code", "I saved the code") become Wikimedia API requests
under the platform's one User-Agent: a script clicking in a loop must not get it blocked. The
cache's atomic ``add`` decides, so of two requests at once (a double click) exactly one goes through.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def claim(action, user_id, now=None):
    """None when the learner may ask now (and must then wait), else the time they may ask again."""
    seconds = settings.WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS
    if seconds <= 0:
        return None
    now = now or timezone.now()
    key = f"wikiskills:throttle:{action}:{user_id}"
    if cache.add(key, (now + timedelta(seconds=seconds)).isoformat(), timeout=seconds):
        return None
    held = cache.get(key)
    return datetime.fromisoformat(held) if held else None  # the window closed in between: go ahead
