"""The progress rule, pure: which stages a member has done, and when, from their facts (ADR 0040).

No database here. A requirement is met at the first time a fact of its kind and key reached its
threshold; a stage is done when all its requirements are met, at the latest of those times; in a
sequential track a stage is done no earlier than the stage before it, and never before it. A stage
once done stays done (it may have earned a badge), so a lower grade later changes nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime

# Facts and thresholds are floats (grades from 0 to 1, hours); this keeps 0.6 >= 0.6 true after arithmetic.
TOLERANCE = 1e-9

DONE = "done"
OPEN = "open"
LOCKED = "locked"


@dataclass(frozen=True)
class Need:
    """A requirement as the rule sees it: the fact it needs and how much."""

    id: int
    kind: str
    key: str
    threshold: float


@dataclass(frozen=True)
class Step:
    """A stage as the rule sees it, in track order."""

    id: int
    needs: tuple[Need, ...]


@dataclass
class StepState:
    status: str
    done_at: datetime | None = None
    met: dict[int, datetime | None] = field(default_factory=dict)


def met_at(increases, threshold):
    """When ``(value, reached_at)`` increases first reached ``threshold``, or None."""
    times = [reached_at for value, reached_at in increases if value + TOLERANCE >= threshold]
    return min(times) if times else None


def step_states(steps, facts, *, sequential, recorded):
    """The state of each step: ``{step id: StepState}``.

    ``facts`` maps ``(kind, key)`` to the learner's ``[(value, reached_at)]``; ``recorded`` maps
    the ids of steps already stored as done to their ``done_at``, which is kept as it is.
    """
    states = {}
    previous_done_at = None
    previous_done = True
    for step in steps:
        met = {need.id: met_at(facts.get((need.kind, need.key), ()), need.threshold) for need in step.needs}
        if step.id in recorded:
            state = StepState(DONE, recorded[step.id], met)
        elif sequential and not previous_done:
            state = StepState(LOCKED, None, met)
        elif step.needs and all(met.values()):
            done_at = max(met.values())
            if sequential and previous_done_at is not None:
                done_at = max(done_at, previous_done_at)
            state = StepState(DONE, done_at, met)
        else:
            state = StepState(OPEN, None, met)
        states[step.id] = state
        previous_done = state.status == DONE
        previous_done_at = state.done_at
    return states


def newly_done(states, recorded):
    """``{step id: done_at}`` of the steps the rule finds done that are not stored yet."""
    return {
        step_id: state.done_at for step_id, state in states.items() if state.status == DONE and step_id not in recorded
    }


def graduated_at(steps, states):
    """When the last step was done, if every step is done; else None (a track with no steps never graduates)."""
    if not steps or any(states[step.id].status != DONE for step in steps):
        return None
    return max(states[step.id].done_at for step in steps)
