"""The editing exercise block in the workbench, against a real local MediaWiki: link, edit, check, grade."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from social_django.models import UserSocialAuth
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner, counting_client, linked_learner, make_exercise_block
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_accounts.models import VerificationChallenge, WikiAccount
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCENARIO = "/scenario/wikiskills_edit_exercise.0/"
PASSWORD = "exercise block password 1"
LUCIA, KWAME, MALLORY, SOFIA, MEI = "Exb Lucía", "Exb Kwame", "Exb Mallory", "Exb Sofía", "Exb Mei"


@pytest.fixture(autouse=True)
def scenarios():
    init_scenarios()


@pytest.fixture(scope="module")
def accounts(local_wiki):
    return local_wiki.create_users([LUCIA, KWAME, MALLORY, SOFIA, MEI], PASSWORD)


@pytest.fixture
def published(monkeypatch):
    """Every event the blocks publish through the runtime, in order."""
    events = []
    monkeypatch.setattr(WorkbenchRuntime, "publish", lambda runtime, block, kind, data: events.append((kind, data)))
    return events


def test_a_learner_links_by_a_verification_edit_then_passes_and_is_graded_once(wiki, local_wiki, accounts, published):
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_lucia")
    assert "Link your wiki account" in learner.page

    challenge = learner.state("start_verification", {"username": "exb_Lucía"})["challenge"]
    local_wiki.make_edits([Edit(LUCIA, f"User:{LUCIA}/sandbox", f"My code: {challenge['code']}")])
    linked = learner.state("complete_verification")
    (revid,) = local_wiki.make_edits(
        [Edit(LUCIA, f"User:{LUCIA}/sandbox", "A fact.<ref>A reliable source</ref>", "cited a source")]
    )
    checked = learner.state("check_edit")
    polled_again = learner.state()

    assert challenge["page_title"] == f"User:{LUCIA}/sandbox" and challenge["code"].startswith("wikiskills-")
    assert linked["status"] == "started" and linked["account"] == LUCIA
    assert linked["target_url"] == wiki.page_url(f"User:{LUCIA}/sandbox")
    assert checked["status"] == "passed" and checked["message"] == "Passed. Well done!"
    assert checked["evidence"] == [{"revid": revid, "url": f"{local_wiki.index_url}?diff={revid}"}]
    assert [result["text"] for result in checked["results"]] == [
        "Added 1 reference, needs 1.",
        "The edit has a summary.",
    ]
    assert polled_again["status"] == "passed"
    assert published == [("grade", {"value": 1.0, "max_value": 1.0}), ("completion", {"completion": 1.0})]


def test_not_yet_says_what_is_missing_and_how_far_off(wiki, local_wiki, accounts):
    linked_learner("exb_kwame", KWAME)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_kwame")
    local_wiki.make_edits([Edit(KWAME, f"User:{KWAME}/sandbox", "No source yet.")])

    state = learner.state("check_edit")

    assert state["status"] == "not_yet"
    assert state["message"] == "Not yet. Here is what is still missing:"
    assert [(result["met"], result["text"]) for result in state["results"]] == [
        (False, "Added 0 references, needs 1."),
        (False, "Describe your edit in the edit summary."),
    ]


def test_a_code_saved_by_another_account_does_not_verify(wiki, local_wiki, accounts):
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_mallory")
    challenge = learner.state("start_verification", {"username": MEI})["challenge"]
    local_wiki.make_edits([Edit(MALLORY, f"User:{MEI}/sandbox", f"Mallory writes {challenge['code']}")])

    state = learner.state("complete_verification")

    assert state["status"] == "link_account"
    assert state["notice"].startswith(f"We found no edit by {MEI} to User:{MEI}/sandbox that adds your code")
    assert not WikiAccount.objects.filter(username=MEI).exists()


def test_a_code_planted_in_someone_elses_sandbox_is_not_carried_along_by_their_next_edit(wiki, local_wiki, accounts):
    """The attack: Mallory hides her code in Mei's sandbox; Mei's next ordinary edit keeps the comment."""
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_mallory_plants")
    challenge = learner.state("start_verification", {"username": MEI})["challenge"]
    planted = f"<!-- {challenge['code']} -->"
    local_wiki.make_edits(
        [
            Edit(MALLORY, f"User:{MEI}/sandbox", f"{planted}\nA draft.", "copyedit"),
            Edit(MEI, f"User:{MEI}/sandbox", f"{planted}\nA draft about my town, now longer.", "expanded my draft"),
        ]
    )

    state = learner.state("complete_verification")

    assert state["status"] == "link_account"
    assert "that adds your code" in state["notice"]
    assert not WikiAccount.objects.filter(username=MEI).exists()


def test_the_owner_adding_the_code_to_a_page_others_edited_verifies(wiki, local_wiki, accounts):
    """Adding is judged against the edit's parent: the owner's edit that adds the code counts."""
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_sofia_adds")
    challenge = learner.state("start_verification", {"username": SOFIA})["challenge"]
    local_wiki.make_edits(
        [
            Edit(SOFIA, f"User:{SOFIA}/sandbox", "My first draft.", "draft"),
            Edit(MALLORY, f"User:{SOFIA}/sandbox", "My first draft, tidied.", "tidy"),
            Edit(SOFIA, f"User:{SOFIA}/sandbox", f"My first draft, tidied. {challenge['code']}", "my code"),
        ]
    )

    state = learner.state("complete_verification")

    assert state["account"] == SOFIA


def test_clicking_again_within_the_window_asks_the_wiki_nothing_and_says_when(wiki, local_wiki, accounts, settings):
    """A script looping on "Check my edit" or "Get my code" must not get the platform's User-Agent blocked."""
    settings.WIKISKILLS_LEARNER_WIKI_REQUEST_SECONDS = 20
    cache.clear()
    linked_learner("exb_kwame_clicks", KWAME)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_kwame_clicks")
    first = learner.state("check_edit")
    attempt = ExerciseAttempt.objects.get(user__username="exb_kwame_clicks")
    checks = attempt.check_count

    again = learner.state("check_edit")

    assert first["notice"] == ""
    assert again["notice"].startswith("You asked a moment ago. You can ask again after ")
    assert ExerciseAttempt.objects.get(pk=attempt.pk).check_count == checks
    stranger = WorkbenchLearner(Client(), SCENARIO, "exb_stranger_clicks")
    assert stranger.state("start_verification", {"username": MEI})["challenge"]["username"] == MEI
    refused = stranger.state("start_verification", {"username": MEI})
    assert refused["notice"].startswith("You asked a moment ago.")


