"""Criteria and their combination, on edits described in wikitext (no wiki, no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from wikiskills.integrations.mediawiki.wikitext import compute_edit_delta
from wikiskills.integrations.wikiskills_exercises.criteria import (
    CriterionSpecError,
    EditFacts,
    Standing,
    criteria_from_specs,
)
from wikiskills.integrations.wikiskills_exercises.evaluation import evaluate
from wikiskills.integrations.wikiskills_exercises.exercise import ExerciseSpec, PageTarget

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def edit(new, old="", *, revid=1, title="User:Ana/sandbox", namespace=2, summary="", minor=False, age_hours=1,
         standing=None, is_revert=False):  # fmt: skip
    return EditFacts(
        revid=revid, parentid=revid - 1, title=title, namespace=namespace, user="Ana",
        timestamp=NOW - timedelta(hours=age_hours), summary=summary, minor=minor, tags=(),
        delta=compute_edit_delta(old, new), standing=standing or Standing(), is_revert=is_revert,
    )  # fmt: skip


UNDONE = Standing(reverted_at=NOW - timedelta(hours=2))
UNDONE_AND_RESTORED = Standing(reverted_at=NOW - timedelta(hours=2), restored_at=NOW - timedelta(hours=1))


@pytest.mark.parametrize(
    ("spec", "facts", "met", "measured"),
    [
        ({"type": "bytes_added", "min": 5}, edit("12345"), True, 5),
        ({"type": "bytes_added", "min": 5}, edit("1234", old="123456789"), False, 0),
        ({"type": "references_added", "min": 2}, edit("a<ref>x</ref>"), False, 1),
        ({"type": "template_added", "name": "Template:citation needed"}, edit("{{Citation needed}}"), True, 1),
        ({"type": "section_added"}, edit("== New =="), True, 1),
        ({"type": "wikilinks_added", "min": 2}, edit("[[A]] [[B]]", old="[[A]]"), False, 1),
        ({"type": "file_added"}, edit("[[File:X.jpg]]"), True, 1),
        ({"type": "category_added"}, edit("[[Category:Y]]"), True, 1),
        ({"type": "edit_summary"}, edit("x", summary=""), False, 0),
        ({"type": "edit_summary", "contains": "source"}, edit("x", summary="Added a Source"), True, 1),
        ({"type": "not_minor"}, edit("x", minor=True), False, 0),
        ({"type": "talk_page_section", "page": "talk:Paris"}, edit("== Hi ==", title="Talk:Paris", namespace=1),
         True, 1),
        ({"type": "talk_page_section"}, edit("== Hi ==", title="Paris", namespace=0), False, 0),
        ({"type": "still_stands", "hours": 2}, edit("x", age_hours=3), True, 1),
        ({"type": "still_stands", "hours": 2}, edit("x", age_hours=3, standing=UNDONE), False, 0),
        ({"type": "still_stands", "hours": 2}, edit("x", age_hours=3, standing=UNDONE_AND_RESTORED), True, 1),
        ({"type": "reverted_vandalism"}, edit("x", is_revert=True), True, 1),
        ({"type": "reverted_vandalism"}, edit("x"), False, 0),
    ],
)  # fmt: skip
def test_each_criterion_measures_what_the_edit_added(spec, facts, met, measured):
    (criterion,) = criteria_from_specs([spec])

    result = criterion.evaluate(facts, NOW)

    assert (result.met, result.measured) == (met, measured)


def test_an_edit_too_young_to_know_if_it_stands_waits_until_it_is_old_enough():
    outcome = evaluate(criteria_from_specs([{"type": "still_stands", "hours": 24}]), [edit("x")], NOW)

    assert not outcome.passed
    assert outcome.waiting_until == NOW + timedelta(hours=23)


def test_one_edit_must_meet_every_criterion_unless_edits_may_count_together():
    criteria = criteria_from_specs([{"type": "references_added", "min": 2}, {"type": "not_minor"}])
    edits = [edit("a<ref>1</ref>", revid=1), edit("a<ref>1</ref><ref>2</ref>", old="a<ref>1</ref>", revid=2)]
    minor_edits = [edit("a<ref>1</ref>", revid=1), edit("<ref>2</ref>", revid=2, minor=True)]

    alone = evaluate(criteria, edits, NOW)
    together = evaluate(criteria, edits, NOW, combine_edits=True)
    minor_excluded = evaluate(criteria, minor_edits, NOW, combine_edits=True)

    assert not alone.passed and alone.results[0].measured == 1
    assert together.passed and together.evidence == (1, 2)
    assert not minor_excluded.passed and minor_excluded.results[0].measured == 1


def test_without_edits_every_criterion_is_reported_missing():
    outcome = evaluate(
        criteria_from_specs([{"type": "references_added", "min": 1}, {"type": "section_added"}]), [], NOW
    )

    assert [(result.met, result.measured) for result in outcome.results] == [(False, 0), (False, 0)]


def test_the_closest_edit_explains_what_is_missing():
    criteria = criteria_from_specs([{"type": "references_added", "min": 1}, {"type": "section_added"}])

    outcome = evaluate(criteria, [edit("plain", revid=1), edit("== S ==", revid=2)], NOW)

    assert [result.met for result in outcome.results] == [False, True]


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ({"type": "bytes_added"}, "Add at least one criterion"),
        ([{"type": "bytes_added", "min": True}], 'Criterion 1 (bytes_added): "min" must be a whole number'),
        ([{"type": "template_added", "name": " "}], 'Criterion 1 (template_added): "name" must be a text.'),
        ([{"type": "still_stands", "hours": -1}], 'Criterion 1 (still_stands): "hours" must be a whole number'),
    ],
)  # fmt: skip
def test_invalid_criteria_are_refused_with_a_reason(specs, message):
    with pytest.raises(CriterionSpecError) as refused:
        criteria_from_specs(specs)

    assert str(refused.value).startswith(message)


def test_an_exercise_survives_its_round_trip_through_json():
    spec = ExerciseSpec("demo", PageTarget("pattern", "User:{username}/sandbox"), ({"type": "section_added"},),
                        window_start=NOW, combine_edits=True)  # fmt: skip

    assert ExerciseSpec.from_json(spec.as_json()) == spec
