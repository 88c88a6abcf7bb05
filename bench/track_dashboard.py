"""A facilitator's cohort dashboard at 500 and 5,000 members: the same number of queries at both sizes.

A track of 10 sequential stages; two cohorts on it, of 500 and of 5,000 active members, each member
with a random prefix of stages done (``StageProgress`` rows), a few stalled, some with a mentor, a
few applications waiting. ``queries`` and ``ms`` (median of several runs) are those of
``api.facilitator_dashboard(cohort, 1)``: the first page of the member x stage grid, the counts, the
funnel, the weekly progress, the decisions, the mentors and the open invitations.

The naive way asks ``progress.member_view`` of each member, as a page looping over members would:
``naive_queries`` for the first page's members (``naive_all_queries`` for every member of the
500-member cohort).

Self-contained: its own throw-away SQLite database under ``var/`` (``bench.django_env``), as the
badges benchmark; the local wiki ``bench.run`` passes is not needed.
"""

import os
import random
import statistics
import time
from datetime import timedelta

from .django_env import bench_database

STAGES = 10
SIZES = (500, 5_000)
RUNS = 5
BATCH = 2_000
COURSE = "course-v1:Wikimedia+Lead{order:03d}+2027"


def _seed_track():
    from wikiskills.integrations.wikiskills_tracks.models import Requirement, Stage, Track, TrackCourse  # noqa: PLC0415

    track = Track.objects.create(slug="bench-organizers", title="Event organizers (bench)", languages="en, es")
    for order in range(1, STAGES + 1):
        TrackCourse.objects.create(track=track, course_key=COURSE.format(order=order), order=order)
        stage = Stage.objects.create(track=track, order=order, title=f"Stage {order}")
        Requirement.objects.create(stage=stage, kind=Requirement.COURSE_PASSED, key=COURSE.format(order=order))
        if order % 3 == 0:
            Requirement.objects.create(stage=stage, kind=Requirement.SIGN_OFF)
    return track


