"""The cohort tracks REST API (``/api/tracks/v1/``): who may see and do what, joining, deciding, check-ins, CSRF."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from rest_framework.test import APIClient

from tests.support.tracks_fixtures import accepted
from wikiskills.integrations.wikiskills_tracks import api, rest
from wikiskills.integrations.wikiskills_tracks.messages import PROBLEMS
from wikiskills.integrations.wikiskills_tracks.models import CheckIn, Cohort, Membership, MembershipEvent

pytestmark = pytest.mark.django_db

BASE = "/api/tracks/v1/"
ACTORS = ["anonymous", "member", "other_member", "mentor", "other_facilitator", "facilitator", "staff"]


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(make_cohort, person, django_user_model):
    """A running cohort (facilitator fatima, mentor mateo) with ana (mentored by mateo), ben and cara applying;
    another cohort run by omar; and a global staff member."""
    cohort = make_cohort()
    other_cohort = make_cohort(name="Organizers 2027 (ar)", facilitator="omar", mentor="olga")
    fatima = django_user_model.objects.get(username="fatima")
    ana, ben, cara = person("ana"), person("ben"), person("cara")
    membership = accepted(cohort, ana)
    assert api.assign_mentor(membership, fatima, "mateo") is None
    other_membership = accepted(cohort, ben)
    assert api.apply(cohort, cara, ["I want to learn."]) is None
    staff = django_user_model.objects.create_user("stella", "stella@example.org", "pw", is_staff=True)
    users = {
        "anonymous": None,
        "member": ana,
        "other_member": ben,
        "mentor": django_user_model.objects.get(username="mateo"),
        "other_facilitator": django_user_model.objects.get(username="omar"),
        "facilitator": fatima,
        "staff": staff,
    }
    return SimpleNamespace(
        cohort=cohort,
        other_cohort=other_cohort,
        membership=api.membership(membership.pk),
        other_membership=other_membership,
        applicant=Membership.objects.get(cohort=cohort, user=cara),
        users=users,
    )


def expect(actor, allowed, *, refused=404):
    """The status an actor gets: 401/403 anonymous, ``allowed`` for those who may, ``refused`` for the rest."""
    return allowed.get(actor, refused)


def assert_status(response, expected, actor):
    if expected == "anonymous":
        assert response.status_code in (401, 403), (actor, response.content)
    else:
        assert response.status_code == expected, (actor, response.status_code, response.content)


SEE_MEMBER = {"member": 200, "mentor": 200, "facilitator": 200, "staff": 200}
RUNS = {"facilitator": 200, "staff": 200}
EVERYONE = {actor: 200 for actor in ACTORS if actor != "anonymous"}


@pytest.mark.parametrize("actor", ACTORS)
def test_read_permission_matrix(world, actor):
    client = client_for(world.users[actor])
    member = world.membership.pk
    cases = [
        (f"{BASE}tracks/", EVERYONE),
        (f"{BASE}tracks/organizers/", EVERYONE),
        (f"{BASE}cohorts/{world.cohort.pk}/", EVERYONE),
        (f"{BASE}mine/", EVERYONE),
        (f"{BASE}cohorts/{world.cohort.pk}/memberships/", RUNS),
        (f"{BASE}memberships/{member}/", SEE_MEMBER),
        (f"{BASE}memberships/{member}/check-ins/", SEE_MEMBER),
        # The mentor sees their mentee, not the cohort's other members.
        (f"{BASE}memberships/{world.other_membership.pk}/", {"other_member": 200, **RUNS}),
        (f"{BASE}memberships/{world.other_membership.pk}/check-ins/", {"other_member": 200, **RUNS}),
    ]
    for url, allowed in cases:
        expected = "anonymous" if actor == "anonymous" else expect(actor, allowed)
        assert_status(client.get(url), expected, f"{actor} GET {url}")


@pytest.mark.parametrize("actor", ACTORS)
def test_counts_and_application_answers_only_for_who_runs_the_cohort(world, actor):
    if actor == "anonymous":
        return
    client = client_for(world.users[actor])
    runs = actor in RUNS
    cohort = client.get(f"{BASE}cohorts/{world.cohort.pk}/").json()
    assert ("counts" in cohort) is runs
    if runs:
        assert cohort["counts"]["active"] == 2
        assert cohort["counts"]["pending"] == 1
    detail = client.get(f"{BASE}memberships/{world.membership.pk}/")
    if detail.status_code == 200:
        assert ("answers" in detail.json()) is runs


WRITES = {
    # name: (path after memberships/<id>/, body, which membership, allowed statuses; the rest are 404 or 403)
    "check_in": ("check-ins/", {"minutes": 30, "notes": "Planning"}, "membership", {**SEE_MEMBER, "member": 201}),
    "decision": ("decision", {"decision": "accept", "message": "Welcome"}, "applicant", RUNS),
    "remove": ("remove", {"reason": "Asked to leave"}, "membership", RUNS),
    "withdraw": ("withdraw", {}, "membership", {"member": 200}),
}
# Who may see the membership but not do the action: 403, not 404.
SEES_BUT_MAY_NOT = {
    "check_in": {},
    "decision": {},
    "remove": {"member": 403, "mentor": 403},
    "withdraw": {"mentor": 403, "facilitator": 403, "staff": 403},
}


@pytest.mark.parametrize("action", list(WRITES))
@pytest.mark.parametrize("actor", ACTORS)
def test_write_permission_matrix(world, actor, action):
    suffix, body, which, allowed = WRITES[action]
    allowed = {**allowed, **({"mentor": 201, "facilitator": 201, "staff": 201} if action == "check_in" else {})}
    membership = getattr(world, which)
    if action == "check_in":
        body = {**body, "met_on": timezone.localdate().isoformat()}
    events_before = MembershipEvent.objects.count()
    response = client_for(world.users[actor]).post(f"{BASE}memberships/{membership.pk}/{suffix}", body, format="json")
    expected = "anonymous" if actor == "anonymous" else expect(actor, {**SEES_BUT_MAY_NOT[action], **allowed})
    assert_status(response, expected, f"{actor} {action}")
    if response.status_code >= 400 and actor != "anonymous":
        assert set(response.json()) == {"error", "message"}
    succeeded = response.status_code in (200, 201)
    if action == "check_in":
        assert CheckIn.objects.filter(membership=membership).exists() is succeeded
    else:
        assert (MembershipEvent.objects.count() > events_before) is succeeded


def test_the_applicant_cannot_decide_on_their_own_application(world):
    response = client_for(world.applicant.user).post(
        f"{BASE}memberships/{world.applicant.pk}/decision", {"decision": "accept"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"] == "not_allowed"
    world.applicant.refresh_from_db()
    assert world.applicant.status == Membership.APPLIED


def test_a_facilitator_of_another_cohort_sees_nothing_of_this_one(world):
    omar = client_for(world.users["other_facilitator"])
    assert omar.get(f"{BASE}cohorts/{world.cohort.pk}/memberships/").status_code == 404
    assert omar.get(f"{BASE}cohorts/{world.other_cohort.pk}/memberships/").status_code == 200
    missing = omar.get(f"{BASE}memberships/999999/")
    hidden = omar.get(f"{BASE}memberships/{world.membership.pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()  # nothing tells a hidden membership from a missing one


def test_the_mentor_logs_check_ins_of_their_mentee_only(world):
    mateo = client_for(world.users["mentor"])
    today = timezone.localdate().isoformat()
    logged = mateo.post(
        f"{BASE}memberships/{world.membership.pk}/check-ins/",
        {"met_on": today, "minutes": 45, "notes": "Budget", "next_step": "Book a room"},
        format="json",
    )
    assert logged.status_code == 201
    assert logged.json()["minutes"] == 45
    assert logged.json()["author"] == "mateo"
    listed = client_for(world.users["member"]).get(f"{BASE}memberships/{world.membership.pk}/check-ins/").json()
    assert [(row["minutes"], row["next_step"]) for row in listed["check_ins"]] == [(45, "Book a room")]
    refused = mateo.post(
        f"{BASE}memberships/{world.other_membership.pk}/check-ins/", {"met_on": today, "minutes": 45}, format="json"
    )
    assert refused.status_code == 404


def test_no_check_in_before_a_mentor_is_assigned(world):
    response = client_for(world.users["other_member"]).post(
        f"{BASE}memberships/{world.other_membership.pk}/check-ins/",
        {"met_on": timezone.localdate().isoformat(), "minutes": 30},
        format="json",
    )
    assert response.status_code == 403


def test_apply_then_accept_through_the_api(make_cohort, person, django_user_model):
    cohort = make_cohort()
    dara = person("dara")
    fatima = client_for(django_user_model.objects.get(username="fatima"))

    questions = client_for(dara).get(f"{BASE}cohorts/{cohort.pk}/").json()["questions"]
    applied = client_for(dara).post(
        f"{BASE}cohorts/{cohort.pk}/memberships/",
        {"action": "apply", "answers": ["To run edit-a-thons in Lagos." for _question in questions]},
        format="json",
    )
    assert applied.status_code == 201
    assert applied.json()["status"] == Membership.APPLIED
    assert client_for(dara).get(f"{BASE}cohorts/{cohort.pk}/").json()["membership"]["status"] == "applied"

    waiting = fatima.get(f"{BASE}cohorts/{cohort.pk}/memberships/?status=applied").json()
    assert [row["username"] for row in waiting["results"]] == ["dara"]
    membership_id = waiting["results"][0]["id"]
    assert fatima.get(f"{BASE}memberships/{membership_id}/").json()["answers"][0]["answer"] == (
        "To run edit-a-thons in Lagos."
    )

    decided = fatima.post(
        f"{BASE}memberships/{membership_id}/decision", {"decision": "accept", "message": "Welcome!"}, format="json"
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == Membership.ACTIVE
    assert [stage["state"] for stage in decided.json()["stages"]] == ["open", "locked", "locked"]

    again = fatima.post(f"{BASE}memberships/{membership_id}/decision", {"decision": "accept"}, format="json")
    assert (again.status_code, again.json()["error"]) == (403, "not_pending")

    mine = client_for(dara).get(f"{BASE}mine/").json()["memberships"]
    assert [(entry["cohort"], entry["status"], entry["stages_done"]) for entry in mine] == [(cohort.pk, "active", 0)]
    assert mine[0]["next_stage"] == cohort.track.stages.get(order=1).key

    stages = client_for(dara).get(f"{BASE}memberships/{membership_id}/").json()["stages"]
    assert stages[0]["key"] == "track-v1:organizers+stage@1"
    assert [requirement["kind"] for requirement in stages[0]["requirements"]] == ["course_passed", "block_done"]
    assert "answers" not in client_for(dara).get(f"{BASE}memberships/{membership_id}/").json()

    withdrawn = client_for(dara).post(f"{BASE}memberships/{membership_id}/withdraw", {}, format="json")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, Membership.WITHDRAWN)


def test_the_catalogue_lists_stages_courses_and_cohorts_taking_people(make_cohort, person):
    cohort = make_cohort(capacity=3)
    planned = make_cohort(name="Next year", status=Cohort.PLANNED)
    eve = client_for(person("eve"))
    assert eve.get(f"{BASE}cohorts/{planned.pk}/").status_code == 404  # not announced yet
    assert eve.post(f"{BASE}cohorts/{planned.pk}/memberships/", {"action": "join"}, format="json").status_code == 404
    assert (
        client_for(planned.memberships.get(role=Membership.FACILITATOR).user)
        .get(f"{BASE}cohorts/{planned.pk}/")
        .json()["counts"]["capacity"]
        == 10
    )
    response = eve.get(f"{BASE}tracks/")
    (track,) = response.json()["tracks"]
    assert track["key"] == "track-v1:organizers"
    assert track["courses"] == [
        {"course_key": "course-v1:Wikimedia+Lead101+2027", "weight": 1},
        {"course_key": "course-v1:Wikimedia+Lead102+2027", "weight": 2},
    ]
    assert [(stage["order"], stage["key"]) for stage in track["stages"]] == [
        (1, "track-v1:organizers+stage@1"),
        (2, "track-v1:organizers+stage@2"),
        (3, "track-v1:organizers+stage@3"),
    ]
    assert track["stages"][1]["requirements"][0] == {
        "kind": "course_grade",
        "key": "course-v1:Wikimedia+Lead102+2027",
        "threshold": 0.7,
        "label": "Course grade at least course-v1:Wikimedia+Lead102+2027",
    }
    assert [(row["id"], row["seats_left"], row["mode"]) for row in track["cohorts"]] == [(cohort.pk, 3, "application")]
    one = client_for(person("fred")).get(f"{BASE}tracks/organizers/")
    assert one.json() == track
    assert client_for(person("gil")).get(f"{BASE}tracks/nothing-here/").status_code == 404


def test_an_open_cohort_seats_then_waitlists(make_cohort, person):
    cohort = make_cohort(mode=Cohort.OPEN, capacity=1)
    url = f"{BASE}cohorts/{cohort.pk}/memberships/"
    first = client_for(person("ida")).post(url, {"action": "join"}, format="json")
    second = client_for(person("jo")).post(url, {"action": "join"}, format="json")
    assert (first.status_code, first.json()["status"]) == (201, Membership.ACTIVE)
    assert (second.status_code, second.json()["status"]) == (201, Membership.WAITLISTED)
    again = client_for(Membership.objects.get(pk=first.json()["id"]).user).post(url, {"action": "join"}, format="json")
    assert (again.status_code, again.json()["error"]) == (403, "already_in")


def test_accepting_into_a_full_cohort_is_refused_with_the_message(make_cohort, person, django_user_model):
    cohort = make_cohort(capacity=1)
    fatima = django_user_model.objects.get(username="fatima")
    accepted(cohort, person("kim"))
    assert api.apply(cohort, person("lee"), ["Please."]) is None
    waiting = Membership.objects.get(cohort=cohort, user__username="lee")

    response = client_for(fatima).post(
        f"{BASE}memberships/{waiting.pk}/decision", {"decision": "accept"}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {"error": "cohort_full", "message": PROBLEMS["cohort_full"]}
    waiting.refresh_from_db()
    assert waiting.status == Membership.APPLIED


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"action": "apply"}, "answers_missing"),
        ({"action": "apply", "answers": "one answer"}, "answers_missing"),
        ({"action": "apply", "answers": ["  "]}, "answers_missing"),
        ({"action": "enrol"}, "bad_choice"),
        ({}, "bad_choice"),
        (["apply"], "bad_choice"),
    ],
)
def test_bad_input_answers_400_with_the_message(make_cohort, person, body, code):
    cohort = make_cohort()
    response = client_for(person("max")).post(f"{BASE}cohorts/{cohort.pk}/memberships/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"error": code, "message": PROBLEMS[code]}
    assert not Membership.objects.filter(user__username="max").exists()


def test_bad_check_ins_decisions_and_removals_answer_400(world):
    fatima = client_for(world.users["facilitator"])
    url = f"{BASE}memberships/{world.membership.pk}/"
    today = timezone.localdate().isoformat()
    for body, code in [
        ({"met_on": today, "minutes": 0}, "bad_minutes"),
        ({"met_on": today, "minutes": "an hour"}, "bad_minutes"),
        ({"met_on": "yesterday", "minutes": 30}, "bad_date"),
        ({"minutes": 30}, "bad_date"),
    ]:
        response = fatima.post(f"{url}check-ins/", body, format="json")
        assert (response.status_code, response.json()["error"]) == (400, code), body
    response = fatima.post(f"{BASE}memberships/{world.applicant.pk}/decision", {"decision": "maybe"}, format="json")
    assert (response.status_code, response.json()["error"]) == (400, "bad_choice")
    response = fatima.post(f"{url}remove", {"reason": "  "}, format="json")
    assert (response.status_code, response.json()["error"]) == (400, "reason_missing")
    assert not CheckIn.objects.exists()


def test_nominations(make_cohort, person):
    cohort = make_cohort(mode=Cohort.NOMINATION)
    nina, omid = person("nina"), person("omid")
    url = f"{BASE}cohorts/{cohort.pk}/memberships/"
    client = client_for(nina)
    unknown = client.post(url, {"action": "nominate", "username": "nobody", "reasons": "Great"}, format="json")
    assert (unknown.status_code, unknown.json()["error"]) == (400, "unknown_person")
    no_reasons = client.post(url, {"action": "nominate", "username": "omid"}, format="json")
    assert (no_reasons.status_code, no_reasons.json()["error"]) == (400, "reasons_missing")
    nominated = client.post(url, {"action": "nominate", "username": "omid", "reasons": "Runs meetups"}, format="json")
    assert nominated.status_code == 201
    assert nominated.json() == {"nominee": "omid", "status": "asked"}
    assert api.pending_nominations(omid)[0].nominator == nina
    closed = client_for(omid).post(url, {"action": "apply", "answers": ["x"]}, format="json")
    assert (closed.status_code, closed.json()["error"]) == (403, "not_open")


def test_the_roster_is_paged_in_a_constant_number_of_queries(make_cohort, person, django_user_model):
    cohort = make_cohort(capacity=20)
    fatima = django_user_model.objects.get(username="fatima")
    for number in range(6):
        accepted(cohort, person(f"m{number}"))
    client = client_for(fatima)
    url = f"{BASE}cohorts/{cohort.pk}/memberships/"

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{url}?limit={limit}")
        assert response.status_code == 200
        return response.json(), len(captured)

    two, two_queries = queries(2)
    six, six_queries = queries(6)
    assert two["count"] == six["count"] == 6
    assert len(two["results"]) == 2
    assert two["next"]
    assert [row["username"] for row in six["results"]] == [f"m{number}" for number in range(6)]
    assert six["results"][0]["stages_done"] == 0
    assert two_queries == six_queries
    bad = client.get(f"{url}?status=everyone")
    assert (bad.status_code, bad.json()["error"]) == (400, "bad_choice")


def test_reads_never_write(world):
    for actor in ("member", "facilitator"):
        client = client_for(world.users[actor])
        for url in (
            f"{BASE}tracks/",
            f"{BASE}cohorts/{world.cohort.pk}/",
            f"{BASE}memberships/{world.membership.pk}/",
            f"{BASE}memberships/{world.membership.pk}/check-ins/",
            f"{BASE}mine/",
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            writes = [q["sql"] for q in captured if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
            assert writes == [], url


def test_messages_go_through_gettext(make_cohort, person, monkeypatch):
    cohort = make_cohort()
    monkeypatch.setattr(rest, "gettext", lambda text: f"[es] {text}")
    response = client_for(person("pia")).post(
        f"{BASE}cohorts/{cohort.pk}/memberships/", {"action": "apply"}, format="json"
    )
    assert response.json()["message"] == f"[es] {PROBLEMS['answers_missing']}"


def test_a_spanish_caller_gets_the_message_in_spanish(make_cohort, person):
    cohort = make_cohort()
    response = client_for(person("quim")).post(
        f"{BASE}cohorts/{cohort.pk}/memberships/", {"action": "apply"}, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    with translation.override("es"):
        spanish = translation.gettext(PROBLEMS["answers_missing"])
    assert spanish != PROBLEMS["answers_missing"]
    assert response.json()["message"] == spanish


def test_other_methods_and_content_types_are_refused(world):
    client = client_for(world.users["facilitator"])
    assert client.delete(f"{BASE}cohorts/{world.cohort.pk}/").status_code == 405
    assert client.get(f"{BASE}memberships/{world.membership.pk}/decision").status_code == 405
    form = client.post(f"{BASE}memberships/{world.membership.pk}/remove", "reason=x", content_type="text/plain")
    assert form.status_code == 415


def test_a_session_post_needs_the_csrf_token(make_cohort, person):
    cohort = make_cohort(mode=Cohort.OPEN)
    rosa = person("rosa")
    client = Client(enforce_csrf_checks=True)
    client.force_login(rosa)
    url = f"{BASE}cohorts/{cohort.pk}/memberships/"

    refused = client.post(url, {"action": "join"}, content_type="application/json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Membership.objects.filter(user=rosa).exists()
    assert client.get(f"{BASE}cohorts/{cohort.pk}/").status_code == 200  # reads need no token
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    accepted_response = client.post(url, {"action": "join"}, content_type="application/json", HTTP_X_CSRFTOKEN=secret)
    assert accepted_response.status_code == 201
    assert Membership.objects.get(user=rosa).status == Membership.ACTIVE
