"""Tracks fixtures: a two-course leadership track with three stages, a running cohort and its people.

``leadership_track`` is sequential: stage 1 needs the first course passed and an editing exercise
done; stage 2 needs a grade of at least 0.7 in the second course and 1 hour of mentoring; stage 3
needs a facilitator's sign-off.
"""

from datetime import date, timedelta

import pytest

COURSE_ONE = "course-v1:Wikimedia+Lead101+2027"
COURSE_TWO = "course-v1:Wikimedia+Lead102+2027"
EXERCISE = "block-v1:Wikimedia+Lead101+2027+type@wikiskills_edit_exercise+block@first_edit"


@pytest.fixture
def leadership_track(db):
    from wikiskills.integrations.wikiskills_tracks.models import Requirement, Stage, Track, TrackCourse  # noqa: PLC0415

    track = Track.objects.create(
        slug="organizers",
        title="Event organizers",
        titles={"es": "Organizadores de eventos", "ar": "منظمو الفعاليات"},
        summary="From your first edit-a-thon to running a community programme.",
        languages="en, es, ar",
        weekly_hours=3,
    )
    TrackCourse.objects.create(track=track, course_key=COURSE_ONE, order=1)
    TrackCourse.objects.create(track=track, course_key=COURSE_TWO, order=2, weight=2)
    first = Stage.objects.create(track=track, order=1, title="Foundations")
    Requirement.objects.create(stage=first, kind=Requirement.COURSE_PASSED, key=COURSE_ONE)
    Requirement.objects.create(stage=first, kind=Requirement.BLOCK_DONE, key=EXERCISE, label="Your first edit")
    second = Stage.objects.create(track=track, order=2, title="Planning an event")
    Requirement.objects.create(stage=second, kind=Requirement.COURSE_GRADE, key=COURSE_TWO, threshold=0.7)
    Requirement.objects.create(stage=second, kind=Requirement.MENTORING_MINUTES, threshold=1)
    third = Stage.objects.create(track=track, order=3, title="Running it")
    Requirement.objects.create(stage=third, kind=Requirement.SIGN_OFF)
    return track


@pytest.fixture
def make_cohort(leadership_track, django_user_model):
    """``make_cohort(mode=..., capacity=..., facilitator=..., mentor=...)``: a running cohort and its staff."""
    from wikiskills.integrations.wikiskills_tracks import api  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_tracks.models import Cohort, Membership  # noqa: PLC0415

    def make(mode=Cohort.APPLICATION, capacity=10, facilitator="fatima", mentor="mateo", **fields):
        cohort = Cohort.objects.create(
            track=leadership_track,
            name=fields.pop("name", "Organizers 2027 (es)"),
            language="es",
            starts_on=date.today() - timedelta(days=7),
            ends_on=date.today() + timedelta(days=180),
            capacity=capacity,
            mode=mode,
            status=fields.pop("status", Cohort.RUNNING),
            questions=["Why do you want to organize events?"],
            **fields,
        )
        for username, role in ((facilitator, Membership.FACILITATOR), (mentor, Membership.MENTOR)):
            if username:
                user = django_user_model.objects.get_or_create(username=username, email=f"{username}@example.org")[0]
                api.add_staff(cohort, user, role)
        return cohort

    return make


@pytest.fixture
def person(django_user_model):
    def make(username):
        return django_user_model.objects.create_user(username, f"{username}@example.org", "pw")

    return make


def accepted(cohort, user, mentor=None):
    """``user`` applies to ``cohort``, its facilitator accepts them (and gives them ``mentor``); their membership."""
    from wikiskills.integrations.wikiskills_tracks import api  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_tracks.models import Membership  # noqa: PLC0415

    assert api.apply(cohort, user, ["I ran two edit-a-thons."]) is None
    membership = Membership.objects.get(cohort=cohort, user=user)
    facilitator = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    assert api.decide(membership, facilitator, api.ACCEPT, "Welcome!") is None
    membership.refresh_from_db()
    if mentor:
        assert api.assign_mentor(membership, facilitator, mentor) is None
    membership.refresh_from_db()
    return membership
