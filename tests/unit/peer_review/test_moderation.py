"""Reports and staff reviews against the database (ADR 0048).

One reviewer's report never takes work out of review; a second reviewer's, or staff, does. An
author's report of a review keeps it in the grade until staff remove it. A staff review that
replaces the staff member's own peer lease frees its place. And over random sequences of every
action, a submission's ``load`` stays its open peer leases plus its done peer reviews.
"""

import contextlib
import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.peer_review_fixtures import new_item, submitter
from wikiskills.integrations.wikiskills_peer_review import allocation, grading, moderation, staff
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.policy import MAX_OPEN_REPORTS, ReviewPolicy
from wikiskills.integrations.wikiskills_peer_review.rubric import DEFAULT_RUBRIC, Rubric

pytestmark = pytest.mark.django_db

LEASE = timedelta(hours=8)
RUBRIC = Rubric.from_json(DEFAULT_RUBRIC)


def scores(sources, tone):
    return [
        {"criterion": "Sources", "option": str(sources), "points": sources, "feedback": ""},
        {"criterion": "Neutral tone", "option": str(tone), "points": tone, "feedback": ""},
    ]


def pool(learners, must_be_graded_by=2, must_grade=1):
    item, now = new_item(), timezone.now()
    policy = ReviewPolicy(must_grade=must_grade, must_be_graded_by=must_be_graded_by, lease=LEASE)
    return item, now, [submitter(item, policy, now) for _ in range(learners)]


def lease_of(submission, reviewer, now):
    """``reviewer``'s lease on ``submission``, as staff would hand it to them."""
    return allocation.assign_reviewer(submission, reviewer, None, LEASE, now)


def fresh(submission):
    return PeerSubmission.objects.get(pk=submission.pk)


def test_one_report_keeps_the_work_in_review_and_a_second_reviewers_takes_it_out():
    item, now, (work, first, second, third) = pool(4)

    moderation.flag_submission(lease_of(work, first.author, now), "Copied from a website")
    after_one = fresh(work)
    offered_next = allocation.next_for_review(item, first.author, LEASE, now)
    offered_other = allocation.next_for_review(item, third.author, LEASE, now)

    assert after_one.status == PeerSubmission.ACTIVE and after_one.load == 0
    assert offered_next.submission_id != work.pk  # the reporter gets other work
    assert offered_other.submission_id == work.pk  # others still review it
    assert work.pk in set(staff.needing_staff(item).values_list("pk", flat=True))
    (row,) = staff.rows(item, RUBRIC, [after_one])
    assert [(report.reporter_id, report.reason) for report in row.reports] == [
        (first.author_id, "Copied from a website")
    ]

    moderation.flag_submission(lease_of(work, second.author, now), "Spam")

    assert fresh(work).status == PeerSubmission.FLAGGED


def test_the_same_reviewer_reporting_twice_counts_once():
    _item, now, (work, reporter, _other) = pool(3)

    moderation.flag_submission(lease_of(work, reporter.author, now), "Spam")
    moderation.flag_submission(lease_of(work, reporter.author, now), "Spam again")

    assert fresh(work).status == PeerSubmission.ACTIVE
    assert work.reports.count() == 1


def test_staff_keeping_reported_work_in_review_decides_its_reports():
    item, now, (work, first, second) = pool(3)
    moderation.flag_submission(lease_of(work, first.author, now), "Spam")

    moderation.set_submission_status(work.pk, PeerSubmission.ACTIVE)
    moderation.flag_submission(lease_of(work, second.author, now), "Spam")

    assert fresh(work).status == PeerSubmission.ACTIVE  # one open report again, not two
    assert work.pk in set(staff.needing_staff(item).values_list("pk", flat=True))