def _seed_cohort(track, size, rng):
    """A running cohort of ``size`` active members with random progress, its staff and a few applicants."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks.models import (  # noqa: PLC0415
        Cohort,
        Invitation,
        Membership,
        Stage,
        StageProgress,
    )

    now = timezone.now()
    started = now - timedelta(days=120)
    cohort = Cohort.objects.create(
        track=track,
        name=f"Organizers bench {size}",
        starts_on=started.date(),
        ends_on=(now + timedelta(days=60)).date(),
        capacity=size,
        mode=Cohort.APPLICATION,
        status=Cohort.RUNNING,
        questions=["Why?"],
    )
    users = get_user_model()
    prefix = f"bench_dash_{size}_"
    staff = [users(username=f"{prefix}staff_{number}", email=f"staff{number}@example.org") for number in range(6)]
    users.objects.bulk_create(staff)
    staff = list(users.objects.filter(username__startswith=f"{prefix}staff_").order_by("pk"))
    Membership.objects.bulk_create(
        Membership(cohort=cohort, user=user, role=role, status=Membership.ACTIVE, joined_at=started)
        for user, role in zip(staff, [Membership.FACILITATOR] * 2 + [Membership.MENTOR] * 4, strict=True)
    )
    mentors = staff[2:]
    stages = list(Stage.objects.filter(track=track).order_by("order"))
    for start in range(0, size + 20, BATCH):
        stop = min(start + BATCH, size + 20)
        users.objects.bulk_create(
            users(username=f"{prefix}{number:05d}", email=f"m{size}_{number}@example.org")
            for number in range(start, stop)
        )
        batch = users.objects.filter(username__gte=f"{prefix}{start:05d}", username__lt=f"{prefix}{stop:05d}")
        memberships = []
        for user_id in batch.order_by("pk").values_list("pk", flat=True):
            seated = len(memberships) + start < size
            joined_at = started + timedelta(hours=rng.randint(0, 72))
            memberships.append(
                Membership(
                    cohort=cohort,
                    user_id=user_id,
                    role=Membership.MEMBER,
                    status=Membership.ACTIVE if seated else Membership.APPLIED,
                    joined_at=joined_at if seated else None,
                    mentor=rng.choice(mentors) if seated and rng.random() < 0.5 else None,
                    answers=[] if seated else [{"question": "Why?", "answer": "To organize."}],
                )
            )
        Membership.objects.bulk_create(memberships)
        rows = []
        for membership in Membership.objects.filter(cohort=cohort, user__in=batch, status=Membership.ACTIVE):
            done_at = membership.joined_at
            for stage in stages[: rng.randint(0, STAGES)]:
                done_at += timedelta(days=rng.uniform(0.5, 12))
                if done_at >= now:
                    break
                rows.append(StageProgress(membership=membership, stage=stage, done_at=done_at))
        StageProgress.objects.bulk_create(rows, batch_size=BATCH)
    # ``last_progress_at`` as progress keeps it: the latest stage done.
    from django.db.models import Max, OuterRef, Subquery  # noqa: PLC0415

    latest = StageProgress.objects.filter(membership=OuterRef("pk")).values("membership").annotate(at=Max("done_at"))
    Membership.objects.filter(cohort=cohort).update(last_progress_at=Subquery(latest.values("at")))
    Invitation.objects.bulk_create(
        Invitation(cohort=cohort, created_by=staff[0], note=f"guest {number}", created_at=now) for number in range(3)
    )
    return cohort


def _dashboard(cohort):
    """``(queries, median ms)`` of the dashboard's first page, everything on it evaluated."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks import api  # noqa: PLC0415

    times, counts = [], set()
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            board = api.facilitator_dashboard(cohort, 1)
            shown = [(row.membership.user.username, row.membership.mentor, len(row.cells)) for row in board["rows"]]
            times.append(time.perf_counter() - started)
        counts.add(len(captured))
    assert len(counts) == 1, counts
    assert len(shown) == min(50, cohort.capacity) and board["counts"]["seats_taken"] == cohort.capacity
    return counts.pop(), statistics.median(times) * 1000


def _naive(cohort, memberships):
    """Queries and ms of ``progress.member_view`` for each of ``memberships``, one after the other."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks import progress  # noqa: PLC0415

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        for membership in memberships:
            progress.member_view(membership)
        seconds = time.perf_counter() - started
    return len(captured), seconds * 1000


def _ms(milliseconds):
    return round(milliseconds) if milliseconds >= 100 else round(milliseconds, 1)


def run(_wiki=None, sizes=SIZES):
    with bench_database(f"bench-track-dashboard-{os.getpid()}"):
        from wikiskills.integrations.wikiskills_tracks import api  # noqa: PLC0415
        from wikiskills.integrations.wikiskills_tracks.models import Membership  # noqa: PLC0415

        rng = random.Random(20271127)
        track = _seed_track()
        figures = {"members": sizes[0], "stages": STAGES}
        for size in sizes:
            cohort = _seed_cohort(track, size, rng)
            queries, ms = _dashboard(cohort)
            label = "" if size == sizes[0] else f"members_{size}_"
            figures[f"{label}queries"] = queries
            figures[f"{label}ms"] = _ms(ms)
            if size == sizes[0]:
                small = cohort
        assert figures["queries"] == figures[f"members_{sizes[-1]}_queries"], "queries grow with the cohort"
        page = [row.membership for row in api.facilitator_dashboard(small, 1)["rows"]]
        figures["naive"] = "member_view_per_member"
        figures["naive_queries"], naive_ms = _naive(small, page)
        figures["naive_ms"] = _ms(naive_ms)
        members = list(
            Membership.objects.filter(cohort=small, role=Membership.MEMBER, status=Membership.ACTIVE).select_related(
                "cohort__track"
            )
        )
        figures["naive_all_queries"], naive_all_ms = _naive(small, members)
        figures["naive_all_ms"] = _ms(naive_all_ms)
        return figures


if __name__ == "__main__":
    from .report import report

    report("track-dashboard", run())
