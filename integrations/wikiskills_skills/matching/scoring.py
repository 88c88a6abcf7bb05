"""Pair scores, hard constraints and explanation components, vectorized over blocks of pairs.

One code path serves every case: people are encoded once into small dense matrices
(:class:`RequestMatrix`, :class:`CandidateMatrix`) and :func:`score_block` scores a block of
requesters against a block of candidates with a few matrix products. The batch candidate
generation, the instant suggestion, the quality of an assignment and the explanation of one pair
all call it, so an explanation always adds up to the score the solver used.

Scores are integers ("points"). Every matrix product multiplies 0/1 or small-integer matrices,
so float32 products are exact whatever the summation order, and the components of a pair sum
exactly to its score.

Score of an eligible pair = skill points + language points + availability points + territory points:

* Skills, mentor request: per requested skill the candidate offers at a known level above the
  requester's (an unlisted skill is level 0), ``MENTOR_POINTS_PER_LEVEL`` per level of the gap,
  the gap capped at ``MAX_LEVEL_GAP``. Offering a skill at or below the requester's level gives nothing.
* Skills, peer request: ``PEER_POINTS_PER_SKILL`` per requested skill the candidate also wants, or
  knows (level >= 1) within one level of the requester.
* Language (hard): the pair must share a language both speak at proficiency >= 3 (native = 6).
  ``LANGUAGE_POINTS_PER_LEVEL`` per level of the best shared language above 3: 0 at 3, 6 for two natives.
* Availability: ``AVAILABILITY_POINTS_PER_HOUR`` per overlapping UTC hour of the week, counted up to
  ``AVAILABILITY_FULL_HOURS``.
* Territory: ``TERRITORY_POINTS_PER_LEVEL`` per shared level of the territory tree counted from the
  root region (same root region 3, same sub-region 6, same country 9), up to ``TERRITORY_MAX_LEVELS``.
  With ``across_regions`` the requester gets ``ACROSS_REGIONS_POINTS`` instead, when both root regions
  are known and differ, and nothing for sharing.

A pair is eligible when all hard constraints hold: skill points > 0, a shared language at >= 3,
the candidate is not away (nor the requester), not the requester, not in ``request.excluded``, and, for a
mentor request, has open capacity (> 0). Peer requests ignore capacity here (a peer is not using a
mentoring slot); the batch solver gives each peer candidate one peer slot instead. Eligible pairs
always score > 0.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from .people import HOURS_PER_WEEK, MAX_LEVEL, MENTOR, MIN_SHARED_PROFICIENCY, NATIVE, PEER

MENTOR_POINTS_PER_LEVEL = 10
MAX_LEVEL_GAP = 3
PEER_POINTS_PER_SKILL = 20
LANGUAGE_POINTS_PER_LEVEL = 2
AVAILABILITY_POINTS_PER_HOUR = 3
AVAILABILITY_FULL_HOURS = 4
TERRITORY_POINTS_PER_LEVEL = 3
TERRITORY_MAX_LEVELS = 3
ACROSS_REGIONS_POINTS = 9

MAX_SCORE_PER_SKILL = max(MENTOR_POINTS_PER_LEVEL * MAX_LEVEL_GAP, PEER_POINTS_PER_SKILL)
_LEVELS = MAX_LEVEL + 1  # requester levels 0..5 index the blocks of the one-hot skill encoding
_LANGUAGE_THRESHOLDS = tuple(range(MIN_SHARED_PROFICIENCY, NATIVE + 1))


@dataclass(frozen=True)
class Component:
    """One reason a pair scores what it scores.

    ``kind`` is ``"skill"``, ``"language"``, ``"availability"``, ``"territory"`` or ``"other_region"``;
    ``subject`` the skill code, language code, shared territory QID or the candidate's root region;
    ``facts`` the inputs behind ``points`` (levels, proficiencies, hours), for the caller's wording.
    The ``points`` of a pair's components sum exactly to its score.
    """

    kind: str
    points: int
    subject: str | None = None
    facts: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Scored:
    """A candidate for one request: its id, its score and the components that make it."""

    candidate_id: int
    score: int
    components: tuple[Component, ...]


class Vocabulary:
    """Column numbers of the skills, languages and territories appearing in a set of people."""

    def __init__(self, people, extra_skills=()):
        skills, languages, territories = set(extra_skills), set(), set()
        for person in people:
            skills.update(person.known, person.offered, person.wanted)
            languages.update(person.languages)
            territories.update(person.territory)
        self.skills = {code: number for number, code in enumerate(sorted(skills))}
        self.languages = {code: number for number, code in enumerate(sorted(languages))}
        self.territories = {code: number for number, code in enumerate(sorted(territories))}
        self.skill_codes = sorted(skills)
        self.language_codes = sorted(languages)
        self.territory_codes = sorted(territories)
        self.depth = max((len(person.territory) for person in people), default=0) or 1

    @classmethod
    def of(cls, requests, candidates):
        requested = set().union(*(request.skills for request in requests))
        return cls([*(request.requester for request in requests), *candidates], requested)


def _common_rows(people, vocabulary):
    """Languages (proficiency), hours (0/1) and territory path (root first, -1 = unknown) per person."""
    languages = np.zeros((len(people), len(vocabulary.languages)), dtype=np.int8)
    hours = np.zeros((len(people), HOURS_PER_WEEK), dtype=np.float32)
    territory = np.full((len(people), vocabulary.depth), -1, dtype=np.int32)
    for row, person in enumerate(people):
        for code, proficiency in person.languages.items():
            languages[row, vocabulary.languages[code]] = proficiency
        if person.availability:
            hours[row, np.fromiter(person.availability, dtype=np.int64)] = 1
        for depth, code in enumerate(reversed(person.territory)):
            territory[row, depth] = vocabulary.territories[code]
    return languages, hours, territory


class CandidateMatrix:
    """Possible mentors or peers, encoded once; columns of every score block."""

    def __init__(self, candidates: Sequence, vocabulary: Vocabulary):
        self.people = list(candidates)
        self.vocabulary = vocabulary
        count, skills = len(self.people), len(vocabulary.skills)
        self.ids = np.array([person.id for person in self.people], dtype=np.int64)
        self.column = {person.id: column for column, person in enumerate(self.people)}
        if len(self.column) != count:
            raise ValueError("candidate ids must be unique")
        self.capacity = np.array([max(person.capacity, 0) for person in self.people], dtype=np.int64)
        self.away = np.array([person.away for person in self.people], dtype=bool)
        known = np.zeros((count, skills), dtype=np.int8)
        offered = np.zeros((count, skills), dtype=bool)
        wanted = np.zeros((count, skills), dtype=bool)
        for row, person in enumerate(self.people):
            for code, level in person.known.items():
                known[row, vocabulary.skills[code]] = level
            offered[row, [vocabulary.skills[code] for code in person.offered]] = True
            wanted[row, [vocabulary.skills[code] for code in person.wanted]] = True
        self.known, self.offered, self.wanted = known, offered, wanted
        # Right-hand sides of the skill products, one row per (requester level k, skill s), k-major:
        # mentor gap levels min(max(level - k, 0), MAX_LEVEL_GAP) where offered, and the 0/1 peer fit.
        levels = np.arange(_LEVELS, dtype=np.int8)[:, None, None]
        gap = np.clip(known[None, :, :] - levels, 0, MAX_LEVEL_GAP) * offered[None, :, :]
        peer = wanted[None, :, :] | ((known[None, :, :] >= 1) & (np.abs(known[None, :, :] - levels) <= 1))
        self.mentor_gap = np.ascontiguousarray(gap.transpose(0, 2, 1).reshape(_LEVELS * skills, count), np.float32)
        self.peer_fit = np.ascontiguousarray(peer.transpose(0, 2, 1).reshape(_LEVELS * skills, count), np.float32)
        self.offered_t = np.ascontiguousarray(offered.T, np.float32)
        self.languages, hours, self.territory = _common_rows(self.people, vocabulary)
        self.hours_t = np.ascontiguousarray(hours.T)
        self.speaks_t = {t: np.ascontiguousarray((self.languages >= t).T, np.float32) for t in _LANGUAGE_THRESHOLDS}

    def __len__(self):
        return len(self.people)


class RequestMatrix:
    """Requests, encoded once; rows of every score block."""

    def __init__(self, requests: Sequence, vocabulary: Vocabulary, candidates: CandidateMatrix):
        self.requests = list(requests)
        self.vocabulary = vocabulary
        people = [request.requester for request in self.requests]
        count, skills = len(people), len(vocabulary.skills)
        self.ids = np.array([person.id for person in people], dtype=np.int64)
        self.is_mentor = np.array([request.kind == MENTOR for request in self.requests], dtype=bool)
        self.across = np.array([request.across_regions for request in self.requests], dtype=bool)
        self.away = np.array([person.away for person in people], dtype=bool)
        # One-hot (requester level k, requested skill s), k-major, matching CandidateMatrix's rows.
        self.wants = np.zeros((count, _LEVELS * skills), dtype=np.float32)
        self.requested = np.zeros((count, skills), dtype=np.float32)
        excluded_rows, excluded_columns = [], []
        for row, request in enumerate(self.requests):
            for code in request.skills:
                skill = vocabulary.skills[code]
                level = min(max(request.requester.level(code), 0), MAX_LEVEL)
                self.wants[row, level * skills + skill] = 1
                self.requested[row, skill] = 1
            columns = [candidates.column[other] for other in request.excluded if other in candidates.column]
            excluded_rows.extend([row] * len(columns))
            excluded_columns.extend(columns)
        self.excluded_rows = np.array(excluded_rows, dtype=np.int64)
        self.excluded_columns = np.array(excluded_columns, dtype=np.int64)
        self.languages, self.hours, self.territory = _common_rows(people, vocabulary)
        self.speaks = {t: (self.languages >= t).astype(np.float32) for t in _LANGUAGE_THRESHOLDS}

    def __len__(self):
        return len(self.requests)


@dataclass
class Block:
    """Scores of requester rows ``start:stop`` against candidate columns ``columns`` (all when None)."""

    start: int
    stop: int
    columns: np.ndarray | None
    skill: np.ndarray
    language: np.ndarray
    availability: np.ndarray
    territory: np.ndarray
    eligible: np.ndarray

    @property
    def total(self):
        return self.skill + self.language + self.availability + self.territory


def _product(left, right):
    """An exact integer product of 0/1 and small-integer float32 matrices."""
    return np.rint(left @ right).astype(np.int32)


def score_block(requests: RequestMatrix, candidates: CandidateMatrix, start, stop, columns=None):
    """Score requester rows ``start:stop`` against the candidates (or only the ``columns`` given)."""

    def cand(matrix):  # candidate-major arrays are indexed by row, transposed ones by column
        return matrix if columns is None else matrix[..., columns]

    def cand_rows(matrix):
        return matrix if columns is None else matrix[columns]

    rows = slice(start, stop)
    height = stop - start
    width = len(candidates) if columns is None else len(columns)
    is_mentor = requests.is_mentor[rows]

    skill = np.zeros((height, width), dtype=np.int32)
    mentor_rows, peer_rows = np.flatnonzero(is_mentor), np.flatnonzero(~is_mentor)
    wants = requests.wants[rows]
    if len(mentor_rows):
        skill[mentor_rows] = _product(wants[mentor_rows], cand(candidates.mentor_gap)) * MENTOR_POINTS_PER_LEVEL
    if len(peer_rows):
        skill[peer_rows] = _product(wants[peer_rows], cand(candidates.peer_fit)) * PEER_POINTS_PER_SKILL

    # Best shared proficiency: the highest threshold both reach in some language.
    best = np.zeros((height, width), dtype=np.int32)
    for threshold in _LANGUAGE_THRESHOLDS:
        both = _product(requests.speaks[threshold][rows], cand(candidates.speaks_t[threshold])) > 0
        best += both
    shares_language = best > 0
    language = np.where(shares_language, (best - 1) * LANGUAGE_POINTS_PER_LEVEL, 0).astype(np.int32)

    overlap = _product(requests.hours[rows], cand(candidates.hours_t))
    availability = np.minimum(overlap, AVAILABILITY_FULL_HOURS) * AVAILABILITY_POINTS_PER_HOUR

    mine, theirs = requests.territory[rows], cand_rows(candidates.territory)
    shared = np.zeros((height, width), dtype=np.int32)
    still_shared = np.ones((height, width), dtype=bool)
    for depth in range(min(mine.shape[1], TERRITORY_MAX_LEVELS)):
        still_shared &= (mine[:, depth, None] == theirs[None, :, depth]) & (mine[:, depth, None] >= 0)
        shared += still_shared
    other_region = (mine[:, 0, None] >= 0) & (theirs[None, :, 0] >= 0) & (mine[:, 0, None] != theirs[None, :, 0])
    territory = np.where(
        requests.across[rows, None],
        other_region * ACROSS_REGIONS_POINTS,
        shared * TERRITORY_POINTS_PER_LEVEL,
    ).astype(np.int32)

    cand_ids, cand_away, cand_capacity = (cand_rows(a) for a in (candidates.ids, candidates.away, candidates.capacity))
    eligible = (skill > 0) & shares_language
    eligible &= ~cand_away[None, :] & ~requests.away[rows, None]
    eligible &= requests.ids[rows, None] != cand_ids[None, :]
    eligible &= ~is_mentor[:, None] | (cand_capacity[None, :] > 0)
    in_rows = (requests.excluded_rows >= start) & (requests.excluded_rows < stop)
    if in_rows.any():
        excluded_rows = requests.excluded_rows[in_rows] - start
        excluded_columns = requests.excluded_columns[in_rows]
        if columns is None:
            eligible[excluded_rows, excluded_columns] = False
        else:
            excluded = np.zeros((height, len(candidates)), dtype=bool)
            excluded[excluded_rows, excluded_columns] = True
            eligible &= ~excluded[:, columns]
    return Block(start, stop, columns, skill, language, availability.astype(np.int32), territory, eligible)


def components(requests: RequestMatrix, candidates: CandidateMatrix, row, column, block=None):
    """The components of one pair, read from the same encodings (and block) as its score.

    ``block`` may be a block holding the pair; it is recomputed for the pair alone otherwise.
    """
    if block is None:
        block = score_block(requests, candidates, row, row + 1, np.array([column]))
        at = (0, 0)
    else:
        at = (row - block.start, column if block.columns is None else int(np.flatnonzero(block.columns == column)[0]))
    vocabulary = requests.vocabulary
    request, candidate = requests.requests[row], candidates.people[column]
    parts = []

    skill_count = len(vocabulary.skills)
    if request.kind == MENTOR:
        per_skill, unit = requests.wants[row] * candidates.mentor_gap[:, column], MENTOR_POINTS_PER_LEVEL
    else:
        per_skill, unit = requests.wants[row] * candidates.peer_fit[:, column], PEER_POINTS_PER_SKILL
    for index in np.flatnonzero(per_skill):
        level, skill = divmod(int(index), skill_count)
        code = vocabulary.skill_codes[skill]
        facts = {"requester_level": level, "candidate_level": candidate.level(code)}
        if request.kind == PEER:
            facts["candidate_wants"] = code in candidate.wanted
        else:
            facts["gap"] = int(per_skill[index])
        parts.append(Component("skill", int(per_skill[index]) * unit, code, MappingProxyType(facts)))

    # The shared language at the best level both reach; ties go to the first code.
    mine, theirs = requests.languages[row].astype(np.int32), candidates.languages[column].astype(np.int32)
    both = np.minimum(mine, theirs)
    if both.size and both.max() >= MIN_SHARED_PROFICIENCY:
        index = int(np.argmax(both))
        facts = {"requester_proficiency": int(mine[index]), "candidate_proficiency": int(theirs[index])}
        code = vocabulary.language_codes[index]
        parts.append(Component("language", int(block.language[at]), code, MappingProxyType(facts)))

    if block.availability[at]:
        hours = np.flatnonzero(requests.hours[row] * candidates.hours_t[:, column])
        facts = {"hours": len(hours), "full_at": AVAILABILITY_FULL_HOURS, "utc_hours": tuple(int(h) for h in hours)}
        parts.append(Component("availability", int(block.availability[at]), None, MappingProxyType(facts)))

    if block.territory[at]:
        if request.across_regions:
            facts = {"requester_region": request.requester.territory[-1], "candidate_region": candidate.territory[-1]}
            parts.append(
                Component("other_region", int(block.territory[at]), candidate.territory[-1], MappingProxyType(facts))
            )
        else:
            levels = int(block.territory[at]) // TERRITORY_POINTS_PER_LEVEL
            shared = request.requester.territory[-levels]
            parts.append(Component("territory", int(block.territory[at]), shared, MappingProxyType({"levels": levels})))
    return tuple(parts)


def explain(request, candidate):
    """``(score, components, eligible)`` of one pair, scored exactly as in a batch."""
    vocabulary = Vocabulary.of([request], [candidate])
    candidates = CandidateMatrix([candidate], vocabulary)
    requests = RequestMatrix([request], vocabulary, candidates)
    block = score_block(requests, candidates, 0, 1)
    return int(block.total[0, 0]), components(requests, candidates, 0, 0, block), bool(block.eligible[0, 0])


def suggest(request, candidates, n=3):
    """The ``n`` best eligible candidates for one request, best first, as :class:`Scored`.

    Hard constraints hold (language, away, self, excluded, capacity > 0 for a mentor request; a peer's
    capacity is not asked). Equal scores keep the candidates' order.
    """
    candidates = list(candidates)
    vocabulary = Vocabulary.of([request], candidates)
    columns = CandidateMatrix(candidates, vocabulary)
    rows = RequestMatrix([request], vocabulary, columns)
    block = score_block(rows, columns, 0, 1)
    total = np.where(block.eligible[0], block.total[0], -1)
    order = np.argsort(-total, kind="stable")[:n]
    return [
        Scored(int(columns.ids[column]), int(total[column]), components(rows, columns, 0, int(column), block))
        for column in order
        if total[column] > 0
    ]


def pair_scores(requests, candidates, pairs, chunk_size=1000):
    """Score of each ``requester id -> candidate id`` pair, and whether it is eligible, in ``pairs`` order.

    A requester id must name one request.
    """
    requests, candidates = list(requests), list(candidates)
    by_id = {request.requester.id: row for row, request in enumerate(requests)}
    if len(by_id) != len(requests):
        raise ValueError("requester ids must be unique")
    vocabulary = Vocabulary.of(requests, candidates)
    columns = CandidateMatrix(candidates, vocabulary)
    chosen = list(pairs.items())
    subset = [requests[by_id[requester]] for requester, _ in chosen]
    rows = RequestMatrix(subset, vocabulary, columns)
    wanted = np.array([columns.column[candidate] for _, candidate in chosen], dtype=np.int64)
    scores = np.zeros(len(chosen), dtype=np.int64)
    eligible = np.zeros(len(chosen), dtype=bool)
    for start in range(0, len(chosen), chunk_size):
        stop = min(start + chunk_size, len(chosen))
        block = score_block(rows, columns, start, stop, wanted[start:stop])
        diagonal = np.arange(stop - start)
        scores[start:stop] = block.total[diagonal, diagonal]
        eligible[start:stop] = block.eligible[diagonal, diagonal]
    return scores, eligible


def assignment_quality(requests, candidates, pairs):
    """Total score (sum of pair scores) of an assignment ``{requester id: candidate id}``.

    Raises ``ValueError`` when a pair breaks a hard constraint (capacity is checked by the solvers' tests).
    """
    scores, eligible = pair_scores(requests, candidates, pairs)
    if not eligible.all():
        raise ValueError("the assignment holds ineligible pairs")
    return int(scores.sum())
