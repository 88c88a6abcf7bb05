"""Learner paths by keyboard only (Tab, Enter, Space), in headless Chromium: see your badges and verify one,
change your skills profile, join a cohort and see your progress. After each action focus lands on its result,
and the focused control shows it (an outline or a box shadow)."""

import pytest

from tests.support.axe import ui_checks_on_sqlite
from tests.support.browser_fixtures import sign_in, tab_until
from wikiskills.integrations.wikiskills_tracks.models import Cohort, Membership

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True), ui_checks_on_sqlite]

FOCUS_IS_VISIBLE = """() => {
  const style = getComputedStyle(document.activeElement);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outlined || (style.boxShadow !== "none" && style.boxShadow !== "");
}"""


def focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def assert_focus_visible(page):
    what = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {what}"


def test_a_learner_opens_a_badge_and_its_verification_by_keyboard(live_server, browser_page, award, learner):
    page = browser_page
    sign_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}/badges/mine/")

    tab_until(page, "document.activeElement.textContent.startsWith('Open the verification page')")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"/badges/verify/{award.uuid}/")
    assert "First citation" in page.locator("h1").inner_text()


def test_a_learner_adds_and_removes_rows_and_saves_their_skills_by_keyboard(live_server, browser_page, skilled_learner):
    ana = skilled_learner("ana", skills={"editing_articles": (2, False, True)})
    page = browser_page
    sign_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/skills/mine/")
    languages = page.locator("fieldset[data-add-label='Add another language'] [data-row]")
    before = languages.count()

    tab_until(page, "document.activeElement.textContent === 'Add another language'")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert languages.count() == before + 1
    assert page.evaluate("!!document.activeElement.closest('[data-row]')"), "focus did not move into the new row"
    assert page.evaluate(
        "() => { const fieldset = document.activeElement.closest('fieldset[data-add-label]');"
        " const rows = fieldset.querySelectorAll('[data-row]');"
        " return rows[rows.length - 1].contains(document.activeElement); }"
    ), "focus is not in the row just added"

    tab_until(page, "document.activeElement.hasAttribute('data-remove-row')")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert languages.count() == before
    assert page.evaluate("document.activeElement !== document.body"), "focus was lost after removing a row"

    tab_until(page, "document.activeElement.textContent === 'Save my skills profile'")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "saved-message"
    assert_focus_visible(page)


def test_a_learner_joins_an_open_cohort_and_sees_their_progress_by_keyboard(
    live_server, browser_page, make_cohort, person
):
    cohort = make_cohort(mode=Cohort.OPEN)
    ana = person("ana")
    page = browser_page
    sign_in(page, live_server.url, ana)
    page.goto(f"{live_server.url}/tracks/cohorts/{cohort.pk}/")

    tab_until(page, "document.activeElement.textContent.trim() === 'Join'")
    assert_focus_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.hasAttribute('data-wikiskills-focus')")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert_focus_visible(page)
    assert Membership.objects.get(cohort=cohort, user=ana).status == Membership.ACTIVE

    page.goto(f"{live_server.url}/tracks/mine/")
    tab_until(page, f"document.activeElement.getAttribute('href') === '/tracks/cohorts/{cohort.pk}/'")
    assert_focus_visible(page)
    assert "Foundations" in page.locator("main").inner_text()
