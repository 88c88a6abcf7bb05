"""The author's review settings and the "never stuck" rule, as plain values and pure functions.

The sweep and the block ask these functions; the property tests check that a fallback
fires exactly when the grace period is over and the pool is too small for what the
learner needs.
"""

from dataclasses import dataclass
from datetime import timedelta

FALLBACK_REDUCE = "reduce"  # fewer required reviews: as many as the pool can give
FALLBACK_STAFF = "staff"  # course staff review the work
FALLBACK_NEIGHBOUR = "neighbour"  # learners of other cohorts or teams review it (and may be reviewed by it)
FALLBACKS = (FALLBACK_REDUCE, FALLBACK_STAFF, FALLBACK_NEIGHBOUR)

SCOPE_COHORT = "cohort"
SCOPE_TEAM = "team"  # the learner's team in the teamset the author chose
SCOPE_COURSE = "course"
OTHER_COHORTS_POOL = "*"


MIN_STALL_WAIT = timedelta(days=1)  # a zero grace period still gives reviewers a day before the second check


@dataclass(frozen=True)
class ReviewPolicy:
    """What the author chose in Studio; copied onto each submission when it is made."""

    must_grade: int = 3
    must_be_graded_by: int = 3
    lease: timedelta = timedelta(hours=8)
    grace: timedelta = timedelta(days=3)
    fallback: str = FALLBACK_REDUCE
    scope: str = SCOPE_COHORT

    @property
    def stall_wait(self):
        """After the grace period, how long reviewers have before work still short of reviews gets the rule."""
        return max(self.grace, MIN_STALL_WAIT)

    def pool_for(self, group):
        """The pool a learner reviews in: their cohort's or team's (``group``), or the whole course's.

        A learner outside any cohort or team shares the course-wide pool with the others who are.
        """
        if self.scope in (SCOPE_COHORT, SCOPE_TEAM) and group:
            return f"{self.scope}:{group}"
        return ""


@dataclass(frozen=True)
class Shortfall:
    """What the pool cannot give a learner: reviews of their work, submissions to review, or both."""

    reviews_short: bool
    reviewing_short: bool

    def __bool__(self):
        return self.reviews_short or self.reviewing_short


def pool_shortfall(others_in_pool, required_reviews, required_given):
    """Whether a pool with ``others_in_pool`` other submissions is too small for one learner.

    Each other learner can review the work once, so it can receive at most ``others``
    reviews; and the learner can review each other submission once.
    """
    return Shortfall(
        reviews_short=others_in_pool < required_reviews,
        reviewing_short=others_in_pool < required_given,
    )


def small_group_warning_due(submitted_at, grace_ends_at, submissions_close, now):
    """Whether a learner whose group is still too small should be told what will happen to their work.

    Right after a learner submits, a small group is the normal case: most of a cohort submits later,
    and the first to submit would always be warned, for nothing. The warning means something once the
    learner has waited for peers through half the grace period (if the group is still short then, it
    will probably be short when the rule applies), or once submissions have closed (``submissions_close``,
    None when there is no deadline), when nobody else can join the group.
    """
    halfway = submitted_at + (grace_ends_at - submitted_at) / 2
    return now >= halfway or (submissions_close is not None and now >= submissions_close)


@dataclass(frozen=True)
class Relief:
    """What a fallback changes for one submission."""

    required_reviews: int
    required_given: int
    needs_staff: bool
    shared_with_other_cohorts: bool
    reviews_other_cohorts: bool


def relief_for(fallback, shortfall, *, others_in_pool, others_in_course, required_reviews, required_given):
    """Apply the author's fallback to a due shortfall.

    Reviewing others is never handed to staff: with too few submissions to review, a
    learner reviews what there is (with the neighbour rule, other cohorts' work too).
    Nobody left to review the work means staff review it, whatever the rule: a peer
    grade needs at least one peer. A neighbour rule in a course with no other cohort
    acts as the reduce rule.
    """
    if fallback == FALLBACK_NEIGHBOUR and others_in_course <= others_in_pool:
        fallback = FALLBACK_REDUCE
    reach = others_in_course if fallback == FALLBACK_NEIGHBOUR else others_in_pool
    reviews, given = required_reviews, required_given
    if shortfall.reviews_short:
        reviews = min(required_reviews, reach)
    if shortfall.reviewing_short:
        given = min(required_given, reach)
    return Relief(
        required_reviews=reviews,
        required_given=given,
        needs_staff=shortfall.reviews_short and (fallback == FALLBACK_STAFF or reviews == 0),
        shared_with_other_cohorts=shortfall.reviews_short and fallback == FALLBACK_NEIGHBOUR,
        reviews_other_cohorts=shortfall.reviewing_short and fallback == FALLBACK_NEIGHBOUR,
    )


def stall_relief(fallback, *, received, required_reviews, required_given, others_elsewhere):
    """The author's rule for work whose group was big enough but has not reviewed it by the second check.

    Require fewer: the reviews it has make the grade (a staff review if it has none). Staff: staff
    review it. Other groups: their reviewers get it too, when the course has work in other groups
    (``others_elsewhere``); otherwise, as "require fewer".
    """
    if fallback == FALLBACK_NEIGHBOUR and not others_elsewhere:
        fallback = FALLBACK_REDUCE
    reviews = received if fallback == FALLBACK_REDUCE and received else required_reviews
    return Relief(
        required_reviews=reviews,
        required_given=required_given,
        needs_staff=fallback == FALLBACK_STAFF or (fallback == FALLBACK_REDUCE and not received),
        shared_with_other_cohorts=fallback == FALLBACK_NEIGHBOUR,
        reviews_other_cohorts=False,
    )


# -- reports and the reviews that make a grade (ADR 0048) -----------------------------------------

REPORTS_TO_WITHDRAW = 2  # different reviewers whose open reports take work out of review before staff decide
MAX_OPEN_REPORTS = 3  # open reports one reviewer may have in one item; staff deciding frees them


def withdrawn_by_reports(open_reporters):
    """Whether open reports by ``open_reporters`` different reviewers take the work out of review.

    One reviewer alone never can: their report is recorded and shown to staff, the work stays in review.
    """
    return open_reporters >= REPORTS_TO_WITHDRAW


def may_report(open_reports_by_reviewer):
    """Whether a reviewer with this many open reports in the item may make another."""
    return open_reports_by_reviewer < MAX_OPEN_REPORTS


def grading_reviews(peer_reviews, required_reviews):
    """The peer reviews that make the grade and the extra ones shown as feedback only, as ORA2 does.

    The first ``required_reviews`` in completion order count (ties by id); later ones never move a grade.
    ``peer_reviews`` need ``completed_at`` and ``pk``; their order does not matter.
    """
    ordered = sorted(peer_reviews, key=lambda review: (review.completed_at, review.pk or 0))
    count = max(required_reviews, 0)
    return ordered[:count], ordered[count:]