def test_a_reviewer_has_at_most_a_few_open_reports_in_an_item():
    _item, now, (reporter, *works) = pool(MAX_OPEN_REPORTS + 2)
    for work in works[:MAX_OPEN_REPORTS]:
        moderation.flag_submission(lease_of(work, reporter.author, now), "Spam")
    kept = lease_of(works[MAX_OPEN_REPORTS], reporter.author, now)

    with pytest.raises(moderation.TooManyReports):
        moderation.flag_submission(kept, "Spam")

    assert PeerReview.objects.get(pk=kept.pk).state == PeerReview.LEASED
    assert not works[MAX_OPEN_REPORTS].reports.exists()
    moderation.set_submission_status(works[0].pk, PeerSubmission.ACTIVE)  # staff decide one: room again
    moderation.flag_submission(kept, "Spam")
    assert works[MAX_OPEN_REPORTS].reports.count() == 1


def _review(submission, reviewer, now, sources, tone):
    lease_of(submission, reviewer, now)
    review, _first = allocation.submit_review(
        submission.item_id, reviewer, submission.pk, scores=scores(sources, tone), feedback="", now=now
    )
    return review


def test_an_authors_report_keeps_the_review_in_the_grade_until_staff_remove_it():
    _item, now, (work, kind, harsh, late, given_to) = pool(5)
    _review(given_to, work.author, now, 2, 2)  # the author gave their one review
    _review(work, kind.author, now, 2, 2)
    reported = _review(work, harsh.author, now + timedelta(minutes=1), 0, 0)
    extra = _review(work, late.author, now + timedelta(minutes=2), 1, 1)
    before = grading.standing(fresh(work), RUBRIC, 1)

    moderation.flag_review(fresh(work), reported.pk, "Rude")
    reported_still_counts = grading.standing(fresh(work), RUBRIC, 1)
    moderation.restore_review(reported.pk)
    kept = PeerReview.objects.get(pk=reported.pk)
    moderation.flag_review(fresh(work), reported.pk, "Rude")
    moderation.remove_review(reported.pk)
    upheld = grading.standing(fresh(work), RUBRIC, 1)

    assert before.ready and reported_still_counts.points == before.points
    assert [review.pk for review in reported_still_counts.peer_reviews] == [review.pk for review in before.peer_reviews]
    assert fresh(work).load == 2  # load was 3 before the report and after the keep; -1 once removed
    assert kept.state == PeerReview.DONE and kept.flag_reason == ""
    # Removed by staff: the next review in completion order takes its place.
    assert [review.pk for review in upheld.peer_reviews][-1] == extra.pk and upheld.points == 4


def test_a_staff_review_over_the_staff_members_own_peer_lease_frees_its_place():
    _item, now, (work, staff_member) = pool(2)
    lease_of(work, staff_member.author, now)
    assert fresh(work).load == 1

    moderation.record_review(
        fresh(work), staff_member.author, PeerReview.STAFF, scores=scores(2, 2), feedback="", now=now
    )

    assert fresh(work).load == 0 and fresh(work).needy
    assert PeerReview.objects.get(submission=work, reviewer=staff_member.author).kind == PeerReview.STAFF


# -- the load invariant over random sequences of actions ---------------------------------------------

ACTIONS = [
    "submit", "ask", "review", "expire", "staff_review", "staff_assign", "report_work", "report_review",
    "keep_review", "remove_review", "keep_work", "remove_work",
]  # fmt: skip
script = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=7), st.integers(min_value=0, max_value=7)),
    max_size=40,
)


class NothingToDo(Exception):
    """The action needs a lease or a review that is not there yet."""


def needed(row):
    if row is None:
        raise NothingToDo()
    return row


