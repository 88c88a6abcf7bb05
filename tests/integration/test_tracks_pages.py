"""The tracks pages through Django's test client: who sees what, every action's result, and the words."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.support.tracks_fixtures import COURSE_ONE, EXERCISE, accepted
from wikiskills.integrations.wikiskills_tracks import api, progress
from wikiskills.integrations.wikiskills_tracks.models import (
    CheckIn,
    Cohort,
    Invitation,
    Membership,
    Nomination,
    Requirement,
    StageProgress,
)

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "integrations" / "wikiskills_tracks" / "static" / "wikiskills_tracks"
PEOPLE = ("anonymous", "member", "other_member", "mentor", "other_facilitator", "facilitator", "staff")


def signed_in(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def flash_text(response):
    """The focused result region's words."""
    html = response.content.decode()
    match = re.search(r'id="wikiskills-tracks-result"[^>]*role="(\w+)"[^>]*>(.*?)</div>', html, re.S)
    assert match, "no result region"
    assert "data-wikiskills-focus" in html and 'tabindex="-1"' in html
    return match.group(1), " ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split())


@pytest.fixture
def world(make_cohort, person, django_user_model):
    """A cohort with a facilitator, a mentor and two members, another cohort with its facilitator, and staff."""
    cohort = make_cohort()
    other_cohort = make_cohort(name="Organizers 2027 (pt)", facilitator="olga", mentor=None)
    people = {"anonymous": None, "member": person("ana"), "other_member": person("ben")}
    membership = accepted(cohort, people["member"], mentor="mateo")
    accepted(cohort, people["other_member"])
    people["mentor"] = django_user_model.objects.get(username="mateo")
    people["facilitator"] = django_user_model.objects.get(username="fatima")
    people["other_facilitator"] = django_user_model.objects.get(username="olga")
    people["staff"] = django_user_model.objects.create_user("sam", "sam@example.org", "pw", is_staff=True)
    return {"cohort": cohort, "other_cohort": other_cohort, "membership": membership, "people": people}


def statuses(world, method, url, data=None):
    """``{person: status code}`` of one request by each person."""
    found = {}
    for name in PEOPLE:
        client = signed_in(world["people"][name])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        found[name] = response.status_code
        if name == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(settings.LOGIN_URL)
    return found


def expect(**codes):
    return {name: codes[name] for name in PEOPLE}


# Who sees what


def test_public_pages_answer_everyone(world):
    cohort = world["cohort"]
    for url in ("/tracks/", f"/tracks/cohorts/{cohort.pk}/"):
        assert set(statuses(world, "get", url).values()) == {200}


def test_the_catalogue_lists_tracks_and_cohorts_taking_people(world, make_cohort):
    make_cohort(name="Planned one", status=Cohort.PLANNED, facilitator=None, mentor=None)
    html = Client().get("/tracks/").content.decode()
    assert "Event organizers" in html
    assert "Foundations" in html and "Planning an event" in html and "Running it" in html
    assert "Organizers 2027 (es)" in html
    assert "8 seats left" in html  # 10 seats, two taken
    assert "About 3 hours a week" in html
    assert "Planned one" not in html
    assert f'href="/tracks/cohorts/{world["cohort"].pk}/"' in html


def test_pages_that_need_sign_in_send_anonymous_people_to_sign_in(world):
    for url in ("/tracks/mine/", "/tracks/mentoring/"):
        codes = statuses(world, "get", url)
        assert codes == expect(
            anonymous=302, member=200, other_member=200, mentor=200, other_facilitator=200, facilitator=200, staff=200
        )


def test_the_dashboard_and_its_csv_are_only_for_the_cohorts_facilitators_and_staff(world):
    cohort = world["cohort"]
    for url in (f"/tracks/cohorts/{cohort.pk}/dashboard/", f"/tracks/cohorts/{cohort.pk}/members.csv"):
        assert statuses(world, "get", url) == expect(
            anonymous=302, member=404, other_member=404, mentor=404, other_facilitator=404, facilitator=200, staff=200
        )


def test_the_member_page_is_for_the_member_their_mentor_facilitators_and_staff(world):
    url = f"/tracks/memberships/{world['membership'].pk}/"
    assert statuses(world, "get", url) == expect(
        anonymous=302, member=200, other_member=404, mentor=200, other_facilitator=404, facilitator=200, staff=200
    )


