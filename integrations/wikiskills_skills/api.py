"""The skills app's public Python API: what blocks, pages, the REST API and other apps call.

Reads never write. Problems come back as codes (``{field: code}``, ``TaxonomyError.code``)
that the adapters word through ``messages.py``.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from . import matching, matchmaking, profiles, taxonomy
from .matchmaking import MatchingProblem
from .models import Match, MatchRequest, Skill, SkillProfile, SkillRating, Territory

TAXONOMY_NAME = "Wikimedia movement skills"
TAXONOMY_DESCRIPTION = "Skills for the Wikimedia movement, keyed by Wikidata items where one exists."


@dataclass(frozen=True)
class SkillNode:
    """A skill as pages and blocks show it: its place in the tree and its words in the active language."""

    code: str
    label: str
    description: str
    qid: str
    parent: str
    depth: int


def _depth_first(items, key, parent_key):
    """``(item, parent key, depth)`` for a tree given as a flat list, parents before children, siblings in order."""
    by_parent = {}
    for item in items:
        by_parent.setdefault(parent_key(item), []).append(item)

    def walk(parent, depth):
        for item in by_parent.get(parent, []):
            yield item, parent, depth
            yield from walk(key(item), depth + 1)

    return list(walk("", 0))


def skill_tree(active_only=True):
    """Every skill, parents before their children, in the taxonomy's order (one query)."""
    skills = Skill.objects.select_related("parent")
    if active_only:
        skills = skills.filter(active=True)
    return [
        SkillNode(skill.code, skill.display_label, skill.display_description, skill.qid, parent, depth)
        for skill, parent, depth in _depth_first(
            skills, key=lambda s: s.code, parent_key=lambda s: s.parent.code if s.parent else ""
        )
    ]


def skill_codes():
    return set(Skill.objects.filter(active=True).values_list("code", flat=True))


def unknown_skills(codes):
    """The codes among ``codes`` that are not active skills (Studio validation)."""
    return sorted(set(codes) - skill_codes())


def skill_choices():
    """``(code, label)`` pairs, sub-skills indented, for select lists and badge alignment."""
    return [(node.code, "\u2003" * node.depth + node.label) for node in skill_tree()]


def territories():
    """Territories, parents before children, as ``(qid, label, parent qid)``."""
    rows = sorted(Territory.objects.select_related("parent"), key=lambda t: t.display_label)
    return [
        (territory.qid, "\u2003" * depth + territory.display_label, parent)
        for territory, parent, depth in _depth_first(
            rows, key=lambda t: t.qid, parent_key=lambda t: t.parent.qid if t.parent else ""
        )
    ]


def export_taxonomy(file_format):
    """The active taxonomy in Studio's tagging import format (``json`` or ``csv``)."""
    rows = taxonomy.tag_rows(list(Skill.objects.all()))
    if file_format == "csv":
        return taxonomy.export_csv(rows)
    return taxonomy.export_json(rows, TAXONOMY_NAME, TAXONOMY_DESCRIPTION)


def import_taxonomy(text, file_format):
    """Create or update skills from a tagging-format file; raises ``TaxonomyError``; ``(created, updated)``."""
    rows = taxonomy.parse(text, file_format)
    return taxonomy.import_rows(rows, Skill)


def skill_of_badge_class(slug):
    """The skill code a WikiSkills badge class is aligned to, or None."""
    from ..wikiskills_badges.models import BadgeClass  # noqa: PLC0415  (badges align to our skills, not the reverse)

    return BadgeClass.objects.filter(slug=slug).values_list("skill_area_id", flat=True).first()


# Profiles


