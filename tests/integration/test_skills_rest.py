"""The skills REST API (``/api/skills/v1/``) through DRF's APIClient: taxonomy, my profile, permissions, CSRF."""

import pytest
from rest_framework.test import APIClient

from wikiskills.integrations.wikiskills_skills import messages, profiles
from wikiskills.integrations.wikiskills_skills.models import Skill, SkillProfile

pytestmark = pytest.mark.django_db

TAXONOMY = "/api/skills/v1/taxonomy/"
PROFILE = "/api/skills/v1/profile/"


@pytest.fixture(autouse=True)
def shipped_taxonomy(skills_taxonomy):
    """The taxonomy and territories migration 0002 loads, for every test here."""


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("skr_amara", email="amara@example.org", password="pw")


def signed_in(user, **kwargs):
    client = APIClient(**kwargs)
    client.force_authenticate(user)
    return client


PROFILE_SENT = {
    "territory": "Q1033",
    "affiliate": "Wikimedia User Group Nigeria",
    "affiliate_qid": "Q28454227",
    "time_zone": "Africa/Lagos",
    "availability": [{"day": 2, "start": "19:00", "end": "21:30"}],
    "mentor_capacity": 3,
    "away_until": None,
    "visibility": "matched",
    "share_email": False,
    "languages": [{"code": "yo", "proficiency": 6}, {"code": "en", "proficiency": 5}],
    "skills": [
        {"skill": "edit_a_thons", "self_level": 5, "offered": True, "wanted": False},
        {"skill": "grant_writing", "self_level": None, "offered": False, "wanted": True},
    ],
}


def test_everything_needs_a_signed_in_learner():
    client = APIClient()
    for url in (TAXONOMY, PROFILE, "/api/skills/v1/people/skr_amara/"):
        assert client.get(url).status_code in (401, 403), url
    assert client.put(PROFILE, PROFILE_SENT, format="json").status_code in (401, 403)
    assert not SkillProfile.objects.exists()


def test_the_taxonomy_is_the_tree_in_order(learner):
    response = signed_in(learner).get(TAXONOMY)

    assert response.status_code == 200
    skills = response.json()["skills"]
    assert len(skills) == Skill.objects.filter(active=True).count()
    assert skills[0] == {
        "code": "editing",
        "label": "Editing and other on-wiki participation",
        "description": "Writing, sourcing and improving content on Wikimedia projects.",
        "qid": "",
        "parent": "",
        "depth": 0,
    }
    by_code = {skill["code"]: skill for skill in skills}
    assert (by_code["wikidata_queries"]["parent"], by_code["wikidata_queries"]["depth"]) == ("wikidata_editing", 2)
    assert by_code["communication"]["qid"] == "Q11024"
    positions = {skill["code"]: index for index, skill in enumerate(skills)}
    assert all(positions[skill["parent"]] < positions[skill["code"]] for skill in skills if skill["parent"])


def test_a_new_learner_gets_the_default_profile(learner):
    body = signed_in(learner).get(PROFILE).json()

    assert body == {
        "territory": "",
        "affiliate": "",
        "affiliate_qid": "",
        "time_zone": "UTC",
        "availability": [],
        "mentor_capacity": 0,
        "away_until": None,
        "visibility": "matched",
        "share_email": False,
        "languages": [],
        "skills": [],
    }


def test_put_saves_the_whole_profile_and_get_answers_it_back(learner):
    client = signed_in(learner)

    response = client.put(PROFILE, PROFILE_SENT, format="json")

    assert response.status_code == 200
    body = client.get(PROFILE).json()
    assert body == response.json()
    assert {key: body[key] for key in PROFILE_SENT if key != "skills"} == {
        key: value for key, value in PROFILE_SENT.items() if key != "skills"
    }
    assert [(s["skill"], s["self_level"], s["known_level"], s["offered"], s["wanted"]) for s in body["skills"]] == [
        ("edit_a_thons", 5, 5, True, False),
        ("grant_writing", None, 0, False, True),
    ]
    # What GET answers can be PUT back unchanged (evidence and known levels are read-only and ignored).
    assert client.put(PROFILE, body, format="json").json() == body


