"""Properties of the matching engine, against a plain-Python reading of the rules and brute force.

No Django: ``wikiskills_skills.matching`` is pure Python and numpy.
"""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_skills.matching import (
    MENTOR,
    NATIVE,
    PEER,
    Person,
    Request,
    assign,
    assignment_quality,
    explain,
    greedy_assign,
    suggest,
)
from wikiskills.integrations.wikiskills_skills.matching import scoring as rules

SKILLS = ("edit", "cite", "upload")
LANGUAGES = ("en", "fr", "sw")
TERRITORIES = (
    ("Q155", "Q18", "Q828"),
    ("Q414", "Q18", "Q828"),
    ("Q30", "Q49", "Q828"),
    ("Q114", "Q27407", "Q15"),
    ("Q27407", "Q15"),
    (),
)
HOURS = tuple(range(0, 168, 7))[:12]
FAST = settings(max_examples=40, deadline=None)


@st.composite
def people(draw, ids):
    known = draw(st.dictionaries(st.sampled_from(SKILLS), st.integers(1, 5), min_size=1, max_size=3))
    return Person(
        id=draw(ids),
        known=known,
        offered=frozenset(known) - draw(st.sets(st.sampled_from(SKILLS), max_size=1)),
        wanted=frozenset(draw(st.sets(st.sampled_from(SKILLS), max_size=2))),
        languages=draw(st.dictionaries(st.sampled_from(LANGUAGES), st.integers(0, NATIVE), max_size=3)),
        territory=draw(st.sampled_from(TERRITORIES)),
        availability=frozenset(draw(st.sets(st.sampled_from(HOURS), max_size=6))),
        capacity=draw(st.sampled_from((1, 2, 0, 3))),
        away=draw(st.sampled_from((False,) * 5 + (True,))),
    )


@st.composite
def instances(draw, max_requests=5, max_candidates=3):
    """Requests and candidates whose ids overlap (a requester may also be a candidate)."""
    candidate_ids = draw(st.lists(st.integers(1, 8), min_size=1, max_size=max_candidates, unique=True))
    requester_ids = draw(st.lists(st.integers(1, 8), min_size=1, max_size=max_requests, unique=True))
    candidates = [draw(people(st.just(number))) for number in candidate_ids]
    # Mostly, everyone speaks English well, so that eligible pairs are common.
    if draw(st.integers(0, 5)) != 5:
        candidates = [_with_language(person, "en", draw(st.integers(3, NATIVE))) for person in candidates]
    requests = []
    for number in requester_ids:
        person = draw(people(st.just(number)))
        if draw(st.integers(0, 5)) != 5:
            person = _with_language(person, "en", draw(st.integers(3, NATIVE)))
        requests.append(
            Request(
                requester=person,
                kind=draw(st.sampled_from((MENTOR, MENTOR, PEER))),
                skills=frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=3))),
                across_regions=draw(st.booleans()),
                excluded=frozenset(draw(st.sets(st.sampled_from(candidate_ids), max_size=1))),
            )
        )
    return requests, candidates


def _with_language(person, code, level):
    return Person(**{**person.__dict__, "languages": {**person.languages, code: level}})


def reference(request, candidate):
    """``(eligible, score)`` of a pair, straight from the rules in plain Python."""
    me = request.requester
    if request.kind == MENTOR:
        gaps = [
            min(candidate.level(s) - me.level(s), rules.MAX_LEVEL_GAP)
            for s in request.skills
            if s in candidate.offered and candidate.level(s) > me.level(s)
        ]
        skill = rules.MENTOR_POINTS_PER_LEVEL * sum(gaps)
    else:
        fits = [
            s
            for s in request.skills
            if s in candidate.wanted or (candidate.level(s) >= 1 and abs(candidate.level(s) - me.level(s)) <= 1)
        ]
        skill = rules.PEER_POINTS_PER_SKILL * len(fits)
    shared = [min(level, candidate.languages.get(code, 0)) for code, level in me.languages.items()]
    best = max(shared, default=0)
    language = rules.LANGUAGE_POINTS_PER_LEVEL * (best - 3) if best >= 3 else 0
    hours = len(me.availability & candidate.availability)
    availability = rules.AVAILABILITY_POINTS_PER_HOUR * min(hours, rules.AVAILABILITY_FULL_HOURS)
    mine, theirs = me.territory[::-1], candidate.territory[::-1]
    if request.across_regions:
        territory = rules.ACROSS_REGIONS_POINTS if mine and theirs and mine[0] != theirs[0] else 0
    else:
        levels = 0
        for a, b in zip(mine, theirs, strict=False):
            if a != b:
                break
            levels += 1
        territory = rules.TERRITORY_POINTS_PER_LEVEL * min(levels, rules.TERRITORY_MAX_LEVELS)
    eligible = (
        skill > 0
        and best >= 3
        and not candidate.away
        and not me.away
        and candidate.id != me.id
        and candidate.id not in request.excluded
        and (request.kind == PEER or candidate.capacity > 0)
    )
    return eligible, skill + language + availability + territory


