"""A newcomer sees a learning pack in the demo workbench, unit by unit, without Studio."""

import pytest
from workbench.scenarios import init_scenarios

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_packs_unit_opens_from_the_workbench_with_its_reading_and_exercise(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_role(
        "link", name="Learning pack: Editing Wikipedia: first steps — 3. Your first edit, in your sandbox"
    ).click()

    page.get_by_role("heading", name="Write an edit summary").wait_for()
    reading = page.locator("[lang=en][dir=ltr]").first
    assert "This is the edit summary." in reading.inner_text()
    exercise = page.locator(".wikiskills-exercise")
    exercise.wait_for()
    assert "Write a few sentences in your sandbox" in exercise.inner_text()
    assert "${" not in exercise.inner_text()  # every pack placeholder was filled at build time


def test_a_self_check_question_is_summarized_since_the_workbench_has_no_capa(live_server, browser_page):
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}/scenario/pack.editing-first-steps.1/")
    page.get_by_text("A self-check question: in the LMS learners answer it and see the hints.", exact=True).wait_for()
