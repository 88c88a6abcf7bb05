"""Which peer reviews make a grade: the first the work needs, in completion order, as ORA2 does (ADR 0048).

Pure: the grade rules run over unsaved rows, so Hypothesis can try many orders of arrival.
"""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_peer_review.grading import standing
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview, PeerSubmission
from wikiskills.integrations.wikiskills_peer_review.rubric import DEFAULT_RUBRIC, Rubric

RUBRIC = Rubric.from_json(DEFAULT_RUBRIC)  # Sources and Neutral tone, 0 to 2 points each
START = datetime(2026, 11, 1, tzinfo=UTC)


def peer_review(number, sources, tone):
    return PeerReview(
        pk=number + 1,
        kind=PeerReview.PEER,
        state=PeerReview.DONE,
        completed_at=START + timedelta(minutes=number),
        scores=[
            {"criterion": "Sources", "option": "", "points": sources, "feedback": ""},
            {"criterion": "Neutral tone", "option": "", "points": tone, "feedback": ""},
        ],
        points=sources + tone,
    )


points = st.integers(min_value=0, max_value=2)


@given(
    required=st.integers(min_value=1, max_value=5),
    marks=st.lists(st.tuples(points, points), min_size=1, max_size=12),
    arrival=st.randoms(use_true_random=False),
)
def test_extra_reviews_never_move_a_grade_and_the_first_ones_make_it(required, marks, arrival):
    submission = PeerSubmission(required_reviews=required, required_given=1, needs_staff=False)
    reviews = [peer_review(number, *mark) for number, mark in enumerate(marks)]
    results = []
    for arrived in range(1, len(reviews) + 1):
        so_far = reviews[:arrived]
        shuffled = arrival.sample(so_far, len(so_far))  # the rows' order is not the completion order
        results.append(standing(submission, RUBRIC, given=1, reviews=shuffled))
    grades = [result.points for result in results]
    if len(reviews) >= required:
        final = grades[required - 1]
        assert final is not None
        assert all(grade == final for grade in grades[required - 1 :]), grades
    assert all(grade is None for grade in grades[: required - 1])
    for arrived, result in enumerate(results, start=1):
        counted = min(arrived, required)
        assert [review.pk for review in result.peer_reviews] == [review.pk for review in reviews[:counted]]
        assert [review.pk for review in result.extra_reviews] == [review.pk for review in reviews[counted:arrived]]


def test_a_third_review_after_two_needed_is_feedback_only():
    submission = PeerSubmission(required_reviews=2, required_given=1, needs_staff=False)
    first_two = [peer_review(0, 2, 2), peer_review(1, 2, 1)]

    before = standing(submission, RUBRIC, given=1, reviews=first_two)
    after = standing(submission, RUBRIC, given=1, reviews=[*first_two, peer_review(2, 0, 0)])

    assert before.points == after.points == 4
    assert [review.pk for review in after.extra_reviews] == [3]
