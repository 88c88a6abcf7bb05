"""The batched checker: many learners' attempts on one wiki in a handful of API requests.

For N learners with E candidate edits it makes ceil(N/50) contribution requests
(plus continuations), ceil(2E/50) revision requests (each edit and its parent),
and evaluates every criterion locally. Beside those: the wiki's siteinfo (cached
per wiki), a learner's account id (once per account, 50 per request), the page a
target title leads to (only where a learner also edited other pages, 50 titles
per request), and for "still stands" one history request per page where a
counted edit is no longer the latest.

Edits are matched by the account's id and by page id, never by names (ADR 0026).
"""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.bounded_analysis import EditAnalyzer
from wikiskills.integrations.wikiskills_accounts import identity
from wikiskills.integrations.wikiskills_core import wikis

from . import scoring
from .edit_facts import TEXT_HIDDEN, TOO_COMPLEX, EditReader
from .evaluation import Outcome, evaluate
from .exercise import ExerciseSpec
from .models import ExerciseAttempt
from .signals import exercises_passed
from .targets import target_pages

CHECKED_EVENT = "edx.wikiskills.edit_exercise.checked"
NO_ACCOUNT = "no_account"
# Checks that could not read what they need: the attempt stays pending, staff see it, and it is read again later.
STAFF_PROBLEMS = (TEXT_HIDDEN, TOO_COMPLEX)


def check_attempts(wiki, attempts, client, now=None):
    """Check ``attempts`` (pending, all on ``wiki``) and store each verdict; returns {attempt id: Outcome}.

    Safe to run twice or to die half way: each verdict is one UPDATE, a pass is
    never undone, and an attempt not reached stays pending for the next run.
    """
    now = now or timezone.now()
    attempts = list(attempts)
    identities = identity.identities_on_wiki(wiki, {attempt.user_id for attempt in attempts}, client)
    outcomes = {}
    checkable = []
    for attempt in attempts:
        found = identities.get(attempt.user_id)
        if found is None:
            outcomes[attempt.pk] = Outcome(False, (), problem=NO_ACCOUNT)  # the link was removed
        elif found.problem:
            outcomes[attempt.pk] = Outcome(False, (), problem=found.problem)
        else:
            checkable.append(attempt)
    if checkable:
        outcomes.update(_judge(wiki, checkable, {a.pk: identities[a.user_id] for a in checkable}, client, now))
    record_outcomes(attempts, outcomes, now)
    return outcomes


def _judge(wiki, attempts, identities, client, now):
    """Outcomes of attempts whose accounts have an id on the wiki."""
    site = wikis.siteinfo_for(wiki, client)
    specs = {attempt.pk: ExerciseSpec.from_json(attempt.exercise) for attempt in attempts}
    windows = {attempt.pk: _second(specs[attempt.pk].window_start_for(attempt.started_at)) for attempt in attempts}
    by_account = {}
    for contribution in client.contributions_by_user_id(
        sorted({found.user_id for found in identities.values()}), since=min(windows.values())
    ):
        by_account.setdefault(contribution.user_id, []).append(contribution)
    in_window = {}
    for attempt in attempts:
        found = identities[attempt.pk]
        mine = by_account.get(found.user_id, [])
        if mine:
            identity.follow_rename(found, mine[-1].user)
        in_window[attempt.pk] = [
            c for c in mine if c.timestamp >= windows[attempt.pk] and c.revid not in _verification_revids(found)
        ]
    targets = target_pages(
        client,
        site,
        {
            attempt.pk: (specs[attempt.pk], identities[attempt.pk].account.username, windows[attempt.pk], edits)
            for attempt, edits in ((a, in_window[a.pk]) for a in attempts)
        },
    )
    candidates = {pk: [c for c in edits if targets[pk].includes(c)] for pk, edits in in_window.items()}
    with EditAnalyzer(
        seconds=settings.WIKISKILLS_ANALYSIS_SECONDS, max_characters=settings.WIKISKILLS_ANALYSIS_MAX_CHARACTERS
    ) as analyzer:
        read = EditReader(client, site, analyzer).read(
            candidates, specs, {pk: found.user_id for pk, found in identities.items()}
        )
    outcomes = {}
    for attempt in attempts:
        spec, edits = specs[attempt.pk], read[attempt.pk]
        outcome = evaluate(spec.criteria, edits.units, now, combine_edits=spec.combine_edits)
        if edits.problem and not outcome.passed:
            outcome = Outcome(False, (), problem=edits.problem)  # never judged on what could not be read
        outcomes[attempt.pk] = outcome
    return outcomes


def _verification_revids(found):
    """The edit that proved the account is the learner's (it added the one-time code): never exercise work.

    The account keeps the id of its latest verification edit; a learner who saved the code together with
    their exercise text must make the exercise edit again, as the linking step tells them.
    """
    revid = found.account.evidence_revid
    return {revid} if revid else set()


def record_outcomes(attempts, outcomes, now):
    """Store a batch's verdicts in one commit; if it never happens, all stay pending.

    Attempts that pass for the first time are announced together, once, after the commit.
    """
    with transaction.atomic():
        newly_passed = [attempt for attempt in attempts if record_outcome(attempt, outcomes[attempt.pk], now)]
        if newly_passed:
            transaction.on_commit(partial(exercises_passed.send, sender=ExerciseAttempt, attempts=newly_passed))
    scoring.record_scores(newly_passed)


def record_outcome(attempt, outcome, now):
    """Store one verdict in a single UPDATE that never turns a pass back, and say so in a tracking event.

    Returns True when this verdict passed the attempt for the first time.
    """
    waiting_until = outcome.waiting_until
    if outcome.problem in STAFF_PROBLEMS:
        waiting_until = now + timedelta(seconds=settings.WIKISKILLS_UNVERIFIABLE_RECHECK_SECONDS)
    if outcome.passed:
        status = ExerciseAttempt.PASSED
    elif waiting_until:
        status = ExerciseAttempt.PENDING
    else:
        status = ExerciseAttempt.NOT_YET
    fields = {
        "status": status,
        "results": [result.as_json() for result in outcome.results],
        "evidence_revids": list(outcome.evidence),
        "checked_at": now,
        "next_check_at": waiting_until,
        "check_problem": outcome.problem,
    }
    not_passed = ExerciseAttempt.objects.filter(pk=attempt.pk).exclude(status=ExerciseAttempt.PASSED)
    updated = not_passed.update(**fields, check_count=F("check_count") + 1)
    if updated:
        for name, value in fields.items():
            setattr(attempt, name, value)
    openedx_compat.emit_tracking_event(
        CHECKED_EVENT,
        {
            "user_id": attempt.user_id,
            "usage_key": attempt.usage_key,
            "status": status,
            "criteria_met": sum(result.met for result in outcome.results),
            "criteria": len(outcome.results),
            "evidence_revids": list(outcome.evidence),
            "problem": outcome.problem,
        },
    )
    return bool(updated) and status == ExerciseAttempt.PASSED


def _second(moment):
    """Wiki timestamps have whole seconds: an edit saved in the second the window opened counts."""
    return moment.replace(microsecond=0)