class Course:
    """One item where learners and a staff member (who also submitted) do anything in any order."""

    def __init__(self, must_be_graded_by):
        self.item, self.now = new_item(), timezone.now()
        self.policy = ReviewPolicy(must_grade=1, must_be_graded_by=must_be_graded_by, lease=LEASE)
        self.staff_member = get_user_model().objects.create(username=f"staff-{self.item}", is_staff=True)
        self.people = [submitter(self.item, self.policy, self.now, author=self.staff_member).author]
        for _ in range(2):
            self.submit()

    def submissions(self):
        return list(PeerSubmission.objects.filter(item_id=self.item).order_by("pk"))

    def act(self, action, who, which):
        """Do ``action`` as learner ``who`` on submission or review ``which``; refusals are part of the game."""
        person = self.people[who % len(self.people)]
        works = self.submissions()
        reviews = list(PeerReview.objects.filter(item_id=self.item).order_by("pk"))
        target = {
            "work": works[which % len(works)],
            "review": reviews[which % len(reviews)] if reviews else None,
            "lease": allocation.current_lease(self.item, person),
        }
        with contextlib.suppress(allocation.ReviewRefused, moderation.TooManyReports, NothingToDo):
            getattr(self, action)(person, **target)

    def submit(self, *_args, **_target):
        self.people.append(submitter(self.item, self.policy, self.now).author)

    def ask(self, person, **_target):
        allocation.next_for_review(self.item, person, LEASE, self.now)

    def review(self, person, lease, **_target):
        allocation.submit_review(
            self.item, person, needed(lease).submission_id, scores=scores(1, 2), feedback="", now=self.now
        )

    def expire(self, *_args, **_target):
        self.now += LEASE
        allocation.release_expired_leases(self.item, self.now)

    def staff_review(self, _person, work, **_target):
        moderation.record_review(
            work, self.staff_member, PeerReview.STAFF, scores=scores(2, 2), feedback="", now=self.now
        )

    def staff_assign(self, person, work, **_target):
        allocation.assign_reviewer(work, person, self.staff_member, LEASE, self.now)

    def report_work(self, _person, lease, **_target):
        moderation.flag_submission(needed(lease), "Spam", self.now)

    def report_review(self, _person, review, **_target):
        moderation.flag_review(needed(review).submission, review.pk, "Rude")

    def keep_review(self, _person, review, **_target):
        moderation.restore_review(needed(review).pk)

    def remove_review(self, _person, review, **_target):
        moderation.remove_review(needed(review).pk)

    def keep_work(self, _person, work, **_target):
        moderation.set_submission_status(work.pk, PeerSubmission.ACTIVE)

    def remove_work(self, _person, work, **_target):
        moderation.set_submission_status(work.pk, PeerSubmission.REMOVED)

    def check_load(self):
        for row in self.submissions():
            peer = list(row.reviews.filter(kind=PeerReview.PEER).values_list("state", flat=True))
            assert row.load == peer.count(PeerReview.LEASED) + peer.count(PeerReview.DONE), (row, peer)
            assert row.needy == (row.load < row.required_reviews)
            open_reporters = row.reports.filter(decided_at__isnull=True).count()
            assert row.status != PeerSubmission.FLAGGED or open_reporters >= 2  # one report never takes it out


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(must_be_graded_by=st.integers(min_value=1, max_value=3), steps=script)
def test_load_stays_open_leases_plus_done_peer_reviews_whatever_happens(must_be_graded_by, steps):
    course = Course(must_be_graded_by)
    for action, who, which in steps:
        course.act(action, who, which)
        course.check_load()


def test_reports_made_before_migration_0002_are_restated_under_the_new_rules():
    migration = importlib.import_module(
        "wikiskills.integrations.wikiskills_peer_review.migrations.0002_reports_need_two_reviewers"
    )
    _item, now, (work, reviewer, reported_work) = pool(3)
    old_report = _review(work, reviewer.author, now, 0, 0)
    # As the old code left them: a reported review out of the grade and its place freed; work out of review.
    PeerReview.objects.filter(pk=old_report.pk).update(state=PeerReview.FLAGGED, flag_reason="Rude")
    PeerSubmission.objects.filter(pk=work.pk).update(load=0)
    PeerSubmission.objects.filter(pk=reported_work.pk).update(
        status=PeerSubmission.FLAGGED, flag_reason="Spam", flagged_by=reviewer.author
    )

    migration.carry_reports_over(django_apps, None)

    restated = PeerReview.objects.get(pk=old_report.pk)
    assert (restated.state, restated.flag_reason) == (PeerReview.DONE, "Rude")
    assert (fresh(work).load, fresh(work).needy) == (1, True)
    assert fresh(reported_work).status == PeerSubmission.FLAGGED
    assert [(report.reporter_id, report.reason) for report in reported_work.reports.all()] == [
        (reviewer.author_id, "Spam")
    ]
