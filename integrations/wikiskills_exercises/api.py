"""The editing-exercise app's public Python API: what the exercise block and its staff panel call.

The block turns its settings into an ``ExerciseSpec`` and calls these functions. A learner's state comes back
as plain data: a status code, the code of the problem that decides what to tell them, and the criteria's
``Explanation``s; the block words them through its ``messages.py`` ("the domain returns codes, the adapter
owns the words").
"""

from dataclasses import dataclass
from datetime import datetime

from wikiskills.integrations.mediawiki.errors import WikiUnavailable
from wikiskills.integrations.wikiskills_accounts import linking
from wikiskills.integrations.wikiskills_accounts.identity import ACCOUNT_CHANGED
from wikiskills.integrations.wikiskills_core import throttle, wikis

from . import attempts, staff, tasks
from .criteria import CriterionResult, CriterionSpecError, criteria_from_specs  # noqa: F401  (re-exported)
from .exercise import ExerciseSpec, PageTarget  # noqa: F401  (re-exported: what the block builds)
from .models import ExerciseAttempt

# Learner statuses beyond the attempt's own (started, pending, not_yet, passed).
LINK_ACCOUNT = "link_account"
WAITING = "waiting"  # met so far; checked again later to see the edit still stands
NEEDS_STAFF = "needs_staff"  # a check could not decide; staff look at it
# Why a check could not decide, as the learner is told (``ExerciseAttempt.check_problem``).
LEARNER_PROBLEMS = ("text_hidden", "too_complex", ACCOUNT_CHANGED)
# Notices for a linking step that did not happen.
WIKI_DOWN = "wiki_down"


@dataclass(frozen=True)
class LearnerState:
    """What the learner view shows, as codes and data.

    ``criteria`` say what an edit needs (before any check); ``results`` pair each criterion of the last check
    with its verdict; ``evidence_revids`` are the edits it judged, and ``judged_none_since`` when edits began
    to count if it judged none. ``override_reason`` is set when staff set the score by hand.
    """

    status: str
    problem: str
    wiki: wikis.Wiki
    account: str
    target_title: str
    challenge: object
    attempt: ExerciseAttempt
    criteria: tuple
    results: tuple
    evidence_revids: tuple
    judged_none_since: datetime | None
    score: float | None
    override_reason: str
    waiting_until: datetime | None


def learner_state(user, usage_key, spec):
    """The learner's state on the exercise ``spec`` describes (started on first sight: older edits never count)."""
    wiki = wikis.get_wiki(spec.wiki)
    account = linking.linked_account(user, wiki.family)
    attempt = attempts.attempt_for(user, usage_key, wiki.key)
    username = account.username if account else ""
    # Asked to link again when the last check found the account renamed, until the learner does.
    relink = (
        account is not None
        and attempt.check_problem == ACCOUNT_CHANGED
        and attempt.status != attempt.PASSED
        and account.verified_at <= attempt.checked_at
    )
    status, problem = attempt.status, ""
    if account is None or relink:
        status, problem = LINK_ACCOUNT, ACCOUNT_CHANGED if relink else ""
    elif attempt.check_problem in LEARNER_PROBLEMS and status != attempt.PASSED:
        status = NEEDS_STAFF if status == attempt.PENDING else status
        problem = attempt.check_problem
    elif status == attempt.PENDING and attempt.next_check_at:
        status = WAITING
    return LearnerState(
        status=status,
        problem=problem,
        wiki=wiki,
        account=username,
        target_title=spec.target.title_for(username) or "",
        challenge=linking.open_challenge(user, wiki.family) if status == LINK_ACCOUNT else None,
        attempt=attempt,
        criteria=tuple(criterion.describe() for criterion in spec.criteria),
        results=_results(attempt),
        evidence_revids=tuple(attempt.evidence_revids),
        judged_none_since=_judged_none_since(attempt),
        score=attempt.score,
        override_reason=attempt.override_reason if attempt.override_score is not None else "",
        waiting_until=attempt.next_check_at if status == WAITING else None,
    )


def _results(attempt):
    """``(kind, met, Explanation)`` per criterion of the last check, with the criteria that check used."""
    if not attempt.results:
        return ()
    criteria = ExerciseSpec.from_json(attempt.exercise).criteria
    verdicts = []
    for criterion, data in zip(criteria, attempt.results, strict=False):
        waiting = data.get("waiting_until")
        result = CriterionResult(**{**data, "waiting_until": datetime.fromisoformat(waiting) if waiting else None})
        verdicts.append((result.kind, result.met, criterion.explain(result)))
    return tuple(verdicts)


def _judged_none_since(attempt):
    """When edits began to count, if the last check found none to judge; else None."""
    if attempt.checked_at is None or attempt.evidence_revids or not attempt.results:
        return None
    return ExerciseSpec.from_json(attempt.exercise).window_start_for(attempt.started_at)


def publish_score_once(attempt, publish):
    """Call ``publish(score)`` once per change of the learner's score (see ``attempts.publish_score_once``)."""
    return attempts.publish_score_once(attempt, publish)


def asked_recently(action, user):
    """When the learner may ask the wiki again (``action`` is "link" or "check"), or None if now."""
    return throttle.claim(action, user.pk)


def link_step(user, wiki_key, step):
    """Run ``step(user, wiki, client)`` against the wiki; ``(code, params)`` of why it did not happen, or None.

    The code is an ``AccountLinkRefused`` reason, or ``WIKI_DOWN``.
    """
    wiki = wikis.get_wiki(wiki_key)
    try:
        step(user, wiki, wikis.client_for(wiki, background=False))
    except linking.AccountLinkRefused as refusal:
        return refusal.reason, {"wiki": wiki.name, **refusal.params}
    except WikiUnavailable:
        return WIKI_DOWN, {}
    return None


def start_verification(username):
    """The linking step that gives the learner a one-time code for ``username`` (for ``link_step``)."""
    return lambda user, wiki, client: linking.start_verification(user, wiki, username, client)


complete_verification = linking.complete_verification


def request_check(user, usage_key, spec, anonymous_id):
    """Queue a check of the learner's edits (not before their account is linked; never after a pass)."""
    wiki = wikis.get_wiki(spec.wiki)
    if linking.linked_account(user, wiki.family) is None:
        return
    attempt = attempts.attempt_for(user, usage_key, wiki.key)
    if attempts.request_check(attempt, spec, anonymous_id=anonymous_id):
        tasks.enqueue_checks(wiki.key, [attempt.pk])


# -- what staff see and do ------------------------------------------------------------------------------------


def staff_rows(usage_key, wiki_key):
    """Every learner's row (never the course team's), see ``staff.learner_rows``."""
    return staff.learner_rows(usage_key, wikis.get_wiki(wiki_key).family)


def override_score(usage_key, attempt_id, score, *, reason, staff_user):
    """Set a learner's score by hand with a reason; ``ValueError`` without one, ``DoesNotExist`` for no such row."""
    staff.override_score(usage_key, attempt_id, score, reason=reason, staff_user=staff_user)


def recheck(usage_key, spec, attempt_ids):
    """Check the learners' attempts again (passes stay); returns the ids now being checked."""
    chosen = staff.request_rechecks(usage_key, spec, attempt_ids)
    tasks.enqueue_checks(spec.wiki, chosen)
    return chosen


def csv_text(rows, wiki_key):
    return staff.csv_text(rows, wikis.get_wiki(wiki_key).revision_url)


NoSuchAttempt = ExerciseAttempt.DoesNotExist
