"""Matching from asking to meeting, on the real database: suggestions, consent, "good fit?", batch runs.

Emails go through Django's mail outbox (edx-ace exists only inside the LMS).
"""

import pytest
from django.core import mail
from django.urls import reverse

from wikiskills.integrations.wikiskills_skills import api, wording
from wikiskills.integrations.wikiskills_skills.models import Match, MatchRequest

pytestmark = pytest.mark.django_db(transaction=False)

WANTS_FUNDRAISING = {"grant_writing": (1, False, True)}


def mentor(skilled_learner, name, level=4, capacity=1, languages=None, **profile):
    return skilled_learner(
        name,
        skills={"grant_writing": (level, True, False)},
        languages=languages or {"pt": 5},
        mentor_capacity=capacity,
        **profile,
    )


def suggestions_of(user):
    return api.matching_overview(user)["requests"][0]["suggestions"]


def test_a_learner_gets_three_explained_suggestions_that_respect_hard_constraints(skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    for name in ("bia", "caio", "duda", "edu"):
        mentor(skilled_learner, name)
    mentor(skilled_learner, "english_only", languages={"en": 6})
    mentor(skilled_learner, "away", away_until="2999-01-01")
    mentor(skilled_learner, "full", capacity=0)
    mentor(skilled_learner, "hidden", visibility="aggregate")

    _request_id, problem = api.request_match(ana, "mentor", ["grant_writing"])

    assert problem is None
    suggested = suggestions_of(ana)
    assert len(suggested) == 3
    assert {s["name"] for s in suggested} <= {"bia", "caio", "duda", "edu"}
    first = suggested[0]
    assert sum(item["points"] for item in first["explanation"]) == first["score"]
    assert {item["kind"] for item in first["explanation"]} >= {"skill", "language", "availability"}


def test_the_page_explains_in_words(client, skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    mentor(skilled_learner, "bia")
    api.request_match(ana, "mentor", ["grant_writing"])
    client.force_login(ana)

    page = client.get(reverse("wikiskills_skills:matching")).content.decode()

    assert "bia offers Writing grant proposals at level 4 (you: 1)." in page
    assert "You both speak Portuguese." in page
    assert "for example Tuesday 18:00" in page


def test_consent_on_both_sides_before_contact_details_are_shared(skilled_learner, django_capture_on_commit_callbacks):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    bia = mentor(skilled_learner, "bia", share_email=True)
    api.request_match(ana, "mentor", ["grant_writing"])
    match_id = suggestions_of(ana)[0]["match_id"]
    assert api.matching_overview(ana)["connected"] == []

    with django_capture_on_commit_callbacks(execute=True):
        assert api.choose_suggestion(ana, match_id) is None
    assert api.choose_suggestion(ana, match_id) == "already_answered"  # a double click
    assert [m.to for m in mail.outbox] == [["bia@example.org"]]
    assert "ana would like to connect with you" in mail.outbox[0].body
    assert api.answer_match(ana, match_id, True) == "not_yours"
    assert api.matching_overview(bia)["incoming"][0]["name"] == "ana"

    with django_capture_on_commit_callbacks(execute=True):
        assert api.answer_match(bia, match_id, True) is None
    assert api.answer_match(bia, match_id, True) == "already_answered"

    connected = api.matching_overview(ana)["connected"][0]
    assert connected["name"] == "bia"
    assert connected["email"] == "bia@example.org"
    assert api.matching_overview(bia)["connected"][0]["email"] == ""  # ana did not share hers
    assert mail.outbox[-1].to == ["ana@example.org"]
    assert MatchRequest.objects.get().status == MatchRequest.MATCHED


def test_a_full_mentor_is_not_suggested_to_the_next_learner(skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    cy = skilled_learner("cy", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    bia = mentor(skilled_learner, "bia", capacity=1)
    api.request_match(ana, "mentor", ["grant_writing"])
    api.choose_suggestion(ana, suggestions_of(ana)[0]["match_id"])
    api.answer_match(bia, Match.objects.get().pk, True)

    api.request_match(cy, "mentor", ["grant_writing"])

    assert suggestions_of(cy) == []


def test_declined_and_bad_fit_pairs_are_never_suggested_again(skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    bia = mentor(skilled_learner, "bia", level=5)
    cid = mentor(skilled_learner, "cid", level=4)
    api.request_match(ana, "mentor", ["grant_writing"])
    by_name = {s["name"]: s["match_id"] for s in suggestions_of(ana)}
    api.choose_suggestion(ana, by_name["bia"])
    api.answer_match(bia, by_name["bia"], False)
    api.choose_suggestion(ana, by_name["cid"])
    api.answer_match(cid, by_name["cid"], True)

    assert api.rate_fit(ana, by_name["cid"], False) is None

    assert MatchRequest.objects.get().status == MatchRequest.OPEN
    api.request_match(ana, "mentor", ["grant_writing"])
    assert api.matching_overview(ana)["requests"][0]["suggestions"] == []


def test_the_batch_run_never_gives_one_free_place_to_two_learners(skilled_learner):
    learners = [skilled_learner(n, skills=WANTS_FUNDRAISING, languages={"pt": 6}) for n in ("ana", "cy")]
    for learner in learners:
        MatchRequest.objects.create(requester=learner.wikiskills_skills, kind="mentor").skills.set(
            api.Skill.objects.filter(code="grant_writing")
        )
    mentor(skilled_learner, "bia", capacity=1)

    requests, suggested = api.run_batch_matching()

    assert (requests, suggested) == (2, 1)
    assert Match.objects.get().source == Match.BATCH
    assert api.run_batch_matching() == (1, 0)  # the other still waits; nothing is suggested twice


def test_steps_need_a_signed_in_owner(client, skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    mentor(skilled_learner, "bia")
    api.request_match(ana, "mentor", ["grant_writing"])
    match_id = suggestions_of(ana)[0]["match_id"]
    mallory = skilled_learner("mallory")
    client.force_login(mallory)

    response = client.post(reverse("wikiskills_skills:api_match_step", args=[match_id]), {"step": "choose"})

    assert response.status_code == 400
    assert response.json()["code"] == "not_yours"
    assert Match.objects.get(pk=match_id).status == Match.SUGGESTED


def test_one_pick_waits_at_a_time_and_peers_are_explained_by_what_they_share(skilled_learner):
    ana = skilled_learner("ana", skills={"grant_writing": (2, False, True)}, languages={"pt": 6})
    skilled_learner("bea", skills={"grant_writing": (2, False, True)}, languages={"pt": 5})
    skilled_learner("cal", skills={"grant_writing": (3, False, False)}, languages={"pt": 5})
    api.request_match(ana, "peer", ["grant_writing"])
    suggestions = {s["name"]: s for s in wording.explained_overview(ana)["requests"][0]["suggestions"]}

    assert "You both want to learn Writing grant proposals." in suggestions["bea"]["reasons"]
    assert "cal knows Writing grant proposals about as well as you (level 3; you: 2)." in suggestions["cal"]["reasons"]
    assert api.choose_suggestion(ana, suggestions["bea"]["match_id"]) is None
    assert api.choose_suggestion(ana, suggestions["cal"]["match_id"]) == "one_at_a_time"


def test_staff_can_start_the_batch_run_from_the_admin(client, django_user_model, skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    MatchRequest.objects.create(requester=ana.wikiskills_skills, kind="mentor").skills.set(
        api.Skill.objects.filter(code="grant_writing")
    )
    mentor(skilled_learner, "bia")
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))

    response = client.post(
        "/admin/wikiskills_skills/matchrequest/",
        {"action": "run_matching_now", "_selected_action": [MatchRequest.objects.get().pk]},
    )

    assert response.status_code == 302
    assert Match.objects.get().source == Match.BATCH  # in-process tasks in the test settings


def test_asking_for_an_area_finds_people_who_offer_one_of_its_sub_skills(skilled_learner):
    ana = skilled_learner("ana", languages={"pt": 6})
    mentor(skilled_learner, "bia")  # offers grant writing, a sub-skill of fundraising

    api.request_match(ana, "mentor", ["fundraising"])

    assert [s["name"] for s in suggestions_of(ana)] == ["bia"]


def test_the_person_asked_reads_the_reasons_from_their_side(skilled_learner):
    ana = skilled_learner("ana", skills=WANTS_FUNDRAISING, languages={"pt": 6})
    bia = mentor(skilled_learner, "bia")
    api.request_match(ana, "mentor", ["grant_writing"])
    api.choose_suggestion(ana, suggestions_of(ana)[0]["match_id"])

    reasons = wording.explained_overview(bia)["incoming"][0]["reasons"]

    assert "ana wants to learn Writing grant proposals (level 1); you know it at level 4." in reasons
    assert "You both speak Portuguese." in reasons