def test_an_expired_code_is_refused(wiki, local_wiki, accounts):
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_sofia_late")
    challenge = learner.state("start_verification", {"username": SOFIA})["challenge"]
    now = timezone.now()
    VerificationChallenge.objects.filter(code=challenge["code"]).update(
        created_at=now - timedelta(hours=3), expires_at=now - timedelta(hours=1)
    )
    local_wiki.make_edits([Edit(SOFIA, f"User:{SOFIA}/sandbox", challenge["code"])])

    state = learner.state("complete_verification")

    assert state["notice"] == "Your code has expired. Enter your username again to get a new one."


def test_an_account_someone_else_linked_is_refused_with_a_clear_message(wiki, local_wiki, accounts):
    linked_learner("exb_kwame", KWAME)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_impostor")

    state = learner.state("start_verification", {"username": KWAME})

    assert state["notice"] == (
        f"The wiki account {KWAME} is already linked to another learner. If it is yours, ask the course staff for help."
    )
    assert "challenge" not in state


def test_an_unknown_account_is_refused(wiki, local_wiki, accounts):
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_typo")

    state = learner.state("start_verification", {"username": "Exb Nobody by this name"})

    assert state["notice"] == (
        "Local test wiki has no account named Exb Nobody by this name. Check the spelling, including capital letters."
    )


def test_the_wikimedia_login_links_the_account_without_a_code(exercise_settings, wiki, local_wiki, accounts):
    # Wikimedia's OAuth server cannot be reached from tests, so the social-auth record that
    # "Log in with Wikimedia" leaves behind is created directly, as third-party auth stores it.
    wiki_user = counting_client(local_wiki.api_url).users([SOFIA])[SOFIA]
    user = get_user_model().objects.create(username="exb_sofia")
    UserSocialAuth.objects.create(
        user=user, provider="mediawiki", uid=str(wiki_user.central_id), extra_data={"username": SOFIA}
    )

    state = WorkbenchLearner(Client(), SCENARIO, "exb_sofia").state()

    account = WikiAccount.objects.get(user=user)
    assert state["status"] == "started" and state["account"] == SOFIA
    assert (account.verified_by, account.central_id) == (WikiAccount.WIKIMEDIA_LOGIN, str(wiki_user.central_id))


def test_staff_see_every_learner_override_with_a_reason_and_export_csv(wiki, local_wiki, accounts):
    linked_learner("exb_kwame", KWAME)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_kwame")
    get_user_model().objects.create(username="exb_ivan", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "exb_ivan")
    attempt = ExerciseAttempt.objects.get(user__username="exb_kwame")

    refused = learner.call("staff_override", {"attempt_id": attempt.pk, "score": 1, "reason": "mine"})
    recheck_refused = learner.call("staff_recheck", {})
    rechecked = instructor.call("staff_recheck", {"attempt_id": attempt.pk})
    no_reason = instructor.call("staff_override", {"attempt_id": attempt.pk, "score": 1, "reason": " "})
    overridden = instructor.call("staff_override", {"attempt_id": attempt.pk, "score": 0.5, "reason": "=Edit on paper"})
    csv_for_staff = instructor.client.get(f"/handler/{instructor.usage_id}/export_csv/?student=exb_ivan")
    csv_for_learner = learner.client.get(f"/handler/{learner.usage_id}/export_csv/?student=exb_kwame")

    assert "exb_kwame" in instructor.page and "Learners (staff only)" in instructor.page
    assert "Learners (staff only)" not in learner.page
    assert refused.status_code == 403 and recheck_refused.status_code == 403 and no_reason.status_code == 400
    assert rechecked.status_code == 200
    assert overridden.status_code == 200 and "=Edit on paper" in overridden.json()["staff_html"]
    assert learner.state()["score"] == 0.5
    assert csv_for_learner.status_code == 403
    lines = csv_for_staff.content.decode().splitlines()
    assert lines[0] == "learner,wiki_account,status,score,last_checked,evidence,override_reason"
    assert any(
        line.startswith(f"exb_kwame,{KWAME},not_yet,0.5,2") and line.endswith(",'=Edit on paper") for line in lines
    )


