"""The wiki page block in a real headless Chromium: a failed poll says why and can be tried again."""

import pytest
from django.core.cache import cache
from workbench.scenarios import init_scenarios

from tests.integration.test_wiki_page_block import HELP_PAGE, SCENARIO_URL
from tests.support.axe import ui_checks_on_sqlite
from wikiskills.integrations.mediawiki.local_wiki import Edit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

# Not the text test_wiki_page_block's page has, so the edit is a real one whichever module runs first.
PAGE_TEXT = "Cite your sources; the page shows once the wiki answers."
SERVER_ERROR = "Something went wrong on the server. Try again in a moment; nothing you entered was lost."
NETWORK_ERROR = "The request did not reach the server."


@pytest.fixture(scope="module")
def page_on_wiki(local_wiki):
    local_wiki.make_edits([Edit(user=local_wiki.admin_name, title=HELP_PAGE, text=PAGE_TEXT)])


@pytest.fixture
def loading_page(live_server, browser_page, settings, wiki, page_on_wiki):
    """The block's page while its wiki is down and no copy is kept, so the view polls; ``wiki`` is the real one."""
    cache.clear()
    init_scenarios()
    working_wikis = settings.WIKISKILLS_WIKIS
    settings.WIKISKILLS_WIKIS = {"demo": {"api_url": "http://127.0.0.1:9/api.php", "name": "Local test wiki"}}
    settings.WIKISKILLS_HTTP_ATTEMPTS = 1
    browser_page.goto(f"{live_server.url}{SCENARIO_URL}")
    browser_page.get_by_role("status").filter(has_text="Loading the page from Local test wiki").wait_for()
    settings.WIKISKILLS_WIKIS = working_wikis
    cache.clear()  # the wiki is back, and the view may ask it again at once
    return browser_page


def test_a_failed_poll_is_announced_and_try_again_shows_the_page(loading_page):
    page = loading_page
    page.route("**/current_state/**", lambda route: route.fulfill(status=500, body="Internal Server Error"))

    alert = page.get_by_role("alert")
    alert.filter(has_text=SERVER_ERROR).wait_for()
    assert alert.evaluate("el => el === document.activeElement")
    retry = page.get_by_role("button", name="Try again")
    assert retry.is_visible() and retry.get_attribute("aria-disabled") is None

    page.unroute("**/current_state/**")
    retry.focus()
    page.keyboard.press("Enter")

    page.get_by_text(PAGE_TEXT).wait_for()
    assert page.get_by_role("alert").count() == 0
    assert page.locator(".wikiskills-wiki-page__status").get_attribute("aria-live") == "polite"
    assert not retry.is_visible()


def test_a_lost_connection_while_polling_says_so(loading_page):
    page = loading_page
    page.route("**/current_state/**", lambda route: route.abort())

    page.get_by_role("alert").filter(has_text=NETWORK_ERROR).wait_for()
    assert page.get_by_role("button", name="Try again").is_visible()
