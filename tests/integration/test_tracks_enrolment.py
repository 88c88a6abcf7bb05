"""Joining and leaving cohorts, in process: seats and the waitlist, applications, nominations with consent,
invitation links, decisions, withdrawal and removal, the audit trail, and the courses kept in step."""

import pytest
from django.core import mail
from django.utils import timezone

from tests.support.tracks_fixtures import COURSE_ONE, COURSE_TWO
from wikiskills.integrations import openedx_compat
from wikiskills.integrations.wikiskills_tracks import api, dashboard, reminders
from wikiskills.integrations.wikiskills_tracks.models import (
    Cohort,
    CourseSync,
    Invitation,
    Membership,
    MembershipEvent,
    Nomination,
)

pytestmark = [pytest.mark.django_db(transaction=True)]


def statuses(cohort):
    return dict(cohort.memberships.filter(role=Membership.MEMBER).values_list("user__username", "status"))


def facilitator_of(cohort):
    return Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user


def test_an_open_cohort_seats_people_until_full_then_waitlists_and_moves_the_waitlist_up(make_cohort, person):
    cohort = make_cohort(mode=Cohort.OPEN, capacity=2)
    ana, ben, cy = person("ana"), person("ben"), person("cy")
    for user in (ana, ben, cy):
        assert api.join(cohort, user) is None
    assert api.join(cohort, ana) == "already_in"
    assert statuses(cohort) == {"ana": "active", "ben": "active", "cy": "waitlisted"}

    assert api.withdraw(Membership.objects.get(cohort=cohort, user=ben), ben) is None
    assert statuses(cohort) == {"ana": "active", "ben": "withdrawn", "cy": "active"}
    history = list(MembershipEvent.objects.filter(membership__user=cy).values_list("from_status", "to_status"))
    assert history == [("", "waitlisted"), ("waitlisted", "active")]


def test_accepting_an_application_enrols_in_every_course_and_the_course_cohort_and_removal_undoes_the_cohort(
    make_cohort, person
):
    cohort = make_cohort()
    ana = person("ana")
    assert api.apply(cohort, ana, [""]) == "answers_missing"
    assert api.apply(cohort, ana, ["I organise meetups in Quito."]) is None
    membership = Membership.objects.get(cohort=cohort, user=ana)
    assert membership.answers == [{"question": cohort.questions[0], "answer": "I organise meetups in Quito."}]
    facilitator = facilitator_of(cohort)

    assert api.decide(membership, facilitator, api.ACCEPT, "Bienvenida") is None
    assert api.decide(membership, facilitator, api.ACCEPT, "again") == "not_pending"
    synced = set(
        CourseSync.objects.filter(membership=membership).values_list("course_key", "enrolled", "in_course_cohort")
    )
    assert synced == {(COURSE_ONE, True, True), (COURSE_TWO, True, True)}
    # Outside edx-platform the stand-in says what the platform would have been asked.
    assert (ana.pk, COURSE_ONE) in openedx_compat.course_standin.enrollments
    assert ana.pk in openedx_compat.course_standin.cohorts[(COURSE_TWO, cohort.course_cohort_name)]

    assert api.remove(membership, facilitator, "") == "reason_missing"
    assert api.remove(membership, facilitator, "Asked to leave the programme") is None
    synced = set(
        CourseSync.objects.filter(membership=membership).values_list("course_key", "enrolled", "in_course_cohort")
    )
    assert synced == {(COURSE_ONE, True, False), (COURSE_TWO, True, False)}
    assert ana.pk not in openedx_compat.course_standin.cohorts[(COURSE_TWO, cohort.course_cohort_name)]
    last = MembershipEvent.objects.filter(membership=membership).last()
    assert (last.to_status, last.actor, last.reason) == ("removed", facilitator, "Asked to leave the programme")


def test_a_full_cohort_refuses_an_accept_until_a_seat_is_free(make_cohort, person):
    cohort = make_cohort(capacity=1)
    facilitator = facilitator_of(cohort)
    ana, ben = person("ana"), person("ben")
    for user in (ana, ben):
        api.apply(cohort, user, ["Because."])
    first, second = (Membership.objects.get(cohort=cohort, user=user) for user in (ana, ben))
    assert api.decide(first, facilitator, api.ACCEPT) is None
    assert api.decide(second, facilitator, api.ACCEPT) == "cohort_full"
    assert api.decide(second, facilitator, api.WAITLIST, "Next time a seat frees") is None
    assert statuses(cohort) == {"ana": "active", "ben": "waitlisted"}


def test_facilitators_see_a_nomination_only_after_the_nominee_agrees(make_cohort, person):
    cohort = make_cohort(mode=Cohort.NOMINATION)
    nominator, nominee = person("noor"), person("kwame")
    assert api.nominate(cohort, nominator, nominator, "Me") == "self_nomination"
    assert api.nominate(cohort, nominator, None, "Great organiser") == "unknown_person"
    assert api.nominate(cohort, nominator, nominee, "  ") == "reasons_missing"
    assert api.nominate(cohort, nominator, nominee, "Ran the Accra edit-a-thon") is None
    assert api.nominate(cohort, nominator, nominee, "Again") == "already_nominated"
    assert dashboard.decisions(cohort) == []
    assert [message.to for message in mail.outbox] == [["kwame@example.org"]]

    nomination = Nomination.objects.get()
    assert api.answer_nomination(nomination, nominator, True) == "not_found"
    assert api.answer_nomination(nomination, nominee, True) is None
    assert api.answer_nomination(nomination, nominee, True) == "already_answered"
    [(membership, nominations)] = dashboard.decisions(cohort)
    assert membership.user == nominee
    assert [n.reasons for n in nominations] == ["Ran the Accra edit-a-thon"]