def profile_data(user):
    """The learner's profile in the shape ``save_profile`` takes, plus evidence; defaults if none yet."""
    profile = SkillProfile.objects.filter(user=user).select_related("territory").first()
    if profile is None:
        profile = SkillProfile(user=user)
        languages, ratings = [], []
    else:
        languages = list(profile.languages.order_by("-proficiency", "code"))
        ratings = list(
            profile.ratings.filter(skill__active=True).select_related("skill").order_by("skill__order", "skill__code")
        )
    return {
        "territory": profile.territory.qid if profile.territory else "",
        "affiliate": profile.affiliate,
        "affiliate_qid": profile.affiliate_qid,
        "time_zone": profile.time_zone,
        "availability": profile.availability,
        "mentor_capacity": profile.mentor_capacity,
        "away_until": profile.away_until.isoformat() if profile.away_until else None,
        "visibility": profile.visibility,
        "share_email": profile.share_email,
        "languages": [{"code": language.code, "proficiency": language.proficiency} for language in languages],
        "skills": [
            {
                "skill": rating.skill.code,
                "self_level": rating.self_level,
                "evidence_level": rating.evidence_level,
                "known_level": rating.known_level,
                "offered": rating.offered,
                "wanted": rating.wanted,
                "evidence": rating.evidence,
            }
            for rating in ratings
        ],
    }


def save_profile(user, data):
    """Validate and store a whole profile; returns ``{field: problem code}``, empty when saved."""
    clean, problems = profiles.validate(data, skill_codes(), set(Territory.objects.values_list("qid", flat=True)))
    if problems:
        return problems
    profiles.save(user, clean)
    return {}


def record_self_assessment(user, course_key, answers, survey_skills):
    """A survey block's answers (``[{"skill", "self_level", "offered", "wanted"}]``) for ``survey_skills``.

    Returns ``{field: problem code}``; nothing is saved when there is a problem.
    """
    codes = set(survey_skills) & skill_codes()
    entries = []
    for answer in answers if isinstance(answers, list) else [None]:
        entry = profiles.skill_entry(answer, codes)
        if entry is None:
            return {"skills": "bad_skill"}
        if entry.self_level is not None or entry.offered or entry.wanted:
            entries.append(entry)  # a skill left blank is cleared, not stored empty
    profiles.record_survey(user, course_key, entries, codes)
    return {}


def record_evidence_for_user_id(user_id, skill_code, source, ref, level=None):
    """Evidence from another app (badges, exercises, track stages); True if it raised the known level."""
    user = get_user_model().objects.filter(pk=user_id).first()
    return bool(user) and profiles.record_evidence(user, skill_code, source, ref, level)


def can_see_profile(viewer, owner):
    """Whether ``viewer`` may see ``owner``'s profile: their own, a public one, or a partner's after both agreed."""
    if viewer.pk == owner.pk:
        return True
    profile = SkillProfile.objects.filter(user=owner).only("visibility").first()
    if profile is None or profile.visibility == SkillProfile.AGGREGATE:
        return False
    return profile.visibility == SkillProfile.PUBLIC or accepted_between(viewer, owner)


def accepted_between(one, other):
    """Whether two users have a match both agreed to (and not ended)."""
    pair = Q(request__requester__user=one, partner__user=other) | Q(request__requester__user=other, partner__user=one)
    return Match.objects.filter(pair, status=Match.ACCEPTED).exists()


def visible_profile(viewer, username):
    """``(profile, matched)`` if ``viewer`` may see ``username``'s profile (``can_see_profile``), else None."""
    if not viewer.is_authenticated:
        return None
    profile = SkillProfile.objects.filter(user__username=username).select_related("user").first()
    if profile is None or not can_see_profile(viewer, profile.user):
        return None
    return profile, profile.user_id != viewer.pk and accepted_between(viewer, profile.user)


def shared_profile(profile, matched, data=None):
    """What another person sees of ``profile``: no evidence references; the email only to a match partner."""
    data = data or profile_data(profile.user)
    shown = {
        "username": profile.user.username,
        **{
            key: data[key]
            for key in (
                "territory",
                "affiliate",
                "affiliate_qid",
                "time_zone",
                "availability",
                "mentor_capacity",
                "away_until",
                "languages",
            )
        },
        "skills": [
            {key: entry[key] for key in ("skill", "self_level", "evidence_level", "known_level", "offered", "wanted")}
            for entry in data["skills"]
            if entry["known_level"] or entry["offered"] or entry["wanted"]
        ],
    }
    if matched and profile.share_email and profile.user.email:
        shown["email"] = profile.user.email
    return shown


