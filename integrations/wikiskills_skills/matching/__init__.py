"""Peer and mentor matching: pure Python and numpy, no Django.

``suggest`` gives one learner's best few candidates now; ``assign`` matches a whole pool optimally
(maximum total score, capacities and hard constraints respected); ``greedy_assign`` is the
Capacity Exchange-style baseline the benchmark compares with; ``assignment_quality`` scores any
assignment with the same function. Score rules and weights: :mod:`.scoring`.
"""

from .greedy import greedy_assign
from .people import MENTOR, NATIVE, PEER, Person, Request
from .scoring import Component, Scored, assignment_quality, explain, pair_scores, suggest
from .solver import Assignment, assign

__all__ = [
    "MENTOR",
    "NATIVE",
    "PEER",
    "Assignment",
    "Component",
    "Person",
    "Request",
    "Scored",
    "assign",
    "assignment_quality",
    "explain",
    "greedy_assign",
    "pair_scores",
    "suggest",
]
