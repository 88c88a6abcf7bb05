"""The learner's whole flow in a real headless Chromium: link the account, edit the wiki, check, see the pass."""

import re

import pytest
from workbench.scenarios import init_scenarios

from wikiskills.integrations.mediawiki.local_wiki import Edit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LEARNER = "Exp Browser Learner"


def test_a_learner_links_edits_checks_and_sees_the_pass(live_server, wiki, local_wiki, browser_page):
    local_wiki.create_users([LEARNER], "exercise browser password 1")
    init_scenarios()
    page = browser_page
    page.goto(f"{live_server.url}/scenario/wikiskills_edit_exercise.0/?student=exp_learner")

    page.get_by_label("Your username on Local test wiki").fill(LEARNER)
    page.get_by_role("button", name="Get my code").press("Enter")
    code = page.locator(".wikiskills-linking__code").inner_text()
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", f"Verifying: {code}")])
    page.get_by_role("button", name="I saved the code").click()
    page.get_by_text(f"Your account on Local test wiki: {LEARNER}").wait_for()
    local_wiki.make_edits([Edit(LEARNER, f"User:{LEARNER}/sandbox", "Fact.<ref>A source</ref>", "cited a source")])
    page.get_by_role("button", name="Check my edit").click()

    status = page.get_by_role("status")
    status.filter(has_text="Passed. Well done!").wait_for()
    assert re.match(r"wikiskills-", code)
    judged = re.compile(r"^revision \d+ \(its changes on the wiki, opens in a new tab\)$")
    assert page.get_by_role("link", name=judged).count() == 1
    assert page.get_by_text("Added 1 reference, needs 1.").is_visible()
