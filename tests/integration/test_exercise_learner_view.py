"""What the editing exercise tells learners and staff (issue 14): the criteria before the first check, the edit
that was judged, the score and a staff override with its reason, never the verification edit as exercise work,
and a staff table in words."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner, linked_learner
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SCENARIO = "/scenario/wikiskills_edit_exercise.0/"  # a reference and an edit summary, in the learner's sandbox
PASSWORD = "exercise clarity password 1"
AMARA, BO, CHIDI = "Exl Amara", "Exl Bo", "Exl Chidi"


@pytest.fixture(autouse=True)
def scenarios():
    init_scenarios()


@pytest.fixture(scope="module")
def accounts(local_wiki):
    return local_wiki.create_users([AMARA, BO, CHIDI], PASSWORD)


def test_the_learner_sees_what_counts_before_the_first_check(wiki, accounts):
    linked_learner("exl_amara", AMARA)
    learner = WorkbenchLearner(Client(), SCENARIO, "exl_amara")

    state = learner.state()

    assert state["criteria"] == ["Cite at least 1 source (a reference).", "Describe your edit in the edit summary."]
    assert "What your edit needs" in learner.page
    assert "Cite at least 1 source (a reference)." in learner.page


def test_an_arabic_learner_reads_what_counts_in_arabic(wiki, accounts):
    """The criteria's words live in the exercises app's catalog, as plural entries: the block still finds them."""
    linked_learner("exl_amara_ar", AMARA)
    learner = WorkbenchLearner(Client(HTTP_ACCEPT_LANGUAGE="ar"), SCENARIO, "exl_amara_ar")
    with translation.override("ar"):
        expected = [
            translation.ngettext(
                "Cite at least {required} source (a reference).", "Cite at least {required} sources (references).", 1
            ).format(required=1),
            translation.gettext("Describe your edit in the edit summary."),
        ]

    state = learner.state()

    assert state["criteria"] == expected
    assert all(any("\u0600" <= letter <= "\u06ff" for letter in words) for words in expected)  # Arabic script
    assert 'lang="ar" dir="rtl"' in learner.page


def test_the_verification_edit_is_never_judged_as_exercise_work(wiki, local_wiki, accounts):
    learner = WorkbenchLearner(Client(), SCENARIO, "exl_bo")
    started = learner.call("start_verification", {"username": BO}).json()
    code = started["state"]["challenge"]["code"]
    # The learner saves the code together with text that would meet every criterion, with a summary.
    local_wiki.make_edits([Edit(BO, f"User:{BO}/sandbox", f"{code} A fact.<ref>A source</ref>", "code and a fact")])
    linked = learner.state("complete_verification")

    checked = learner.state("check_edit")

    assert (
        "This edit only proves the account is yours: it never counts as your exercise edit." in (started["panel_html"])
    )
    assert linked["status"] == "started"
    assert checked["status"] == "not_yet" and checked["evidence"] == []
    assert checked["judged_none"].startswith("The last check found no edit of yours on the pages that count")
    assert "the edit that linked your account, do not count" in checked["judged_none"]


def test_the_learner_sees_the_edit_judged_their_score_and_a_staff_override_with_its_reason(wiki, local_wiki, accounts):
    linked_learner("exl_chidi", CHIDI)
    learner = WorkbenchLearner(Client(), SCENARIO, "exl_chidi")
    (first,) = local_wiki.make_edits([Edit(CHIDI, f"User:{CHIDI}/sandbox", "No source yet.", "a start")])
    not_yet = learner.state("check_edit")
    get_user_model().objects.create(username="exl_staff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "exl_staff")
    attempt = ExerciseAttempt.objects.get(user__username="exl_chidi")
    instructor.call("staff_override", {"attempt_id": attempt.pk, "score": 0.5, "reason": "Sources checked by hand"})

    overridden = learner.state()
    page = WorkbenchLearner(Client(), SCENARIO, "exl_chidi").page

    assert not_yet["status"] == "not_yet"
    assert not_yet["evidence"] == [{"revid": first, "url": f"{local_wiki.index_url}?diff={first}"}]
    assert "The edit we judged:" in learner.call("current_state").json()["panel_html"]
    assert overridden["score_text"] == (
        "The course staff set your score to 0.5 out of 1. Their reason: Sources checked by hand"
    )
    assert "Their reason: Sources checked by hand" in page


def test_a_passing_learner_sees_the_score(wiki, local_wiki, accounts):
    linked_learner("exl_amara", AMARA)
    learner = WorkbenchLearner(Client(), SCENARIO, "exl_amara")
    local_wiki.make_edits([Edit(AMARA, f"User:{AMARA}/sandbox", "A fact.<ref>A source</ref>", "cited")])

    passed = learner.state("check_edit")

    assert passed["status"] == "passed" and passed["score_text"] == "Your score: 1 out of 1."


def test_the_staff_table_speaks_words_names_the_time_zone_and_confirms_each_action(wiki, local_wiki, accounts):
    linked_learner("exl_bo2", BO)
    learner = WorkbenchLearner(Client(), SCENARIO, "exl_bo2")
    learner.state("check_edit")
    get_user_model().objects.create(username="exl_ivan", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "exl_ivan")
    attempt = ExerciseAttempt.objects.get(user__username="exl_bo2")

    rechecked = instructor.call("staff_recheck", {"attempt_id": attempt.pk}).json()
    everyone = instructor.call("staff_recheck", {}).json()
    overridden = instructor.call(
        "staff_override", {"attempt_id": attempt.pk, "score": 1, "reason": "Edited on paper"}
    ).json()
    table = overridden["staff_html"]
    csv_lines = instructor.client.get(f"/handler/{instructor.usage_id}/export_csv/?student=exl_ivan")
    csv_lines = csv_lines.content.decode().splitlines()

    assert rechecked["confirmation"] == "Checking the edits of exl_bo2 again; the table shows the result."
    assert everyone["confirmation"] == "Checking the edits of 1 learner again; the table shows the results."
    assert overridden["confirmation"] == "Score of exl_bo2 set to 1 out of 1. Reason recorded: Edited on paper"
    assert "Checked: not passed yet" in table and "not_yet" not in table.replace("data-staff-action", "")
    assert "<td>Edited on paper</td>" in table
    assert " UTC</time>" in table
    assert '<th scope="row">exl_ivan</th>' not in table  # staff who opened the exercise are not learners
    assert any(line.startswith("exl_bo2,") and ",not_yet,1," in line and "+00:00," in line for line in csv_lines)


def test_staff_see_check_times_in_their_open_edx_time_zone_named(monkeypatch, wiki, local_wiki, accounts):
    linked_learner("exl_tz", CHIDI)
    WorkbenchLearner(Client(), SCENARIO, "exl_tz").state("check_edit")
    get_user_model().objects.create(username="exl_tz_staff", is_staff=True)
    instructor = WorkbenchLearner(Client(), SCENARIO, "exl_tz_staff")
    real_service = WorkbenchRuntime.service

    def with_preference(runtime, block, name):
        service = real_service(runtime, block, name)
        if name != "user":
            return service
        user = service.get_current_user()
        # What Open edX's user service passes: the viewer's preferences, ``time_zone`` among them.
        user.opt_attrs["edx-platform.user_preferences"] = {"time_zone": "Asia/Kolkata"}
        service.get_current_user = lambda: user
        return service

    monkeypatch.setattr(WorkbenchRuntime, "service", with_preference)
    table = instructor.call("staff_recheck", {}).json()["staff_html"]

    checked_at = ExerciseAttempt.objects.get(user__username="exl_tz").checked_at
    assert f"{checked_at + timedelta(hours=5, minutes=30):%Y-%m-%d %H:%M} Asia/Kolkata</time>" in table
