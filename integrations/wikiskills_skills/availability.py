"""Weekly availability windows, entered in the learner's own time zone, as hours of a UTC week.

Matching compares people in different time zones, so windows become a set of UTC
hour-of-week numbers (0 = Monday 00:00-01:00 UTC ... 167 = Sunday 23:00 UTC). The
conversion uses the coming week, so a summer-time change is applied as it will be.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

HOURS_PER_WEEK = 7 * 24
MIDNIGHT = 24 * 60  # a window may end at 24:00
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


@dataclass(frozen=True)
class Window:
    """Day 0 (Monday) to 6, from ``start`` to ``end`` minutes after midnight; ``end`` ``MIDNIGHT`` is 24:00."""

    day: int
    start: int
    end: int

    def as_dict(self):
        return {"day": self.day, "start": _hhmm(self.start), "end": _hhmm(self.end)}


def _hhmm(minutes):
    return "24:00" if minutes == MIDNIGHT else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text, allow_midnight_end=False):
    if allow_midnight_end and text == "24:00":
        return MIDNIGHT
    match = TIME.match(text or "")
    if not match:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def is_time_zone(name):
    """Whether ``name`` is an IANA time zone this machine knows."""
    return bool(name) and name in _zones()


def _zones():
    if not hasattr(_zones, "cache"):
        _zones.cache = frozenset(available_timezones())
    return _zones.cache


def parse_windows(items):
    """``(windows, problem)`` from ``[{"day": 0, "start": "18:00", "end": "20:00"}, ...]``; problem is a code."""
    if not isinstance(items, list) or len(items) > 7 * 6:
        return [], "bad_availability"
    windows = []
    for item in items:
        if not isinstance(item, dict):
            return [], "bad_availability"
        try:
            day = int(item.get("day"))
        except (TypeError, ValueError):
            return [], "bad_availability"
        start = _minutes(item.get("start"))
        end = _minutes(item.get("end"), allow_midnight_end=True)
        if not 0 <= day <= 6 or start is None or end is None or end <= start:  # noqa: PLR2004
            return [], "bad_availability"
        windows.append(Window(day, start, end))
    return windows, None


def utc_hours(windows, time_zone, now=None):
    """The UTC hours of the week a learner's windows touch (an hour counts if any part is inside)."""
    try:
        zone = ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    now = now or datetime.now(UTC)
    local_monday = (now.astimezone(zone) + timedelta(days=7 - now.astimezone(zone).weekday())).date()
    hours = set()
    for window in windows:
        day = local_monday + timedelta(days=window.day)
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        start = (midnight + timedelta(minutes=window.start)).astimezone(UTC)
        end = (midnight + timedelta(minutes=window.end)).astimezone(UTC)
        hour = start.replace(minute=0, second=0, microsecond=0)
        while hour < end:
            hours.add((hour.weekday() * 24 + hour.hour) % HOURS_PER_WEEK)
            hour += timedelta(hours=1)
    return frozenset(hours)
