"""``profiles.validate`` and ``availability``, pure: what a profile may hold, and weekly windows as UTC hours."""

import math
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_skills import availability, profiles
from wikiskills.integrations.wikiskills_skills.availability import Window

SKILLS = {"editing", "citing_sources", "mediation"}
TERRITORIES = {"Q45", "Q1033"}
WINTER = datetime(2027, 1, 6, 12, tzinfo=UTC)  # the coming Monday is 2027-01-11, Lisbon on UTC+0
SUMMER = datetime(2027, 7, 1, 12, tzinfo=UTC)  # the coming Monday is 2027-07-05, Lisbon on UTC+1
MONDAY, TUESDAY, SUNDAY = 0, 1, 6


def hour_of_week(day, hour):
    return day * 24 + hour


# validate


def test_a_full_profile_is_cleaned():
    clean, problems = profiles.validate(
        {
            "territory": " Q45 ",
            "affiliate": "  Wikimedia Portugal ",
            "affiliate_qid": "q18602249",
            "time_zone": "Europe/Lisbon",
            "availability": [{"day": "0", "start": "18:00", "end": "24:00"}],
            "mentor_capacity": "2",
            "away_until": "2027-01-31",
            "visibility": "public",
            "share_email": "on",
            "languages": [{"code": " PT ", "proficiency": "6"}],
            "skills": [
                {"skill": "editing", "self_level": "3"},
                {"skill": "mediation", "self_level": "", "wanted": True},
                {"skill": "citing_sources", "self_level": None},  # nothing said: dropped
            ],
        },
        SKILLS,
        TERRITORIES,
    )

    assert problems == {}
    assert (clean.territory, clean.affiliate, clean.affiliate_qid) == ("Q45", "Wikimedia Portugal", "Q18602249")
    assert clean.availability == [{"day": 0, "start": "18:00", "end": "24:00"}]
    assert (clean.mentor_capacity, clean.away_until, clean.visibility, clean.share_email) == (
        2,
        date(2027, 1, 31),
        "public",
        True,
    )
    assert clean.languages == {"pt": 6}
    assert clean.skills == [
        profiles.SkillEntry("editing", 3, offered=False, wanted=False),
        profiles.SkillEntry("mediation", None, offered=False, wanted=True),
    ]


def test_an_empty_profile_gets_the_defaults():
    clean, problems = profiles.validate({}, SKILLS, TERRITORIES)

    assert problems == {}
    assert clean == profiles.CleanProfile()
    assert (clean.time_zone, clean.visibility) == ("UTC", "matched")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("territory", "Q999999", "unknown_territory"),
        ("affiliate_qid", "Q0123", "bad_qid"),
        ("affiliate_qid", "wikimedia", "bad_qid"),
        ("time_zone", "Europe/Atlantis", "unknown_time_zone"),
        ("availability", [{"day": 0, "start": "20:00", "end": "18:00"}], "bad_availability"),
        ("availability", "evenings", "bad_availability"),
        ("mentor_capacity", "21", "bad_capacity"),
        ("mentor_capacity", "-1", "bad_capacity"),
        ("mentor_capacity", "two", "bad_capacity"),
        ("away_until", "31/01/2027", "bad_date"),
        ("visibility", "everyone", "bad_choice"),
        ("languages", [{"code": "pt", "proficiency": 7}], "bad_language"),
        ("languages", [{"code": "", "proficiency": 3}], "bad_language"),
        ("languages", [{"code": "x" * 17, "proficiency": 3}], "bad_language"),
        ("languages", [{"code": "pt", "proficiency": 3}] * 21, "bad_language"),
        ("skills", [{"skill": "juggling", "self_level": 3}], "bad_skill"),
        ("skills", [{"skill": "editing", "self_level": 6}], "bad_skill"),
        ("skills", {"editing": 3}, "bad_skill"),
    ],
)
def test_each_problem_has_its_code_on_its_field(field, value, code):
    clean, problems = profiles.validate({field: value}, SKILLS, TERRITORIES)

    assert clean is None
    assert problems == {field: code}


def test_every_problem_is_reported_at_once():
    _clean, problems = profiles.validate(
        {"territory": "Q0", "mentor_capacity": 50, "visibility": "x"}, SKILLS, TERRITORIES
    )
    assert problems == {"territory": "unknown_territory", "mentor_capacity": "bad_capacity", "visibility": "bad_choice"}


# availability: windows


