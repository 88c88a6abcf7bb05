"""Studio refuses peer-review settings the block could not run with, and says what to fix."""

import pytest
from workbench.runtime import WorkbenchRuntime
from xblock.fields import ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData

from wikiskills.xblocks.peer_review import PeerReviewBlock

pytestmark = pytest.mark.django_db


def block(**fields):
    runtime = WorkbenchRuntime("author")
    peer_review = PeerReviewBlock(
        runtime, KvsFieldData(DictKeyValueStore()), ScopeIds("author", "wikiskills_peer_review", "def", "usage")
    )
    for name, value in fields.items():
        setattr(peer_review, name, value)
    return peer_review


def problems(**fields):
    return [message.text for message in block(**fields).validate().messages]


def test_the_default_settings_are_valid():
    assert problems() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rubric": []}, "The rubric needs at least one criterion."),
        (
            {"rubric": [{"name": "Tone", "options": [{"label": "Only", "points": 1}]}]},
            '"Tone" needs at least two options.',
        ),
        ({"allow_text": False}, "Accept written text, an edit on a wiki, or both."),
        ({"wiki": "nowhere"}, "Choose one of the allowed wikis: demo."),
        ({"must_grade": 0}, "Reviews each learner gives must be a whole number from 1 to 20."),
        ({"must_be_graded_by": 21}, "Reviews each submission needs must be a whole number from 1 to 20."),
        ({"lease_hours": 0}, "Lease hours and weight must be more than 0, and grace days 0 or more."),
        ({"review_due": "next Friday"}, "Enter Reviews due as YYYY-MM-DD HH:MM, for example 2026-09-01 18:00."),
        (
            {"review_scope": "team", "teamset_id": " "},
            "Give the teamset whose teams review within themselves, or choose another 'Who reviews whom'.",
        ),
    ],
)
def test_a_setting_the_block_cannot_use_is_refused_with_what_to_fix(fields, message):
    assert message in problems(**fields)


def test_an_unconfigured_block_tells_learners_instead_of_failing():
    state = block(allow_text=False).learner_state()

    assert state == {"status": "not_configured", "message": "This peer review has not been set up yet."}
