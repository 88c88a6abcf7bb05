"""What a facilitator's dashboard shows, in a fixed number of queries whatever the cohort's size.

The member x stage grid is paged (stalled members first); the funnel and the weekly progress
are aggregated in SQL; the CSV streams every member.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from . import rules
from .models import Membership, Nomination, Stage, StageProgress

PAGE_SIZE = 50
ON_GRID = (Membership.ACTIVE, Membership.GRADUATED)


@dataclass
class Cell:
    stage: Stage
    status: str  # rules.DONE, OPEN or LOCKED
    done_at: datetime | None


@dataclass
class Row:
    membership: Membership
    stalled: bool
    cells: list[Cell]
    done_count: int


def stages_of(cohort):
    return list(Stage.objects.filter(track_id=cohort.track_id).order_by("order"))


def _members(cohort, now):
    cutoff = now - timedelta(days=cohort.stalled_after_days)
    return (
        cohort.memberships.filter(role=Membership.MEMBER, status__in=ON_GRID)
        .annotate(last_moved=Coalesce("last_progress_at", "joined_at"))
        .annotate(
            stalled_first=Case(
                When(status=Membership.ACTIVE, last_moved__lt=cutoff, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("user", "mentor")
        .order_by("stalled_first", "user__username", "pk")
    )


def grid(cohort, page_number=1, now=None, page_size=PAGE_SIZE):
    """``(page, rows, stages)``: one page of the member x stage grid."""
    now = now or timezone.now()
    stages = stages_of(cohort)
    page = Paginator(_members(cohort, now), page_size).get_page(page_number)
    memberships = list(page.object_list)
    done = {}
    for membership_id, stage_id, done_at in StageProgress.objects.filter(membership__in=memberships).values_list(
        "membership_id", "stage_id", "done_at"
    ):
        done[(membership_id, stage_id)] = done_at
    rows = [_row(membership, stages, done, cohort.track.sequential) for membership in memberships]
    return page, rows, stages


def _row(membership, stages, done, sequential):
    cells, previous_done = [], True
    for stage in stages:
        done_at = done.get((membership.pk, stage.pk))
        if done_at is not None:
            status = rules.DONE
        elif sequential and not previous_done:
            status = rules.LOCKED
        else:
            status = rules.OPEN
        cells.append(Cell(stage, status, done_at))
        previous_done = done_at is not None
    return Row(membership, membership.stalled_first == 0, cells, sum(cell.status == rules.DONE for cell in cells))


def counts(cohort, now=None):
    """Seats, members by status and how many are stalled (one query)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=cohort.stalled_after_days)
    members = cohort.memberships.filter(role=Membership.MEMBER).annotate(
        last_moved=Coalesce("last_progress_at", "joined_at")
    )
    totals = members.aggregate(
        active=Count("pk", filter=Q(status=Membership.ACTIVE)),
        graduated=Count("pk", filter=Q(status=Membership.GRADUATED)),
        pending=Count("pk", filter=Q(status__in=(Membership.APPLIED, Membership.NOMINATED))),
        waitlisted=Count("pk", filter=Q(status=Membership.WAITLISTED)),
        guests=Count("pk", filter=Q(status__in=ON_GRID, guest=True)),
        stalled=Count("pk", filter=Q(status=Membership.ACTIVE, last_moved__lt=cutoff)),
    )
    totals["seats_taken"] = totals["active"] + totals["graduated"]
    totals["capacity"] = cohort.capacity
    return totals


def funnel(cohort, stages):
    """``[(stage, members who finished it)]`` in stage order (one query)."""
    finished = dict(
        StageProgress.objects.filter(membership__cohort=cohort, membership__status__in=ON_GRID)
        .values_list("stage_id")
        .annotate(members=Count("membership_id"))
    )
    return [(stage, finished.get(stage.pk, 0)) for stage in stages]


def weekly_progress(cohort):
    """``[(week start (a Monday, UTC), stages finished that week, finished so far)]`` (one query)."""
    weeks = (
        StageProgress.objects.filter(membership__cohort=cohort, membership__status__in=ON_GRID)
        # Weeks in UTC: MariaDB converts to another zone only with its time zone tables loaded, which
        # many servers lack (CONVERT_TZ answers NULL); the page says the weeks are UTC weeks.
        .annotate(week=TruncWeek("done_at", tzinfo=UTC))
        .values_list("week")
        .annotate(finished=Count("pk"))
        .order_by("week")
    )
    total, series = 0, []
    for week, finished in weeks:
        total += finished
        series.append((week.date() if hasattr(week, "date") else week, finished, total))
    return series


def decisions(cohort):
    """People waiting for a decision: applications, agreed nominations (with every nominator's reasons), waitlist."""
    waiting = list(
        cohort.memberships.filter(
            role=Membership.MEMBER, status__in=(Membership.APPLIED, Membership.NOMINATED, Membership.WAITLISTED)
        )
        .select_related("user")
        .order_by("updated_at", "pk")
    )
    reasons = {}
    for nomination in Nomination.objects.filter(
        cohort=cohort, status=Nomination.AGREED, nominee_id__in=[m.user_id for m in waiting]
    ).select_related("nominator"):
        reasons.setdefault(nomination.nominee_id, []).append(nomination)
    return [(membership, reasons.get(membership.user_id, [])) for membership in waiting]


def csv_rows(cohort):
    """Header and one row per member on the grid: every stage's done date in UTC (ISO 8601), else empty.

    Write them with ``wikiskills_core.spreadsheets.writer``, which keeps usernames and titles from running as formulas.
    """
    stages = stages_of(cohort)
    done = {}
    for membership_id, stage_id, done_at in StageProgress.objects.filter(membership__cohort=cohort).values_list(
        "membership_id", "stage_id", "done_at"
    ):
        done[(membership_id, stage_id)] = done_at
    yield ["username", "status", "guest", "mentor", "joined_at_utc"] + [stage.title for stage in stages]
    members = cohort.memberships.filter(role=Membership.MEMBER, status__in=ON_GRID).select_related("user", "mentor")
    for membership in members.order_by("user__username").iterator(chunk_size=1000):
        yield [
            membership.user.username,
            membership.status,
            "yes" if membership.guest else "",
            membership.mentor.username if membership.mentor else "",
            _utc(membership.joined_at),
            *[_utc(done.get((membership.pk, stage.pk))) for stage in stages],
        ]


def _utc(moment):
    return moment.astimezone(UTC).isoformat() if moment else ""
