"""Peer review at 100, 10,000 and 100,000 submissions in one item: our allocator next to ORA2's peer API.

For each size, the 50 newest learners of one item each ask for a submission to review and
send a review of it (rubric scoring included), as learners do right after submitting. Reports
the median database queries and latency of both calls, how the latency grows from the smallest
to the largest item, and ORA2's figures for the same size (``bench.ora2_peer``) as a ratio.
``full_*`` repeats ours on items where every submission already has its reviews, so "next"
takes the extra-review path: it must not grow with N either. ``staff_*_page`` is the staff
table's first and last page (50 rows, with their reviews): a page costs the same few queries
at any N; the last one reads past all earlier rows (OFFSET), so its time grows with N.
``staff_csv`` is the whole item as CSV, once.

ORA2's tables need the ``bench.ora2_settings`` module. A process's Django settings are fixed
once set up, so when another benchmark already set up Django on other settings (as in
``make bench``), the measurement runs in a child process (``python -m bench.peer_review``).
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .django_env import bench_database
from .ora2_peer import CALLS, SIZES, measure_ora2, medians, timed

SETTINGS_MODULE = "bench.ora2_settings"
CHOSEN = {"Sources": "Well sourced", "Neutral tone": "Mostly neutral"}
CRITERION_FEEDBACK = {"Sources": "Two good sources, one more would help."}
FEEDBACK = "Clear edit."


def _other_settings_in_use():
    from django.conf import settings  # noqa: PLC0415

    return settings.configured and settings.SETTINGS_MODULE != SETTINGS_MODULE


def run(_wiki=None):
    if _other_settings_in_use():
        child = subprocess.run(
            [sys.executable, "-m", "bench.peer_review"],
            cwd=Path(__file__).resolve().parent.parent,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        return json.loads(child.stdout.strip().splitlines()[-1])
    with bench_database(f"bench-peer-review-{os.getpid()}", SETTINGS_MODULE):
        return _measure()


def _learners(count):
    """Ids of ``count`` users, oldest first; items share them, so only the missing ones are created."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    users = get_user_model()
    learners = users.objects.filter(username__startswith="bench_peer_")
    have = learners.count()
    users.objects.bulk_create(users(username=f"bench_peer_{number:06d}") for number in range(have, count))
    return list(learners.order_by("username").values_list("pk", flat=True)[:count])


def _seed(item_id, submissions, full=False):
    """One item with a submission per learner (the tests' ``bulk_submissions``); the authors, oldest first."""
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from tests.support.peer_review_fixtures import bulk_submissions  # noqa: PLC0415

    with transaction.atomic():
        authors = _learners(submissions)
        bulk_submissions(item_id, authors, timezone.now(), full=full, course_key="course-v1:Wikimedia+Bench+Peer")
    return authors


