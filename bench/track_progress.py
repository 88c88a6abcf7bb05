"""Replaying 10,000 progress events through ``progress.record_fact``: the queries per event do not grow.

A sequential track of four stages (a course passed and an exercise done; a grade of 0.7 and a second
exercise; a grade of 0.8 in a third course; a block score of 0.9), run as four cohorts of 250 active
members each; a few members send many events (and graduate), most a few. The events are a seeded
mix, as the receivers queue them: courses passed, grades that
mostly rise (every recompute sends one, so some are lower or equal), exercises done, block scores,
facts no requirement waits for (another course), and exact repeats of earlier events.

``queries_per_event`` is the mean over all events; the first 100 events' mean and maximum are set
beside the last 1,000's: with 10,000 facts stored, an event costs what it cost at the start.
The means differ only by the mix (later events repeat more, and finish more stages):
``queries_by_outcome`` gives the query counts of each outcome over the whole run, and
``same_queries_per_outcome`` compares, for each outcome seen in both windows (repeat, new fact, new
fact finishing N stages, graduation), the query counts of the two windows.

The naive way works the member's whole cohort out again on every event (``progress.rebuild_cohort``,
as shipped with its signals); it is timed on a few events and reported per event.

Self-contained: its own throw-away SQLite database under ``var/`` (``bench.django_env``), as the
badges benchmark; the local wiki ``bench.run`` passes is not needed.
"""

import os
import random
import time
from collections import Counter, defaultdict
from datetime import timedelta

from .django_env import bench_database

EVENTS = 10_000
COHORTS = 4
MEMBERS_PER_COHORT = 250
ACTIVITY_SKEW = 0.8  # a few members are very active (they graduate), most send a few events
FIRST = 100
LAST = 1_000
NAIVE_SAMPLE = 5
C1, C2, C3, OTHER = (f"course-v1:Wikimedia+Lead{number}+2027" for number in (101, 102, 103, 900))
EX1, EX2, EX3 = (f"block-v1:Wikimedia+Lead101+2027+type@problem+block@ex{number}" for number in (1, 2, 3))


def _seed(rng):
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks.models import (  # noqa: PLC0415
        Cohort,
        Membership,
        Requirement,
        Stage,
        Track,
    )

    track = Track.objects.create(slug="bench-progress", title="Event organizers (bench)")
    needs = [
        [(Requirement.COURSE_PASSED, C1, 1), (Requirement.BLOCK_DONE, EX1, 1)],
        [(Requirement.COURSE_GRADE, C2, 0.7), (Requirement.BLOCK_DONE, EX2, 1)],
        [(Requirement.COURSE_GRADE, C3, 0.8)],
        [(Requirement.BLOCK_SCORE, EX3, 0.9)],
    ]
    for order, stage_needs in enumerate(needs, start=1):
        stage = Stage.objects.create(track=track, order=order, title=f"Stage {order}")
        for kind, key, threshold in stage_needs:
            Requirement.objects.create(stage=stage, kind=kind, key=key, threshold=threshold)
    now = timezone.now()
    users = get_user_model()
    user_ids = []
    for number in range(COHORTS):
        cohort = Cohort.objects.create(
            track=track,
            name=f"Organizers bench {number}",
            starts_on=(now - timedelta(days=30)).date(),
            ends_on=(now + timedelta(days=150)).date(),
            capacity=MEMBERS_PER_COHORT,
            status=Cohort.RUNNING,
        )
        prefix = f"bench_progress_{number}_"
        users.objects.bulk_create(
            users(username=f"{prefix}{member:04d}", email=f"p{number}_{member}@example.org")
            for member in range(MEMBERS_PER_COHORT)
        )
        ids = list(users.objects.filter(username__startswith=prefix).values_list("pk", flat=True))
        Membership.objects.bulk_create(
            Membership(
                cohort=cohort,
                user_id=user_id,
                role=Membership.MEMBER,
                status=Membership.ACTIVE,
                joined_at=now - timedelta(days=rng.uniform(20, 30)),
            )
            for user_id in ids
        )
        user_ids.extend(ids)
    return user_ids


def _events(rng, user_ids, count):
    """``[(user_id, kind, key, value, reached_at)]``: the seeded mix of events, in time order."""
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks.models import Requirement  # noqa: PLC0415

    start = timezone.now() - timedelta(days=20)
    grades = defaultdict(float)
    weights = [1 / (rank + 1) ** ACTIVITY_SKEW for rank in range(len(user_ids))]
    chosen = rng.choices(user_ids, weights, k=count)
    events = []
    for number in range(count):
        at = start + timedelta(seconds=number * 60)
        user_id = chosen[number]
        draw = rng.random()
        if events and draw < 0.10:
            events.append(rng.choice(events))  # the same event, delivered again
            continue
        if draw < 0.28:
            event = (Requirement.COURSE_PASSED, C1, 1.0)
        elif draw < 0.53:
            course = rng.choice((C2, C3))
            grades[(user_id, course)] = min(1.0, max(0.0, grades[(user_id, course)] + rng.uniform(-0.1, 0.45)))
            event = (Requirement.COURSE_GRADE, course, round(grades[(user_id, course)], 2))
        elif draw < 0.78:
            event = (Requirement.BLOCK_DONE, rng.choice((EX1, EX2)), 1.0)
        elif draw < 0.90:
            event = (Requirement.BLOCK_SCORE, EX3, round(rng.uniform(0.5, 1.0), 2))
        else:
            event = (rng.choice((Requirement.COURSE_PASSED, Requirement.COURSE_GRADE)), OTHER, 1.0)
        events.append((user_id, *event, at))
    return events


