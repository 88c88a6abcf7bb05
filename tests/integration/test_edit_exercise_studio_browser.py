"""The exercise's criteria in Studio, in headless Chromium: a structured editor over the mixin's JSON box, the
JSON one click away under "Show as JSON" (issue 14, item 9)."""

import json

import pytest
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios, init_scenarios

from tests.support.axe import ui_checks_on_sqlite

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

SCENARIO_ID = "wikiskills_edit_exercise.0"


def stored_criteria():
    """The criteria as the workbench stores them (settings are shared by every student)."""
    return WorkbenchRuntime("exs_author").get_block(get_scenarios()[SCENARIO_ID].usage_id).criteria


@pytest.fixture
def studio(live_server, browser_page, wiki):
    init_scenarios()
    browser_page.goto(f"{live_server.url}/scenario/{SCENARIO_ID}/studio_view/")
    return browser_page


def test_an_author_edits_the_criteria_without_json_and_saves_them(studio):
    page = studio
    legends = page.locator(".wikiskills-criteria__legend").all_inner_texts()
    json_box = page.locator('textarea[data-field-name="criteria"]')
    hidden_at_first = not json_box.is_visible()

    page.get_by_role("button", name="Add a criterion").click()
    added_has_focus = page.evaluate("document.activeElement.getAttribute('data-field')") == "type"
    page.keyboard.press("End")  # a select changes by keyboard: the last type
    page.locator(".wikiskills-criteria__item").nth(2).get_by_label("The edit…").select_option("template_added")
    page.locator(".wikiskills-criteria__item").nth(2).get_by_label("Template name (without Template:)").fill(
        "Citation needed"
    )
    page.get_by_role("button", name="Remove criterion 2").click()
    page.get_by_role("button", name="Move up: criterion 2").click()
    page.get_by_text("Show as JSON (for advanced authors)").click()
    shown_json = json.loads(json_box.input_value())
    page.get_by_role("link", name="Save").click()
    page.get_by_role("status").filter(has_text="Settings saved.").wait_for()

    expected = [{"type": "template_added", "name": "Citation needed"}, {"type": "references_added", "min": 1}]
    assert legends == [
        "Criterion 1: Cites sources: at least a number of references",
        "Criterion 2: Has an edit summary",
    ]
    assert hidden_at_first and added_has_focus
    assert shown_json == expected
    assert stored_criteria() == expected


def test_json_the_editor_cannot_show_stays_as_typed_with_the_editor_hidden(studio):
    page = studio
    page.get_by_text("Show as JSON (for advanced authors)").click()
    page.locator('textarea[data-field-name="criteria"]').fill('[{"type": "no_such_type"}]')

    assert page.get_by_text("The editor cannot show this JSON").is_visible()
    assert not page.locator(".wikiskills-criteria__editor").is_visible()
    assert page.locator(".wikiskills-criteria__problem-detail").inner_text() == "$[0].type"