# Matching: every step answers None, or a problem code for ``messages.MATCHING_PROBLEMS``.


def _profile(user):
    return SkillProfile.objects.filter(user=user).first()


def request_match(user, kind, skill_codes, across_regions=False):
    """Ask for a mentor or a peer; ``(request id, None)`` with suggestions made, or ``(None, problem)``."""
    profile = _profile(user)
    if profile is None:
        return None, "no_profile"
    try:
        return matchmaking.ask(profile, kind, skill_codes, across_regions).pk, None
    except MatchingProblem as problem:
        return None, problem.code


def _step(user, action, *args):
    profile = _profile(user)
    if profile is None:
        return "not_found"
    try:
        action(profile, *args)
    except MatchingProblem as problem:
        return problem.code
    return None


def choose_suggestion(user, match_id):
    return _step(user, matchmaking.choose, match_id)


def answer_match(user, match_id, accept):
    return _step(user, matchmaking.answer, match_id, bool(accept))


def rate_fit(user, match_id, good):
    return _step(user, matchmaking.rate_fit, match_id, bool(good))


def close_request(user, request_id):
    return _step(user, matchmaking.close, request_id)


def run_batch_matching():
    """One optimal assignment over every open request still waiting for a suggestion."""
    return matchmaking.run_batch()


def matching_overview(user):
    """What the matching page shows a learner: their requests and suggestions, what others asked of them,
    and the people they are connected with (contact details only there). Plain values; words are the page's."""
    profile = _profile(user)
    if profile is None:
        return {"has_profile": False, "requests": [], "incoming": [], "connected": []}
    requests = (
        MatchRequest.objects.filter(requester=profile)
        .exclude(status=MatchRequest.CLOSED)
        .prefetch_related("skills", "matches__partner__user")
        .order_by("-created_at")
    )
    incoming = Match.objects.filter(partner=profile, status=Match.CHOSEN).select_related("request__requester__user")
    connected = (
        Match.objects.filter(Q(partner=profile) | Q(request__requester=profile), status=Match.ACCEPTED)
        .select_related("request__requester__user", "partner__user")
        .prefetch_related("request__skills")
    )
    return {
        "has_profile": True,
        "requests": [_request_entry(request) for request in requests],
        "incoming": [_incoming_entry(match) for match in incoming],
        "connected": [_connected_entry(match, profile) for match in connected],
    }


def _skills_of(match_request):
    return [{"code": skill.code, "label": skill.display_label} for skill in match_request.skills.all()]


def _request_entry(match_request):
    shown = [Match.SUGGESTED, Match.CHOSEN, Match.ACCEPTED, Match.DECLINED]
    matches = sorted((m for m in match_request.matches.all() if m.status in shown), key=lambda m: m.rank)
    return {
        "id": match_request.pk,
        "kind": match_request.kind,
        "status": match_request.status,
        "skills": _skills_of(match_request),
        "across_regions": match_request.across_regions,
        "waiting": any(m.status == Match.CHOSEN for m in matches),
        "suggestions": [
            {
                "match_id": match.pk,
                "name": match.partner.user.username,
                "status": match.status,
                "score": match.score,
                "explanation": match.explanation,
            }
            for match in matches
        ],
    }


def _incoming_entry(match):
    return {
        "match_id": match.pk,
        "name": match.request.requester.user.username,
        "kind": match.request.kind,
        "skills": _skills_of(match.request),
        "explanation": match.explanation,
    }


