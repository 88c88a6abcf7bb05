"""What a learner has received and given, and the grade it makes: staff override, staff review, or peer median.

Read-only over a submission's reviews (one query), so the learner view, the staff table
and the score publisher agree on one answer.
"""

from dataclasses import dataclass, field

from .models import PeerReview
from .policy import grading_reviews
from .rubric import peer_grade

SOURCE_OVERRIDE = "override"
SOURCE_STAFF = "staff"
SOURCE_PEERS = "peers"


@dataclass
class Standing:
    """One submission's reviews and, once ready, its grade in points.

    ``peer_reviews`` make the grade (the first ones the work needs, in completion order);
    ``extra_reviews`` came after them and are feedback only.
    """

    peer_reviews: list
    staff_review: PeerReview | None
    self_review: PeerReview | None
    given: int
    extra_reviews: list = field(default_factory=list)
    medians: dict = field(default_factory=dict)
    points: float | None = None
    source: str = ""

    @property
    def ready(self):
        return self.points is not None


def reviews_of(submission):
    """Done reviews of the submission, oldest first; removed ones stay out (reported ones count until staff decide)."""
    return list(submission.reviews.filter(state=PeerReview.DONE).select_related("reviewer").order_by("completed_at"))


def received_count(submission):
    """Done peer reviews of the work (a reported one counts until staff remove it)."""
    return submission.reviews.filter(kind=PeerReview.PEER, state=PeerReview.DONE).count()


def given_count(item_id, user):
    return PeerReview.objects.filter(
        item_id=item_id, reviewer=user, kind=PeerReview.PEER, state__in=PeerReview.COUNTED_AS_GIVEN
    ).count()


def given_in_course(user_id, course_key):
    """Peer reviews a learner finished across a course's items (a badge rule's count)."""
    return PeerReview.objects.filter(
        reviewer_id=user_id,
        submission__course_key=course_key,
        kind=PeerReview.PEER,
        state__in=PeerReview.COUNTED_AS_GIVEN,
    ).count()


def standing(submission, rubric, given, reviews=None):
    """The grade rules: an override wins, then a staff review, then the peer median once both quotas are met.

    The median is over the first ``required_reviews`` done peer reviews in completion order
    (``policy.grading_reviews``), so an optional extra review never moves a grade. ``given``
    counts the author's own finished peer reviews; a review the recipient reported still
    counts for the reviewer who wrote it.
    """
    reviews = reviews_of(submission) if reviews is None else reviews
    peers, extra = grading_reviews(
        [review for review in reviews if review.kind == PeerReview.PEER], submission.required_reviews
    )
    staff = next((review for review in reversed(reviews) if review.kind == PeerReview.STAFF), None)
    own = next((review for review in reviews if review.kind == PeerReview.SELF), None)
    result = Standing(peer_reviews=peers, extra_reviews=extra, staff_review=staff, self_review=own, given=given)
    if peers:
        result.medians, peer_total = peer_grade(rubric, [review.scores for review in peers])
    if submission.override_points is not None:
        result.points, result.source = submission.override_points, SOURCE_OVERRIDE
    elif staff is not None:
        result.points, result.source = float(staff.points), SOURCE_STAFF
    elif (
        peers
        and not submission.needs_staff
        and len(peers) >= submission.required_reviews
        and given >= submission.required_given
    ):
        result.points, result.source = float(peer_total), SOURCE_PEERS
    return result
