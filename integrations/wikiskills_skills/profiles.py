"""Learners' skill profiles: checking what they send, saving it, and raising levels from evidence.

``validate`` is pure: it answers the cleaned profile or ``{field: code}`` problems that
the adapters word (``messages.py``), so nothing the learner typed is lost on an error.
Saving replaces the learner's languages and self-assessments in one transaction and
keeps evidence, which only the platform writes.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from . import availability, evidence
from .models import LEVELS, NATIVE, ProfileCourse, ProfileLanguage, Skill, SkillProfile, SkillRating, Territory
from .taxonomy import QID

MAX_CAPACITY = 20
MAX_LANGUAGES = 20
LANGUAGE_CODE_MAX = 16


@dataclass
class SkillEntry:
    skill: str
    self_level: int | None = None
    offered: bool = False
    wanted: bool = False


@dataclass
class CleanProfile:
    territory: str = ""
    affiliate: str = ""
    affiliate_qid: str = ""
    time_zone: str = "UTC"
    availability: list = field(default_factory=list)
    mentor_capacity: int = 0
    away_until: date | None = None
    visibility: str = SkillProfile.MATCHED
    share_email: bool = False
    languages: dict = field(default_factory=dict)
    skills: list = field(default_factory=list)


def _int(value, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def validate(data, skill_codes, territory_qids):
    """``(CleanProfile, {})`` or ``(None, {field: problem code})`` for a profile sent by a page or the API."""
    problems = {}
    clean = CleanProfile()
    clean.territory = str(data.get("territory") or "").strip()
    if clean.territory and clean.territory not in territory_qids:
        problems["territory"] = "unknown_territory"
    clean.affiliate = str(data.get("affiliate") or "").strip()[:200]
    clean.affiliate_qid = str(data.get("affiliate_qid") or "").strip().upper()
    if clean.affiliate_qid and not QID.match(clean.affiliate_qid):
        problems["affiliate_qid"] = "bad_qid"
    clean.time_zone = str(data.get("time_zone") or "UTC").strip()
    if not availability.is_time_zone(clean.time_zone):
        problems["time_zone"] = "unknown_time_zone"
    windows, problem = availability.parse_windows(data.get("availability") or [])
    if problem:
        problems["availability"] = problem
    clean.availability = [window.as_dict() for window in windows]
    capacity = _int(data.get("mentor_capacity") or 0, 0, MAX_CAPACITY)
    if capacity is None:
        problems["mentor_capacity"] = "bad_capacity"
    clean.mentor_capacity = capacity or 0
    away = data.get("away_until") or None
    if away:
        try:
            clean.away_until = away if isinstance(away, date) else date.fromisoformat(str(away))
        except ValueError:
            problems["away_until"] = "bad_date"
    clean.visibility = data.get("visibility") or SkillProfile.MATCHED
    if clean.visibility not in dict(SkillProfile.VISIBILITY_CHOICES):
        problems["visibility"] = "bad_choice"
    clean.share_email = bool(data.get("share_email"))
    _validate_languages(data.get("languages") or [], clean, problems)
    _validate_skills(data.get("skills") or [], skill_codes, clean, problems)
    return (None, problems) if problems else (clean, {})


def _validate_languages(languages, clean, problems):
    if not isinstance(languages, list) or len(languages) > MAX_LANGUAGES:
        problems["languages"] = "bad_language"
        return
    for item in languages:
        code = str(item.get("code") or "").strip().lower() if isinstance(item, dict) else ""
        level = _int(item.get("proficiency"), 0, NATIVE) if isinstance(item, dict) else None
        if not code or len(code) > LANGUAGE_CODE_MAX or level is None:
            problems["languages"] = "bad_language"
            continue
        clean.languages[code] = level


def _validate_skills(skills, skill_codes, clean, problems):
    if not isinstance(skills, list):
        problems["skills"] = "bad_skill"
        return
    for item in skills:
        entry = skill_entry(item, skill_codes)
        if entry is None:
            problems["skills"] = "bad_skill"
        elif entry.self_level is not None or entry.offered or entry.wanted:
            clean.skills.append(entry)


def skill_entry(item, skill_codes):
    if not isinstance(item, dict) or item.get("skill") not in skill_codes:
        return None
    level = item.get("self_level")
    if level in (None, "", 0, "0"):
        level = None
    else:
        level = _int(level, LEVELS.start, LEVELS.stop - 1)
        if level is None:
            return None
    return SkillEntry(item["skill"], level, bool(item.get("offered")), bool(item.get("wanted")))


@transaction.atomic
def save(user, clean):
    """Store a validated profile; evidence-backed levels stay whatever the learner now says."""
    profile, _created = SkillProfile.objects.select_for_update().get_or_create(user=user)
    profile.territory = Territory.objects.filter(qid=clean.territory).first() if clean.territory else None
    for name in ("affiliate", "affiliate_qid", "time_zone", "availability", "mentor_capacity", "away_until"):
        setattr(profile, name, getattr(clean, name))
    profile.visibility = clean.visibility
    profile.share_email = clean.share_email
    profile.save()
    profile.languages.exclude(code__in=clean.languages).delete()
    for code, level in clean.languages.items():
        ProfileLanguage.objects.update_or_create(profile=profile, code=code, defaults={"proficiency": level})
    _replace_self_assessment(profile, clean.skills, only=None)
    return profile


def _replace_self_assessment(profile, entries, only):
    """Set the learner's own answers for ``entries``; skills in ``only`` (or all) not among them are cleared."""
    skills = {skill.code: skill for skill in Skill.objects.filter(code__in=[e.skill for e in entries])}
    # Ratings of skills an admin retired are neither shown nor cleared: they come back if the skill does.
    ratings = {rating.skill_id: rating for rating in profile.ratings.filter(skill__active=True).select_related("skill")}
    given = set()
    for entry in entries:
        skill = skills[entry.skill]
        rating = ratings.get(skill.pk) or SkillRating(profile=profile, skill=skill)
        rating.self_level, rating.offered, rating.wanted = entry.self_level, entry.offered, entry.wanted
        _store(rating)
        given.add(skill.pk)
    for skill_pk, rating in ratings.items():
        if skill_pk in given or (only is not None and rating.skill.code not in only):
            continue
        if rating.evidence:
            rating.self_level, rating.offered, rating.wanted = None, False, False
            _store(rating)
        else:
            rating.delete()


