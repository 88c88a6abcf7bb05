"""Attempts without a wiki: grades published once, the sweep's choice, staff overrides and rechecks."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from wikiskills.integrations.wikiskills_exercises import attempts, staff
from wikiskills.integrations.wikiskills_exercises.exercise import ExerciseSpec, PageTarget
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.integrations.wikiskills_exercises.tasks import sweep_pending_attempts

pytestmark = pytest.mark.django_db

SPEC = ExerciseSpec("demo", PageTarget("any"), ({"type": "section_added"},))


def make_attempt(name, **fields):
    user = get_user_model().objects.create(username=name)
    return ExerciseAttempt.objects.create(
        user=user, usage_key="exercise", wiki="demo", started_at=timezone.now(), **fields
    )


def test_a_pass_seen_by_two_views_at_once_is_published_once():
    attempt = make_attempt("ana", status=ExerciseAttempt.PASSED)
    first_view, second_view = ExerciseAttempt.objects.get(pk=attempt.pk), ExerciseAttempt.objects.get(pk=attempt.pk)
    published = []

    attempts.publish_score_once(first_view, published.append)
    attempts.publish_score_once(second_view, published.append)
    attempts.publish_score_once(ExerciseAttempt.objects.get(pk=attempt.pk), published.append)

    assert published == [1.0]


def test_a_publish_that_fails_is_tried_again_by_the_next_view():
    attempt = make_attempt("bo", status=ExerciseAttempt.PASSED)

    def broken(score):
        raise RuntimeError("grades service down")

    with pytest.raises(RuntimeError):
        attempts.publish_score_once(attempt, broken)
    published = []
    attempts.publish_score_once(ExerciseAttempt.objects.get(pk=attempt.pk), published.append)

    assert published == [1.0]


def test_an_override_is_published_after_the_pass_it_replaces():
    attempt = make_attempt("cy", status=ExerciseAttempt.PASSED, published_score=1.0)
    staff_user = get_user_model().objects.create(username="ivan", is_staff=True)
    staff.override_score("exercise", attempt.pk, 0.8, reason="Copied text", staff_user=staff_user)
    published = []

    attempts.publish_score_once(ExerciseAttempt.objects.get(pk=attempt.pk), published.append)

    assert published == [0.8]


def test_an_override_needs_a_reason_and_a_score_between_0_and_1():
    attempt = make_attempt("dee")
    staff_user = get_user_model().objects.create(username="ivan", is_staff=True)

    for score, reason in ((1.0, "  "), (1.5, "generous")):
        with pytest.raises(ValueError, match=r"reason|score"):
            staff.override_score("exercise", attempt.pk, score, reason=reason, staff_user=staff_user)


def test_the_sweep_takes_up_unfinished_checks_and_ended_waits_only(settings):
    settings.WIKISKILLS_CHECK_STALE_SECONDS = 60
    now = timezone.now()
    unfinished = make_attempt("stuck", status="pending", check_requested_at=now - timedelta(minutes=5))
    make_attempt("fresh", status="pending", check_requested_at=now)
    waited = make_attempt("waited", status="pending", check_requested_at=now, next_check_at=now - timedelta(seconds=1))
    make_attempt("waiting", status="pending", check_requested_at=now, next_check_at=now + timedelta(hours=1))
    make_attempt("done", status="passed", check_requested_at=now - timedelta(days=1))

    due = set(attempts.due_for_check(now).values_list("pk", flat=True))

    assert due == {unfinished.pk, waited.pk}


def test_the_sweep_sends_one_check_per_wiki_batch(settings, monkeypatch):
    settings.WIKISKILLS_CHECK_BATCH_SIZE = 2
    sent = []
    monkeypatch.setattr(
        "wikiskills.integrations.wikiskills_exercises.tasks.check_exercise_attempts.delay",
        lambda wiki, ids: sent.append((wiki, ids)),
    )
    old = timezone.now() - timedelta(days=1)
    ids = [make_attempt(f"learner{n}", status="pending", check_requested_at=old).pk for n in range(3)]

    assert sweep_pending_attempts() == 3
    assert sent == [("demo", ids[:2]), ("demo", ids[2:])]


def test_a_recheck_never_reopens_a_pass():
    passed = make_attempt("passed", status=ExerciseAttempt.PASSED)
    not_yet = make_attempt("not-yet", status=ExerciseAttempt.NOT_YET)

    chosen = staff.request_rechecks("exercise", SPEC)

    assert chosen == [not_yet.pk]
    assert ExerciseAttempt.objects.get(pk=passed.pk).status == ExerciseAttempt.PASSED
    assert ExerciseAttempt.objects.get(pk=not_yet.pk).exercise == SPEC.as_json()
