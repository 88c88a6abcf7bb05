"""Matching requests from asking to meeting: suggestions, consent on both sides, "good fit?", batch runs.

The scoring and the solver are pure (``matching/``); this module reads the pool from
the database, turns profiles into ``matching.Person``, and keeps each step's state on
``Match`` rows with conditional UPDATEs, so a double click or two tabs cannot choose
twice or answer twice. Problems come back as codes (``messages.MATCHING_PROBLEMS``).
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from . import availability, matching, notifications
from .models import Match, MatchRequest, Skill, SkillProfile, SkillRating, Territory


class MatchingProblem(Exception):
    """A step the person cannot take now; ``code`` names why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


# Matches that hold one of a mentor's places: waiting for their answer, accepted and not ended, or
# offered by a batch run (so the next run does not send a second learner to the same free place).
HOLDS_A_PLACE = Q(partner_matches__request__kind="mentor") & (
    Q(partner_matches__status__in=[Match.CHOSEN, Match.ACCEPTED])
    | Q(partner_matches__status=Match.SUGGESTED, partner_matches__source=Match.BATCH)
)
EXCLUDING = Q(status=Match.DECLINED) | Q(good_fit=False)


def _ancestors():
    parents = dict(Territory.objects.values_list("pk", "parent_id"))
    qids = dict(Territory.objects.values_list("pk", "qid"))

    def path(territory_id):
        chain = []
        while territory_id is not None and len(chain) < 5:  # noqa: PLR2004  (a tree, but never loop on bad data)
            chain.append(qids[territory_id])
            territory_id = parents.get(territory_id)
        return tuple(chain)

    return path


def people(profiles, now=None):
    """``matching.Person`` for each profile (a queryset); a constant number of queries."""
    now = now or timezone.now()
    profiles = list(
        profiles.prefetch_related("languages", "ratings__skill").annotate(
            places_held=Count("partner_matches", filter=HOLDS_A_PLACE)
        )
    )
    path = _ancestors()
    result = {}
    for profile in profiles:
        ratings = list(profile.ratings.all())
        windows, _problem = availability.parse_windows(profile.availability)
        result[profile.pk] = matching.Person(
            id=profile.pk,
            known={rating.skill.code: rating.known_level for rating in ratings if rating.known_level},
            offered=frozenset(rating.skill.code for rating in ratings if rating.offered),
            wanted=frozenset(rating.skill.code for rating in ratings if rating.wanted),
            languages={language.code: language.proficiency for language in profile.languages.all()},
            territory=path(profile.territory_id),
            availability=availability.utc_hours(windows, profile.time_zone, now),
            capacity=max(profile.mentor_capacity - profile.places_held, 0),
            away=bool(profile.away_until and profile.away_until >= now.date()),
        )
    return result


def _matchable():
    """Profiles that may be suggested to others: not "only in aggregates"."""
    return SkillProfile.objects.exclude(visibility=SkillProfile.AGGREGATE).select_related("user")


def _excluded(profile_id):
    """Partners this learner declined, was declined by, or found not a good fit, in either direction."""
    rows = Match.objects.filter(EXCLUDING).filter(Q(request__requester_id=profile_id) | Q(partner_id=profile_id))
    return frozenset(
        partner if requester == profile_id else requester
        for requester, partner in rows.values_list("request__requester_id", "partner_id")
    )


def engine_request(match_request, person):
    """The pure request for a stored one: its skills, options and everyone excluded."""
    already = set(match_request.matches.values_list("partner_id", flat=True))
    return matching.Request(
        requester=person,
        kind=match_request.kind,
        skills=frozenset(match_request.skills.values_list("code", flat=True)),
        across_regions=match_request.across_regions,
        excluded=_excluded(match_request.requester_id) | already,
    )


def _candidates_for(match_request):
    """The few hundred profiles that could help: they offer (mentor) or want or know (peer) a requested skill."""
    skills = match_request.skills.all()
    ratings = SkillRating.objects.filter(skill__in=skills)
    if match_request.kind == MatchRequest.MENTOR:
        ratings = ratings.filter(offered=True, known_level__gt=0)
        profiles = _matchable().filter(mentor_capacity__gt=0)
    else:
        ratings = ratings.filter(Q(wanted=True) | Q(known_level__gt=0))
        profiles = _matchable()
    return profiles.filter(pk__in=ratings.values("profile_id")).exclude(pk=match_request.requester_id)


def ask(profile, kind, skill_codes, across_regions):
    """Open a request and suggest up to a shortlist of partners at once; returns the request."""
    if kind not in dict(MatchRequest.KIND_CHOICES):
        raise MatchingProblem("bad_kind")
    if not profile.languages.exists():
        raise MatchingProblem("no_profile")
    # An area stands for its sub-skills too: people rate "Writing grant proposals", not "Fundraising".
    chosen = Q(code__in=skill_codes) | Q(parent__code__in=skill_codes) | Q(parent__parent__code__in=skill_codes)
    skills = list(Skill.objects.filter(chosen, active=True))
    if not skills:
        raise MatchingProblem("no_skills")
    with transaction.atomic():
        match_request = MatchRequest.objects.create(requester=profile, kind=kind, across_regions=across_regions)
        match_request.skills.set(skills)
    suggest(match_request)
    return match_request


