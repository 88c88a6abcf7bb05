"""ORA2's peer-assessment API on one item with many submissions: the figures our allocator is compared with.

Times ORA2's own calls (``openassessment.assessment.api.peer``) in-process on a throw-away SQLite database,
so that ``make bench`` can report "next submission to review" and "submit a review" for both systems side by side.
"""

import os
import statistics
import time
import uuid
from datetime import timedelta

from .django_env import bench_database

COURSE_ID = "course-v1:Wikimedia+Bench+ORA2"
ITEM_TYPE = "openassessment"
GRADED_BY = 3  # reviews each submission needs (ORA2's "must_be_graded_by")
SIZES = (100, 10_000, 100_000)
CALLS = 50
OPTIONS = ("poor", "fair", "good")
RUBRIC = {
    "prompts": [{"description": "Add reliable sources to a Wikipedia article and explain your edit."}],
    "criteria": [
        {
            "order_num": order,
            "name": name,
            "label": name.title(),
            "prompt": prompt,
            "options": [
                {"order_num": points, "points": points, "name": option, "label": option.title(), "explanation": ""}
                for points, option in enumerate(OPTIONS)
            ],
        }
        for order, (name, prompt) in enumerate(
            [("sources", "Are the added claims backed by reliable sources?"), ("tone", "Is the text neutral?")]
        )
    ],
}
# What a reviewer submits after their own submission uuid and anonymous id: options selected, criterion
# feedback, overall feedback, the rubric, and the reviews a submission needs.
REVIEW = ({"sources": "good", "tone": "fair"}, {"sources": "Two good sources."}, "Clear edit.", RUBRIC, GRADED_BY)


def _seed(item_id, submissions):
    """Bulk-create what ``submissions.api.create_submission`` plus ``peer_api.on_start`` leave for each learner.

    One student item, one first-attempt submission and one peer workflow (no dates but ``created_at``) per
    learner, oldest first, a second apart. Returns the learners' (anonymous id, submission uuid), oldest first.
    """
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415
    from openassessment.assessment.models import PeerWorkflow  # noqa: PLC0415
    from submissions.models import StudentItem, Submission  # noqa: PLC0415

    start = timezone.now() - timedelta(seconds=submissions)
    learners = [(uuid.uuid4().hex, uuid.uuid4()) for _ in range(submissions)]
    with transaction.atomic():
        items = StudentItem.objects.bulk_create(
            StudentItem(student_id=student_id, course_id=COURSE_ID, item_id=item_id, item_type=ITEM_TYPE)
            for student_id, _ in learners
        )
        Submission.objects.bulk_create(
            Submission(
                uuid=submission_uuid,
                student_item=item,
                attempt_number=1,
                submitted_at=start + timedelta(seconds=number),
                created_at=start + timedelta(seconds=number),
                answer={"parts": [{"text": f"Added two sources to article {number}."}]},
            )
            for number, (item, (_, submission_uuid)) in enumerate(zip(items, learners, strict=True))
        )
        PeerWorkflow.objects.bulk_create(
            PeerWorkflow(
                student_id=student_id,
                course_id=COURSE_ID,
                item_id=item_id,
                submission_uuid=str(submission_uuid),
                created_at=start + timedelta(seconds=number),
            )
            for number, (student_id, submission_uuid) in enumerate(learners)
        )
    return [(student_id, str(submission_uuid)) for student_id, submission_uuid in learners]


def timed(function, *args):
    """Run ``function(*args)``; returns its result, milliseconds and database queries."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function(*args)
        milliseconds = (time.perf_counter() - started) * 1000
    return result, milliseconds, len(queries)


def medians(timings, **figures):
    """``figures`` plus each operation's median milliseconds and (lower) median queries."""
    for operation, samples in timings.items():
        figures[f"{operation}_ms"] = round(statistics.median(ms for ms, _ in samples), 3)
        figures[f"{operation}_queries"] = statistics.median_low(queries for _, queries in samples)
    return figures


def measure_ora2(submissions, calls=CALLS):
    """Median latency and queries of ORA2's "next" and "submit" for ``calls`` reviewers of one item.

    Expects Django set up on ``bench.ora2_settings`` and migrated. Seeds a new item (its own ``item_id``) with
    ``submissions`` learners who have all submitted; the ``calls`` most recent of them then each ask for a
    submission to review and submit a review of it, as learners do right after submitting. Submissions are
    read from the database, not the cache, as ORA2 does for any submission older than the cache timeout.
    """
    from django.core.cache import cache  # noqa: PLC0415
    from openassessment.assessment.api import peer as peer_api  # noqa: PLC0415

    assert 0 < calls < submissions, "each reviewer needs someone else's submission to review"
    item_id = f"block-v1:Wikimedia+Bench+ORA2+type@openassessment+block@{uuid.uuid4().hex}"
    started = time.perf_counter()
    learners = _seed(item_id, submissions)
    seed_seconds = time.perf_counter() - started
    cache.clear()
    timings = {"next": [], "submit": []}
    for student_id, submission_uuid in learners[-calls:]:
        peer, milliseconds, queries = timed(peer_api.get_submission_to_assess, submission_uuid, GRADED_BY)
        assert peer is not None and peer["uuid"] != submission_uuid
        timings["next"].append((milliseconds, queries))
        _, milliseconds, queries = timed(peer_api.create_assessment, submission_uuid, student_id, *REVIEW)
        timings["submit"].append((milliseconds, queries))
    return medians(timings, submissions=submissions, calls=calls, seed_seconds=round(seed_seconds, 2))


if __name__ == "__main__":
    with bench_database(f"bench-ora2-{os.getpid()}", "bench.ora2_settings"):
        for size in SIZES:
            print(f"bench: ora2-peer: {measure_ora2(size, CALLS)}", flush=True)