def _check_feasible(requests, candidates, pairs):
    by_requester = {request.requester.id: request for request in requests}
    by_id = {person.id: person for person in candidates}
    mentoring, peering = Counter(), Counter()
    for requester, chosen in pairs.items():
        request, candidate = by_requester[requester], by_id[chosen]
        assert reference(request, candidate)[0], (request, candidate)
        assert any(
            level >= 3 and candidate.languages.get(code, 0) >= 3 for code, level in request.requester.languages.items()
        )
        assert not candidate.away and candidate.id != requester and candidate.id not in request.excluded
        (mentoring if request.kind == MENTOR else peering)[chosen] += 1
    assert all(count <= by_id[person].capacity for person, count in mentoring.items())
    assert all(count <= 1 for count in peering.values())


def _brute_force(requests, candidates):
    """The best total over every assignment that respects capacities, by enumeration."""
    options = [
        [None] + [c for c, candidate in enumerate(candidates) if reference(request, candidate)[0]]
        for request in requests
    ]
    best = 0
    for choice in itertools.product(*options):
        mentoring = Counter(c for c, r in zip(choice, requests, strict=True) if c is not None and r.kind == MENTOR)
        peering = Counter(c for c, r in zip(choice, requests, strict=True) if c is not None and r.kind == PEER)
        if any(count > candidates[c].capacity for c, count in mentoring.items()) or any(
            count > 1 for count in peering.values()
        ):
            continue
        total = sum(reference(r, candidates[c])[1] for c, r in zip(choice, requests, strict=True) if c is not None)
        best = max(best, total)
    return best


@FAST
@given(instances(), st.integers(1, 4))
def test_assign_is_feasible_and_optimal_and_beats_greedy(instance, chunk_size):
    requests, candidates = instance
    result = assign(requests, candidates, top_k=len(candidates), chunk_size=chunk_size)
    _check_feasible(requests, candidates, result.pairs)
    assert set(result.pairs) | set(result.unassigned) == {request.requester.id for request in requests}
    assert not set(result.pairs) & set(result.unassigned)
    assert result.total == assignment_quality(requests, candidates, result.pairs) == _brute_force(requests, candidates)

    greedy = greedy_assign(requests, candidates, chunk_size=chunk_size)
    _check_feasible(requests, candidates, greedy.pairs)
    assert greedy.total == assignment_quality(requests, candidates, greedy.pairs)
    assert result.total >= greedy.total


@FAST
@given(instances(max_requests=12, max_candidates=6), st.integers(1, 3))
def test_a_small_candidate_graph_still_respects_every_constraint(instance, top_k):
    requests, candidates = instance
    result = assign(requests, candidates, top_k=top_k, chunk_size=5)
    _check_feasible(requests, candidates, result.pairs)
    assert result.total == assignment_quality(requests, candidates, result.pairs)