def suggest(match_request, now=None):
    """Add the best partners not yet suggested, up to the shortlist size; returns how many were added."""
    shortlist = settings.WIKISKILLS_SKILLS_SHORTLIST
    waiting = match_request.matches.filter(status=Match.SUGGESTED).count()
    if waiting >= shortlist:
        return 0
    me = people(SkillProfile.objects.filter(pk=match_request.requester_id), now)[match_request.requester_id]
    request = engine_request(match_request, me)
    pool = people(_candidates_for(match_request), now)
    rank = match_request.matches.count()
    added = 0
    for scored in matching.suggest(request, pool.values(), n=shortlist - waiting):
        rank += 1
        _, created = Match.objects.get_or_create(
            request=match_request,
            partner_id=scored.candidate_id,
            defaults={"rank": rank, "score": scored.score, "explanation": explanation(scored.components)},
        )
        added += created
    return added


def explanation(components):
    """Components as JSON the page words: kind, points, subject and facts (all plain values)."""
    return [
        {"kind": part.kind, "points": part.points, "subject": part.subject, "facts": dict(part.facts)}
        for part in components
    ]


def _match_for(match_id, **lookups):
    match = Match.objects.select_related("request__requester__user", "partner__user").filter(pk=match_id).first()
    if match is None:
        raise MatchingProblem("not_found")
    for name, value in lookups.items():
        if getattr(match, name) != value:
            raise MatchingProblem("not_yours")
    return match


def _move(match, from_statuses, to_status, **values):
    """Change a match's status only if it is still in ``from_statuses``: a second click changes nothing."""
    moved = Match.objects.filter(pk=match.pk, status__in=from_statuses).update(status=to_status, **values)
    if not moved:
        raise MatchingProblem("already_answered")
    match.refresh_from_db()
    return match


def choose(profile, match_id):
    """The requester picks a suggestion; the partner is asked. One pick waits at a time."""
    match = _match_for(match_id)
    if match.request.requester_id != profile.pk:
        raise MatchingProblem("not_yours")
    if match.request.matches.filter(status__in=[Match.CHOSEN, Match.ACCEPTED]).exclude(pk=match.pk).exists():
        raise MatchingProblem("one_at_a_time")
    match = _move(match, [Match.SUGGESTED], Match.CHOSEN)
    notifications.partner_chosen(match)
    return match


def answer(profile, match_id, accept):
    """The partner accepts (contact details are shared from now) or declines (the requester picks again)."""
    match = _match_for(match_id)
    if match.partner_id != profile.pk:
        raise MatchingProblem("not_yours")
    now = timezone.now()
    if accept:
        match = _move(match, [Match.CHOSEN], Match.ACCEPTED, answered_at=now)
        MatchRequest.objects.filter(pk=match.request_id).update(status=MatchRequest.MATCHED)
        match.request.matches.filter(status=Match.SUGGESTED).update(status=Match.SET_ASIDE)
    else:
        match = _move(match, [Match.CHOSEN], Match.DECLINED, answered_at=now)
        suggest(match.request)
    notifications.partner_answered(match)
    return match


def rate_fit(profile, match_id, good):
    """Either side says whether the first meeting showed a good fit; "no" ends it and suggests others."""
    match = _match_for(match_id)
    if profile.pk not in (match.partner_id, match.request.requester_id):
        raise MatchingProblem("not_yours")
    if match.status != Match.ACCEPTED:
        raise MatchingProblem("too_early")
    if good:
        Match.objects.filter(pk=match.pk, status=Match.ACCEPTED).update(good_fit=True)
        match.refresh_from_db()
        return match
    match = _move(match, [Match.ACCEPTED], Match.ENDED, good_fit=False)
    MatchRequest.objects.filter(pk=match.request_id).update(status=MatchRequest.OPEN)
    suggest(match.request)
    return match


def close(profile, request_id):
    """The requester no longer needs help: the request closes, waiting suggestions are set aside,
    and an accepted mentorship ends, freeing the mentor's place."""
    updated = MatchRequest.objects.filter(pk=request_id, requester=profile).exclude(status=MatchRequest.CLOSED)
    if not updated.update(status=MatchRequest.CLOSED):
        raise MatchingProblem("not_found")
    Match.objects.filter(request_id=request_id, status__in=[Match.SUGGESTED, Match.CHOSEN]).update(
        status=Match.SET_ASIDE
    )
    Match.objects.filter(request_id=request_id, status=Match.ACCEPTED).update(status=Match.ENDED)


def run_batch(now=None):
    """Give every open request without a waiting suggestion the partner an optimal assignment of the pool finds.

    One assignment over all such requests, so two learners are not both sent to a mentor
    with one free place. Returns ``(requests, suggested)``.
    """
    waiting = Match.objects.filter(status__in=[Match.SUGGESTED, Match.CHOSEN, Match.ACCEPTED])
    open_requests = list(
        MatchRequest.objects.filter(status=MatchRequest.OPEN)
        .exclude(pk__in=waiting.values("request_id"))
        .select_related("requester")
        .order_by("created_at", "pk")
    )
    if not open_requests:
        return 0, 0
    pool = people(_matchable(), now)
    requesters = people(SkillProfile.objects.filter(pk__in={r.requester_id for r in open_requests}), now)
    by_requester = {}
    for match_request in open_requests:  # one request per learner in a run: the oldest
        by_requester.setdefault(match_request.requester_id, match_request)
    requests = [engine_request(r, requesters[r.requester_id]) for r in by_requester.values()]
    result = matching.assign(requests, list(pool.values()))
    if not result.pairs:
        return len(requests), 0
    scored = {r.requester.id: r for r in requests}
    created = []
    for requester_id, partner_id in result.pairs.items():
        score, components, _eligible = matching.explain(scored[requester_id], pool[partner_id])
        match, made = Match.objects.get_or_create(
            request=by_requester[requester_id],
            partner_id=partner_id,
            defaults={
                "rank": 1,
                "score": score,
                "explanation": explanation(components),
                "source": Match.BATCH,
            },
        )
        if made:
            created.append(match)
    notifications.suggestions_ready(created)
    return len(requests), len(created)
