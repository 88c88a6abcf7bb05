"""Evidence raises what a learner knows, says why, and never lowers what they said."""

from types import SimpleNamespace

import pytest

from wikiskills.integrations.wikiskills_badges.awarding import announce_award, award_badge
from wikiskills.integrations.wikiskills_exercises.signals import exercises_passed
from wikiskills.integrations.wikiskills_skills import api


def rating(user, code):
    return next((entry for entry in api.profile_data(user)["skills"] if entry["skill"] == code), None)


@pytest.mark.django_db
def test_an_aligned_badge_raises_the_skill_and_says_why(badge_class, learner):
    award, _created = award_badge(badge_class, learner)
    announce_award(award)  # BADGE_AWARDED, as the platform's receivers get it

    entry = rating(learner, "editing")
    assert entry["known_level"] == 3
    assert entry["self_level"] is None
    assert entry["evidence"][0]["source"] == "badge"
    assert entry["evidence"][0]["ref"] == "first-citation"


@pytest.mark.django_db
def test_evidence_never_lowers_what_the_learner_said_and_counts_once(skilled_learner):
    lucia = skilled_learner("lucia", skills={"editing": (5, True, False)})
    attempt = SimpleNamespace(  # what the signal carries of a passed ExerciseAttempt
        user_id=lucia.pk,
        usage_key="block-v1:X+Y+Z+type@ex+block@1",
        course_key="course-v1:X+Y+Z",
        checked_at=None,
        published_score=1.0,
        override_score=None,
    )

    exercises_passed.send(sender=None, attempts=[attempt])
    exercises_passed.send(sender=None, attempts=[attempt])  # a re-sent signal

    entry = rating(lucia, "editing")
    assert (entry["self_level"], entry["evidence_level"], entry["known_level"]) == (5, 2, 5)
    assert len(entry["evidence"]) == 1


@pytest.mark.django_db
def test_saving_the_profile_keeps_evidence_the_learner_cannot_edit(skilled_learner):
    mei = skilled_learner("mei")
    api.record_evidence_for_user_id(mei.pk, "editing", "exercise", "block-1")
    profile = api.profile_data(mei)
    profile["skills"] = []  # the learner clears their own answers

    assert api.save_profile(mei, profile) == {}

    entry = rating(mei, "editing")
    assert (entry["self_level"], entry["known_level"], entry["evidence_level"]) == (None, 2, 2)