@pytest.mark.parametrize(
    "item",
    [
        {"day": 7, "start": "18:00", "end": "20:00"},
        {"day": -1, "start": "18:00", "end": "20:00"},
        {"day": "Monday", "start": "18:00", "end": "20:00"},
        {"day": 0, "start": "20:00", "end": "20:00"},
        {"day": 0, "start": "21:00", "end": "20:00"},
        {"day": 0, "start": "24:00", "end": "24:00"},
        {"day": 0, "start": "25:00", "end": "26:00"},
        {"day": 0, "start": "6pm", "end": "8pm"},
        {"day": 0, "start": "18:00"},
        {"day": 0, "start": "18:60", "end": "20:00"},
        "monday evening",
        None,
    ],
)
def test_invalid_windows_are_refused(item):
    assert availability.parse_windows([item]) == ([], "bad_availability")


def test_at_most_six_windows_a_day_on_average():
    window = {"day": 0, "start": "18:00", "end": "20:00"}
    assert availability.parse_windows([window] * 42)[1] is None
    assert availability.parse_windows([window] * 43) == ([], "bad_availability")


def test_a_window_may_end_at_midnight():
    windows, problem = availability.parse_windows([{"day": 4, "start": "22:00", "end": "24:00"}])
    assert problem is None
    assert windows == [Window(4, 22 * 60, 1440)]
    assert windows[0].as_dict() == {"day": 4, "start": "22:00", "end": "24:00"}


# availability: UTC hours


def lisbon_monday_evening(now):
    windows, _problem = availability.parse_windows([{"day": MONDAY, "start": "18:00", "end": "20:00"}])
    return availability.utc_hours(windows, "Europe/Lisbon", now=now)


def test_lisbon_in_winter_is_on_utc():
    assert lisbon_monday_evening(WINTER) == {hour_of_week(MONDAY, 18), hour_of_week(MONDAY, 19)}


def test_lisbon_in_summer_is_an_hour_ahead_of_utc():
    assert lisbon_monday_evening(SUMMER) == {hour_of_week(MONDAY, 17), hour_of_week(MONDAY, 18)}


def test_a_kolkata_window_after_midnight_is_the_previous_utc_day():
    # Tuesday 00:00-02:00 in Kolkata (UTC+5:30) is Monday 18:30-20:30 UTC: three hours touched.
    windows, _problem = availability.parse_windows([{"day": TUESDAY, "start": "00:00", "end": "02:00"}])
    assert availability.utc_hours(windows, "Asia/Kolkata", now=WINTER) == {
        hour_of_week(MONDAY, 18),
        hour_of_week(MONDAY, 19),
        hour_of_week(MONDAY, 20),
    }


def test_monday_morning_in_kolkata_wraps_to_the_end_of_the_utc_week():
    windows, _problem = availability.parse_windows([{"day": MONDAY, "start": "01:00", "end": "02:00"}])
    assert availability.utc_hours(windows, "Asia/Kolkata", now=WINTER) == {
        hour_of_week(SUNDAY, 19),
        hour_of_week(SUNDAY, 20),
    }


def test_an_unknown_zone_counts_as_utc():
    windows, _problem = availability.parse_windows([{"day": MONDAY, "start": "09:00", "end": "10:00"}])
    assert availability.utc_hours(windows, "Nowhere/Special", now=WINTER) == {hour_of_week(MONDAY, 9)}


def test_time_zones_are_the_iana_ones():
    assert availability.is_time_zone("Europe/Lisbon")
    assert availability.is_time_zone("Asia/Kolkata")
    assert not availability.is_time_zone("Europe/Atlantis")
    assert not availability.is_time_zone("")


# availability: properties

windows_strategy = st.builds(
    lambda day, start, length: Window(day, start, min(1440, start + length)),
    st.integers(0, 6),
    st.integers(0, 1439),
    st.integers(1, 1440),
)


@given(st.lists(windows_strategy, max_size=42))
def test_windows_survive_a_round_trip_through_their_stored_form(windows):
    parsed, problem = availability.parse_windows([window.as_dict() for window in windows])
    assert problem is None
    assert parsed == windows


@given(st.lists(windows_strategy, max_size=10))
def test_in_utc_a_window_touches_exactly_the_hours_it_overlaps(windows):
    expected = {
        window.day * 24 + hour for window in windows for hour in range(window.start // 60, math.ceil(window.end / 60))
    }
    assert availability.utc_hours(windows, "UTC", now=WINTER) == expected


@given(windows_strategy, st.sampled_from(["Europe/Lisbon", "Asia/Kolkata", "America/Sao_Paulo", "Pacific/Auckland"]))
def test_a_window_keeps_its_length_in_any_zone(window, zone):
    # Away from a summer-time change, a window of m minutes touches between ceil(m/60) and ceil(m/60) + 1 hours.
    hours = availability.utc_hours([window], zone, now=WINTER)
    minutes = window.end - window.start
    assert math.ceil(minutes / 60) <= len(hours) <= math.ceil(minutes / 60) + 1
    assert all(0 <= hour < availability.HOURS_PER_WEEK for hour in hours)
