"""Judging a learner's candidate edits against an exercise's criteria, all locally.

One edit must meet every criterion (AND), unless the exercise lets several edits
count together; then counts add up over the edits that pass the gate criteria.
"""

from dataclasses import dataclass
from datetime import datetime

from .criteria import CriterionResult


@dataclass(frozen=True)
class Outcome:
    """The verdict of one check: per-criterion results, the edits judged (shown as evidence), and when to look again.

    ``evidence`` names the edits the results are about, passed or not, so the learner sees which edit was judged.

    ``problem`` is a code for a check that could not decide (an edit whose text is
    hidden, an account renamed); such a check never passes.
    """

    passed: bool
    results: tuple
    evidence: tuple = ()
    waiting_until: datetime | None = None
    problem: str = ""


def _revids(edit):
    """The revisions an edit stands for: itself, or every edit of a run counted as one."""
    return edit.revids or (edit.revid,)


def evaluate(criteria, edits, now, *, combine_edits=False):
    """``edits`` are the learner's candidate ``EditFacts``, oldest first."""
    if combine_edits:
        return _evaluate_together(criteria, edits, now)
    return _evaluate_each(criteria, edits, now)


def _only_waiting(results):
    """True when every unmet criterion is just waiting for time to pass."""
    return all(result.met or result.waiting_until for result in results)


def _evaluate_each(criteria, edits, now):
    verdicts = [(edit, tuple(criterion.evaluate(edit, now) for criterion in criteria)) for edit in edits]
    for edit, results in verdicts:
        if all(result.met for result in results):
            return Outcome(True, results, _revids(edit))
    waiting = [(edit, results) for edit, results in verdicts if _only_waiting(results)]
    if waiting:
        edit, results = min(waiting, key=lambda pair: _ready_at(pair[1]))
        return Outcome(False, results, _revids(edit), waiting_until=_ready_at(results))
    if not verdicts:
        return Outcome(False, tuple(criterion.combine([]) for criterion in criteria))
    edit, results = max(verdicts, key=lambda pair: (sum(r.met for r in pair[1]), pair[0].revid))
    return Outcome(False, results, _revids(edit))  # the learner is told which edit these results are about


def _evaluate_together(criteria, edits, now):
    per_edit = {edit.revid: [criterion.evaluate(edit, now) for criterion in criteria] for edit in edits}
    gates = [index for index, criterion in enumerate(criteria) if criterion.gate]
    counting = [edit for edit in edits if all(_met_or_waiting(per_edit[edit.revid][index]) for index in gates)]
    results = tuple(
        _over_counted_edits(criterion, [per_edit[edit.revid][index] for edit in counting])
        for index, criterion in enumerate(criteria)
    )
    evidence = tuple(revid for edit in counting for revid in _revids(edit))
    if all(result.met for result in results):
        return Outcome(True, results, evidence)
    if counting and _only_waiting(results):
        return Outcome(False, results, evidence, waiting_until=_ready_at(results))
    return Outcome(False, results, evidence)


def _met_or_waiting(result):
    return result.met or result.waiting_until is not None


def _over_counted_edits(criterion, results):
    return _gate_over_edits(criterion, results) if criterion.gate else criterion.combine(results)


def _gate_over_edits(criterion, results):
    """A gate over edits counted together (each already met it or waits): met when none is still waiting."""
    if not results:
        return criterion.combine([])
    waits = [result.waiting_until for result in results if result.waiting_until]
    if waits:
        return CriterionResult(criterion.kind, False, 0, 1, waiting_until=max(waits))
    return CriterionResult(criterion.kind, True, 1, 1)


def _ready_at(results):
    return max((result.waiting_until for result in results if result.waiting_until), default=None)
