"""The progress rule as pure properties: any order of events gives the same stages at the same times,
stages are done only when every requirement is, never before the stage before them, and never undone."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wikiskills.integrations.wikiskills_tracks import rules

START = datetime(2027, 1, 1, tzinfo=UTC)
KINDS = ["course_passed", "course_grade", "block_done"]
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def tracks(draw):
    """Steps with 1-3 needs each, over a small vocabulary of facts, so facts often meet several needs."""
    steps, need_id = [], 0
    for step_id in range(draw(st.integers(min_value=1, max_value=4))):
        needs = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            need_id += 1
            kind = draw(st.sampled_from(KINDS))
            threshold = draw(st.sampled_from([0.5, 0.7, 1.0])) if kind == "course_grade" else 1.0
            needs.append(rules.Need(need_id, kind, draw(st.sampled_from(["a", "b"])), threshold))
        steps.append(rules.Step(step_id, tuple(needs)))
    return steps


events = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(["a", "b"]),
        st.sampled_from([0.4, 0.5, 0.7, 0.9, 1.0]),
        st.integers(min_value=0, max_value=100),
    ),
    max_size=25,
)


def increases(event_list):
    """What ``progress.record_fact`` stores: per (kind, key), only values higher than the best so far."""
    facts, best = {}, {}
    for kind, key, value, day in event_list:
        if value > best.get((kind, key), -1):
            best[(kind, key)] = value
            facts.setdefault((kind, key), []).append((value, START + timedelta(days=day)))
    return facts


def replay(steps, event_list, sequential, batch):
    """Apply events ``batch`` at a time, storing newly done steps as progress does after each batch."""
    recorded = {}
    for end in range(0, len(event_list) + batch, batch):
        states = rules.step_states(steps, increases(event_list[:end]), sequential=sequential, recorded=recorded)
        recorded.update(rules.newly_done(states, recorded))
    return recorded


@PROPERTY_SETTINGS
@given(tracks(), events, st.booleans())
def test_stage_by_stage_equals_all_at_once_for_events_in_time_order(steps, event_list, sequential):
    in_time_order = sorted(event_list, key=lambda event: event[3])
    assert replay(steps, in_time_order, sequential, 1) == replay(steps, in_time_order, sequential, len(event_list) or 1)


@PROPERTY_SETTINGS
@given(tracks(), events, st.booleans())
def test_a_step_is_done_only_when_every_need_is_met_and_not_before_them(steps, event_list, sequential):
    facts = increases(event_list)
    states = rules.step_states(steps, facts, sequential=sequential, recorded={})
    for step in steps:
        state = states[step.id]
        if state.status == rules.DONE:
            met_times = [rules.met_at(facts.get((need.kind, need.key), ()), need.threshold) for need in step.needs]
            assert all(met_times)
            assert state.done_at >= max(met_times)


@PROPERTY_SETTINGS
@given(tracks(), events)
def test_in_a_sequential_track_no_step_is_done_before_the_one_before_it(steps, event_list):
    states = rules.step_states(steps, increases(event_list), sequential=True, recorded={})
    previous = None
    for step in steps:
        state = states[step.id]
        if previous is not None and previous.status != rules.DONE:
            assert state.status == rules.LOCKED
        if state.status == rules.DONE and previous is not None:
            assert state.done_at >= previous.done_at
        previous = state


@PROPERTY_SETTINGS
@given(tracks(), events, events, st.booleans())
def test_stored_steps_stay_done_whatever_comes_later(steps, before, after, sequential):
    recorded = rules.newly_done(rules.step_states(steps, increases(before), sequential=sequential, recorded={}), {})
    later = rules.step_states(steps, increases(before + after), sequential=sequential, recorded=recorded)
    for step_id, done_at in recorded.items():
        assert later[step_id].status == rules.DONE
        assert later[step_id].done_at == done_at


def test_a_threshold_is_met_when_it_was_first_crossed_not_when_the_best_value_came():
    crossing, best = START, START + timedelta(days=9)
    assert rules.met_at([(0.75, crossing), (0.95, best)], 0.7) == crossing
    assert rules.met_at([(0.75, crossing), (0.95, best)], 0.9) == best
    assert rules.met_at([(0.6, crossing)], 0.7) is None


def test_a_track_with_no_stages_or_a_stage_with_no_requirement_never_graduates():
    assert rules.graduated_at([], {}) is None
    empty = [rules.Step(1, ())]
    states = rules.step_states(empty, {}, sequential=True, recorded={})
    assert states[1].status == rules.OPEN
    assert rules.graduated_at(empty, states) is None
