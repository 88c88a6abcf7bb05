"""Peer review in headless Chromium, by keyboard alone: link a wiki account first, submit, review, see the
grade with the focus on each action's result; a failed request says why and gives the button back; staff
actions are confirmed where the focus goes."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from workbench.scenarios import init_scenarios

from tests.support.axe import ui_checks_on_sqlite
from tests.support.browser_fixtures import tab_until
from tests.support.exercise_fixtures import WorkbenchLearner
from wikiskills.integrations.mediawiki.local_wiki import Edit
from wikiskills.integrations.wikiskills_peer_review.models import PeerSubmission

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

SCENARIO = "/scenario/wikiskills_peer_review.0/"  # text; two reviews given and needed
WIKI_SCENARIO = "/scenario/wikiskills_peer_review.1/"  # a wiki edit on "demo"
SERVER_ERROR = "Something went wrong on the server. Try again in a moment; nothing you entered was lost."
NETWORK_ERROR = (
    "The request did not reach the server. Check your connection and try again; nothing you entered was lost."
)
LINKER = "Prb Keyboard Linker"


def focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def tab_to_button(page, name):
    tab_until(page, f"document.activeElement.textContent.trim() === {name!r}")


def test_the_linking_step_comes_first_and_works_from_the_keyboard(wiki, local_wiki, live_server, browser_page):
    init_scenarios()
    local_wiki.create_users([LINKER], "peer review browser password 1")
    page = browser_page
    page.goto(f"{live_server.url}{WIKI_SCENARIO}?student=prb_kb_linker")

    page.get_by_role("heading", name="Step 1: link your Local test wiki account").wait_for()
    assert page.get_by_role("textbox", name=re.compile("Link to your edit")).count() == 0
    tab_until(page, "document.activeElement.name === 'username'")
    page.keyboard.type(LINKER)
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="Your code is ready.").wait_for()
    assert focused_text(page).startswith("Your code is ready.")

    code = page.locator("code").inner_text()
    local_wiki.make_edits([Edit(LINKER, f"User:{LINKER}/sandbox", f"My code: {code}")])
    tab_to_button(page, "I saved the code")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text=f"Your account {LINKER} on Local test wiki is linked.").wait_for()
    assert focused_text(page).startswith(f"Your account {LINKER}")
    page.get_by_role("textbox", name="Link to your edit on Local test wiki, or its revision number").wait_for()


def test_a_failed_request_says_why_and_gives_the_button_back(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_kb_failure")
    status = page.get_by_role("alert")
    submit = page.get_by_role("button", name="Submit my text")
    page.get_by_role("textbox", name="Your text").click()
    page.keyboard.type("Sources let readers check.")

    page.route(re.compile(r"/submit_work/"), lambda route: route.fulfill(status=500, body="boom"), times=1)
    submit.click()
    status.filter(has_text=SERVER_ERROR).wait_for()
    assert focused_text(page) == SERVER_ERROR
    assert submit.get_attribute("aria-disabled") is None

    page.route(re.compile(r"/submit_work/"), lambda route: route.abort(), times=1)
    submit.click()
    status.filter(has_text=NETWORK_ERROR).wait_for()
    assert focused_text(page) == NETWORK_ERROR
    assert submit.get_attribute("aria-disabled") is None
    assert not PeerSubmission.objects.filter(author__username="prb_kb_failure").exists()

    submit.click()  # the text is still there, and the retry goes through
    page.get_by_role("alert").filter(has_text="Your work was submitted.").wait_for()
    assert page.get_by_role("status").first.inner_text() == "Review your peers' work: 0 of 2 done."


def review_with_the_keyboard(page):
    """Choose the first option of each criterion (Tab reaches each radio group, Space chooses) and send."""
    tab_to_button(page, "Review a peer's work")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Review this work").wait_for()
    assert focused_text(page) == "Review this work"
    for criterion in ("Sources", "Neutral tone"):
        tab_until(page, f"document.activeElement.dataset.criterion === {criterion!r}")
        page.keyboard.press("Space")
    tab_to_button(page, "Send my review")
    page.keyboard.press("Enter")


def test_keyboard_only_submit_review_and_see_the_grade_with_the_focus_on_each_result(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_kb_a")

    tab_until(page, "document.activeElement.getAttribute('role') === 'textbox'")
    page.keyboard.type("Readers must be able to check every claim.")
    tab_to_button(page, "Submit my text")
    page.keyboard.press("Enter")
    page.get_by_role("alert").filter(has_text="Your work was submitted.").wait_for()
    assert focused_text(page) == "Your work was submitted."

    others = [WorkbenchLearner(Client(), SCENARIO, name) for name in ("prb_kb_b", "prb_kb_c")]
    for other in others:
        other.state("submit_work", {"text": f"{other.student}'s text."})
    for other in others:
        for _ in range(2):
            work = other.state("next_review")["task"]["submission"]["id"]
            other.state(
                "send_review",
                {"submission_id": work, "options": {"Sources": "Well sourced", "Neutral tone": "Neutral"}},
            )

    for done in (1, 2):
        review_with_the_keyboard(page)
        page.get_by_role("alert").filter(has_text="Thank you, your review was sent.").wait_for()
        assert focused_text(page) == "Thank you, your review was sent."
        page.get_by_text(f"Reviews you gave: {done} of 2.").wait_for()
    page.get_by_role("heading", name="Your grade").wait_for()
    assert page.locator(".wikiskills-peer__status").inner_text() == "Your grade: 4 of 4 points."


def test_staff_are_told_what_their_action_did_where_the_focus_goes(live_server, browser_page):
    init_scenarios()
    learner = WorkbenchLearner(Client(), SCENARIO, "prb_kb_learner")
    learner.state("submit_work", {"text": "Learner's text."})
    get_user_model().objects.create(username="prb_kb_staff", is_staff=True)
    page = browser_page
    page.goto(f"{live_server.url}{SCENARIO}?student=prb_kb_staff")

    tab_until(page, "document.activeElement.name === 'points'")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("Presented it orally")
    page.keyboard.press("Enter")
    confirmation = "prb_kb_learner's grade is now 3 of 4 points. Reason: Presented it orally"
    page.locator(".wikiskills-peer__staff-status").filter(has_text=confirmation).wait_for()
    assert focused_text(page) == confirmation
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    page.get_by_role("cell", name=re.compile("Reason: Presented it orally")).wait_for()

    page.route(re.compile(r"/staff_moderate/"), lambda route: route.fulfill(status=500, body=""), times=1)
    remove = page.get_by_role("button", name="Remove submission")
    remove.focus()
    page.keyboard.press("Enter")
    page.locator(".wikiskills-peer__staff-status").filter(has_text=SERVER_ERROR).wait_for()
    assert focused_text(page) == SERVER_ERROR and remove.get_attribute("aria-disabled") is None
