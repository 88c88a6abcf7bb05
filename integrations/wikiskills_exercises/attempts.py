"""A learner's side of an exercise: starting it, asking for a check, publishing what they earned."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import scoring
from .models import ExerciseAttempt


def attempt_for(user, usage_key, wiki_key, now=None):
    """The learner's attempt, started now on first sight: edits saved before that never count."""
    attempt, _created = ExerciseAttempt.objects.get_or_create(
        user=user, usage_key=usage_key, defaults={"wiki": wiki_key, "started_at": now or timezone.now()}
    )
    return attempt


def request_check(attempt, spec, now=None, *, anonymous_id=None):
    """Mark the attempt pending with the exercise as it is now; False when it already passed.

    The learner's own request names them (``anonymous_id``): their attempt then gets the
    edx-submissions submission its scores are recorded on, since a worker could not make it.
    """
    now = now or timezone.now()
    if anonymous_id is not None:
        scoring.keep_submission(attempt, anonymous_id, now)
    fields = {
        "status": ExerciseAttempt.PENDING,
        "wiki": spec.wiki,
        "exercise": spec.as_json(),
        "check_requested_at": now,
        "next_check_at": None,
    }
    updated = ExerciseAttempt.objects.filter(pk=attempt.pk).exclude(status=ExerciseAttempt.PASSED).update(**fields)
    if updated:
        for name, value in fields.items():
            setattr(attempt, name, value)
    return bool(updated)


def publish_score_once(attempt, publish):
    """Call ``publish(score)`` when the attempt's score differs from what was last published.

    Compare-and-set on ``published_score`` inside one transaction: however many
    views or handlers observe a pass at once, one publishes it, and a failed
    publish rolls the claim back so the next view tries again. A score that did
    not reach edx-submissions from the worker (it failed there) is recorded first.
    """
    scoring.record_score(attempt)
    score = attempt.score
    if score is None or score == attempt.published_score:
        return False
    with transaction.atomic():
        claimed = ExerciseAttempt.objects.filter(pk=attempt.pk, published_score=attempt.published_score).update(
            published_score=score
        )
        if claimed:
            publish(score)
    attempt.published_score = score if claimed else attempt.published_score
    return bool(claimed)


def due_for_check(now=None):
    """Pending attempts a sweep should (re)check: a requested check that never finished, or a wait that ended."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.WIKISKILLS_CHECK_STALE_SECONDS)
    return ExerciseAttempt.objects.filter(status=ExerciseAttempt.PENDING).filter(
        Q(next_check_at__isnull=True, check_requested_at__lte=stale) | Q(next_check_at__lte=now)
    )