def _connected_entry(match, profile):
    other = match.partner if match.request.requester_id == profile.pk else match.request.requester
    return {
        "match_id": match.pk,
        "name": other.user.username,
        "kind": match.request.kind,
        "i_asked": match.request.requester_id == profile.pk,
        "skills": _skills_of(match.request),
        "wiki_user_pages": wiki_user_pages(other.user),
        "email": other.user.email if other.share_email else "",
        "good_fit": match.good_fit,
    }


def wiki_user_pages(user):
    """Links to the user pages of a learner's verified wiki accounts, one per wiki family."""
    from ..wikiskills_accounts.models import WikiAccount  # noqa: PLC0415
    from ..wikiskills_core import wikis  # noqa: PLC0415

    first_wiki = {}
    for wiki in wikis.allowed_wikis().values():
        first_wiki.setdefault(wiki.family, wiki)
    pages = []
    for account in WikiAccount.objects.filter(user=user, family__in=first_wiki):
        wiki = first_wiki[account.family]
        pages.append({"wiki": wiki.name, "url": wiki.page_url(f"User:{account.username}")})
    return pages


def what_teaches(skill_code):
    """Courses and units tagged with the skill (or a sub-skill) in Studio, and badge classes that show it.

    Answers ``{"content": [(object id, url)], "badges": [(name, slug)]}``; tag ids are the
    skills' ids in the exported taxonomy (the QID, else the code).
    """
    from ..openedx_compat import content_tagged_with  # noqa: PLC0415
    from ..wikiskills_badges.models import BadgeClass  # noqa: PLC0415

    skills = [skill for skill in Skill.objects.select_related("parent__parent") if skill_code in _lineage(skill)]
    badges = BadgeClass.objects.filter(skill_area__in=skills).values_list("name", "slug")
    return {
        "content": content_tagged_with({skill.qid or skill.code for skill in skills}),
        "badges": list(badges),
    }


def _lineage(skill):
    """The skill's code and its ancestors' (the taxonomy is at most three levels deep)."""
    codes = []
    while skill is not None:
        codes.append(skill.code)
        skill = skill.parent
    return codes


def rank_mentors(user, mentor_user_ids, n=3):
    """Up to ``n`` of these mentors best placed to help ``user`` with the skills they want, best first.

    Answers ``[(mentor user id, explanation)]``, the explanation as the matching page words it
    (``wording.explain``). Nobody is suggested to someone who wants no skill yet, or by a mentor
    the matching's hard rules exclude (no shared language, away, no places left).
    """
    profile = SkillProfile.objects.filter(user=user).first()
    if profile is None:
        return []
    me = matchmaking.people(SkillProfile.objects.filter(pk=profile.pk))[profile.pk]
    if not me.wanted:
        return []
    pool = matchmaking.people(SkillProfile.objects.filter(user_id__in=mentor_user_ids).exclude(pk=profile.pk))
    user_of = dict(SkillProfile.objects.filter(pk__in=pool).values_list("pk", "user_id"))
    request = matching.Request(requester=me, kind=matching.MENTOR, skills=me.wanted)
    return [
        (user_of[scored.candidate_id], matchmaking.explanation(scored.components))
        for scored in matching.suggest(request, pool.values(), n=n)
    ]


def skill_labels(codes=None):
    """``{code: label in the active language}`` of the given skills (every skill without ``codes``)."""
    skills = Skill.objects.all() if codes is None else Skill.objects.filter(code__in=list(codes))
    return {skill.code: skill.display_label for skill in skills}


def people_offering(viewer, skill_code, level, limit=50):
    """Up to ``limit`` people who offer ``skill_code`` at ``level`` or more and whose profile ``viewer`` may see,
    who know it best first (the viewer left out)."""
    ratings = (
        SkillRating.objects.filter(skill__code=skill_code, offered=True, known_level__gte=level)
        .exclude(profile__user=viewer)
        .exclude(profile__visibility=SkillProfile.AGGREGATE)
        .select_related("profile__user")
        .order_by("-known_level", "profile__user__username")[:limit]
    )
    return [rating.profile.user for rating in ratings if can_see_profile(viewer, rating.profile.user)]