@FAST
@given(instances(max_requests=1, max_candidates=1))
def test_explanations_add_up_and_agree_with_the_inputs(instance):
    (request,), (candidate,) = instance
    score, parts, eligible = explain(request, candidate)
    assert (eligible, score) == reference(request, candidate)
    assert sum(part.points for part in parts) == score
    me = request.requester
    for part in parts:
        facts = part.facts
        if part.kind == "skill":
            assert part.subject in request.skills
            assert facts["requester_level"] == me.level(part.subject)
            assert facts["candidate_level"] == candidate.level(part.subject)
            if request.kind == MENTOR:
                assert part.subject in candidate.offered and candidate.level(part.subject) > me.level(part.subject)
                assert part.points == rules.MENTOR_POINTS_PER_LEVEL * min(
                    candidate.level(part.subject) - me.level(part.subject), rules.MAX_LEVEL_GAP
                )
            else:
                assert part.points == rules.PEER_POINTS_PER_SKILL
        elif part.kind == "language":
            assert me.languages[part.subject] == facts["requester_proficiency"] >= 3
            assert candidate.languages[part.subject] == facts["candidate_proficiency"] >= 3
        elif part.kind == "availability":
            assert set(facts["utc_hours"]) == me.availability & candidate.availability
        elif part.kind == "territory":
            assert not request.across_regions
            assert part.subject in me.territory and part.subject in candidate.territory
        else:
            assert part.kind == "other_region" and request.across_regions
            assert me.territory[-1] != candidate.territory[-1] == part.subject
    assert all(part.points > 0 for part in parts if part.kind != "language")
    if eligible:
        assert [part.kind for part in parts].count("language") == 1


@FAST
@given(instances(max_requests=1, max_candidates=8), st.integers(1, 4))
def test_suggest_returns_the_best_eligible_candidates(instance, n):
    (request,), candidates = instance
    suggested = suggest(request, candidates, n=n)
    assert len(suggested) <= n
    scores = [item.score for item in suggested]
    assert scores == sorted(scores, reverse=True)
    by_id = {person.id: person for person in candidates}
    for item in suggested:
        assert reference(request, by_id[item.candidate_id]) == (True, item.score)
        assert sum(part.points for part in item.components) == item.score
    eligible = sorted((score for ok, score in (reference(request, c) for c in candidates) if ok), reverse=True)
    assert scores == eligible[:n]


def test_peers_need_no_capacity_and_take_one_peer_slot_each():
    common = {"languages": {"en": NATIVE}, "known": {"edit": 2}, "wanted": frozenset({"edit"})}
    partner = Person(id=10, capacity=0, **common)
    first, second = Person(id=1, **common), Person(id=2, **common)
    request = Request(first, PEER, frozenset({"edit"}))
    assert [item.candidate_id for item in suggest(request, [partner])] == [10]
    result = assign([request, Request(second, PEER, frozenset({"edit"}))], [partner])
    assert len(result.pairs) == 1 and len(result.unassigned) == 1


def test_a_mentor_below_the_learner_level_is_not_a_match():
    mentor = Person(id=10, known={"edit": 2}, offered=frozenset({"edit"}), languages={"en": 4}, capacity=2)
    learner = Person(id=1, known={"edit": 2}, languages={"en": 5})
    assert suggest(Request(learner, MENTOR, frozenset({"edit"})), [mentor]) == []
    _score, parts, eligible = explain(Request(learner, MENTOR, frozenset({"edit"})), mentor)
    assert not eligible and [part.kind for part in parts] == ["language"]


def test_the_optimum_beats_first_come_first_served():
    """Greedy gives the first learner the only mentor the second can use; the optimum does not."""
    english = {"en": 4}
    generalist = Person(id=10, known={"edit": 4, "cite": 4}, offered=frozenset({"edit", "cite"}), languages=english,
                        capacity=1)  # fmt: skip
    specialist = Person(id=11, known={"edit": 5}, offered=frozenset({"edit"}), languages=english, capacity=1)
    first = Request(Person(id=1, languages=english), MENTOR, frozenset({"edit"}))
    second = Request(Person(id=2, languages=english), MENTOR, frozenset({"cite"}))
    greedy = greedy_assign([first, second], [generalist, specialist])
    optimal = assign([first, second], [generalist, specialist])
    assert greedy.pairs == {1: 10} and greedy.unassigned == [2]
    assert optimal.pairs == {1: 11, 2: 10} and optimal.total > greedy.total
