"""An author saves every block's settings in the demo's workbench, in headless Chromium, as in Studio.

The page around the form is the workbench's, not Studio's: no script of the page adds Django's CSRF header or
shows ``runtime.notify``'s errors, so what the author sees here is what ``xblocks/static/studio_save.js`` does.
"""

import uuid

import pytest
from workbench.scenarios import init_scenarios

from tests.support.axe import ui_checks_on_sqlite
from wikiskills.integrations.mediawiki.local_wiki import Edit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

HELP_PAGE = "Help:Referencing for beginners"  # the wiki page block's scenario shows it
BLOCKS = [
    "wikiskills_edit_exercise.0",
    "wikiskills_peer_review.0",
    "wikiskills_wiki_page.0",
    "wikiskills_skills_survey.0",
]


@pytest.fixture
def studio(live_server, browser_page, wiki, local_wiki, skills_taxonomy):
    """Opens a scenario's Studio view; the wiki page block's page exists on the test wiki, the survey's skills too."""
    text = f"Cite sources. {uuid.uuid4()}"  # a new text each time: the wiki refuses an edit that changes nothing
    local_wiki.make_edits([Edit(user=local_wiki.admin_name, title=HELP_PAGE, text=text, summary="help")])
    init_scenarios()

    def open_view(scenario_id):
        browser_page.goto(f"{live_server.url}/scenario/{scenario_id}/studio_view/")
        return browser_page

    return open_view


def rename(page, name):
    page.locator("#xb-field-edit-display_name").fill(name)
    page.get_by_role("link", name="Save").click()


@pytest.mark.parametrize("scenario_id", BLOCKS)
def test_an_author_saves_a_blocks_settings_and_sees_them_after_a_reload(studio, scenario_id):
    page = studio(scenario_id)
    rename(page, f"Renamed {scenario_id}")

    saved = page.get_by_role("status").filter(has_text="Settings saved.")
    saved.wait_for()
    page.reload()
    assert page.locator("#xb-field-edit-display_name").input_value() == f"Renamed {scenario_id}"


def test_a_refused_save_is_shown_in_the_editor_with_the_servers_words_and_focus(studio):
    page = studio("wikiskills_wiki_page.0")
    page.locator("#xb-field-edit-page_title").fill("Help:No such page here")
    page.get_by_role("link", name="Save").click()

    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "has no page titled Help:No such page here" in alert.inner_text()
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "alert"


def test_a_save_without_the_session_cookie_says_the_server_refused(studio):
    page = studio("wikiskills_skills_survey.0")
    page.context.clear_cookies()  # the CSRF cookie is gone, as when a session ends
    rename(page, "Never saved")

    assert "The server refused to save" in page.get_by_role("alert").inner_text()


def test_a_save_that_never_reaches_the_server_says_so(studio):
    page = studio("wikiskills_edit_exercise.0")
    page.route("**/submit_studio_edits/**", lambda route: route.abort())
    rename(page, "Never saved")

    assert "The request did not reach the server" in page.get_by_role("alert").inner_text()


def test_a_server_error_during_a_save_is_shown(studio):
    page = studio("wikiskills_wiki_page.0")
    page.route("**/submit_studio_edits/**", lambda route: route.fulfill(status=500, body="Internal Server Error"))
    rename(page, "Never saved")

    assert "Something went wrong on the server" in page.get_by_role("alert").inner_text()
