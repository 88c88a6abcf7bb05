"""The learner's whole flow in a real headless Chromium: link the account, edit the wiki, check, see the pass."""

import re
import shutil

import pytest
from workbench.scenarios import init_scenarios

from tests.support.services import service_missing
from wikiskills.integrations.mediawiki.local_wiki import Edit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
LEARNER = "Exp Browser Learner"
STEP_TIMEOUT_MS = 20_000


@pytest.fixture
def browser_page(monkeypatch):
    if not shutil.which(CHROMIUM):
        service_missing("Chromium", f"{CHROMIUM} not found", "install the chromium package")
    # Playwright's sync API keeps an event loop on this thread; the test's own database calls are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_a_learner_links_edits_checks_and_sees_the_pass(live_server, wiki, local_wiki, browser_page):
    local_wiki.create_users([LEARNER], "exercise browser password 1")
    init_scenarios()
    page = browser_page
    page.set_default_timeout(STEP_TIMEOUT_MS)
    page.goto(f"{live_server.url}/scenario/wikiskills_edit_exercise.0/?student=exp_learner")

    page.get_by_label("Your username on Local test wiki").fill(LEARNER)
    page.get_by_role("button", name="Get my code").press("Enter")
    code = page.locator(".wikiskills-exercise__code").inner_text()
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", f"Verifying: {code}")])
    page.get_by_role("button", name="I saved the code").click()
    page.get_by_text(f"Your account on Local test wiki: {LEARNER}").wait_for()
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", "Fact.<ref>A source</ref>", "cited a source")])
    page.get_by_role("button", name="Check my edit").click()

    status = page.get_by_role("status")
    status.filter(has_text="Passed. Well done!").wait_for()
    assert re.match(r"wikiskills-", code)
    assert page.get_by_role("link", name=re.compile(r"^revision \d+$")).count() == 1
    assert page.get_by_text("Added 1 reference, needs 1.").is_visible()
