"""Celery tasks of the exercises app: idempotent, retried with backoff, safe to run twice."""

import logging
from collections import defaultdict

from celery import shared_task
from django.conf import settings

from wikiskills.integrations.mediawiki.client import chunked
from wikiskills.integrations.mediawiki.errors import WikiBusy, WikiUnavailable
from wikiskills.integrations.wikiskills_core import wikis

from . import attempts, checker
from .models import ExerciseAttempt

log = logging.getLogger(__name__)
MAX_RETRIES = 8


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def check_exercise_attempts(self, wiki_key, attempt_ids):
    """Check these attempts together; returns how many were checked.

    Only attempts still pending are taken, so a repeated or late message does no
    harm. On a worker, other learners' checks requested meanwhile on the same wiki
    join the batch (their own messages then find nothing left to do). A busy or
    failing wiki leaves them pending and retries after the wiki's ``Retry-After``
    or with exponential backoff; in-process (eager) the learner's request does not
    wait for that: the periodic sweep takes them up.
    """
    wiki = wikis.get_wiki(wiki_key)
    pending = _attempts_to_check(wiki_key, attempt_ids, join_others=not self.request.is_eager)
    try:
        return len(checker.check_attempts(wiki, pending, wikis.client_for(wiki, background=True)))
    except WikiUnavailable as failure:
        if self.request.is_eager:
            log.warning("Wiki %s unavailable; %d attempts stay pending: %s", wiki_key, len(attempt_ids), failure)
            return 0
        countdown = failure.retry_after if isinstance(failure, WikiBusy) else 10 * 2**self.request.retries
        raise self.retry(exc=failure, countdown=countdown) from failure


def _attempts_to_check(wiki_key, attempt_ids, *, join_others):
    """The pending attempts asked for, plus (``join_others``) other requested checks of the wiki, up to a batch."""
    pending = ExerciseAttempt.objects.filter(wiki=wiki_key, status=ExerciseAttempt.PENDING)
    chosen = list(pending.filter(pk__in=attempt_ids))
    room = settings.WIKISKILLS_CHECK_BATCH_SIZE - len(chosen)
    if join_others and room > 0:
        requested = pending.filter(next_check_at__isnull=True, check_requested_at__isnull=False)
        chosen += requested.exclude(pk__in=attempt_ids).order_by("check_requested_at")[:room]
    return chosen


@shared_task(acks_late=True)
def sweep_pending_attempts():
    """Send a check for every attempt due (unfinished or done waiting), batched per wiki; returns how many."""
    by_wiki = defaultdict(list)
    for wiki_key, attempt_id in attempts.due_for_check().order_by("pk").values_list("wiki", "pk"):
        by_wiki[wiki_key].append(attempt_id)
    for wiki_key, attempt_ids in by_wiki.items():
        enqueue_checks(wiki_key, attempt_ids)
    return sum(len(ids) for ids in by_wiki.values())


def enqueue_checks(wiki_key, attempt_ids):
    """Send checks for these attempts of one wiki, ``WIKISKILLS_CHECK_BATCH_SIZE`` attempts per task."""
    for batch in chunked(attempt_ids, settings.WIKISKILLS_CHECK_BATCH_SIZE):
        check_exercise_attempts.delay(wiki_key, batch)
