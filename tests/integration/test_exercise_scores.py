"""Scores reached in the background go to edx-submissions (and so to the gradebook) once, without the learner."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from submissions import api as submissions_api
from submissions.models import score_set
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner, linked_learner
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_exercises import attempts, scoring, staff
from wikiskills.integrations.wikiskills_exercises.exercise import ExerciseSpec, PageTarget
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.integrations.wikiskills_exercises.tasks import check_exercise_attempts

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

PASSWORD = "exercise scores password 1"
SOURCED, UNSOURCED, BLOCK_LEARNER = "Exs Sourced", "Exs Unsourced", "Exs Block"
COURSE = "course-v1:WikiSkills+Scores+2026"
USAGE_KEY = "block-v1:WikiSkills+Scores+2026+type@wikiskills_edit_exercise+block@sourced"
SPEC = ExerciseSpec("demo", PageTarget("pattern", "User:{username}/sandbox"), ({"type": "references_added", "min": 1},))


@pytest.fixture(scope="module")
def sandboxes(local_wiki):
    """One learner cited a source in their sandbox, the other did not."""
    local_wiki.create_users([SOURCED, UNSOURCED, BLOCK_LEARNER], PASSWORD)
    local_wiki.make_edits(
        [
            Edit(SOURCED, f"User:{SOURCED}/sandbox", "A fact.<ref>A source</ref>", "cited"),
            Edit(UNSOURCED, f"User:{UNSOURCED}/sandbox", "A fact without a source.", "uncited"),
        ]
    )


@pytest.fixture
def scores_sent():
    """Every ``score_set`` signal edx-submissions sends, as the LMS grades app would receive it."""
    sent = []

    def receive(sender, signal, **kwargs):
        sent.append(kwargs)

    score_set.connect(receive, dispatch_uid="test_exercise_scores")
    yield sent
    score_set.disconnect(dispatch_uid="test_exercise_scores")


def requested_check(django_username, wiki_username):
    """What the learner's "Check my edit" leaves behind: a pending attempt with its submission."""
    learner = linked_learner(django_username, wiki_username)
    attempt = attempts.attempt_for(learner, USAGE_KEY, "demo", now=timezone.now() - timedelta(minutes=1))
    attempts.request_check(attempt, SPEC, anonymous_id=f"anon-{django_username}")
    return attempt


def student_item(django_username):
    return {
        "student_id": f"anon-{django_username}",
        "course_id": COURSE,
        "item_id": USAGE_KEY,
        "item_type": "wikiskills_edit_exercise",
    }


def test_a_pass_found_by_a_worker_reaches_the_gradebook_once(wiki, sandboxes, scores_sent):
    attempt = requested_check("exs-sourced", SOURCED)

    check_exercise_attempts.run("demo", [attempt.pk])  # as a worker runs it
    check_exercise_attempts.run("demo", [attempt.pk])  # a repeated message
    scoring.record_scores([ExerciseAttempt.objects.get(pk=attempt.pk)])  # a later batch holding it
    attempts.publish_score_once(ExerciseAttempt.objects.get(pk=attempt.pk), lambda score: None)  # the next view

    score = submissions_api.get_score(student_item("exs-sourced"))
    assert (score["points_earned"], score["points_possible"]) == (1, 1)
    assert scores_sent == [
        {
            "points_possible": 1,
            "points_earned": 1,
            "anonymous_user_id": "anon-exs-sourced",
            "course_id": COURSE,
            "item_id": USAGE_KEY,
            "created_at": score["created_at"],
        }
    ]
    assert ExerciseAttempt.objects.get(pk=attempt.pk).recorded_score == 1.0


def test_a_staff_override_is_recorded_once_with_who_and_why(wiki, sandboxes, scores_sent):
    attempt = requested_check("exs-sourced", SOURCED)
    check_exercise_attempts.run("demo", [attempt.pk])
    ivan = get_user_model().objects.create(username="exs-ivan", is_staff=True)

    staff.override_score(USAGE_KEY, attempt.pk, 0.5, reason="Copied from another article", staff_user=ivan)
    staff.override_score(USAGE_KEY, attempt.pk, 0.5, reason="Copied from another article", staff_user=ivan)
    scoring.record_scores([ExerciseAttempt.objects.get(pk=attempt.pk)])

    score = submissions_api.get_score(student_item("exs-sourced"))
    assert score["points_earned"] / score["points_possible"] == 0.5
    assert [(sent["points_earned"], sent["points_possible"]) for sent in scores_sent] == [(1, 1), (1, 2)]
    assert [(note["creator"], note["annotation_type"], note["reason"]) for note in score["annotations"]] == [
        (str(ivan.pk), "staff_override", "Copied from another article")
    ]


def test_a_check_that_does_not_pass_records_nothing(wiki, sandboxes, scores_sent):
    attempt = requested_check("exs-unsourced", UNSOURCED)

    check_exercise_attempts.run("demo", [attempt.pk])

    assert ExerciseAttempt.objects.get(pk=attempt.pk).status == ExerciseAttempt.NOT_YET
    assert submissions_api.get_score(student_item("exs-unsourced")) is None
    assert scores_sent == []


def test_check_my_edit_gives_the_attempt_a_submission_under_the_learners_anonymous_id(wiki, local_wiki, sandboxes):
    init_scenarios()
    linked_learner("exs_block", BLOCK_LEARNER)
    learner = WorkbenchLearner(Client(), "/scenario/wikiskills_edit_exercise.0/", "exs_block")
    local_wiki.make_edits([Edit(BLOCK_LEARNER, f"User:{BLOCK_LEARNER}/sandbox", "Fact.<ref>Source</ref>", "cited")])

    learner.state("check_edit")
    learner.state("check_edit")  # a double click makes no second submission

    attempt = ExerciseAttempt.objects.get(user__username="exs_block")
    submission = submissions_api.get_submission_and_student(str(attempt.submission_uuid))
    item = submission["student_item"]
    # The workbench has no anonymous ids: the username stands in, as for peer review.
    assert (item["student_id"], item["item_id"], item["item_type"]) == (
        "exs_block",
        attempt.usage_key,
        "wikiskills_edit_exercise",
    )
    assert len(submissions_api.get_submissions(item)) == 1
    assert attempt.recorded_score == 1.0
