"""A newcomer in the demo, in headless Chromium: acts as a demo person from the index and sees her badges,
then reads the pages in Arabic, right to left, choosing the language with the keyboard alone."""

from io import StringIO

import pytest
from django.core.management import call_command
from workbench.scenarios import init_scenarios

from tests.support.axe import ui_checks_on_sqlite

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]


@pytest.fixture
def demo(live_server, settings, tmp_path, skills_taxonomy):
    """The demo's people and data, as ``make demo`` loads them; badge images in a temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path)
    call_command("load_demo_data", stdout=StringIO())
    init_scenarios()
    return live_server.url


def test_a_learner_acts_as_a_demo_person_and_sees_her_badges(demo, browser_page):
    page = browser_page
    page.goto(f"{demo}/")
    page.get_by_label("Acting as").select_option("learner_lucia")
    page.get_by_role("button", name="Act as this person").click()
    page.get_by_role("link", name="My badges").click()

    page.get_by_text("First citation").first.wait_for()
    assert page.get_by_label("Acting as").input_value() == "learner_lucia"  # the bar is on our pages too


def test_the_language_is_chosen_with_the_keyboard_and_pages_turn_right_to_left(demo, browser_page):
    page = browser_page
    page.goto(f"{demo}/badges/skills/")
    page.get_by_label("Language").select_option("ar")
    page.get_by_label("Language").focus()
    page.keyboard.press("Tab")  # from the list to its button, and the keyboard submits
    page.keyboard.press("Enter")

    page.locator("html[lang=ar][dir=rtl]").wait_for(state="attached")
    page.goto(f"{demo}/scenario/wikiskills_wiki_page.0/")
    assert page.locator("html").get_attribute("dir") == "rtl"
