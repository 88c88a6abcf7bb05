"""The skills self-assessment block in the workbench: answers go to the learner's skills profile."""

import gettext
import importlib.metadata
from pathlib import Path

import pytest
import xblock.plugin
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios
from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData

from tests.support.exercise_fixtures import WorkbenchLearner
from wikiskills.integrations.wikiskills_skills import api
from wikiskills.integrations.wikiskills_skills.models import ProfileCourse, SkillProfile
from wikiskills.xblocks.skills_survey import SkillsSurveyBlock
from wikiskills.xblocks.skills_survey import block as survey_block

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BLOCK_TYPE = "wikiskills_skills_survey"
SCENARIO = f"/scenario/{BLOCK_TYPE}.0/"
NOT_SET_UP = f"/scenario/{BLOCK_TYPE}.1/"
SURVEY_SKILLS = ["editing", "citing_sources", "fundraising", "mentoring"]
WORKBENCH_COURSE = "course-v1:edX+Demo+2020"  # the course id the workbench gives blocks in handlers
BAD_SKILL = "Choose skills from the list, with a level from 1 to 5."
UNKNOWN_SKILLS = "These skills are not in the skills taxonomy: basket_weaving, knitting. Choose skills from the list."


def register_survey_block(monkeypatch):
    """Make the block loadable by its type even where the package was installed before its entry point existed."""
    if importlib.metadata.entry_points(group="xblock.v1", name=BLOCK_TYPE):
        return
    entry_point = importlib.metadata.EntryPoint(
        name=BLOCK_TYPE, value="wikiskills.xblocks.skills_survey:SkillsSurveyBlock", group="xblock.v1"
    )
    monkeypatch.setattr(XBlock, "extra_entry_points", [*XBlock.extra_entry_points, (BLOCK_TYPE, entry_point)])
    monkeypatch.setattr(xblock.plugin, "PLUGIN_CACHE", {})


@pytest.fixture(autouse=True)
def survey_setup(monkeypatch, skills_taxonomy):
    """The shipped taxonomy and the scenarios."""
    register_survey_block(monkeypatch)
    init_scenarios()


@pytest.fixture
def published(monkeypatch):
    """Every event the blocks publish through the runtime, in order."""
    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda runtime, block, kind, data: events.append((kind, data)))
    return events


def make_block(student="sv_author", **fields):
    runtime = WorkbenchRuntime(student)
    block = SkillsSurveyBlock(
        runtime, KvsFieldData(DictKeyValueStore()), ScopeIds(student, BLOCK_TYPE, "def", f"survey-{student}")
    )
    for name, value in fields.items():
        setattr(block, name, value)
    return block


def answer(skill, level=None, *, wanted=False, offered=False):
    return {"skill": skill, "self_level": level, "wanted": wanted, "offered": offered}


def profile_skills(username):
    """The learner's answers as ``{skill: (level, wanted, offered)}``; skills left blank are left out."""
    user = get_user_model().objects.get(username=username)
    answers = {
        rating["skill"]: (rating["self_level"], rating["wanted"], rating["offered"])
        for rating in api.profile_data(user)["skills"]
    }
    return {skill: given for skill, given in answers.items() if given != (None, False, False)}


def test_submitting_answers_updates_the_profile_and_publishes_completion(published):
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_lucia")

    response = learner.call(
        "submit_answers",
        {
            "answers": [
                answer("editing", 3, offered=True),
                answer("citing_sources", 1, wanted=True),
                answer("fundraising"),
                answer("mentoring", None, wanted=True),
            ]
        },
    )

    assert response.status_code == 200
    state = response.json()
    assert state["message"] == "Your answers are saved in your skills profile."
    assert [skill["code"] for skill in state["skills"]] == SURVEY_SKILLS
    assert profile_skills("sv_lucia") == {
        "editing": (3, False, True),
        "citing_sources": (1, True, False),
        "mentoring": (None, True, False),
    }
    assert ProfileCourse.objects.filter(profile__user__username="sv_lucia", course_key=WORKBENCH_COURSE).exists()
    assert published == [("completion", {"completion": 1.0})]


def test_answers_replace_only_the_surveys_skills_and_show_pre_filled_on_the_next_view():
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_kwame")
    user = get_user_model().objects.get(username="sv_kwame")
    api.record_self_assessment(user, "", [answer("leadership", 4, offered=True)], ["leadership"])

    learner.call("submit_answers", {"answers": [answer("editing", 2), answer("fundraising", 5, offered=True)]})
    learner.call("submit_answers", {"answers": [answer("editing", 4, wanted=True)]})
    page = WorkbenchLearner(Client(), SCENARIO, "sv_kwame").page

    assert profile_skills("sv_kwame") == {"editing": (4, True, False), "leadership": (4, False, True)}
    assert 'value="4" checked' in page
    assert page.count('value="" checked') == 3  # citing_sources, fundraising and mentoring are not rated
    assert 'data-answer="wanted" checked' in page


@pytest.mark.parametrize(
    "answers",
    [
        [answer("editing", 3), answer("grant_writing", 2)],  # a skill that is not in this survey
        [answer("editing", 3), answer("citing_sources", 9)],  # a level off the scale
        [answer("knitting", 1)],  # no such skill at all
        "editing=3",  # not a list
    ],
)
def test_a_bad_answer_is_refused_with_a_message_and_nothing_is_saved(published, answers):
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_mallory")
    learner.call("submit_answers", {"answers": [answer("editing", 1, wanted=True)]})
    published.clear()

    response = learner.call("submit_answers", {"answers": answers})

    assert response.status_code == 400
    assert response.json() == {"error": BAD_SKILL}
    assert profile_skills("sv_mallory") == {"editing": (1, True, False)}
    assert published == []


