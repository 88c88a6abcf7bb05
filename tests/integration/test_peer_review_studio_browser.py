"""The peer review's rubric in Studio, in headless Chromium: the structured editor over the mixin's JSON box."""

import json
import re
from importlib.metadata import version

import pytest
from django.test import Client
from packaging.version import Version
from workbench.runtime import WorkbenchRuntime
from workbench.scenarios import get_scenarios, init_scenarios

from tests.support.exercise_fixtures import WorkbenchLearner
from wikiskills.integrations.wikiskills_peer_review.rubric import DEFAULT_RUBRIC

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Saving goes through the mixin's studio_edit.js, which calls runtime.notify, as Studio provides it. The
# workbench has it from xblock-sdk 0.15, which needs Python 3.12; the Python 3.11 runs cannot save there.
saves_in_the_workbench = pytest.mark.skipif(
    Version(version("xblock-sdk")) < Version("0.15"),
    reason="the workbench of xblock-sdk < 0.15 has no runtime.notify, which the mixin's Save calls",
)

SCENARIO_ID = "wikiskills_peer_review.0"
STUDIO = f"/scenario/{SCENARIO_ID}/studio_view/"
SOURCES, TONE = DEFAULT_RUBRIC


def stored_block():
    """The block as the workbench stores it (settings are shared by every student)."""
    return WorkbenchRuntime("prs_author").get_block(get_scenarios()[SCENARIO_ID].usage_id)


def open_studio(page, url):
    """The studio view, with the CSRF header Studio's main.js gives every jQuery request.

    The mixin posts with ``global: false``, which skips the workbench's ``ajaxSend`` hook; Studio instead sets
    ``$.ajaxSetup({headers: {"X-CSRFToken": ...}})``, and so does this test.
    """
    page.goto(f"{url}{STUDIO}")
    page.evaluate(
        "() => $.ajaxSetup({headers: {'X-CSRFToken': document.cookie.match(/(?:^|; )csrftoken=([^;]+)/)[1]}})"
    )


def focused(page, attribute):
    return page.evaluate("name => document.activeElement.getAttribute(name)", attribute)


def save(page):
    """Clicks the mixin's Save; the handler's response, and what the runtime was told once it came (Studio shows
    it: an error, or the end of saving); the workbench's runtime logs it to the console."""

    def outcome(message):
        return message.text.startswith("Runtime event") and "state: start" not in message.text

    with (
        page.expect_console_message(outcome) as told,
        page.expect_response(lambda response: "/submit_studio_edits/" in response.url) as answer,
    ):
        page.get_by_role("link", name="Save").click()
    event = told.value
    return answer.value, json.loads(event.args[0].json_value().split()[2]), event.args[1].json_value()


EXPECTED = [  # what the first test makes of the default rubric
    {**SOURCES, "name": "Reliable sources"},
    {
        "name": "Clear writing",
        "prompt": "Can a newcomer follow it?",
        "feedback": "required",
        "options": [
            {"label": "Hard to follow", "points": 0, "explanation": "A reader loses the thread."},
            {"label": "Easy to follow", "points": 2, "explanation": ""},
        ],
    },
    {**TONE, "options": [TONE["options"][0], TONE["options"][2]]},
]


def add_clear_writing(page, rubric, live):
    """Adds a third criterion with the keyboard (the focus goes to its name, and the addition is announced),
    fills it, and adds and removes an option with the mouse."""
    rubric.get_by_role("button", name="Add a criterion").focus()
    page.keyboard.press("Enter")
    live.filter(has_text="Criterion 3 added").wait_for()
    third = rubric.get_by_role("group", name=re.compile(r"^Criterion 3"))
    assert focused(page, "id") == third.get_by_role("textbox", name="Name", exact=True).get_attribute("id")
    page.keyboard.type("Clear writing")
    page.keyboard.press("Tab")
    page.keyboard.type("Can a newcomer follow it?")
    page.keyboard.press("Tab")
    assert focused(page, "data-field") == "feedback"
    third = rubric.get_by_role("group", name="Criterion 3: Clear writing")
    third.get_by_role("combobox", name="Written feedback from reviewers").select_option("required")
    # It starts with two empty options (0 and 1 points); fill them, typing and tabbing through the table.
    third.get_by_role("textbox", name="Label of option 1, criterion 3").focus()
    page.keyboard.type("Hard to follow")
    page.keyboard.press("Tab")
    assert focused(page, "aria-label") == "Points of option 1, criterion 3"
    page.keyboard.press("Tab")
    page.keyboard.type("A reader loses the thread.")
    page.keyboard.press("Tab")
    assert focused(page, "aria-label") == "Remove option 1 of criterion 3"
    page.keyboard.press("Tab")
    page.keyboard.type("Easy to follow")
    third.get_by_role("spinbutton", name="Points of option 2, criterion 3").fill("2")
    # With the mouse: one option too many, and removed again; the focus goes back to the option before it.
    third.get_by_role("button", name="Add an option to criterion 3").click()
    assert focused(page, "aria-label") == "Label of option 3, criterion 3"
    assert third.get_by_role("spinbutton", name="Points of option 3, criterion 3").input_value() == "3"
    third.get_by_role("button", name="Remove option 3 of criterion 3").click()
    assert focused(page, "aria-label") == "Label of option 2, criterion 3"
    live.filter(has_text="Option 3 removed from criterion 3.").wait_for()


