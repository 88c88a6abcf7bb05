"""Event-driven progress, in process: facts from events finish stages, in order, once, and a rebuild agrees."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CourseData, CoursePassingStatusData, UserData, UserPersonalData
from openedx_events.learning.signals import COURSE_PASSING_STATUS_UPDATED

from tests.support.tracks_fixtures import COURSE_ONE, COURSE_TWO, EXERCISE, accepted
from wikiskills.integrations.wikiskills_tracks import api, progress
from wikiskills.integrations.wikiskills_tracks.models import Membership, ProgressFact, Requirement, StageProgress

pytestmark = [pytest.mark.django_db(transaction=True)]


def done_stages(membership):
    return list(
        StageProgress.objects.filter(membership=membership)
        .order_by("stage__order")
        .values_list("stage__order", flat=True)
    )


def passing(user, course_key):
    """What edx-platform sends on every grade recompute of a passing learner."""
    COURSE_PASSING_STATUS_UPDATED.send_event(
        course_passing_status=CoursePassingStatusData(
            is_passing=True,
            course=CourseData(course_key=CourseKey.from_string(course_key)),
            user=UserData(id=user.pk, is_active=True, pii=UserPersonalData(username=user.username, email="", name="")),
        )
    )


def test_a_stage_is_done_when_every_requirement_is_met_and_the_events_may_repeat(make_cohort, person):
    cohort = make_cohort()
    ana = person("ana")
    membership = accepted(cohort, ana)

    passing(ana, COURSE_ONE)
    passing(ana, COURSE_ONE)  # every recompute says it again
    assert done_stages(membership) == []
    assert ProgressFact.objects.filter(user=ana, kind=Requirement.COURSE_PASSED).count() == 1

    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    assert done_stages(membership) == [1]
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    assert done_stages(membership) == [1]


def test_sequential_stages_wait_for_the_one_before_and_the_sign_off_finishes_the_track(make_cohort, person):
    cohort = make_cohort()
    ben = person("ben")
    membership = accepted(cohort, ben)
    facilitator = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    third = cohort.track.stages.get(order=3)

    assert api.sign_off(membership, facilitator, third.pk, "Ran a great event") is None
    progress.record_fact(ben.pk, Requirement.COURSE_GRADE, COURSE_TWO, 0.65)
    progress.record_fact(ben.pk, Requirement.COURSE_GRADE, COURSE_TWO, 0.9)
    assert done_stages(membership) == []  # stage 1 is not done, so 2 and 3 are locked

    progress.record_fact(ben.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ben.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    assert done_stages(membership) == [1]

    api.assign_mentor(membership, facilitator, "mateo")
    membership.refresh_from_db()
    _check_in, problem = api.log_check_in(membership, ben, timezone.localdate(), 60, notes="Planning")
    assert problem is None
    assert done_stages(membership) == [1, 2, 3]
    membership.refresh_from_db()
    assert membership.status == Membership.GRADUATED


def test_a_lower_grade_later_neither_undoes_a_stage_nor_adds_a_fact(make_cohort, person):
    cohort = make_cohort()
    cy = person("cy")
    membership = accepted(cohort, cy)
    assert progress.record_fact(cy.pk, Requirement.COURSE_GRADE, COURSE_TWO, 0.8)
    assert not progress.record_fact(cy.pk, Requirement.COURSE_GRADE, COURSE_TWO, 0.5)
    assert ProgressFact.objects.filter(user=cy).count() == 1
    assert membership.status == Membership.ACTIVE


def test_rebuilding_a_cohort_stores_the_rows_the_events_stored(make_cohort, person):
    cohort = make_cohort(capacity=20)
    start = timezone.now() - timedelta(days=30)
    members = []
    for number in range(6):
        user = person(f"member{number}")
        members.append(accepted(cohort, user))
        when = start + timedelta(days=number)
        progress.record_fact(user.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1, reached_at=when)
        if number % 2:
            progress.record_fact(user.pk, Requirement.BLOCK_DONE, EXERCISE, 1, reached_at=when + timedelta(hours=3))
        progress.record_fact(user.pk, Requirement.COURSE_GRADE, COURSE_TWO, 0.5 + number / 10, reached_at=when)

    def rows():
        return sorted(
            StageProgress.objects.filter(membership__cohort=cohort).values_list("membership_id", "stage_id", "done_at")
        )

    by_events = rows()
    assert by_events
    api.rebuild_cohort(cohort)
    assert rows() == by_events


def test_queries_per_event_do_not_grow_with_the_cohort(make_cohort, person):
    cohort = make_cohort(capacity=100)
    users = [person(f"p{number}") for number in range(30)]
    for user in users:
        accepted(cohort, user)

    def queries_for(user):
        with CaptureQueriesContext(connection) as captured:
            progress.record_fact(user.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
        return len(captured)

    first = queries_for(users[0])
    last = queries_for(users[-1])
    assert first == last
    assert first <= 12


def test_platform_grade_and_badge_events_and_our_signals_become_facts(make_cohort, person, badge_class):
    from openedx_events.learning.data import PersistentCourseGradeData  # noqa: PLC0415
    from openedx_events.learning.signals import PERSISTENT_GRADE_SUMMARY_CHANGED  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_badges.awarding import announce_award, award_badge  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_exercises.signals import exercises_passed  # noqa: PLC0415

    ana = person("ana")
    third = make_cohort().track.stages.get(order=3)
    Requirement.objects.create(stage=third, kind=Requirement.BADGE_HELD, key=badge_class.slug)
    Requirement.objects.create(stage=third, kind=Requirement.BLOCK_SCORE, key=EXERCISE, threshold=0.8)
    Requirement.objects.create(stage=third, kind=Requirement.COURSE_PASSED, key=COURSE_TWO)
    passed_at = timezone.now() - timedelta(days=2)
    passing(ana, "course-v1:Other+Course+2027")  # no track asks for it: not kept
    PERSISTENT_GRADE_SUMMARY_CHANGED.send_event(
        grade=PersistentCourseGradeData(
            user_id=ana.pk,
            course=CourseData(course_key=CourseKey.from_string(COURSE_TWO)),
            course_edited_timestamp=passed_at,
            course_version="1",
            grading_policy_hash="h",
            percent_grade=0.82,
            letter_grade="Pass",
            passed_timestamp=passed_at,
        )
    )
    attempt = ExerciseAttempt.objects.create(
        user=ana,
        usage_key=EXERCISE,
        wiki="demo",
        started_at=passed_at,
        status="passed",
        checked_at=passed_at,
        published_score=1.0,
    )
    exercises_passed.send(sender=ExerciseAttempt, attempts=[attempt])
    announce_award(award_badge(badge_class, ana)[0])

    facts = set(ProgressFact.objects.filter(user=ana).values_list("kind", "key", "value"))
    assert facts == {
        (Requirement.COURSE_GRADE, COURSE_TWO, 0.82),
        (Requirement.COURSE_PASSED, COURSE_TWO, 1.0),
        (Requirement.BLOCK_DONE, EXERCISE, 1.0),
        (Requirement.BLOCK_SCORE, EXERCISE, 1.0),
        (Requirement.BADGE_HELD, badge_class.slug, 1.0),
    }
    assert ProgressFact.objects.get(user=ana, kind=Requirement.COURSE_PASSED).reached_at == passed_at


def test_a_finished_stage_earns_the_badge_its_rule_names_and_graduation_the_tracks(make_cohort, person, badge_class):
    from wikiskills.integrations.wikiskills_badges.models import Award, AwardRule  # noqa: PLC0415

    cohort = make_cohort()
    first = cohort.track.stages.get(order=1)
    AwardRule.objects.create(badge_class=badge_class, trigger=AwardRule.TRACK_STAGE_COMPLETED, course_key=first.key)
    ana = person("ana")
    membership = accepted(cohort, ana)
    progress.record_fact(ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    award = Award.objects.get(recipient=ana)
    assert award.course_key == first.key == "track-v1:organizers+stage@1"
    assert "Foundations" in award.evidence[0]["narrative"]
    assert [entry["badges"] for entry in api.my_tracks(ana)] == [[award]]
    assert done_stages(membership) == [1]


def test_a_member_who_joins_late_gets_credit_for_what_they_did_before(make_cohort, person):
    cohort = make_cohort()
    ana = person("ana")
    progress.record_fact(ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    membership = accepted(cohort, ana)
    assert done_stages(membership) == [1]


def test_course_completion_is_read_daily_since_the_platform_sends_no_event_for_it(make_cohort, person, monkeypatch):
    from wikiskills.integrations import openedx_compat  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_tracks import tasks  # noqa: PLC0415

    cohort = make_cohort()
    first = cohort.track.stages.get(order=1)
    first.requirements.all().delete()
    Requirement.objects.create(stage=first, kind=Requirement.COURSE_COMPLETION, key=COURSE_ONE, threshold=0.8)
    ana, ben = person("ana"), person("ben")
    ana_membership, ben_membership = accepted(cohort, ana), accepted(cohort, ben)
    # Mocked: completion-aggregator, the platform plugin that keeps completion, cannot run here.
    now = timezone.now()
    monkeypatch.setattr(
        openedx_compat,
        "course_completions",
        lambda user_ids, course_keys: [(ana.pk, COURSE_ONE, 0.85, now), (ben.pk, COURSE_ONE, 0.4, now)],
    )
    assert tasks.refresh_completion() == 2
    assert tasks.refresh_completion() == 0  # the same answer again adds nothing
    assert done_stages(ana_membership) == [1]
    assert done_stages(ben_membership) == []