def test_the_refusal_is_in_the_learners_language_from_the_skills_apps_catalog():
    """The block words the skills app's problem codes; those words are in the app's Django catalog, not the
    blocks' own, and still reach the learner in their language."""
    learner = WorkbenchLearner(Client(HTTP_ACCEPT_LANGUAGE="pt-br"), SCENARIO, "sv_sofia")
    catalogs = Path(survey_block.__file__).parent / "translations"
    assert gettext.translation("text", catalogs, ["pt_BR"]).gettext(BAD_SKILL) == BAD_SKILL  # not the block's
    with translation.override("pt-br"):
        portuguese = translation.gettext(BAD_SKILL)

    response = learner.call("submit_answers", {"answers": [answer("grant_writing", 2)]})

    assert portuguese != BAD_SKILL
    assert response.status_code == 400
    assert response.json() == {"error": portuguese}


def test_evidence_that_counts_the_learner_higher_is_announced_not_hidden():
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_mei")
    user = get_user_model().objects.get(username="sv_mei")
    learner.call("submit_answers", {"answers": [answer("citing_sources", 1)]})
    api.record_evidence_for_user_id(user.pk, "citing_sources", "badge", "citation-hunter")
    note = "Counted at level 3 because of a badge aligned to this skill."

    page = WorkbenchLearner(Client(), SCENARIO, "sv_mei").page
    state = learner.call("current_state").json()
    said_higher = learner.call("submit_answers", {"answers": [answer("citing_sources", 4)]}).json()

    assert note in page
    assert 'value="1" checked' in page  # what the learner said stays what they said
    notes = {skill["code"]: skill["evidence_note"] for skill in state["skills"]}
    assert notes == {"editing": "", "citing_sources": note, "fundraising": "", "mentoring": ""}
    citing = next(skill for skill in state["skills"] if skill["code"] == "citing_sources")
    assert (citing["self_level"], citing["known_level"]) == (1, 3)
    assert [skill["evidence_note"] for skill in said_higher["skills"]] == ["", "", "", ""]


def test_viewing_the_survey_saves_nothing():
    page = WorkbenchLearner(Client(), SCENARIO, "sv_reader").page

    assert "Your skills before the course" in page and "Citing reliable sources" in page
    assert not SkillProfile.objects.filter(user__username="sv_reader").exists()


def test_student_view_data_is_the_learner_independent_configuration():
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_mfe")
    learner.call("submit_answers", {"answers": [answer("editing", 5, offered=True)]})
    block = make_block("sv_mfe", display_name="Skills check", skills=["mentoring", "editing"], prompt="<p>Hi</p>")

    data = block.student_view_data()

    assert data == {
        "display_name": "Skills check",
        "prompt": "<p>Hi</p>",
        "status": "ready",
        "skills": [
            {"code": "mentoring", "label": "Mentoring others", "description": ""},
            {
                "code": "editing",
                "label": "Editing and other on-wiki participation",
                "description": "Writing, sourcing and improving content on Wikimedia projects.",
            },
        ],
        "levels": [
            {"value": 1, "label": "1: beginner"},
            {"value": 2, "label": "2: some experience"},
            {"value": 3, "label": "3: can do it alone"},
            {"value": 4, "label": "4: experienced"},
            {"value": 5, "label": "5: can teach it"},
        ],
        "handlers": {"state": "current_state", "submit": "submit_answers"},
    }
    assert (
        make_block("sv_someone_else", skills=["mentoring", "editing"]).student_view_data()["skills"] == data["skills"]
    )


def test_completion_is_the_blocks_own_not_marked_on_view():
    assert SkillsSurveyBlock.has_custom_completion is True
    assert XBlockCompletionMode.get_mode(SkillsSurveyBlock) == XBlockCompletionMode.COMPLETABLE


@pytest.mark.parametrize(
    ("skills", "messages"),
    [
        (["editing", "knitting", "citing_sources", "basket_weaving"], [UNKNOWN_SKILLS]),
        ([], ["Choose at least one skill for learners to rate."]),
        (["editing", "grant_writing"], []),
    ],
)
def test_studio_names_the_skills_the_taxonomy_does_not_have(skills, messages):
    validation = make_block(skills=skills).validate()

    assert [item.text for item in validation.messages] == messages


def test_studio_refuses_to_save_unknown_skills():
    learner = WorkbenchLearner(Client(), SCENARIO, "sv_author")

    refused = learner.call("submit_studio_edits", {"values": {"skills": ["editing", "knitting"]}, "defaults": []})

    assert refused.status_code == 400
    assert "knitting" in refused.json()["error"]["messages"][0]["text"]


def test_studio_offers_the_taxonomy_as_a_checklist():
    editor = Client().get(f"{SCENARIO}studio_view/").content.decode()

    assert ">Skills<" in editor and ">Introduction<" in editor
    assert "Citing reliable sources" in editor and "Writing grant proposals" in editor


def test_a_survey_not_set_up_says_so_and_refuses_answers():
    learner = WorkbenchLearner(Client(), NOT_SET_UP, "sv_early_bird")

    response = learner.call("submit_answers", {"answers": []})

    assert "This self-assessment has not been set up yet." in learner.page
    assert response.status_code == 400
    assert response.json() == {"error": "This self-assessment has not been set up yet."}
    assert make_block(skills=[]).student_view_data()["status"] == "not_configured"


def test_answers_are_refused_without_a_csrf_token():
    learner = WorkbenchLearner(Client(enforce_csrf_checks=True), SCENARIO, "sv_csrf")

    refused = learner.client.post(
        f"/handler/{learner.usage_id}/submit_answers/?student=sv_csrf",
        data={"answers": [answer("editing", 3)]},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert not SkillProfile.objects.filter(user__username="sv_csrf").exists()