def test_evidence_is_read_only(learner):
    profiles.record_evidence(learner, "citing_sources", "badge", "first-citation")
    client = signed_in(learner)
    sent = {**PROFILE_SENT, "skills": [{"skill": "citing_sources", "self_level": 1, "evidence_level": 5}]}

    body = client.put(PROFILE, sent, format="json").json()

    (entry,) = body["skills"]
    assert (entry["self_level"], entry["evidence_level"], entry["known_level"]) == (1, 3, 3)
    assert entry["evidence"][0]["source"] == "badge"


def test_a_bad_profile_answers_400_with_translated_messages_per_field_and_saves_nothing(learner):
    sent = {
        **PROFILE_SENT,
        "territory": "Q0",
        "affiliate_qid": "wikimedia",
        "availability": [{"day": 7, "start": "19:00", "end": "18:00"}],
        "mentor_capacity": 99,
        "away_until": "tomorrow",
        "visibility": "everyone",
        "languages": [{"code": "pt"}],
        "skills": [{"skill": "no_such_skill", "self_level": 2}],
        "time_zone": "Nowhere/Special",
    }

    response = signed_in(learner).put(PROFILE, sent, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "territory": [messages.PROFILE_PROBLEMS["unknown_territory"]],
        "affiliate_qid": [messages.PROFILE_PROBLEMS["bad_qid"]],
        "time_zone": [messages.PROFILE_PROBLEMS["unknown_time_zone"]],
        "availability": [messages.PROFILE_PROBLEMS["bad_availability"]],
        "mentor_capacity": [messages.PROFILE_PROBLEMS["bad_capacity"]],
        "away_until": [messages.PROFILE_PROBLEMS["bad_date"]],
        "visibility": [messages.PROFILE_PROBLEMS["bad_choice"]],
        "languages": [messages.PROFILE_PROBLEMS["bad_language"]],
        "skills": [messages.PROFILE_PROBLEMS["bad_skill"]],
    }
    assert not SkillProfile.objects.exists()


@pytest.mark.parametrize("body", [[], "a profile", 3])
def test_a_profile_that_is_not_an_object_is_refused(learner, body):
    response = signed_in(learner).put(PROFILE, body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_only_json_is_taken(learner):
    response = signed_in(learner).put(PROFILE, "visibility=public", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_other_methods_are_not_allowed(learner):
    client = signed_in(learner)
    assert client.post(PROFILE, PROFILE_SENT, format="json").status_code == 405
    assert client.delete(PROFILE).status_code == 405
    assert client.put(TAXONOMY, {}, format="json").status_code == 405
    assert client.put("/api/skills/v1/people/skr_amara/", PROFILE_SENT, format="json").status_code == 405


def test_a_session_put_needs_the_csrf_token(learner):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner)  # a session, as the browser has

    refused = client.put(PROFILE, PROFILE_SENT, format="json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not SkillProfile.objects.exists()
    assert client.get(PROFILE).status_code == 200  # reads need no token
    client.get("/skills/mine/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.put(PROFILE, PROFILE_SENT, format="json", HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200
    assert SkillProfile.objects.get(user=learner).affiliate == "Wikimedia User Group Nigeria"


def test_a_learner_only_ever_changes_their_own_profile(learner, django_user_model):
    other = django_user_model.objects.create_user("skr_bola", password="pw")
    signed_in(other).put(PROFILE, {**PROFILE_SENT, "affiliate": "Bola's group"}, format="json")

    signed_in(learner).put(PROFILE, PROFILE_SENT, format="json")

    assert SkillProfile.objects.get(user=other).affiliate == "Bola's group"
    assert SkillProfile.objects.get(user=learner).affiliate == "Wikimedia User Group Nigeria"