def _replay(events):
    """Record every event; ``[(queries, outcome)]`` per event and the seconds it all took."""
    from django.db import connection  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks import progress  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_tracks.signals import stage_completed, track_graduated  # noqa: PLC0415

    queries = 0
    happened = Counter()

    def counting(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    def on_stage(**kwargs):
        happened["stages"] += 1

    def on_graduation(**kwargs):
        happened["graduations"] += 1

    stage_completed.connect(on_stage, dispatch_uid="bench.track_progress.stage")
    track_graduated.connect(on_graduation, dispatch_uid="bench.track_progress.graduation")
    measured = []
    try:
        with connection.execute_wrapper(counting):
            started = time.perf_counter()
            for user_id, kind, key, value, at in events:
                queries, before = 0, dict(happened)
                new = progress.record_fact(user_id, kind, key, value, reached_at=at, source="bench")
                outcome = (
                    bool(new),
                    happened["stages"] - before.get("stages", 0),
                    happened["graduations"] - before.get("graduations", 0),
                )
                measured.append((queries, outcome))
            seconds = time.perf_counter() - started
    finally:
        stage_completed.disconnect(dispatch_uid="bench.track_progress.stage")
        track_graduated.disconnect(dispatch_uid="bench.track_progress.graduation")
    return measured, seconds, happened


def _window(measured):
    counts = [queries for queries, _outcome in measured]
    by_outcome = defaultdict(set)
    for queries, outcome in measured:
        by_outcome[outcome].add(queries)
    return round(sum(counts) / len(counts), 2), max(counts), by_outcome


def _outcome_name(outcome):
    new, stages, graduations = outcome
    if not new:
        return "not_new"
    return "new" + (f"+{stages}stage" if stages else "") + ("+graduated" if graduations else "")


def _by_outcome(outcomes):
    """``not_new=1|3,new=10,...``: the query counts seen for each outcome."""
    return ",".join(
        f"{_outcome_name(outcome)}={'|'.join(str(count) for count in sorted(counts))}"
        for outcome, counts in sorted(outcomes.items())
    )


def _naive(events):
    """``progress.rebuild_cohort`` of the member's cohort after each of a few events: queries and ms per event."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_tracks import progress  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_tracks.models import Membership  # noqa: PLC0415

    sample = events[-NAIVE_SAMPLE:]
    cohorts = {
        membership.user_id: membership.cohort
        for membership in Membership.objects.filter(user_id__in=[event[0] for event in sample]).select_related(
            "cohort__track"
        )
    }
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        for user_id, *_fact in sample:
            progress.rebuild_cohort(cohorts[user_id])
        seconds = time.perf_counter() - started
    return len(captured) / len(sample), seconds * 1000 / len(sample)


def run(_wiki=None, events=EVENTS):
    with bench_database(f"bench-track-progress-{os.getpid()}"):
        from django.conf import settings  # noqa: PLC0415

        from wikiskills.integrations.wikiskills_tracks.models import ProgressFact, StageProgress  # noqa: PLC0415

        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # stage-done emails, not sent
        rng = random.Random(20271127)
        user_ids = _seed(rng)
        replayed = _events(rng, user_ids, events)
        measured, seconds, happened = _replay(replayed)
        mean, _max, outcomes = _window(measured)
        first_mean, first_max, first_outcomes = _window(measured[:FIRST])
        last_mean, last_max, last_outcomes = _window(measured[-LAST:])
        shared = set(first_outcomes) & set(last_outcomes)
        stages_stored = StageProgress.objects.count()
        assert stages_stored == happened["stages"], "every stage done is stored once and announced once"
        figures = {
            "events": events,
            "members": len(user_ids),
            "cohorts": COHORTS,
            "new_facts": ProgressFact.objects.count(),
            "stages_done": stages_stored,
            "graduated": happened["graduations"],
            "queries_per_event": mean,
            f"first_{FIRST}_queries_per_event": first_mean,
            f"first_{FIRST}_max": first_max,
            f"last_{LAST}_queries_per_event": last_mean,
            f"last_{LAST}_max": last_max,
            "queries_by_outcome": _by_outcome(outcomes),
            "outcomes_compared": len(shared),
            "same_queries_per_outcome": "yes"
            if all(first_outcomes[outcome] == last_outcomes[outcome] for outcome in shared)
            else "no",
            "ms_per_event": round(seconds * 1000 / events, 2),
            "events_per_second": round(events / seconds),
        }
        naive_queries, naive_ms = _naive(replayed)
        figures.update(
            {
                "naive": "rebuild_cohort_per_event",
                "naive_queries_per_event": round(naive_queries),
                "naive_ms_per_event": round(naive_ms, 1),
            }
        )
        return figures


if __name__ == "__main__":
    from .report import report

    report("track-progress", run())
