"""The matching page in headless Chromium, by keyboard only: ask, read the reasons, pick someone;
focus lands on the result each time, and the partner is asked."""

import pytest

from tests.support.browser_fixtures import sign_in, tab_until
from wikiskills.integrations.wikiskills_skills.models import Match

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_learner_asks_for_a_mentor_and_picks_one_by_keyboard(live_server, browser_page, skilled_learner):
    ana = skilled_learner("ana", skills={"grant_writing": (1, False, True)}, languages={"pt": 6})
    skilled_learner("bia", skills={"grant_writing": (4, True, False)}, languages={"pt": 5}, mentor_capacity=1)
    page = browser_page
    sign_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/skills/matching/")

    tab_until(page, "document.activeElement.name === 'kind'")  # the radio group: a mentor is chosen
    tab_until(page, "document.activeElement.value === 'grant_writing'")
    page.keyboard.press("Space")
    tab_until(page, "document.activeElement.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert "Your suggestions are below" in page.evaluate("document.activeElement.textContent")
    reasons = page.locator(".wikiskills-reasons").first.inner_text()
    assert "bia offers Writing grant proposals at level 4 (you: 1)." in reasons
    assert "You both speak Portuguese." in reasons

    tab_until(page, "document.activeElement.textContent.trim() === 'Ask bia'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "You will get an email when they answer" in page.evaluate("document.activeElement.textContent")
    assert Match.objects.get().status == Match.CHOSEN
