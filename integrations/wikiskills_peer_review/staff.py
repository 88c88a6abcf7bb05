"""The staff view of one item: every submission, its reviews, and what each learner is waiting on."""

import io
from dataclasses import dataclass, field
from datetime import UTC

from django.db.models import Count, Exists, OuterRef, Q

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_core import spreadsheets

from .grading import standing
from .models import REPORTED_REVIEW, PeerReport, PeerReview, PeerSubmission

PAGE_SIZE = 50  # rows per page of the table; the CSV has everyone
SHOW_ALL = "all"
SHOW_NEEDS_STAFF = "staff"  # only the work that waits for a staff decision or a staff review
SHOWS = (SHOW_ALL, SHOW_NEEDS_STAFF)

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
    reports: list = field(default_factory=list)  # reviewers' open reports of the work, oldest first


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


def learners_work(item_id):
    """The item's submissions by learners: work the course's staff submitted (to try the assignment) is not a
    learner's row, in the table or the CSV."""
    return PeerSubmission.objects.filter(item_id=item_id).exclude(
        author_id__in=openedx_compat.course_staff_user_ids(item_id)
    )


def needing_staff(item_id):
    """Submissions that wait for staff: reported work (even once, still in review), reported reviews, and work
    owed a staff review."""
    reported_review = PeerReview.objects.filter(REPORTED_REVIEW, submission=OuterRef("pk"))
    open_report = PeerReport.objects.filter(submission=OuterRef("pk"), decided_at__isnull=True)
    staff_reviewed = PeerReview.objects.filter(submission=OuterRef("pk"), kind=PeerReview.STAFF, state=PeerReview.DONE)
    owed_staff_review = Q(status=PeerSubmission.ACTIVE, needs_staff=True, override_points__isnull=True) & ~Exists(
        staff_reviewed
    )
    return learners_work(item_id).filter(
        Q(status=PeerSubmission.FLAGGED) | owed_staff_review | Exists(reported_review) | Exists(open_report)
    )


def page(item_id, show, number):
    """Page ``number`` (from 0) of the table, oldest first: ``(submissions, there_is_a_next_page)``."""
    chosen = needing_staff(item_id) if show == SHOW_NEEDS_STAFF else learners_work(item_id)
    start = number * PAGE_SIZE
    window = list(chosen.select_related("author").order_by("submitted_at", "pk")[start : start + PAGE_SIZE + 1])
    return window[:PAGE_SIZE], len(window) > PAGE_SIZE


def rows(item_id, rubric, submissions=None):
    """One row per submission (``submissions``, or all of the item's, oldest first) with its reviews.

    A few queries for the whole table. A page asks only about its own rows; the whole item is
    read by item rather than by a list of every id (SQLite's default limit is 32,766 parameters).
    """
    reviews_of, given_by = PeerReview.objects.filter(item_id=item_id), PeerReview.objects.filter(item_id=item_id)
    reports_of = PeerReport.objects.filter(item_id=item_id, decided_at__isnull=True)
    if submissions is None:
        submissions = list(learners_work(item_id).select_related("author").order_by("submitted_at", "pk"))
    else:
        reviews_of = reviews_of.filter(submission__in=submissions)
        reports_of = reports_of.filter(submission__in=submissions)
        given_by = given_by.filter(reviewer__in=[submission.author_id for submission in submissions])
    reviews = {}
    for review in reviews_of.select_related("reviewer").order_by("leased_at"):
        reviews.setdefault(review.submission_id, []).append(review)
    given = dict(
        given_by.filter(kind=PeerReview.PEER)
        .values("reviewer_id")
        .annotate(done=Count("pk", filter=Q(state__in=PeerReview.COUNTED_AS_GIVEN)))
        .values_list("reviewer_id", "done")
    )
    reports = {}
    for report in reports_of.select_related("reporter").order_by("created_at", "pk"):
        reports.setdefault(report.submission_id, []).append(report)
    result = []
    for submission in submissions:
        mine = reviews.get(submission.pk, [])
        done = [review for review in mine if review.state == PeerReview.DONE]
        row = _row(submission, rubric, mine, done, given.get(submission.author_id, 0))
        row.reports = reports.get(submission.pk, [])
        result.append(row)
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
    "learner", "kind", "submitted_at_utc", "status", "reviews_received", "reviews_needed", "reviews_given",
    "reviews_to_give", "leased_now", "waiting_on", "points", "grade_source", "override_reason", "revision",
]  # fmt: skip


def csv_text(staff_rows):
    output = io.StringIO()
    writer = spreadsheets.writer(output)
    writer.writerow(CSV_HEADER)
    for row in staff_rows:
        submission = row.submission
        writer.writerow(
            [
                submission.author.username,
                submission.kind,
                submission.submitted_at.astimezone(UTC).isoformat(),
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
