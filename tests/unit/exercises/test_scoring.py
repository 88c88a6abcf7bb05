"""Exercise scores in edx-submissions without a wiki: one submission per attempt, one score per change."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from submissions import api as submissions_api
from submissions.errors import SubmissionInternalError

from wikiskills.integrations.wikiskills_exercises import scoring, staff
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

pytestmark = pytest.mark.django_db


def make_attempt(name, **fields):
    """An attempt whose learner asked for a check, so it has a submission."""
    user = get_user_model().objects.create(username=name)
    attempt = ExerciseAttempt.objects.create(
        user=user, usage_key="exercise", wiki="demo", started_at=timezone.now(), **fields
    )
    scoring.keep_submission(attempt, f"anon-{name}")
    return attempt


def recorded(attempt):
    score = submissions_api.get_latest_score_for_submission(str(attempt.submission_uuid))
    return score and (score["points_earned"], score["points_possible"])


@pytest.mark.parametrize(("score", "points"), [(1.0, (1, 1)), (0.5, (1, 2)), (0.0, (0, 1)), (0.333, (333, 1000))])
def test_a_score_becomes_whole_points_of_the_same_ratio(score, points):
    assert scoring.points(score) == points


def test_two_requests_at_once_leave_the_attempt_one_submission():
    attempt = make_attempt("ana")
    stale = ExerciseAttempt.objects.get(pk=attempt.pk)
    stale.submission_uuid = None  # read before the first request claimed one

    kept = scoring.keep_submission(stale, "anon-ana")

    item = scoring.student_item(attempt, "anon-ana")
    assert kept == attempt.submission_uuid
    assert item["course_id"] == scoring.OUTSIDE_COURSE
    assert len(submissions_api.get_submissions(item)) == 1


def test_an_attempt_without_a_submission_is_left_to_the_learners_view():
    user = get_user_model().objects.create(username="bo")
    attempt = ExerciseAttempt.objects.create(
        user=user, usage_key="exercise", wiki="demo", started_at=timezone.now(), status=ExerciseAttempt.PASSED
    )

    assert scoring.record_scores([attempt]) == []
    assert ExerciseAttempt.objects.get(pk=attempt.pk).recorded_score is None


def test_a_check_that_read_the_attempt_before_an_override_does_not_record_over_it():
    attempt = make_attempt("cy", status=ExerciseAttempt.PASSED)
    read_by_the_check = ExerciseAttempt.objects.get(pk=attempt.pk)
    ivan = get_user_model().objects.create(username="ivan", is_staff=True)

    staff.override_score("exercise", attempt.pk, 0.5, reason="Copied text", staff_user=ivan)
    recorded_late = scoring.record_score(read_by_the_check)

    assert not recorded_late
    assert recorded(attempt) == (1, 2)


def test_a_failing_set_score_is_recorded_by_a_later_call(monkeypatch):
    attempt = make_attempt("dee", status=ExerciseAttempt.PASSED)
    working_set_score = submissions_api.set_score

    def down(*args, **kwargs):
        raise SubmissionInternalError("database down")

    monkeypatch.setattr(submissions_api, "set_score", down)
    failed = scoring.record_score(attempt)
    monkeypatch.setattr(submissions_api, "set_score", working_set_score)
    later = scoring.record_score(ExerciseAttempt.objects.get(pk=attempt.pk))

    assert (failed, later) == (False, True)
    assert recorded(attempt) == (1, 1)
