"""What the matching engine is given: people and their requests, as plain frozen dataclasses.

The caller (the Django side) builds these from profiles; nothing here touches the database.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

MENTOR = "mentor"
PEER = "peer"
KINDS = (MENTOR, PEER)

MAX_LEVEL = 5
"""Skill levels are 1..5; a skill the person does not list counts as level 0."""

NATIVE = 6
"""Language proficiency runs 0..5 as on Capacity Exchange; a native speaker counts as 6, above 5."""

MIN_SHARED_PROFICIENCY = 3
"""A pair must share at least one language both speak at this proficiency or above (hard constraint)."""

HOURS_PER_WEEK = 168


@dataclass(frozen=True)
class Person:
    """A learner or a possible mentor/peer.

    ``territory`` lists territory QIDs from the most specific up to the root region, e.g.
    ``("Q155", "Q18", "Q828")`` (Brazil, South America, Americas); it may be empty or shorter.
    ``availability`` holds hours of the week in UTC, 0..167 (Monday 00:00 UTC is 0); the caller
    converts local windows. ``capacity`` is the number of open mentoring slots *now* (capacity minus
    active mentees).
    """

    id: int
    known: Mapping[str, int] = field(default_factory=dict)
    offered: frozenset[str] = frozenset()
    wanted: frozenset[str] = frozenset()
    languages: Mapping[str, int] = field(default_factory=dict)
    territory: tuple[str, ...] = ()
    availability: frozenset[int] = frozenset()
    capacity: int = 0
    away: bool = False

    def level(self, skill):
        """Known level of ``skill``, 0 when not listed."""
        return self.known.get(skill, 0)


@dataclass(frozen=True)
class Request:
    """A learner asking for a mentor (someone offering the skill at a higher level) or a peer.

    ``excluded`` holds partner ids the pair was declined with before (either side); they never match.
    """

    requester: Person
    kind: str
    skills: frozenset[str]
    across_regions: bool = False
    excluded: frozenset[int] = frozenset()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if not self.skills:
            raise ValueError("a request names at least one skill")
