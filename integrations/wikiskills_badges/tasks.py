"""Celery tasks of the badges app: idempotent (the database allows one award), retried with backoff."""

import logging
from functools import partial

import requests
from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction

from . import backends, outward, rules
from .backends import BackendError

logger = logging.getLogger(__name__)

MAX_RETRIES = 8


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def award_for_trigger(trigger, user_id, course_key, evidence, count=1):
    """Award what ``trigger`` (an ``AwardRule`` trigger) earns in ``course_key``; returns the new awards' uuids."""
    user = get_user_model().objects.get(pk=user_id)
    return [str(award.uuid) for award in rules.award_for_trigger(trigger, user, course_key, evidence, count)]


def _retry_on_platform_failure(task, call):
    """Run ``call``; retry with backoff when the platform is down or busy, give up on a refusal (4xx)."""
    try:
        call()
    except (requests.RequestException, BackendError) as failure:
        if isinstance(failure, BackendError) and not failure.retryable:
            logger.error("Badge platform refused the request: %s", failure)
            return
        if task.request.is_eager:
            raise
        raise task.retry(exc=failure, countdown=min(600, 10 * 2**task.request.retries)) from failure


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def push_award_to_platforms(self, award_id):
    """Copy an award to the outward platforms configured in ``WIKISKILLS_BADGES_BACKENDS``."""
    award = outward.award_for_push(award_id)
    _retry_on_platform_failure(self, lambda: outward.push_award(award, backends.configured_backends()))


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def withdraw_award_from_platforms(self, award_id):
    """Revoke a revoked award's copies on the outward platforms."""
    award = outward.award_for_push(award_id)
    _retry_on_platform_failure(self, lambda: outward.withdraw_award(award, backends.configured_backends()))


def push_after_commit(award):
    """Hand copying a new award to the outward platforms to Celery, once the award is committed."""
    _after_commit(push_award_to_platforms, award)


def withdraw_after_commit(award):
    """Hand revoking a revoked award's copies on the outward platforms to Celery, once that is committed."""
    _after_commit(withdraw_award_from_platforms, award)


def _after_commit(task, award):
    if settings.WIKISKILLS_BADGES_BACKENDS:
        transaction.on_commit(partial(task.delay, award.pk))