@saves_in_the_workbench
def test_an_author_edits_the_rubric_with_the_editor_and_saves_it(live_server, browser_page):
    init_scenarios()
    page = browser_page
    open_studio(page, live_server.url)
    rubric = page.get_by_role("group", name="Rubric", exact=True)
    live = page.locator(".wikiskills-rubric__live")
    json_box = page.locator("#xb-field-edit-rubric")
    assert not json_box.is_visible()  # kept, behind "Show the rubric as JSON"
    criteria = rubric.get_by_role("listitem")
    assert criteria.count() == 2

    # Rename the first criterion: its legend follows.
    sources = rubric.get_by_role("group", name="Criterion 1: Sources")
    sources.get_by_role("textbox", name="Name", exact=True).fill("Reliable sources")
    rubric.get_by_role("group", name="Criterion 1: Reliable sources").wait_for()

    add_clear_writing(page, rubric, live)

    # Move it up with the keyboard: the focus stays on the button, which now names its new place.
    rubric.get_by_role("button", name="Move up: criterion 3").focus()
    page.keyboard.press("Enter")
    live.filter(has_text="Criterion 3: Clear writing moved to position 2 of 3.").wait_for()
    assert focused(page, "aria-label") == "Move up: criterion 2"
    assert rubric.get_by_role("button", name="Move down: criterion 3").get_attribute("aria-disabled") == "true"

    # Remove an option of another criterion with the mouse.
    tone = rubric.get_by_role("group", name="Criterion 3: Neutral tone")
    tone.get_by_role("button", name="Remove option 2 of criterion 3").click()
    assert focused(page, "aria-label") == "Label of option 1, criterion 3"
    assert tone.get_by_role("textbox", name="Label of option 2, criterion 3").input_value() == "Neutral"

    # Power users still see (and can edit) the JSON the editor wrote.
    rubric.get_by_text("Show the rubric as JSON").click()
    assert json.loads(json_box.input_value()) == EXPECTED

    response, event, data = save(page)
    assert response.status == 200
    assert (event, data) == ("save", {"state": "end"})
    block = stored_block()
    assert block.rubric == EXPECTED
    assert block.validate().empty
    learner = WorkbenchLearner(Client(), f"/scenario/{SCENARIO_ID}/", "prs_learner")
    assert [criterion["name"] for criterion in learner.state()["rubric"]] == [
        "Reliable sources",
        "Clear writing",
        "Neutral tone",
    ]

    open_studio(page, live_server.url)  # the editor shows what was saved
    legends = page.locator(".wikiskills-rubric__legend").all_inner_texts()
    assert legends == ["Criterion 1: Reliable sources", "Criterion 2: Clear writing", "Criterion 3: Neutral tone"]


@saves_in_the_workbench
def test_a_criterion_with_one_option_gets_the_servers_error_and_nothing_is_saved(live_server, browser_page):
    init_scenarios()
    page = browser_page
    open_studio(page, live_server.url)
    sources = page.get_by_role("group", name="Criterion 1: Sources")
    hint = sources.get_by_text("This criterion needs at least two options.")
    add_option = sources.get_by_role("button", name="Add an option to criterion 1")

    sources.get_by_role("button", name="Remove option 3 of criterion 1").click()
    assert not hint.is_visible()
    sources.get_by_role("button", name="Remove option 2 of criterion 1").click()
    hint.wait_for()  # a hint only: the server decides
    assert add_option.get_attribute("aria-describedby") == hint.get_attribute("id")

    response, event, data = save(page)
    assert response.status == 400
    assert event == "error"
    assert data == {"title": "Unable to update settings", "message": '"Sources" needs at least two options.'}
    block = stored_block()
    assert not block.fields["rubric"].is_set_on(block)
    assert block.rubric == DEFAULT_RUBRIC

    # Removing criteria: the focus goes to the one before, or to the one after; with none left, to "Add".
    page.get_by_role("button", name="Remove criterion 2").click()
    assert focused(page, "id") == sources.get_by_role("textbox", name="Name", exact=True).get_attribute("id")
    page.locator(".wikiskills-rubric__live").filter(has_text="Criterion 2: Neutral tone removed.").wait_for()
    page.get_by_role("button", name="Remove criterion 1").click()
    assert focused(page, "class") == "wikiskills-rubric__button wikiskills-rubric__button--add"
    page.get_by_text("The rubric needs at least one criterion.").wait_for()
    assert json.loads(page.locator("#xb-field-edit-rubric").input_value()) == []


def test_json_the_editor_cannot_read_stays_visible_and_unchanged(live_server, browser_page):
    init_scenarios()
    page = browser_page
    open_studio(page, live_server.url)
    page.get_by_text("Show the rubric as JSON").click()
    json_box = page.locator("#xb-field-edit-rubric")
    problem = page.get_by_text("The rubric's JSON below cannot be read")
    editor = page.locator(".wikiskills-rubric__editor")

    # Typed by hand and readable: the editor follows at once.
    json_box.fill(json.dumps([SOURCES]))
    assert page.locator(".wikiskills-rubric__legend").all_inner_texts() == ["Criterion 1: Sources"]
    # Unreadable: the editor is hidden, the text is left as typed, and Save says what is wrong.
    broken = json.dumps([SOURCES])[:-5]
    json_box.fill(broken)
    problem.wait_for()
    assert not editor.is_visible()
    page.get_by_role("link", name="Save").click()
    assert focused(page, "class") == "wikiskills-rubric__problem"
    assert json_box.input_value() == broken
    block = stored_block()
    assert not block.fields["rubric"].is_set_on(block)

    # Opened with a stored rubric the editor cannot show, the box stays open, as it is.
    odd = [{"name": "Sources", "options": "Unsourced, Well sourced"}]
    block.rubric = odd
    block.save()
    open_studio(page, live_server.url)
    page.get_by_text("The editor cannot show this JSON").wait_for()
    assert page.locator(".wikiskills-rubric__problem-detail").inner_text() == "$[0].options"
    assert json_box.is_visible()
    assert json.loads(json_box.input_value()) == odd
    assert not editor.is_visible()
