"""The tracks admin: pages render, requirements are checked, tracks are copied, staff are added with an audit,
progress is rebuilt, and support's tables are read-only."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.support.tracks_fixtures import COURSE_ONE, EXERCISE
from wikiskills.integrations.wikiskills_tracks import api, progress
from wikiskills.integrations.wikiskills_tracks.admin import RequirementForm
from wikiskills.integrations.wikiskills_tracks.models import (
    CourseSync,
    Membership,
    MembershipEvent,
    ProgressFact,
    Requirement,
    Stage,
    StageProgress,
    Track,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/wikiskills_tracks/"


@pytest.fixture
def admin_client(django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client = Client()
    client.force_login(superuser)
    client.user = superuser
    return client


@pytest.fixture
def cohort_with_progress(make_cohort, person, django_user_model):
    """A cohort where ana finished stage 1."""
    cohort = make_cohort()
    fatima = django_user_model.objects.get(username="fatima")
    ana = person("ana")
    assert api.apply(cohort, ana, ["Because."]) is None
    membership = Membership.objects.get(cohort=cohort, user=ana)
    assert api.decide(membership, fatima, api.ACCEPT) is None
    progress.record_fact(ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    CourseSync.objects.create(membership=membership, course_key=COURSE_ONE, enrolled=True)
    assert StageProgress.objects.filter(membership=membership).count() == 1
    return cohort


def test_every_page_renders_for_a_superuser(admin_client, cohort_with_progress):
    track = cohort_with_progress.track
    stage = track.stages.get(order=1)
    pages = [
        *(f"{ADMIN}{model}/" for model in ("track", "stage", "cohort", "membershipevent", "progressfact")),
        f"{ADMIN}stageprogress/",
        f"{ADMIN}coursesync/",
        f"{ADMIN}track/add/",
        f"{ADMIN}stage/add/",
        f"{ADMIN}cohort/add/",
        f"{ADMIN}track/{track.pk}/change/",
        f"{ADMIN}stage/{stage.pk}/change/",
        f"{ADMIN}cohort/{cohort_with_progress.pk}/change/",
        f"{ADMIN}membershipevent/{MembershipEvent.objects.first().pk}/change/",
        f"{ADMIN}progressfact/{ProgressFact.objects.first().pk}/change/",
        f"{ADMIN}stageprogress/{StageProgress.objects.first().pk}/change/",
        f"{ADMIN}coursesync/{CourseSync.objects.first().pk}/change/",
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
    track_page = admin_client.get(f"{ADMIN}track/{track.pk}/change/").content.decode()
    assert "track-v1:organizers" in track_page
    assert "track-v1:organizers+stage@1" in track_page
    assert "Cohort track finished" in track_page
    stage_page = admin_client.get(f"{ADMIN}stage/{stage.pk}/change/").content.decode()
    assert "track-v1:organizers+stage@1" in stage_page
    assert "Cohort track stage completed" in stage_page


def test_support_tables_are_read_only(admin_client, cohort_with_progress):
    for model in ("membershipevent", "progressfact", "stageprogress", "coursesync"):
        assert admin_client.get(f"{ADMIN}{model}/add/").status_code == 403, model
    fact = ProgressFact.objects.first()
    response = admin_client.post(f"{ADMIN}progressfact/{fact.pk}/change/", {"value": 0})
    assert response.status_code == 403
    fact.refresh_from_db()
    assert fact.value == 1


def requirement_errors(**data):
    form = RequirementForm(data={"kind": "", "key": "", "threshold": 1, "label": "", **data})
    return {} if form.is_valid() else form.errors


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": Requirement.COURSE_PASSED, "key": "Lead101"}, "key"),
        ({"kind": Requirement.COURSE_GRADE, "key": "", "threshold": 0.7}, "key"),
        ({"kind": Requirement.COURSE_GRADE, "key": COURSE_ONE, "threshold": 70}, "threshold"),
        ({"kind": Requirement.COURSE_COMPLETION, "key": COURSE_ONE, "threshold": -0.1}, "threshold"),
        ({"kind": Requirement.BLOCK_DONE, "key": "first_edit"}, "key"),
        ({"kind": Requirement.BLOCK_DONE, "key": COURSE_ONE}, "key"),
        ({"kind": Requirement.BLOCK_SCORE, "key": EXERCISE, "threshold": 2}, "threshold"),
        ({"kind": Requirement.MENTORING_MINUTES, "threshold": 0}, "threshold"),
        ({"kind": Requirement.MENTORING_MINUTES, "key": "mateo", "threshold": 2}, "key"),
        ({"kind": Requirement.SIGN_OFF, "key": "fatima"}, "key"),
        ({"kind": Requirement.BADGE_HELD, "key": "no-such-badge"}, "key"),
        ({"kind": Requirement.BADGE_HELD, "key": ""}, "key"),
    ],
)
def test_a_requirement_that_can_never_be_met_is_refused(data, field):
    errors = requirement_errors(**data)
    assert list(errors) == [field]
    assert errors[field][0]  # a sentence saying what to enter


@pytest.mark.parametrize(
    "data",
    [
        {"kind": Requirement.COURSE_PASSED, "key": COURSE_ONE},
        {"kind": Requirement.COURSE_GRADE, "key": COURSE_ONE, "threshold": 0.7},
        {"kind": Requirement.BLOCK_DONE, "key": EXERCISE},
        {"kind": Requirement.BLOCK_SCORE, "key": EXERCISE, "threshold": 0.5},
        {"kind": Requirement.MENTORING_MINUTES, "threshold": 1.5},
        {"kind": Requirement.SIGN_OFF},
        {"kind": Requirement.BADGE_HELD, "key": "first-citation"},
        {"kind": Requirement.BADGE_HELD, "key": "https://badges.example.org:first-aid"},
    ],
)
def test_good_requirements_are_taken(badge_class, data):
    assert requirement_errors(**data) == {}


def requirement_formset(rows, initial=0):
    data = {
        "requirements-TOTAL_FORMS": str(len(rows)),
        "requirements-INITIAL_FORMS": str(initial),
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"requirements-{number}-{name}": value for name, value in row.items()})
    return data


def test_the_stage_admin_refuses_a_bad_requirement_and_warns_about_a_stage_without_any(admin_client, leadership_track):
    stage_fields = {"track": leadership_track.pk, "order": 4, "title": "Mentoring others", "link": "", "titles": "{}"}

    refused = admin_client.post(
        f"{ADMIN}stage/add/",
        {
            **stage_fields,
            **requirement_formset([{"kind": Requirement.COURSE_PASSED, "key": "Lead101", "threshold": 1}]),
        },
    )
    assert refused.status_code == 200  # the form again, with the error
    assert "Enter a course key" in refused.content.decode()
    assert not Stage.objects.filter(order=4).exists()

    saved = admin_client.post(f"{ADMIN}stage/add/", {**stage_fields, **requirement_formset([])})
    assert saved.status_code == 302
    warnings = [str(message) for message in get_messages(saved.wsgi_request) if message.level_tag == "warning"]
    assert warnings == ["The stage “Mentoring others” has no requirement, so nobody can ever finish it. Add one."]


def test_copying_a_track_copies_its_courses_stages_and_requirements(admin_client, leadership_track):
    def copy():
        return admin_client.post(f"{ADMIN}track/", {"action": "copy_tracks", "_selected_action": [leadership_track.pk]})

    assert copy().status_code == 302
    assert copy().status_code == 302

    first, second = Track.objects.get(slug="organizers-copy"), Track.objects.get(slug="organizers-copy-2")
    for track in (first, second):
        assert track.title == leadership_track.title
        assert track.titles == leadership_track.titles
        assert list(track.courses.values_list("course_key", "weight", "order")) == list(
            leadership_track.courses.values_list("course_key", "weight", "order")
        )

        def requirements(of):
            return list(
                Requirement.objects.filter(stage__track=of)
                .order_by("stage__order", "pk")
                .values_list("stage__order", "stage__title", "kind", "key", "threshold", "label")
            )

        assert requirements(track) == requirements(leadership_track)
        assert len(requirements(track)) == 5
    assert Requirement.objects.filter(stage__track=leadership_track).count() == 5  # the original is untouched


def test_rebuilding_progress_from_the_admin(admin_client, cohort_with_progress):
    before = list(StageProgress.objects.values_list("membership_id", "stage_id", "done_at"))
    StageProgress.objects.all().delete()

    response = admin_client.post(
        f"{ADMIN}cohort/", {"action": "rebuild_progress", "_selected_action": [cohort_with_progress.pk]}
    )

    assert response.status_code == 302
    assert list(StageProgress.objects.values_list("membership_id", "stage_id", "done_at")) == before


def cohort_form(cohort, rows):
    """The cohort change form as the browser posts it, with the people inline."""
    data = {
        "track": cohort.track_id,
        "name": cohort.name,
        "language": cohort.language,
        "region": cohort.region,
        "time_zone": cohort.time_zone,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "capacity": cohort.capacity,
        "mode": cohort.mode,
        "status": cohort.status,
        "questions": '["Why do you want to organize events?"]',
        "stalled_after_days": cohort.stalled_after_days,
    }
    existing = list(cohort.memberships.order_by("pk"))
    data.update(
        {
            "memberships-TOTAL_FORMS": str(len(existing) + len(rows)),
            "memberships-INITIAL_FORMS": str(len(existing)),
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        }
    )
    for number, membership in enumerate(existing):
        data.update(
            {
                f"memberships-{number}-id": membership.pk,
                f"memberships-{number}-cohort": cohort.pk,
                f"memberships-{number}-user": membership.user_id,
                f"memberships-{number}-role": membership.role,
            }
        )
    for number, row in enumerate(rows, start=len(existing)):
        data.update(
            {f"memberships-{number}-cohort": cohort.pk, **{f"memberships-{number}-{k}": v for k, v in row.items()}}
        )
    return data


def test_staff_added_in_the_admin_are_audited_and_members_cannot_be_added(admin_client, make_cohort, person):
    cohort = make_cohort()
    rui = person("rui")

    refused = admin_client.post(
        f"{ADMIN}cohort/{cohort.pk}/change/", cohort_form(cohort, [{"user": rui.pk, "role": Membership.MEMBER}])
    )
    assert refused.status_code == 200
    assert not Membership.objects.filter(user=rui).exists()

    saved = admin_client.post(
        f"{ADMIN}cohort/{cohort.pk}/change/", cohort_form(cohort, [{"user": rui.pk, "role": Membership.MENTOR}])
    )
    assert saved.status_code == 302
    membership = Membership.objects.get(cohort=cohort, user=rui)
    assert (membership.role, membership.status) == (Membership.MENTOR, Membership.ACTIVE)
    event = MembershipEvent.objects.get(membership=membership)
    assert (event.actor, event.to_status, event.reason) == (admin_client.user, Membership.ACTIVE, Membership.MENTOR)


def test_bringing_a_cohorts_courses_in_step_after_a_course_is_added(
    admin_client, cohort_with_progress, django_capture_on_commit_callbacks
):
    new_course = "course-v1:Wikimedia+Lead103+2027"
    cohort_with_progress.track.courses.create(course_key=new_course, order=3)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{ADMIN}cohort/", {"action": "sync_courses", "_selected_action": [cohort_with_progress.pk]}
        )

    assert response.status_code == 302
    synced = CourseSync.objects.get(course_key=new_course)
    assert (synced.membership.user.username, synced.enrolled, synced.in_course_cohort) == ("ana", True, True)