def _store(rating):
    rating.known_level = evidence.known_level(rating.self_level, rating.evidence_level)
    rating.save()


@transaction.atomic
def record_survey(user, course_key, entries, survey_skills):
    """A self-assessment block's answers: they replace the learner's answers for the survey's skills only."""
    profile, _created = SkillProfile.objects.select_for_update().get_or_create(user=user)
    _replace_self_assessment(profile, entries, only=set(survey_skills))
    if course_key:
        ProfileCourse.objects.get_or_create(profile=profile, course_key=str(course_key))
    return profile


@transaction.atomic
def record_evidence(user, skill_code, source, ref, level=None):
    """Raise a learner's known level of a skill from what the platform saw; True if the level rose.

    The same evidence recorded twice (a re-awarded badge, a re-sent event) changes nothing.
    """
    skill = Skill.objects.filter(code=skill_code).first()
    if skill is None:
        return False
    level = level or evidence.LEVEL_FOR_SOURCE[source]
    profile, _created = SkillProfile.objects.select_for_update().get_or_create(user=user)
    rating, _created = SkillRating.objects.get_or_create(profile=profile, skill=skill)
    before = rating.known_level
    rating.evidence, rating.evidence_level = evidence.add_evidence(
        rating.evidence, source, ref, level, timezone.now().date()
    )
    _store(rating)
    return rating.known_level > before
