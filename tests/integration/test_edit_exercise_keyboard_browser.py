"""The editing exercise by keyboard alone in a real Chromium: focus lands on each action's result, and a failed
request says why and gives the controls back (issue 14, items 5 and 6)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from workbench.scenarios import init_scenarios

from tests.support.axe import ui_checks_on_sqlite
from tests.support.browser_fixtures import tab_until
from tests.support.exercise_fixtures import linked_learner
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

LEARNER, LINKED = "Exk Keyboard Learner", "Exk Linked Learner"
SCENARIO = "/scenario/wikiskills_edit_exercise.0/"
SERVER_ERROR = "Something went wrong on the server. Try again in a moment; nothing you entered was lost."
NETWORK_ERROR = (
    "The request did not reach the server. Check your connection and try again; nothing you entered was lost."
)
FOCUSED_CLASS = "document.activeElement.className"


def focus_in_block_on(name):
    """The focused element is the block's own field ``name`` (the demo page has fields of its own)."""
    inside = "document.activeElement.closest('.wikiskills-exercise') !== null"
    return f"{inside} && document.activeElement.name === {name!r}"


def focus_on(text):
    return f"document.activeElement.textContent.trim() === {text!r}"


@pytest.fixture
def accounts(local_wiki):
    return local_wiki.create_users([LEARNER, LINKED], "exercise keyboard password 1")


def test_link_check_and_see_the_result_by_keyboard_with_focus_on_each_result(
    live_server, wiki, local_wiki, accounts, browser_page
):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=exk_learner")
    criteria = page.locator(".wikiskills-exercise__criteria li").all_inner_texts()

    tab_until(page, focus_in_block_on("username"))
    page.keyboard.type(LEARNER)
    page.keyboard.press("Enter")
    page.locator(".wikiskills-linking__code").wait_for()
    after_asking_for_a_code = page.evaluate(FOCUSED_CLASS)
    code = page.locator(".wikiskills-linking__code").inner_text()
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", f"Verifying: {code}", "verifying my account")])

    tab_until(page, focus_on("I saved the code"))
    page.keyboard.press("Enter")
    page.get_by_text(f"Your account on Local test wiki: {LEARNER}").wait_for()
    after_linking = page.evaluate(FOCUSED_CLASS)
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", "Fact.<ref>A source</ref>", "cited a source")])

    tab_until(page, focus_on("Check my edit"))
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Passed. Well done!").wait_for()
    after_checking = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")

    assert criteria == ["Cite at least 1 source (a reference).", "Describe your edit in the edit summary."]
    assert after_asking_for_a_code == "wikiskills-linking__challenge"
    assert after_linking == "wikiskills-exercise__account"
    assert after_checking == ["wikiskills-exercise__status", "Passed. Well done!"]
    assert page.get_by_text("Your score: 1 out of 1.").is_visible()
    assert page.get_by_text("The edit we judged:").is_visible()


def test_a_failing_check_says_why_and_gives_the_button_back(live_server, wiki, local_wiki, accounts, browser_page):
    linked_learner("exk_linked", LINKED)
    init_scenarios()
    page = browser_page
    page.route("**/check_edit/**", lambda route: route.fulfill(status=500, body="<h1>Server Error</h1>"))
    page.goto(f"{live_server.url}{SCENARIO}?student=exk_linked")
    button = page.get_by_role("button", name="Check my edit")

    tab_until(page, focus_on("Check my edit"))
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text=SERVER_ERROR).wait_for()
    focused_after_the_error = page.evaluate(FOCUSED_CLASS)
    enabled_after_the_error = button.get_attribute("aria-disabled")

    page.unroute("**/check_edit/**")
    page.route("**/check_edit/**", lambda route: route.abort())
    button.click()
    page.get_by_role("alert").filter(has_text=NETWORK_ERROR).wait_for()

    page.unroute("**/check_edit/**")
    button.click()
    page.get_by_role("status").filter(has_text="Not yet. Here is what is still missing:").wait_for()

    assert focused_after_the_error == "wikiskills-exercise__status is-error"
    assert enabled_after_the_error is None


def test_a_failing_poll_shows_the_error_and_stops_polling(live_server, wiki, local_wiki, accounts, browser_page):
    user = linked_learner("exk_poller", LINKED)
    init_scenarios()
    page = browser_page
    polls = []

    def refuse(route):
        polls.append(time.monotonic())
        route.fulfill(status=503, body="")

    page.goto(f"{live_server.url}{SCENARIO}?student=exk_poller")  # starts the attempt
    ExerciseAttempt.objects.filter(user=user).update(status=ExerciseAttempt.PENDING, check_requested_at=timezone.now())
    page.route("**/current_state/**", refuse)
    page.reload()
    page.get_by_role("alert").filter(has_text=SERVER_ERROR).wait_for()
    page.wait_for_timeout(5000)  # two more polling periods

    assert len(polls) == 1
    assert page.get_by_role("button", name="Check my edit").get_attribute("aria-disabled") is None


def test_staff_override_by_keyboard_confirms_with_focus_on_the_confirmation(
    live_server, wiki, local_wiki, accounts, browser_page
):
    linked_learner("exk_learner2", LINKED)
    get_user_model().objects.create(username="exk_staff", is_staff=True)
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=exk_learner2")  # the learner opens the exercise
    page.goto(f"{live_server.url}{SCENARIO}?student=exk_staff")

    tab_until(page, focus_in_block_on("score"))
    page.keyboard.type("0.5")
    page.keyboard.press("Tab")
    page.keyboard.type("Checked on paper")
    page.keyboard.press("Enter")
    confirmation = "Score of exk_learner2 set to 0.5 out of 1. Reason recorded: Checked on paper"
    page.get_by_role("status").filter(has_text=confirmation).wait_for()

    assert page.evaluate(FOCUSED_CLASS) == "wikiskills-exercise__staff-status"
    assert page.locator(".wikiskills-exercise__learners td", has_text="Checked on paper").count() == 1
    assert page.locator(".wikiskills-exercise__learners tbody tr").count() == 1  # staff are not learners
