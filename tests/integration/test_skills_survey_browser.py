"""The self-assessment in a real headless Chromium, with the keyboard only: rate, tick, save, hear the result."""

import pytest
from django.contrib.auth import get_user_model
from workbench.scenarios import init_scenarios

from tests.integration.test_skills_survey_block import SCENARIO, register_survey_block
from wikiskills.integrations.wikiskills_skills import api

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey_page(live_server, browser_page, monkeypatch, skills_taxonomy):
    register_survey_block(monkeypatch)
    init_scenarios()

    def open_as(student):
        browser_page.goto(f"{live_server.url}{SCENARIO}?student={student}")
        return browser_page

    return open_as


def focused(page):
    """What the keyboard is on: the focused element's role or tag, its accessible text and its value."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : el.textContent.trim();
            return {tag: el.tagName.toLowerCase(), role: el.getAttribute("role"), type: el.type || "",
                    label: label, value: el.value || ""};
        }"""
    )


def tab_to(page, predicate, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return focused(page)
    raise AssertionError(f"Tab never reached the element; last focused: {focused(page)}")


def test_a_learner_rates_ticks_and_saves_with_the_keyboard_only(survey_page):
    page = survey_page("svb_lucia")
    editing = page.get_by_role("group", name="Editing and other on-wiki participation", exact=True)

    first_radio = tab_to(page, lambda el: el["type"] == "radio")
    assert first_radio["label"] == "Not rated"  # the group's checked option takes the focus
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # arrow keys move through the levels, selecting as they go
    assert focused(page)["label"] == "3: can do it alone"
    tab_to(page, lambda el: el["label"] == "I can teach or mentor this")
    page.keyboard.press("Space")
    button = tab_to(page, lambda el: el["tag"] == "button")
    assert button["label"] == "Save my answers"
    page.keyboard.press("Enter")

    status = page.get_by_role("status")
    status.filter(has_text="Your answers are saved in your skills profile.").wait_for()
    assert status.evaluate("el => el === document.activeElement")
    assert editing.get_by_label("3: can do it alone").is_checked()
    user = get_user_model().objects.get(username="svb_lucia")
    saved = {rating["skill"]: rating for rating in api.profile_data(user)["skills"]}
    assert (saved["editing"]["self_level"], saved["editing"]["offered"], saved["editing"]["wanted"]) == (3, True, False)


def test_a_refused_save_says_why_and_the_button_can_be_used_again(survey_page):
    page = survey_page("svb_kwame")
    page.route(
        "**/submit_answers/**",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body='{"error": "Choose skills from the list, with a level from 1 to 5."}',
        ),
    )
    button = page.get_by_role("button", name="Save my answers")

    button.focus()
    page.keyboard.press("Space")

    alert = page.get_by_role("alert")
    alert.filter(has_text="Choose skills from the list, with a level from 1 to 5.").wait_for()
    assert alert.evaluate("el => el === document.activeElement")
    assert button.get_attribute("aria-disabled") is None

    page.unroute("**/submit_answers/**")
    button.focus()
    page.keyboard.press("Enter")
    status = page.get_by_role("status")
    status.filter(has_text="Your answers are saved in your skills profile.").wait_for()
    assert status.evaluate("el => el === document.activeElement")
    assert page.get_by_role("alert").count() == 0


def test_a_lost_connection_says_so_and_the_button_can_be_used_again(survey_page):
    page = survey_page("svb_mei")
    page.route("**/submit_answers/**", lambda route: route.abort())
    button = page.get_by_role("button", name="Save my answers")

    button.focus()
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    alert.filter(has_text="Your answers could not be sent.").wait_for()
    assert alert.evaluate("el => el === document.activeElement")
    assert button.get_attribute("aria-disabled") is None


def test_a_server_error_without_a_message_says_so_in_the_learners_words(survey_page):
    page = survey_page("svb_ana")
    page.route("**/submit_answers/**", lambda route: route.fulfill(status=500, body="Internal Server Error"))
    button = page.get_by_role("button", name="Save my answers")

    button.focus()
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    alert.filter(has_text="Something went wrong on the server. Try again in a moment").wait_for()
    assert alert.evaluate("el => el === document.activeElement")
    assert button.get_attribute("aria-disabled") is None