def measure_ours(submissions, calls=CALLS, full=False):
    """Median latency and queries of our "next" and "submit" for the ``calls`` newest learners of a new item."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_peer_review import allocation  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_peer_review.rubric import DEFAULT_RUBRIC, Rubric  # noqa: PLC0415

    assert 0 < calls < submissions, "each reviewer needs someone else's submission to review"
    item_id = f"block-v1:Wikimedia+Bench+Peer+type@wikiskills_peer_review+block@{uuid.uuid4().hex}"
    started = time.perf_counter()
    authors = _seed(item_id, submissions, full)
    seed_seconds = time.perf_counter() - started
    reviewers = list(get_user_model().objects.filter(pk__in=authors[-calls:]).order_by("username"))
    lease_length, rubric = ReviewPolicy().lease, Rubric.from_json(DEFAULT_RUBRIC)

    def submit(reviewer, submission_id):
        scores = rubric.score_review(CHOSEN, CRITERION_FEEDBACK)
        return allocation.submit_review(
            item_id, reviewer, submission_id, scores=scores, feedback=FEEDBACK, now=timezone.now()
        )

    timings = {"next": [], "submit": []}
    for reviewer in reviewers:
        lease, milliseconds, queries = timed(
            lambda reviewer=reviewer: allocation.next_for_review(item_id, reviewer, lease_length, timezone.now())
        )
        assert lease is not None and lease.submission.author_id != reviewer.pk
        timings["next"].append((milliseconds, queries))
        (_, first), milliseconds, queries = timed(submit, reviewer, lease.submission_id)
        assert first
        timings["submit"].append((milliseconds, queries))
    timings.update(_staff_pages(item_id, rubric, submissions))
    return medians(timings, submissions=submissions, calls=calls, seed_seconds=round(seed_seconds, 2))


def _staff_pages(item_id, rubric, submissions, repeats=5):
    """The staff table's first and last page of all submissions: what staff wait for in a large item."""
    from wikiskills.integrations.wikiskills_peer_review import staff  # noqa: PLC0415

    def table(number):
        return staff.rows(item_id, rubric, staff.page(item_id, staff.SHOW_ALL, number)[0])

    last = (submissions - 1) // staff.PAGE_SIZE
    timings = {"staff_first_page": [], "staff_last_page": []}
    for _ in range(repeats):
        for name, number in (("staff_first_page", 0), ("staff_last_page", last)):
            shown, milliseconds, queries = timed(table, number)
            assert shown, "every page up to the last has rows"
            timings[name].append((milliseconds, queries))
    text, milliseconds, queries = timed(lambda: staff.csv_text(staff.rows(item_id, rubric)))
    assert text.count("\n") == submissions + 1, "the CSV has a header and every submission"
    timings["staff_csv"] = [(milliseconds, queries)]
    return timings


def _measure(sizes=SIZES, calls=CALLS):
    ours = {size: measure_ours(size, calls) for size in sizes}
    ora2 = {size: measure_ora2(size, calls) for size in sizes}
    smallest, largest = min(sizes), max(sizes)
    figures = {"sizes": "/".join(map(str, sizes)), "calls": calls}
    for operation in ("next", "submit"):
        for size in sizes:
            figures[f"{operation}_queries_{size}"] = ours[size][f"{operation}_queries"]
        for size in sizes:
            figures[f"{operation}_ms_{size}"] = ours[size][f"{operation}_ms"]
        figures[f"{operation}_growth"] = round(ours[largest][f"{operation}_ms"] / ours[smallest][f"{operation}_ms"], 2)
    for operation in ("next", "submit"):
        for size in sizes:
            figures[f"ora2_{operation}_queries_{size}"] = ora2[size][f"{operation}_queries"]
        for size in sizes:
            figures[f"ora2_{operation}_ms_{size}"] = ora2[size][f"{operation}_ms"]
        figures[f"ora2_{operation}_growth"] = round(
            ora2[largest][f"{operation}_ms"] / ora2[smallest][f"{operation}_ms"], 2
        )
    for operation in ("next", "submit"):
        for size in sizes:
            figures[f"{operation}_vs_ora2_{size}"] = round(
                ora2[size][f"{operation}_ms"] / ours[size][f"{operation}_ms"], 2
            )
    for page in ("staff_first_page", "staff_last_page", "staff_csv"):
        for size in sizes:
            figures[f"{page}_queries_{size}"] = ours[size][f"{page}_queries"]
            figures[f"{page}_ms_{size}"] = ours[size][f"{page}_ms"]
    full = {size: measure_ours(size, calls, full=True) for size in (smallest, largest)}
    for size in (smallest, largest):
        figures[f"full_next_queries_{size}"] = full[size]["next_queries"]
        figures[f"full_next_ms_{size}"] = full[size]["next_ms"]
    figures["full_next_growth"] = round(full[largest]["next_ms"] / full[smallest]["next_ms"], 2)
    figures[f"seed_seconds_{largest}"] = ours[largest]["seed_seconds"]
    figures[f"ora2_seed_seconds_{largest}"] = ora2[largest]["seed_seconds"]
    return figures


if __name__ == "__main__":
    # The child ``run`` starts when this process's Django is set up on other settings: figures as JSON.
    with bench_database(f"bench-peer-review-{os.getpid()}", SETTINGS_MODULE):
        print(json.dumps(_measure()), flush=True)
