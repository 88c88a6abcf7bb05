"""The skills map in headless Chromium: the bar chart and both tables render, the tables are reached by
keyboard and named by their captions, hidden cells read "fewer than 5", and the filter form works."""

import pytest
from django.contrib.auth import get_user_model

from tests.integration.test_skills_map import make_people, make_tree
from tests.support.browser_fixtures import sign_in

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def signed_in_as_staff(page, live_server):
    """The browser carries a staff member's session cookie."""
    sign_in(page, live_server.url, get_user_model().objects.create(username="tmb_staff", is_staff=True))


def focused(page, attribute):
    return page.evaluate("name => document.activeElement.getAttribute(name)", attribute)


def test_the_map_page_shows_its_chart_and_tables_and_reads_fewer_than_5(live_server, browser_page):
    make_tree()
    make_people(80)
    page = browser_page
    signed_in_as_staff(page, live_server)
    page.goto(f"{live_server.url}/skills/map/")

    page.get_by_role("heading", name="Skills assets and needs").wait_for()
    chart = page.get_by_role(
        "figure", name="Skills more people want to learn than can teach them, the largest gap first."
    )
    bars = chart.get_by_role("listitem")
    assert bars.count() >= 1
    assert "more want it" in bars.first.inner_text()

    heatmap = page.get_by_role("table", name="Gap (want minus offer) by skill and territory: Everyone")
    data = page.get_by_role(
        "table", name="People who know, can teach and want to learn each skill, by territory: Everyone"
    )
    assert heatmap.get_by_role("columnheader", name="All territories").count() == 1
    assert heatmap.get_by_role("rowheader", name="Map citing").count() == 1
    assert data.get_by_role("columnheader").count() == 6
    hidden = page.locator("td.skills-map-suppressed")
    assert hidden.count() >= 1
    assert hidden.first.inner_text() == "fewer than 5"
    assert data.get_by_role("cell", name="fewer than 5").count() >= 1

    # Keyboard: after the export links, Tab reaches the heatmap's scrolling region, then the data table's.
    page.get_by_role("link", name="JSON").focus()
    page.keyboard.press("Tab")
    assert focused(page, "aria-labelledby") == "heatmap-caption"
    page.keyboard.press("Tab")  # each skill of the heatmap links to what teaches it
    assert "/skills/skill/" in focused(page, "href")
    for _ in range(len(page.query_selector_all("a[href*='/skills/skill/']"))):
        if focused(page, "aria-labelledby") == "data-caption":
            break
        page.keyboard.press("Tab")
    assert focused(page, "aria-labelledby") == "data-caption"
    page.keyboard.press("ArrowDown")  # the focused region scrolls with the keyboard; nothing breaks

    # The filter form: a language, with the keyboard.
    page.get_by_label("Language (spoken at level 3 or more)").fill("pt")
    page.keyboard.press("Enter")
    page.get_by_role(
        "table", name="Gap (want minus offer) by skill and territory: People who speak pt at level 3 or more"
    ).wait_for()
    assert "language=pt" in page.url


def test_a_bad_filter_is_announced_and_the_page_still_shows(live_server, browser_page):
    make_tree()
    page = browser_page
    signed_in_as_staff(page, live_server)
    page.goto(f"{live_server.url}/skills/map/?language=pt&course=course-v1:X+Y+Z")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Choose at most one of language, affiliate and course" in alert.inner_text()
    assert page.get_by_role("table", name="Gap (want minus offer) by skill and territory: Everyone").count() == 1
