"""Seats taken at the same instant on MariaDB: the cohort row's lock keeps every cohort within its capacity.

Each thread has its own database connection (Django's are per thread), as concurrent requests in
the LMS do, and a barrier starts them together. Accepting, joining and deciding all lock the
cohort row first (``enrolment._locked``), so the seat count each one reads cannot go stale.
"""

import os
import threading

import pytest
from celery._state import _set_task_join_will_block
from django.db import connection

from wikiskills.integrations.wikiskills_tracks import api, enrolment
from wikiskills.integrations.wikiskills_tracks.models import Cohort, Membership, MembershipEvent

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("WIKISKILLS_DB") != "mariadb",
        reason="row locking (SELECT ... FOR UPDATE) is tested on MariaDB, as Open edX runs it; SQLite locks "
        "the whole file and serialises every writer (tox's -mariadb environments run this)",
    ),
]


def all_at_once(calls):
    """Run every ``call()`` in its own thread with its own connection, started together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results, failures = [None] * len(calls), []

    def run(index, call):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as failure:
            failures.append((index, repr(failure)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # Celery's eager ``apply`` guards joins with one process-wide flag it saves and restores, which is not
    # thread-safe: threads running eager tasks together can leave it set, and a later test's ``.get()`` refuses.
    _set_task_join_will_block(False)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    assert not failures, failures
    return results


def applied(cohort, user):
    assert api.apply(cohort, user, ["I ran two edit-a-thons."]) is None
    return Membership.objects.get(cohort=cohort, user=user)


def facilitators(cohort, django_user_model):
    """The fixture's facilitator and a second one, each deciding in their own thread."""
    first = Membership.objects.get(cohort=cohort, role=Membership.FACILITATOR).user
    second = django_user_model.objects.create_user("farid", "farid@example.org", "pw")
    assert api.add_staff(cohort, second, Membership.FACILITATOR) is None
    return first, second


def test_two_facilitators_accepting_the_last_seat_at_once_fill_it_once(make_cohort, person, django_user_model):
    capacity = 4
    cohort = make_cohort(capacity=capacity)
    first, second = facilitators(cohort, django_user_model)
    for number in range(capacity - 1):
        assert api.decide(applied(cohort, person(f"seated{number}")), first, api.ACCEPT) is None
    ana, ben = applied(cohort, person("ana")), applied(cohort, person("ben"))
    assert enrolment.seats_taken(cohort) == capacity - 1

    results = all_at_once(
        [
            lambda: api.decide(ana, first, api.ACCEPT, "Welcome, Ana"),
            lambda: api.decide(ben, second, api.ACCEPT, "Welcome, Ben"),
        ]
    )

    assert sorted(results, key=str) == [None, "cohort_full"], results
    assert enrolment.seats_taken(cohort) == capacity
    statuses = dict(Membership.objects.filter(pk__in=[ana.pk, ben.pk]).values_list("pk", "status"))
    winner = ana.pk if results[0] is None else ben.pk
    loser = ben.pk if winner == ana.pk else ana.pk
    assert statuses == {winner: Membership.ACTIVE, loser: Membership.APPLIED}
    assert not MembershipEvent.objects.filter(membership_id=loser, to_status=Membership.ACTIVE).exists()


def test_many_people_joining_an_open_cohort_at_once_never_exceed_its_seats(make_cohort, person):
    capacity, people = 5, 16
    cohort = make_cohort(mode=Cohort.OPEN, capacity=capacity)
    users = [person(f"joiner{number:02d}") for number in range(people)]

    results = all_at_once([lambda user=user: api.join(cohort, user) for user in users])

    assert results == [None] * people
    members = Membership.objects.filter(cohort=cohort, role=Membership.MEMBER)
    assert members.count() == people, "everyone is in once: seated or waiting"
    assert enrolment.seats_taken(cohort) == capacity
    assert members.filter(status=Membership.WAITLISTED).count() == people - capacity
    assert MembershipEvent.objects.filter(membership__in=members, to_status=Membership.ACTIVE).count() == capacity


def test_the_same_application_decided_twice_at_once_takes_one_seat(make_cohort, person, django_user_model):
    cohort = make_cohort(capacity=3)
    first, second = facilitators(cohort, django_user_model)
    cy = applied(cohort, person("cy"))

    results = all_at_once(
        [
            lambda: api.decide(cy, first, api.ACCEPT, "Welcome"),
            lambda: api.decide(cy, second, api.ACCEPT, "Welcome too"),
        ]
    )

    assert sorted(results, key=str) == [None, "not_pending"], results
    assert enrolment.seats_taken(cohort) == 1
    cy.refresh_from_db()
    assert cy.status == Membership.ACTIVE
    assert MembershipEvent.objects.filter(membership=cy, to_status=Membership.ACTIVE).count() == 1