def test_a_refused_nomination_shows_nothing_to_facilitators(make_cohort, person):
    cohort = make_cohort(mode=Cohort.NOMINATION)
    api.nominate(cohort, person("noor"), person("kwame"), "Reasons")
    nomination = Nomination.objects.get()
    assert api.answer_nomination(nomination, nomination.nominee, False) is None
    assert dashboard.decisions(cohort) == []
    assert not Membership.objects.filter(user=nomination.nominee).exists()


def test_an_invitation_link_seats_a_guest_once(make_cohort, person):
    cohort = make_cohort(mode=Cohort.INVITATION)
    invitation = api.create_invitation(cohort, facilitator_of(cohort), note="Greenpeace Brasil volunteer")
    guest, other = person("guest"), person("other")
    assert api.use_invitation("no-such-token", guest) == "not_found"
    assert api.use_invitation(invitation.token, guest) is None
    assert api.use_invitation(invitation.token, guest) is None  # a reload is fine
    assert api.use_invitation(invitation.token, other) == "invitation_used"
    membership = Membership.objects.get(cohort=cohort, user=guest)
    assert (membership.status, membership.guest) == (Membership.ACTIVE, True)
    assert Invitation.objects.get().used_by == guest


def test_nobody_joins_a_cohort_in_a_way_it_does_not_take(make_cohort, person):
    ana = person("ana")
    assert api.join(make_cohort(name="by application"), ana) == "not_open"
    assert api.apply(make_cohort(mode=Cohort.OPEN, name="open"), ana, ["x"]) == "not_open"
    finished = make_cohort(mode=Cohort.OPEN, name="finished", status=Cohort.FINISHED)
    assert api.join(finished, ana) == "not_open"


def test_mentors_are_chosen_from_the_cohort_and_check_ins_count_for_both(make_cohort, person):
    cohort = make_cohort(mode=Cohort.OPEN)
    ana = person("ana")
    api.join(cohort, ana)
    membership = Membership.objects.get(cohort=cohort, user=ana)
    facilitator = facilitator_of(cohort)
    assert api.assign_mentor(membership, facilitator, "ana") == "not_a_mentor"
    assert api.assign_mentor(membership, facilitator, "mateo") is None
    membership.refresh_from_db()
    assert membership.mentor.username == "mateo"

    assert api.log_check_in(membership, ana, "2999-01-01", 30)[1] == "bad_date"
    assert api.log_check_in(membership, ana, "yesterday", 30)[1] == "bad_date"
    assert api.log_check_in(membership, ana, timezone.localdate(membership.joined_at), 0)[1] == "bad_minutes"
    _check_in, problem = api.log_check_in(
        membership, ana, timezone.localdate(membership.joined_at), 90, notes="Budget", next_step="Venue"
    )
    assert problem is None
    from wikiskills.integrations.wikiskills_tracks.mentoring import mentoring_hours  # noqa: PLC0415

    assert mentoring_hours(ana.pk) == mentoring_hours(membership.mentor_id) == 1.5
    subjects = [message.subject for message in mail.outbox]
    assert "Your mentor in Organizers 2027 (es)" in subjects
    assert "A new mentee in Organizers 2027 (es)" in subjects


def test_a_stalled_member_is_reminded_at_most_weekly(make_cohort, person):
    from datetime import timedelta  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    cohort = make_cohort(mode=Cohort.OPEN)
    ana = person("ana")
    api.join(cohort, ana)
    Membership.objects.filter(user=ana).update(joined_at=timezone.now() - timedelta(days=30))
    mail.outbox.clear()
    assert reminders.remind_stalled() == 1
    assert reminders.remind_stalled() == 0
    assert reminders.remind_stalled(now=timezone.now() + timedelta(days=8)) == 1
    assert [message.to for message in mail.outbox] == [["ana@example.org"]] * 2


def test_a_course_sync_that_fails_half_way_is_retried_and_redoes_only_what_is_missing(make_cohort, person, monkeypatch):
    cohort = make_cohort(mode=Cohort.OPEN)
    calls = []
    real_enroll = openedx_compat.enroll_in_course

    def flaky_enroll(user, course_key):
        calls.append(course_key)
        if len(calls) == 2:
            raise ConnectionError("the LMS database went away")
        real_enroll(user, course_key)

    # The failure is injected: the platform's enrolment cannot run here (the stand-in does the rest).
    monkeypatch.setattr(openedx_compat, "enroll_in_course", flaky_enroll)
    ana = person("ana")
    assert api.join(cohort, ana) is None
    assert calls == [COURSE_ONE, COURSE_TWO, COURSE_TWO]  # the retry did not enrol in the first course again
    synced = set(
        CourseSync.objects.filter(membership__user=ana).values_list("course_key", "enrolled", "in_course_cohort")
    )
    assert synced == {(COURSE_ONE, True, True), (COURSE_TWO, True, True)}
