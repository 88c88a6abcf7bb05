"""Explanations of a suggestion in plain words, from the components stored with it.

Each sentence comes from one scoring component, so what the learner reads is exactly
what made the score. Pages and the REST API word them the same way, in the active language.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from . import api
from .messages import EXPLANATIONS, EXPLANATIONS_FOR_PARTNER
from .models import Skill, SkillProfile, Territory


def _language_name(code):
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def explain(items, name, time_zone="UTC", for_partner=False):
    """Sentences for a suggestion's stored explanation; ``name`` is the other person's username and
    ``time_zone`` the reader's, in which a shared free hour is given as an example. The components
    are the requester's; ``for_partner`` words them for the person asked (roles and levels swap)."""
    skill_codes = {item["subject"] for item in items if item["kind"] == "skill"}
    territory_qids = {item["subject"] for item in items if item["kind"] in ("territory", "other_region")}
    reader = _Reader(
        name=name,
        time_zone=time_zone,
        for_partner=for_partner,
        skills={skill.code: skill.display_label for skill in Skill.objects.filter(code__in=skill_codes)},
        territories={t.qid: t.display_label for t in Territory.objects.filter(qid__in=territory_qids)},
    )
    return [reader.sentence(item) for item in items]


@dataclass(frozen=True)
class _Reader:
    """Who reads the reasons, and the names of the skills and territories they mention."""

    name: str
    time_zone: str
    for_partner: bool
    skills: dict
    territories: dict

    def words(self, key):
        if self.for_partner and key in EXPLANATIONS_FOR_PARTNER:
            return _(EXPLANATIONS_FOR_PARTNER[key])
        return _(EXPLANATIONS[key])

    def sentence(self, item):
        kind, facts, subject = item["kind"], item.get("facts", {}), item.get("subject")
        if kind == "skill":
            return self._skill(facts, self.skills.get(subject, subject))
        if kind == "language":
            return self.words("language").format(language=_language_name(subject))
        if kind == "availability":
            hours = facts.get("utc_hours") or [0]
            example = _local(hours[0], self.time_zone)
            return self.words("availability").format(hours=facts.get("hours", 0), example=example)
        territory = self.territories.get(subject, subject)
        if kind == "territory":
            return self.words("same_territory").format(territory=territory)
        return self.words("across_regions").format(name=self.name, territory=territory)

    def _skill(self, facts, skill):
        """A mentor's higher level, a peer who wants the skill too, or a peer at about the same level."""
        if facts.get("candidate_wants"):
            return self.words("peer_skill").format(skill=skill)
        levels = (facts["requester_level"], facts["candidate_level"])
        theirs, yours = levels if self.for_partner else levels[::-1]
        message = self.words("mentor_skill" if "gap" in facts else "peer_level")
        return message.format(name=self.name, skill=skill, their_level=theirs, your_level=yours)


def _local(utc_hour_of_week, time_zone):
    """An hour of the UTC week as the reader's weekday and time, e.g. "Tuesday 19:00"."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())  # this week, so summer time is as now
    moment = (monday + timedelta(hours=utc_hour_of_week)).astimezone(ZoneInfo(time_zone))
    return date_format(moment, "l H:i")


def explained_overview(user):
    """``api.matching_overview`` with each suggestion's and request's reasons in words, in the reader's time zone."""
    overview = api.matching_overview(user)
    profile = SkillProfile.objects.filter(user=user).only("time_zone").first()
    time_zone = profile.time_zone if profile else "UTC"
    for entry in overview["requests"]:
        for suggestion in entry["suggestions"]:
            suggestion["reasons"] = explain(suggestion["explanation"], suggestion["name"], time_zone)
    for entry in overview["incoming"]:
        entry["reasons"] = explain(entry["explanation"], entry["name"], time_zone, for_partner=True)
    return overview
