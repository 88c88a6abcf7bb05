"""Rubric validation and the peer grade: per-criterion median, ties as ORA2 breaks them, summed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_peer_review.rubric import (
    DEFAULT_RUBRIC,
    Rubric,
    RubricProblem,
    median_points,
    peer_grade,
)


def criterion(name="Sources", options=(("None", 0), ("Some", 1), ("All", 2)), **extra):
    return {"name": name, "options": [{"label": label, "points": points} for label, points in options], **extra}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "The rubric needs at least one criterion."),
        ("not a list", "The rubric needs at least one criterion."),
        (["text"], "Criterion 1 must be an object with a name and options."),
        ([criterion(name=" ")], "Criterion 1 needs a name."),
        ([criterion(options=(("Only", 1),))], '"Sources" needs at least two options.'),
        ([criterion(options=(("Same", 0), ("Same", 1)))], 'Two options of "Sources" have the same label.'),
        (
            [criterion(options=(("A", 0), ("B", -1)))],
            'Points of option 2 of "Sources" must be a whole number, 0 or more.',
        ),
        (
            [criterion(options=(("A", 0), ("B", 1.5)))],
            'Points of option 2 of "Sources" must be a whole number, 0 or more.',
        ),
        ([criterion(), criterion()], 'Two criteria are called "Sources"; give each its own name.'),
        ([criterion(feedback="sometimes")], 'Feedback for "Sources" must be "none", "optional" or "required".'),
        (
            [{"name": "Tone", "options": [{"label": ""}, {"label": "B", "points": 1}]}],
            'Option 1 of "Tone" needs a label.',
        ),
    ],
)
def test_a_rubric_an_author_cannot_use_is_refused_saying_what_to_fix(data, message):
    with pytest.raises(RubricProblem) as refusal:
        Rubric.from_json(data)

    assert str(refusal.value) == message


def test_the_default_rubric_is_valid_and_round_trips():
    rubric = Rubric.from_json(DEFAULT_RUBRIC)

    assert Rubric.from_json(rubric.as_json()) == rubric
    assert rubric.max_points == 4


def test_a_review_must_choose_every_option_and_give_required_feedback():
    rubric = Rubric.from_json([criterion(feedback="required"), criterion(name="Tone")])

    with pytest.raises(RubricProblem, match='Choose an option for "Tone"'):
        rubric.score_review({"Sources": "All"}, {"Sources": "Good"})
    with pytest.raises(RubricProblem, match='Write some feedback for "Sources"'):
        rubric.score_review({"Sources": "All", "Tone": "None"}, {"Sources": "  "})
    scores = rubric.score_review({"Sources": "All", "Tone": "Some"}, {"Sources": "Good", "Tone": "ignored"})

    assert scores == [
        {"criterion": "Sources", "option": "All", "points": 2, "feedback": "Good"},
        {"criterion": "Tone", "option": "Some", "points": 1, "feedback": ""},
    ]


@pytest.mark.parametrize(
    ("points", "median"), [([2], 2), ([0, 1, 2], 1), ([0, 1], 1), ([1, 2], 2), ([0, 0, 1, 2], 1), ([3, 0, 1, 2], 2)]
)
def test_the_median_rounds_a_tie_up_like_ora2(points, median):
    assert median_points(points) == median


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=15))
def test_the_median_lies_between_the_middle_values(points):
    ordered = sorted(points)
    median = median_points(points)

    assert ordered[(len(ordered) - 1) // 2] <= median <= ordered[len(ordered) // 2]


def test_the_peer_grade_sums_the_medians_of_each_criterion():
    rubric = Rubric.from_json([criterion(), criterion(name="Tone")])
    reviews = [
        rubric.score_review({"Sources": "None", "Tone": "All"}, {}),
        rubric.score_review({"Sources": "Some", "Tone": "All"}, {}),
        rubric.score_review({"Sources": "All", "Tone": "None"}, {}),
    ]

    assert peer_grade(rubric, reviews) == ({"Sources": 1, "Tone": 2}, 3)