def test_handlers_refuse_posts_without_a_csrf_token(wiki, accounts):
    learner = WorkbenchLearner(Client(enforce_csrf_checks=True), SCENARIO, "exb_csrf")

    refused = learner.client.post(
        f"/handler/{learner.usage_id}/check_edit/?student=exb_csrf", data="{}", content_type="application/json"
    )

    assert refused.status_code == 403


def test_the_learner_state_is_json_for_the_learning_mfe(wiki, accounts):
    linked_learner("exb_mfe", KWAME)
    block = make_exercise_block("exb_mfe", wiki="demo", criteria=[{"type": "section_added"}])

    state = block.student_view_data()

    assert state["status"] == "started" and state["account"] == KWAME
    assert state["target_url"] == wiki.page_url(f"User:{KWAME}/sandbox")


NAMESPACE_HELP = "Enter the namespace as a number, such as 0 for articles or 2 for user pages."
CRITERIA_EXAMPLE = '[{"type": "references_added", "min": 2}, {"type": "edit_summary"}]'
CRITERIA_TYPES = (
    "bytes_added, references_added, wikilinks_added, template_added, section_added, file_added, "
    "category_added, edit_summary, not_minor, talk_page_section, still_stands, reverted_vandalism"
)
STUDIO_PROBLEMS = [
    ({"wiki": "nowiki"}, "Choose one of the allowed wikis: demo."),
    ({"target_kind": "pattern", "target": "User:Someone/sandbox"}, "A title pattern must contain {username}."),
    (
        {"target_kind": "page", "target": "A [bad] title"},
        "A page title cannot contain any of # < > [ ] | { } (except {username} in a pattern).",
    ),
    ({"target_kind": "namespace", "target": "articles"}, NAMESPACE_HELP),
    (
        {"window": "since_date", "window_start_date": "next week"},
        "Enter the date as YYYY-MM-DD, for example 2026-09-01.",
    ),
    ({"weight": 0.0}, "The weight must be more than 0."),
    ({"criteria": []}, f"Add at least one criterion, as a JSON list such as {CRITERIA_EXAMPLE}."),
    ({"criteria": [{"type": "magic"}]}, f"Criterion 1 needs a type, one of: {CRITERIA_TYPES}."),
    (
        {"criteria": [{"type": "section_added"}, {"type": "references_added", "min": 0}]},
        'Criterion 2 (references_added): "min" must be a whole number of at least 1.',
    ),
]


@pytest.mark.parametrize(("fields", "message"), STUDIO_PROBLEMS)
def test_studio_explains_what_is_wrong_with_the_settings(wiki, fields, message):
    block = make_exercise_block("exb_author", **{"wiki": "demo", **fields})

    assert [item.text for item in block.validate().messages] == [message]


def test_studio_offers_every_editable_field(wiki):
    editor = Client().get("/scenario/wikiskills_edit_exercise.0/studio_view/").content.decode()

    for label in ("Instructions", "Wiki", "Pages that count", "Criteria", "Several edits may count together"):
        assert f">{label}<" in editor


def test_a_block_not_set_up_says_so(wiki):
    learner = WorkbenchLearner(Client(), "/scenario/wikiskills_edit_exercise.3/", "exb_early_bird")

    assert "This exercise has not been set up yet." in learner.page
    assert learner.state("check_edit")["status"] == "not_configured"


@pytest.mark.parametrize("number", [1, 2])
def test_the_other_demo_scenarios_are_valid_exercises(wiki, number):
    page = Client().get(f"/scenario/wikiskills_edit_exercise.{number}/?student=exb_demo").content.decode()

    assert "Link your wiki account" in page


def test_a_check_while_the_wiki_is_down_stays_pending_and_the_view_keeps_checking(settings, wiki, accounts):
    linked_learner("exb_patient", KWAME)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_patient")
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php", "name": "Down", "family": "test"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1

    state = learner.state("check_edit")

    assert state["status"] == "pending" and state["message"] == "Checking your edit…"
    attempt = ExerciseAttempt.objects.get(user__username="exb_patient")
    assert attempt.status == ExerciseAttempt.PENDING and attempt.check_count == 0


def test_every_check_emits_a_tracking_event(wiki, local_wiki, accounts, caplog):
    linked_learner("exb_tracked", MEI)
    learner = WorkbenchLearner(Client(), SCENARIO, "exb_tracked")

    with caplog.at_level("INFO", logger="wikiskills.tracking"):
        learner.state("check_edit")
        learner.state("check_edit")

    events = [record for record in caplog.records if record.name == "wikiskills.tracking"]
    assert len(events) == 2
    assert "edx.wikiskills.edit_exercise.checked" in events[0].getMessage()