def test_a_missing_object_is_404(world):
    client = signed_in(world["people"]["staff"])
    for url in (
        "/tracks/cohorts/99999/",
        "/tracks/cohorts/99999/dashboard/",
        "/tracks/memberships/99999/",
        "/tracks/nominations/99999/",
        "/tracks/invitations/nothing-like-it/",
    ):
        assert client.get(url).status_code == 404, url


def test_dashboard_actions_are_only_for_the_cohorts_facilitators_and_staff(world):
    url = f"/tracks/cohorts/{world['cohort'].pk}/dashboard/act"
    data = {"action": "invite", "note": "Someone"}
    assert statuses(world, "post", url, data) == expect(
        anonymous=302, member=404, other_member=404, mentor=404, other_facilitator=404, facilitator=302, staff=302
    )
    assert Invitation.objects.filter(cohort=world["cohort"]).count() == 2


def test_member_actions_404_for_those_who_may_not_see_and_403_for_those_who_may_not_act(world):
    membership = world["membership"]
    url = f"/tracks/memberships/{membership.pk}/act"
    third = membership.cohort.track.stages.get(order=3)
    assert statuses(world, "post", url, {"action": "sign_off", "stage": third.pk, "note": "ok"}) == expect(
        anonymous=302, member=403, other_member=404, mentor=403, other_facilitator=404, facilitator=302, staff=302
    )
    assert statuses(world, "post", url, {"action": "mentor", "username": "mateo"}) == expect(
        anonymous=302, member=403, other_member=404, mentor=403, other_facilitator=404, facilitator=302, staff=302
    )
    today = timezone.localdate().isoformat()
    assert statuses(world, "post", url, {"action": "check_in", "met_on": today, "minutes": "10"}) == expect(
        anonymous=302, member=302, other_member=404, mentor=302, other_facilitator=404, facilitator=302, staff=302
    )
    assert CheckIn.objects.filter(membership=membership).count() == 4


def test_a_member_without_a_mentor_may_not_log_a_check_in(world, django_user_model):
    ben = world["people"]["other_member"]
    membership = Membership.objects.get(user=ben)
    client = signed_in(ben)
    page = client.get(f"/tracks/memberships/{membership.pk}/").content.decode()
    assert "Log a check-in" not in page
    response = client.post(f"/tracks/memberships/{membership.pk}/act", {"action": "check_in", "minutes": "5"})
    assert response.status_code == 403


def test_cohort_actions_need_sign_in(world):
    response = Client().post(f"/tracks/cohorts/{world['cohort'].pk}/act", {"action": "apply"})
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)


def test_the_nomination_page_is_only_for_the_nominee(world, make_cohort, person):
    cohort = make_cohort(mode=Cohort.NOMINATION, name="Nominated ones", facilitator="fatima", mentor=None)
    dana = person("dana")
    assert api.nominate(cohort, world["people"]["member"], dana, "She organises well.") is None
    nomination = Nomination.objects.get(nominee=dana)
    url = f"/tracks/nominations/{nomination.pk}/"
    assert signed_in(dana).get(url).status_code == 200
    codes = statuses(world, "get", url)
    assert codes == expect(
        anonymous=302, member=404, other_member=404, mentor=404, other_facilitator=404, facilitator=404, staff=404
    )
    assert signed_in(world["people"]["member"]).post(url, {"answer": "yes"}).status_code == 404
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.ASKED


def test_the_dashboard_is_linked_from_the_cohort_page_only_for_those_who_run_it(world):
    url = f"/tracks/cohorts/{world['cohort'].pk}/"
    dashboard = f"/tracks/cohorts/{world['cohort'].pk}/dashboard/"
    assert dashboard in signed_in(world["people"]["facilitator"]).get(url).content.decode()
    assert dashboard not in signed_in(world["people"]["member"]).get(url).content.decode()


def test_anonymous_people_see_a_sign_in_link_on_the_cohort_page(world):
    html = Client().get(f"/tracks/cohorts/{world['cohort'].pk}/").content.decode()
    assert "Sign in to join" in html
    assert 'name="action" value="apply"' not in html


# Flows through the pages


