"""What course staff see and do on an exercise: every learner's status, overrides, re-checks, CSV."""

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount
from wikiskills.integrations.wikiskills_core import spreadsheets

from . import attempts as learner_attempts
from . import scoring
from .models import ExerciseAttempt

CSV_COLUMNS = ("learner", "wiki_account", "status", "score", "last_checked", "evidence", "override_reason")


@dataclass(frozen=True)
class LearnerRow:
    """One learner's line in the staff view: ``status`` and ``check_problem`` are codes the adapter words."""

    attempt_id: int
    learner: str
    wiki_account: str
    status: str
    check_problem: str
    score: float | None
    checked_at: datetime | None
    evidence_revids: tuple
    override_reason: str


def learner_rows(usage_key, family):
    """Every learner who opened the exercise, in two queries whatever their number.

    Staff who opened it (to try it, or to see this table) are not learners: the course team and platform
    staff are left out (a subquery, not another query).
    """
    attempts = list(
        ExerciseAttempt.objects.filter(usage_key=usage_key)
        .exclude(user_id__in=openedx_compat.course_staff_user_ids(usage_key))
        .select_related("user")
        .order_by("user__username")
    )
    accounts = dict(
        WikiAccount.objects.filter(family=family, user_id__in=[a.user_id for a in attempts]).values_list(
            "user_id", "username"
        )
    )
    return [
        LearnerRow(
            attempt_id=attempt.pk,
            learner=attempt.user.username,
            wiki_account=accounts.get(attempt.user_id, ""),
            status=attempt.status,
            check_problem="" if attempt.status == ExerciseAttempt.PASSED else attempt.check_problem,
            score=attempt.score,
            checked_at=attempt.checked_at,
            evidence_revids=tuple(attempt.evidence_revids),
            override_reason=attempt.override_reason,
        )
        for attempt in attempts
    ]


def override_score(usage_key, attempt_id, score, *, reason, staff_user, now=None):
    """Set a learner's score by hand, and record it in edx-submissions so the gradebook has it at once.

    A reason is required so learners and auditors can see why; it goes with the recorded score.
    """
    if not reason.strip():
        raise ValueError("reason")
    if not 0 <= score <= 1:
        raise ValueError("score")
    updated = ExerciseAttempt.objects.filter(pk=attempt_id, usage_key=usage_key).update(
        override_score=score,
        override_reason=reason.strip(),
        overridden_by=staff_user,
        overridden_at=now or timezone.now(),
    )
    if not updated:
        raise ExerciseAttempt.DoesNotExist(attempt_id)
    scoring.record_score(ExerciseAttempt.objects.get(pk=attempt_id))


def request_rechecks(usage_key, spec, attempt_ids=None, now=None):
    """Mark the learners' attempts (all when ``attempt_ids`` is None) pending; returns the ids to check."""
    queryset = ExerciseAttempt.objects.filter(usage_key=usage_key).exclude(status=ExerciseAttempt.PASSED)
    if attempt_ids is not None:
        queryset = queryset.filter(pk__in=attempt_ids)
    with transaction.atomic():
        chosen = list(queryset.select_for_update())
        return [attempt.pk for attempt in chosen if learner_attempts.request_check(attempt, spec, now)]


def csv_text(rows, revision_url):
    """The staff table as CSV for spreadsheets: status codes (``pending: text_hidden`` where a check could not
    decide), times in UTC (ISO 8601, whatever the viewer's time zone), evidence as links to the wiki's diffs."""
    output = io.StringIO()
    writer = spreadsheets.writer(output)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.learner,
                row.wiki_account,
                f"{row.status}: {row.check_problem}" if row.check_problem else row.status,
                "" if row.score is None else f"{row.score:g}",
                row.checked_at.astimezone(UTC).isoformat() if row.checked_at else "",
                " ".join(revision_url(revid) for revid in row.evidence_revids),
                row.override_reason,
            ]
        )
    return output.getvalue()
