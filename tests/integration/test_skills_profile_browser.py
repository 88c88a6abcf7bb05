"""'My skills' in headless Chromium, by keyboard only: Tab between fields, arrows in radio groups and
selects, Space on check boxes, Enter to save; then the profile is in the database and focus is on the result."""

import pytest

from tests.support.browser_fixtures import sign_in
from wikiskills.integrations.wikiskills_skills.models import (
    ProfileLanguage,
    SkillProfile,
    SkillRating,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MINE = "/skills/mine/"
MAX_TABS = 400


@pytest.fixture
def learner(django_user_model, skills_taxonomy):
    return django_user_model.objects.create_user("skb_noor", email="noor@example.org", password="pw")


def focused(page, attribute="id"):
    return page.evaluate("name => document.activeElement.getAttribute(name)", attribute)


def focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


def tab(page, expected_id=None, key="Tab"):
    """Tab to the next field; in Chromium, Tab first walks the hour, minute and AM/PM parts of a time or date."""
    before = focused(page)
    segmented = page.evaluate("['time', 'date'].includes(document.activeElement.type)")
    page.keyboard.press(key)
    for _ in range(3):
        if not segmented or focused(page) != before:
            break
        page.keyboard.press(key)
    if expected_id is not None:
        assert focused(page) == expected_id
    return focused(page)


def tab_to(page, element_id):
    """Tab forward until ``element_id`` has the focus (every stop on the way is a real tab stop)."""
    for _ in range(MAX_TABS):
        if tab(page) == element_id:
            return
    raise AssertionError(f"{element_id} is never reached with Tab")


def value(page, element_id):
    return page.evaluate("id => document.getElementById(id).value", element_id)


def where_and_when(page):
    tab(page)
    assert focused_text(page) == "Skip to main content"
    tab(page)
    assert focused_text(page) == "See my profile as others see it"
    tab(page, "territory")
    page.keyboard.type("Portugal")  # a select's own type-ahead
    assert value(page, "territory") == "Q45"
    tab(page, "affiliate")
    page.keyboard.type("Wikimedia Portugal")
    tab(page, "affiliate_qid")
    page.keyboard.type("Q18602249")
    tab(page, "time_zone")
    page.keyboard.type("Europe/Lisbon")
    assert value(page, "time_zone") == "Europe/Lisbon"


def availability_rows(page):
    # Availability: Monday 18:00-20:00, then a second row added with the keyboard: Friday 22:00 to midnight.
    tab(page, "availability-0-day")
    page.keyboard.press("ArrowDown")
    assert value(page, "availability-0-day") == "0"
    tab(page, "availability-0-start")
    page.keyboard.type("0600P")
    tab(page, "availability-0-end")
    page.keyboard.type("0800P")
    assert (value(page, "availability-0-start"), value(page, "availability-0-end")) == ("18:00", "20:00")
    tab(page)
    assert focused_text(page) == "Remove time 1"
    tab(page)
    assert focused_text(page) == "Add another time"
    page.keyboard.press("Enter")
    new_day = focused(page)
    assert new_day.startswith("availability-")
    assert new_day.endswith("-day")
    row = new_day.split("-")[1]
    assert page.get_by_role("group", name="Time 2").is_visible()
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    assert value(page, new_day) == "4"
    tab(page, f"availability-{row}-start")
    page.keyboard.type("1000P")
    tab(page, f"availability-{row}-end")
    page.keyboard.type("1200A")
    assert value(page, f"availability-{row}-end") == "00:00"


def mentoring_privacy_and_languages(page):
    tab_to(page, "mentor_capacity")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    tab(page, "away_until")
    page.keyboard.type("01312027")
    assert value(page, "away_until") == "2027-01-31"

    # Visibility: the focus lands on the chosen option ("matched"); ArrowUp chooses "public".
    tab(page, "visibility-1")
    page.keyboard.press("ArrowUp")
    assert focused(page) == "visibility-0"
    assert page.is_checked("#visibility-0")
    tab(page, "share_email")
    page.keyboard.press("Space")
    assert page.is_checked("#share_email")

    tab_to(page, "language-0-code")
    page.keyboard.type("pt")
    tab(page, "language-0-proficiency")
    page.keyboard.type("native")
    assert value(page, "language-0-proficiency") == "6"


def skills(page):
    # Skills: "Editing" at level 3, offered; "Citing reliable sources" wanted.
    tab_to(page, "skill-editing-level-0")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert focused(page) == "skill-editing-level-3"
    assert page.is_checked("#skill-editing-level-3")
    tab(page, "skill-editing-wanted")
    tab(page, "skill-editing-offered")
    page.keyboard.press("Space")
    tab_to(page, "skill-citing_sources-level-0")
    tab(page, "skill-citing_sources-wanted")
    page.keyboard.press("Space")


def test_a_learner_fills_in_my_skills_with_the_keyboard_only(live_server, browser_page, learner):
    page = browser_page
    sign_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}{MINE}")
    page.get_by_role("heading", name="My skills", level=1).wait_for()
    # With JavaScript, the empty rows collapse to one with "Add another …" and "Remove …" buttons.
    assert page.locator("[name$='-day']").count() == 1
    assert page.locator("[name$='-code']").count() == 1

    where_and_when(page)
    availability_rows(page)
    mentoring_privacy_and_languages(page)
    skills(page)
    for _ in range(MAX_TABS):
        tab(page)
        if focused_text(page) == "Save my skills profile":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.get_by_role("status").filter(has_text="Your skills profile was saved.").wait_for()
    assert focused(page) == "saved-message"
    profile = SkillProfile.objects.get(user=learner)
    assert (profile.territory.qid, profile.affiliate, profile.affiliate_qid, profile.time_zone) == (
        "Q45",
        "Wikimedia Portugal",
        "Q18602249",
        "Europe/Lisbon",
    )
    assert profile.availability == [
        {"day": 0, "start": "18:00", "end": "20:00"},
        {"day": 4, "start": "22:00", "end": "24:00"},
    ]
    assert (profile.mentor_capacity, str(profile.away_until), profile.visibility, profile.share_email) == (
        2,
        "2027-01-31",
        "public",
        True,
    )
    assert list(ProfileLanguage.objects.filter(profile=profile).values_list("code", "proficiency")) == [("pt", 6)]
    ratings = {
        rating.skill.code: (rating.self_level, rating.offered, rating.wanted)
        for rating in SkillRating.objects.filter(profile=profile).select_related("skill")
    }
    assert ratings == {"editing": (3, True, False), "citing_sources": (None, False, True)}


def test_a_refused_form_focuses_the_error_summary_whose_links_lead_to_the_fields(live_server, browser_page, learner):
    page = browser_page
    sign_in(page, live_server.url, learner)
    page.goto(f"{live_server.url}{MINE}")
    page.focus("#affiliate_qid")
    page.keyboard.type("wikimedia")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert focused(page) == "error-summary"
    assert not SkillProfile.objects.filter(user=learner).exists()
    tab(page)
    assert focused_text(page).startswith("A Wikidata item looks like Q")
    page.keyboard.press("Enter")
    assert focused(page) == "affiliate_qid"
    assert value(page, "affiliate_qid") == "wikimedia"
    assert focused(page, "aria-invalid") == "true"
