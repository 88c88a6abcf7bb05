"""The staff view of one item: every submission, its reviews, and what each learner is waiting on."""

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Q

from .grading import standing
from .models import PeerReview, PeerSubmission

STAFF_ROWS_SHOWN = 300  # the table shows the first ones; the CSV has everyone

WAIT_FLAGGED = "flagged"
WAIT_REMOVED = "removed"
WAIT_STAFF = "staff"
WAIT_REVIEWS = "reviews"
WAIT_GIVING = "giving"
WAIT_NONE = "graded"


@dataclass
class StaffRow:
    submission: PeerSubmission
    reviews: list
    given: int
    leased: int
    points: float | None
    source: str
    waiting_on: str


def waiting_on(submission, received, given, ready):
    """The one thing that stands between this learner and a grade, as a code the block words."""
    if submission.status == PeerSubmission.FLAGGED:
        return WAIT_FLAGGED
    if submission.status == PeerSubmission.REMOVED:
        return WAIT_REMOVED
    if ready:
        return WAIT_NONE
    if submission.needs_staff:
        return WAIT_STAFF
    if received < submission.required_reviews:
        return WAIT_REVIEWS
    return WAIT_GIVING


def rows(item_id, rubric, limit=STAFF_ROWS_SHOWN):
    """One row per submission, oldest first, with its reviews; a few queries for the whole table."""
    submissions = list(
        PeerSubmission.objects.filter(item_id=item_id)
        .select_related("author")
        .order_by("submitted_at")[: limit or None]
    )
    reviews = {}
    for review in (
        PeerReview.objects.filter(submission__in=submissions).select_related("reviewer").order_by("leased_at")
    ):
        reviews.setdefault(review.submission_id, []).append(review)
    given = dict(
        PeerReview.objects.filter(item_id=item_id, kind=PeerReview.PEER)
        .values("reviewer_id")
        .annotate(done=Count("pk", filter=Q(state__in=PeerReview.COUNTED_AS_GIVEN)))
        .values_list("reviewer_id", "done")
    )
    result = []
    for submission in submissions:
        mine = reviews.get(submission.pk, [])
        done = [review for review in mine if review.state == PeerReview.DONE]
        result.append(_row(submission, rubric, mine, done, given.get(submission.author_id, 0)))
    return result


def _row(submission, rubric, mine, done, given):
    grade = standing(submission, rubric, given, reviews=done)
    received = len(grade.peer_reviews)
    return StaffRow(
        submission=submission,
        reviews=mine,
        given=given,
        leased=sum(review.state == PeerReview.LEASED for review in mine),
        points=grade.points,
        source=grade.source,
        waiting_on=waiting_on(submission, received, given, grade.ready),
    )


CSV_HEADER = [
    "learner", "kind", "submitted_at", "status", "reviews_received", "reviews_needed", "reviews_given",
    "reviews_to_give", "leased_now", "waiting_on", "points", "grade_source", "override_reason", "revision",
]  # fmt: skip


def csv_text(staff_rows):
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_HEADER)
    for row in staff_rows:
        submission = row.submission
        writer.writerow(
            [
                submission.author.username,
                submission.kind,
                submission.submitted_at.isoformat(),
                submission.status,
                sum(review.state == PeerReview.DONE and review.kind == PeerReview.PEER for review in row.reviews),
                submission.required_reviews,
                row.given,
                submission.required_given,
                row.leased,
                row.waiting_on,
                "" if row.points is None else row.points,
                row.source,
                submission.override_reason,
                submission.revid or "",
            ]
        )
    return output.getvalue()
