"""The batched checker: many learners' attempts on one wiki in a handful of API requests.

For N learners with E candidate edits it makes ceil(N/50) contribution requests
(plus continuations), ceil(2E/50) revision requests (each edit and its parent),
and evaluates every criterion locally. Only "still stands" needs more: one
history request per page where a counted edit is no longer the latest.
"""

import hashlib
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.names import normalize_username
from wikiskills.integrations.mediawiki.wikitext import compute_edit_delta
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount

from .criteria import EditFacts, needs_revert_check
from .evaluation import Outcome, evaluate
from .exercise import ExerciseSpec
from .models import ExerciseAttempt
from .signals import exercises_passed

REVERTED_TAG = "mw-reverted"
CHECKED_EVENT = "edx.wikiskills.edit_exercise.checked"
EMPTY_TEXT_SHA1 = hashlib.sha1(b"").hexdigest()  # noqa: S324  (MediaWiki's content hash, not security)


def check_attempts(wiki, attempts, client, now=None):
    """Check ``attempts`` (pending, all on ``wiki``) and store each verdict; returns {attempt id: Outcome}.

    Safe to run twice or to die half way: each verdict is one UPDATE, a pass is
    never undone, and an attempt not reached stays pending for the next run.
    """
    now = now or timezone.now()
    attempts = list(attempts)
    usernames = _verified_usernames(wiki, attempts)
    outcomes = {}
    checkable = [attempt for attempt in attempts if attempt.user_id in usernames]
    for attempt in attempts:
        if attempt.user_id not in usernames:
            outcomes[attempt.pk] = Outcome(False, ())  # the link was removed: nothing can count
    if checkable:
        specs = {attempt.pk: ExerciseSpec.from_json(attempt.exercise) for attempt in checkable}
        windows = {attempt.pk: _second(specs[attempt.pk].window_start_for(attempt.started_at)) for attempt in checkable}
        contributions = client.user_contributions(
            sorted({usernames[attempt.user_id] for attempt in checkable}), since=min(windows.values())
        )
        by_user = defaultdict(list)
        for contribution in contributions:
            by_user[normalize_username(contribution.user)].append(contribution)
        candidates = {
            attempt.pk: [
                contribution
                for contribution in by_user[usernames[attempt.user_id]]
                if contribution.timestamp >= windows[attempt.pk]
                and specs[attempt.pk].target.matches(
                    contribution.title, contribution.namespace, usernames[attempt.user_id]
                )
            ]
            for attempt in checkable
        }
        facts = _edit_facts(client, candidates, specs)
        for attempt in checkable:
            spec = specs[attempt.pk]
            edits = sorted(
                (facts[c.revid] for c in candidates[attempt.pk] if c.revid in facts), key=lambda edit: edit.revid
            )
            outcomes[attempt.pk] = evaluate(spec.criteria, edits, now, combine_edits=spec.combine_edits)
    record_outcomes(attempts, outcomes, now)
    return outcomes


def record_outcomes(attempts, outcomes, now):
    """Store a batch's verdicts in one commit; if it never happens, all stay pending.

    Attempts that pass for the first time are announced together, once, after the commit.
    """
    with transaction.atomic():
        newly_passed = [attempt for attempt in attempts if record_outcome(attempt, outcomes[attempt.pk], now)]
        if newly_passed:
            transaction.on_commit(partial(exercises_passed.send, sender=ExerciseAttempt, attempts=newly_passed))


def record_outcome(attempt, outcome, now):
    """Store one verdict in a single UPDATE that never turns a pass back, and say so in a tracking event.

    Returns True when this verdict passed the attempt for the first time.
    """
    if outcome.passed:
        status = ExerciseAttempt.PASSED
    elif outcome.waiting_until:
        status = ExerciseAttempt.PENDING
    else:
        status = ExerciseAttempt.NOT_YET
    fields = {
        "status": status,
        "results": [result.as_json() for result in outcome.results],
        "evidence_revids": list(outcome.evidence),
        "checked_at": now,
        "next_check_at": outcome.waiting_until,
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
        },
    )
    return bool(updated) and status == ExerciseAttempt.PASSED


def _verified_usernames(wiki, attempts):
    """{user id: verified username}; only these accounts' edits are ever looked at."""
    accounts = WikiAccount.objects.filter(family=wiki.family, user_id__in={a.user_id for a in attempts})
    return dict(accounts.values_list("user_id", "username"))


def _second(moment):
    """Wiki timestamps have whole seconds: an edit saved in the second the window opened counts."""
    return moment.replace(microsecond=0)


def _edit_facts(client, candidates, specs):
    """``EditFacts`` for every candidate edit, from its revision and its parent's, fetched 50 per request."""
    contributions = {c.revid: c for edits in candidates.values() for c in edits}
    wanted = [*contributions, *(c.parentid for c in contributions.values() if c.parentid)]
    revisions = client.revisions(wanted)
    revert_checked = {
        c.revid for pk, edits in candidates.items() if needs_revert_check(specs[pk].criteria) for c in edits
    }
    facts = {}
    histories = {}
    for revid, contribution in contributions.items():
        revision = revisions.get(revid)
        if revision is None:
            continue  # deleted or suppressed since: it cannot count
        parent = revisions.get(contribution.parentid)
        reverted = revid in revert_checked and _was_reverted(client, contribution, parent, histories)
        facts[revid] = EditFacts(
            revid=revid,
            parentid=contribution.parentid,
            title=revision.title,
            namespace=revision.namespace,
            user=revision.user,
            timestamp=revision.timestamp,
            comment=revision.comment,
            minor=revision.minor,
            tags=revision.tags,
            delta=compute_edit_delta(parent.content or "" if parent else "", revision.content or ""),
            reverted=reverted,
        )
    return facts


def _was_reverted(client, contribution, parent, histories):
    """Tagged ``mw-reverted``, or a later revision brought the page back to the parent's content.

    An edit that created the page is reverted by blanking it (the empty text's sha1).
    """
    if REVERTED_TAG in contribution.tags:
        return True
    if contribution.top:
        return False
    key = (contribution.title, contribution.revid)
    if key not in histories:
        histories[key] = list(client.later_revisions(contribution.title, contribution.revid))
    restored = parent.sha1 if parent else EMPTY_TEXT_SHA1
    return any(later.sha1 == restored for later in histories[key])
