"""The tracks pages in headless Chromium: apply, be accepted, progress and earn a stage badge; and the
facilitator's dashboard used by keyboard only, focus landing on each result."""

import pytest

from tests.support.browser_fixtures import sign_in, tab_until
from tests.support.tracks_fixtures import COURSE_ONE, EXERCISE
from wikiskills.integrations.wikiskills_badges.models import AwardRule
from wikiskills.integrations.wikiskills_tracks import api, progress
from wikiskills.integrations.wikiskills_tracks.models import Membership, Requirement

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_apply_accept_progress_and_a_stage_badge(live_server, browser_page, make_cohort, person, badge_class):
    cohort = make_cohort()
    first_stage = cohort.track.stages.get(order=1)
    AwardRule.objects.create(
        trigger=AwardRule.TRACK_STAGE_COMPLETED, course_key=first_stage.key, badge_class=badge_class
    )
    ana = person("ana")
    fatima = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    page = browser_page

    sign_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/tracks/cohorts/{cohort.pk}/")
    page.get_by_label("Why do you want to organize events?").fill("I ran two edit-a-thons in Quito.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my application").click()
    assert "Thank you for applying" in page.get_by_role("status").inner_text()

    sign_in(page, live_server.url, fatima)
    page.goto(f"{live_server.url}/tracks/cohorts/{cohort.pk}/dashboard/")
    assert "I ran two edit-a-thons in Quito." in page.locator(".wikiskills-decision").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Accept").click()
    assert "Accepted" in page.get_by_role("status").inner_text()
    assert Membership.objects.get(cohort=cohort, user=ana).status == Membership.ACTIVE

    progress.record_fact(ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    page.reload()
    grid = page.locator("table.wikiskills-grid")
    row = grid.locator("tbody tr", has_text="ana")
    assert row.locator("td").nth(0).inner_text().startswith("Done")
    assert row.locator("td").nth(1).inner_text() == "In progress"

    sign_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/tracks/mine/")
    badge = page.get_by_role("img", name="Badge: First citation")
    assert badge.get_attribute("src") == badge_class.public_image_url
    assert "Planning an event" in page.locator(".wikiskills-next").inner_text()


def test_a_facilitator_accepts_an_application_by_keyboard(live_server, browser_page, make_cohort, person):
    cohort = make_cohort()
    ana = person("ana")
    assert api.apply(cohort, ana, ["I want to run a photo walk."]) is None
    fatima = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    page = browser_page
    sign_in(page, live_server.url, fatima)
    page.goto(f"{live_server.url}/tracks/cohorts/{cohort.pk}/dashboard/")

    tab_until(page, "document.activeElement.name === 'decision' && document.activeElement.value === 'accept'")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert "Accepted" in page.evaluate("document.activeElement.textContent")
    assert Membership.objects.get(cohort=cohort, user=ana).status == Membership.ACTIVE

    tab_until(page, "!!document.activeElement.closest('table.wikiskills-grid')")
    assert page.evaluate("document.activeElement.textContent.trim()") == "ana"
    assert "Each member's stages" in page.locator("table.wikiskills-grid caption").inner_text()
    assert page.locator("table.wikiskills-grid th[scope=col]").count() == 4