def test_apply_then_accept_through_the_pages_with_their_messages(
    make_cohort, person, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    cleo = person("cleo")
    fatima = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    learner, facilitator = signed_in(cleo), signed_in(fatima)

    page = learner.get(f"/tracks/cohorts/{cohort.pk}/").content.decode()
    assert '<label for="answer-0">Why do you want to organize events?</label>' in page
    response = learner.post(
        f"/tracks/cohorts/{cohort.pk}/act", {"action": "apply", "answer-0": "I ran a photo walk."}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/tracks/cohorts/{cohort.pk}/"
    assert flash_text(response) == (
        "status",
        "Thank you for applying. The facilitators will tell you their answer by email.",
    )
    assert "Status: Applied." in response.content.decode()
    assert 'value="withdraw"' in response.content.decode()

    dashboard = facilitator.get(f"/tracks/cohorts/{cohort.pk}/dashboard/").content.decode()
    assert "I ran a photo walk." in dashboard
    membership = Membership.objects.get(cohort=cohort, user=cleo)
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(
            f"/tracks/cohorts/{cohort.pk}/dashboard/act",
            {"action": "decide", "membership": membership.pk, "decision": "accept", "message": "Welcome"},
            follow=True,
        )
    role, text = flash_text(response)
    assert role == "status" and "Accepted" in text
    membership.refresh_from_db()
    assert membership.status == Membership.ACTIVE
    assert "cleo" in response.content.decode()

    mine = learner.get("/tracks/mine/").content.decode()
    assert "Organizers 2027 (es)" in mine
    assert "What to do next" in mine and "Foundations" in mine
    assert "Pass the course course-v1:Wikimedia+Lead101+2027: not met yet" in " ".join(mine.split())
    assert "Your first edit" in mine  # the label is used when set
    assert "Locked until the previous stage is done" in mine


def test_accepting_twice_says_they_are_not_waiting_and_takes_one_seat(make_cohort, person):
    cohort = make_cohort()
    cleo = person("cleo")
    api.apply(cohort, cleo, ["Because."])
    membership = Membership.objects.get(user=cleo)
    facilitator = signed_in(Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user)
    data = {"action": "decide", "membership": membership.pk, "decision": "accept"}
    first = facilitator.post(f"/tracks/cohorts/{cohort.pk}/dashboard/act", data, follow=True)
    second = facilitator.post(f"/tracks/cohorts/{cohort.pk}/dashboard/act", data, follow=True)
    assert flash_text(first)[0] == "status"
    assert flash_text(second) == ("alert", "This person is not waiting for a decision any more.")
    assert api.seats_left(cohort) == cohort.capacity - 1


def test_an_application_without_answers_is_refused_and_the_typed_answers_come_back(make_cohort, person):
    cohort = make_cohort()
    cohort.questions = ["Why?", "What did you organise?"]
    cohort.save()
    cleo = signed_in(person("cleo"))
    response = cleo.post(
        f"/tracks/cohorts/{cohort.pk}/act", {"action": "apply", "answer-0": "To learn.", "answer-1": "  "}, follow=True
    )
    assert flash_text(response) == ("alert", "Answer every question before you apply.")
    assert ">To learn.</textarea>" in response.content.decode()  # what was typed is shown again
    assert not Membership.objects.filter(cohort=cohort, role=Membership.MEMBER).exists()  # nothing half-saved
    again = cleo.get(f"/tracks/cohorts/{cohort.pk}/").content.decode()
    assert ">To learn.</textarea>" not in again  # kept for one page view only


def test_removing_without_a_reason_is_refused_and_changes_nothing(world):
    facilitator = signed_in(world["people"]["facilitator"])
    membership = world["membership"]
    response = facilitator.post(
        f"/tracks/cohorts/{world['cohort'].pk}/dashboard/act",
        {"action": "remove", "membership": membership.pk, "reason": " "},
        follow=True,
    )
    assert flash_text(response) == ("alert", "Give a reason: it is kept in the cohort&#x27;s history.")
    membership.refresh_from_db()
    assert membership.status == Membership.ACTIVE


def test_a_facilitator_cannot_act_on_another_cohorts_member_through_their_own_dashboard(world):
    other = world["people"]["other_facilitator"]
    response = signed_in(other).post(
        f"/tracks/cohorts/{world['other_cohort'].pk}/dashboard/act",
        {"action": "remove", "membership": world["membership"].pk, "reason": "Spam"},
        follow=True,
    )
    assert flash_text(response)[0] == "alert"
    world["membership"].refresh_from_db()
    assert world["membership"].status == Membership.ACTIVE


def test_messaging_the_cohort_says_how_many_were_sent_to(world, mailoutbox):
    response = signed_in(world["people"]["facilitator"]).post(
        f"/tracks/cohorts/{world['cohort'].pk}/dashboard/act",
        {"action": "message", "subject": "Meet-up", "text": "Thursday at six."},
        follow=True,
    )
    assert flash_text(response) == ("status", "Sent to 2 members.")
    empty = signed_in(world["people"]["facilitator"]).post(
        f"/tracks/cohorts/{world['cohort'].pk}/dashboard/act",
        {"action": "message", "subject": "Only a subject", "text": ""},
        follow=True,
    )
    assert flash_text(empty) == ("alert", "Write a subject and a message.")
    assert 'value="Only a subject"' in empty.content.decode()


def test_an_invitation_link_is_listed_then_joins_a_guest(world, person):
    cohort = world["cohort"]
    facilitator = signed_in(world["people"]["facilitator"])
    response = facilitator.post(
        f"/tracks/cohorts/{cohort.pk}/dashboard/act", {"action": "invite", "note": "Zoe from the museum"}, follow=True
    )
    invitation = Invitation.objects.get(note="Zoe from the museum")
    assert f"http://testserver/tracks/invitations/{invitation.token}/" in response.content.decode()

    url = f"/tracks/invitations/{invitation.token}/"
    anonymous = Client().get(url).content.decode()
    assert "Organizers 2027 (es)" in anonymous and "Event organizers" in anonymous
    assert f"{settings.LOGIN_URL}?next=" in anonymous
    zoe = signed_in(person("zoe"))
    assert "You do not need a wiki account to join." in zoe.get(url).content.decode()
    joined = zoe.post(url, follow=True)
    assert joined.redirect_chain[-1][0] == "/tracks/mine/"
    assert flash_text(joined) == ("status", "Welcome! You joined the cohort.")
    membership = Membership.objects.get(cohort=cohort, user__username="zoe")
    assert membership.guest and membership.status == Membership.ACTIVE

    someone_else = signed_in(person("yan")).post(url, follow=True)
    assert flash_text(someone_else)[0] == "alert"
    assert "already used" in flash_text(someone_else)[1]


def test_a_nominee_agrees_on_the_consent_page_and_the_facilitators_then_see_it(make_cohort, person):
    cohort = make_cohort(mode=Cohort.NOMINATION)
    ana, dana = person("ana"), person("dana")
    response = signed_in(ana).post(
        f"/tracks/cohorts/{cohort.pk}/act", {"action": "nominate", "username": "dana", "reasons": ""}, follow=True
    )
    assert flash_text(response) == ("alert", "Say why you nominate them: facilitators read it.")
    assert 'value="dana"' in response.content.decode()
    signed_in(ana).post(
        f"/tracks/cohorts/{cohort.pk}/act", {"action": "nominate", "username": "dana", "reasons": "She leads."}
    )
    nomination = Nomination.objects.get(nominee=dana)
    facilitator = signed_in(Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user)
    assert "She leads." not in facilitator.get(f"/tracks/cohorts/{cohort.pk}/dashboard/").content.decode()

    nominee = signed_in(dana)
    assert f"/tracks/nominations/{nomination.pk}/" in nominee.get("/tracks/mine/").content.decode()
    page = nominee.post(f"/tracks/nominations/{nomination.pk}/", {"answer": "yes"}, follow=True)
    assert flash_text(page)[0] == "status"
    assert "She leads." in facilitator.get(f"/tracks/cohorts/{cohort.pk}/dashboard/").content.decode()


def test_joining_an_open_cohort_and_withdrawing(make_cohort, person):
    cohort = make_cohort(mode=Cohort.OPEN, capacity=1)
    first, second = signed_in(person("eve")), signed_in(person("finn"))
    url = f"/tracks/cohorts/{cohort.pk}/act"
    assert 'value="join"' in first.get(f"/tracks/cohorts/{cohort.pk}/").content.decode()
    assert "You are in" in flash_text(first.post(url, {"action": "join"}, follow=True))[1]
    assert "waitlist" in flash_text(second.post(url, {"action": "join"}, follow=True))[1]
    assert flash_text(first.post(url, {"action": "join"}, follow=True))[0] == "alert"
    assert "You left this cohort." in flash_text(first.post(url, {"action": "withdraw"}, follow=True))[1]
    assert Membership.objects.get(user__username="finn").status == Membership.ACTIVE  # the waitlist moved up


def test_an_invitation_only_cohort_says_so(make_cohort, person):
    cohort = make_cohort(mode=Cohort.INVITATION)
    assert "by invitation only" in signed_in(person("gus")).get(f"/tracks/cohorts/{cohort.pk}/").content.decode()


def test_the_member_page_shows_check_ins_history_and_sign_off_to_facilitators_only(world):
    membership = world["membership"]
    url = f"/tracks/memberships/{membership.pk}/"
    today = timezone.localdate().isoformat()
    mentor = signed_in(world["people"]["mentor"])
    bad = mentor.post(
        url + "act", {"action": "check_in", "met_on": today, "minutes": "0", "notes": "Talked."}, follow=True
    )
    assert flash_text(bad) == ("alert", "Enter how long you met, in minutes, from 1 to 600.")
    assert ">Talked.</textarea>" in bad.content.decode()
    good = mentor.post(
        url + "act",
        {"action": "check_in", "met_on": today, "minutes": "45", "notes": "Talked.", "next_step": "Book a room"},
        follow=True,
    )
    assert flash_text(good) == ("status", "Check-in logged.")
    assert "Book a room" in good.content.decode()
    assert "History" not in good.content.decode() and "Sign off the stage" not in good.content.decode()

    facilitator_page = signed_in(world["people"]["facilitator"]).get(url).content.decode()
    assert "History" in facilitator_page and "Sign off the stage Running it" in facilitator_page
    assert "mentor: mateo" in facilitator_page

    mine = signed_in(world["people"]["member"]).get("/tracks/mine/").content.decode()
    assert "Your mentor: mateo" in mine and "Book a room" in mine

    mentoring = mentor.get("/tracks/mentoring/").content.decode()
    assert "ana" in mentoring and "0 of 3 stages done" in mentoring
    assert "ben" not in mentoring  # a mentor sees only their mentees


def test_a_facilitator_signs_off_a_stage_and_assigns_a_mentor_on_the_member_page(world):
    ben = Membership.objects.get(user=world["people"]["other_member"])
    facilitator = signed_in(world["people"]["facilitator"])
    third = ben.cohort.track.stages.get(order=3)
    signed = facilitator.post(
        f"/tracks/memberships/{ben.pk}/act", {"action": "sign_off", "stage": third.pk, "note": "Great"}, follow=True
    )
    assert flash_text(signed) == ("status", "Stage signed off.")
    wrong = facilitator.post(
        f"/tracks/memberships/{ben.pk}/act", {"action": "mentor", "username": "nobody"}, follow=True
    )
    assert flash_text(wrong) == ("alert", "Choose one of this cohort&#x27;s mentors.")
    facilitator.post(f"/tracks/memberships/{ben.pk}/act", {"action": "mentor", "username": "mateo"})
    ben.refresh_from_db()
    assert ben.mentor.username == "mateo"


def test_the_dashboard_grid_csv_and_charts(world):
    ana = world["people"]["member"]
    progress.record_fact(ana.pk, Requirement.COURSE_PASSED, COURSE_ONE, 1)
    progress.record_fact(ana.pk, Requirement.BLOCK_DONE, EXERCISE, 1)
    done_at = StageProgress.objects.get(membership=world["membership"]).done_at
    facilitator = signed_in(world["people"]["facilitator"])
    html = facilitator.get(f"/tracks/cohorts/{world['cohort'].pk}/dashboard/").content.decode()
    assert "<caption>Each member's stages, stalled members first (page 1 of 1)</caption>" in html
    assert '<th scope="col">Foundations</th>' in html
    assert f'<td class="wikiskills-cell-done">Done {done_at:%-d %b}</td>' in html
    assert '<td class="wikiskills-cell-open">In progress</td>' in html
    assert '<td class="wikiskills-cell-locked">Locked</td>' in html
    assert html.count('role="img"') == 2 and 'aria-labelledby="funnel-title funnel-desc"' in html
    assert "Members without a mentor" in html and 'name="username"' in html  # ben has no mentor
    assert "2 of 10" in html

    response = facilitator.get(f"/tracks/cohorts/{world['cohort'].pk}/members.csv")
    assert response["Content-Disposition"] == f'attachment; filename="cohort-{world["cohort"].pk}-members.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "username",
        "status",
        "guest",
        "mentor",
        "joined_at_utc",
        "Foundations",
        "Planning an event",
        "Running it",
    ]
    assert [row[0] for row in rows[1:]] == ["ana", "ben"]
    assert rows[1][3] == "mateo" and rows[1][5].startswith(str(done_at.date())) and rows[1][6] == ""


def test_my_tracks_words_each_requirement_kind(world):
    from wikiskills.integrations.wikiskills_tracks.templatetags.tracks_words import requirement_words  # noqa: PLC0415

    def words(kind, key="", threshold=1):
        return requirement_words(Requirement(kind=kind, key=key, threshold=threshold))

    assert words(Requirement.COURSE_GRADE, "C", 0.7) == "Reach a grade of 70% in C"
    assert words(Requirement.MENTORING_MINUTES) == "Complete 1 hour of mentoring check-ins"
    assert words(Requirement.MENTORING_MINUTES, threshold=3) == "Complete 3 hours of mentoring check-ins"
    assert words(Requirement.SIGN_OFF) == "A facilitator signs this stage off"
    assert words(Requirement.BADGE_HELD, "first-citation") == "Hold the badge first-citation"
    assert words(Requirement.BLOCK_DONE, "B") == "Finish the activity B"


# Languages and styles


def test_an_arabic_page_is_right_to_left(world):
    client = signed_in(world["people"]["member"])
    html = client.get("/tracks/mine/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    catalogue = Client(HTTP_ACCEPT_LANGUAGE="ar").get("/tracks/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="rtl"' in catalogue and "منظمو الفعاليات" in catalogue
    assert '<html lang="en" dir="ltr">' in client.get("/tracks/mine/").content.decode()


def test_the_stylesheet_uses_logical_properties_only():
    css = (STATIC / "tracks.css").read_text()
    assert not re.search(r"(?<![-\w])(left|right)\s*:", css)
    assert not re.search(r"-(left|right)\b", css)
    assert not re.search(r":\s*[^;]*\b(left|right)\b", css)


def test_a_username_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(world, person):
    accepted(world["cohort"], person("=HYPERLINK(1)"))
    response = signed_in(world["people"]["facilitator"]).get(f"/tracks/cohorts/{world['cohort'].pk}/members.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[0] for row in rows[1:] if "HYPERLINK" in row[0]] == ["'=HYPERLINK(1)"]


def test_the_member_page_shows_the_facilitator_the_mentors_the_skills_matching_suggests(
    make_cohort, skilled_learner, django_user_model
):
    cohort = make_cohort(mentor=None)
    bia = skilled_learner("bia", skills={"grant_writing": (4, True, False)}, languages={"pt": 5}, mentor_capacity=2)
    skilled_learner("caio", skills={"grant_writing": (4, True, False)}, languages={"de": 5}, mentor_capacity=2)
    api.add_staff(cohort, bia, Membership.MENTOR)
    api.add_staff(cohort, django_user_model.objects.get(username="caio"), Membership.MENTOR)
    ana = skilled_learner("ana", skills={"grant_writing": (1, False, True)}, languages={"pt": 6})
    membership = accepted(cohort, ana)

    facilitator = signed_in(django_user_model.objects.get(username="fatima"))
    html = facilitator.get(f"/tracks/memberships/{membership.pk}/").content.decode()
    assert "Mentors the skills matching suggests" in html
    assert "<strong>bia</strong>" in html and "<strong>caio</strong>" not in html  # no shared language
    assert "bia offers Writing grant proposals at level 4 (you: 1)." in html
    member_view = signed_in(ana).get(f"/tracks/memberships/{membership.pk}/").content.decode()
    assert "Mentors the skills matching suggests" not in member_view
