"""Awarding by rules: idempotent, one award per badge class and learner, announced with Open edX events."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import CourseData, CoursePassingStatusData, UserData, UserPersonalData
from openedx_events.learning.signals import BADGE_AWARDED, BADGE_REVOKED, COURSE_PASSING_STATUS_UPDATED

from tests.support.badge_fixtures import COURSE_KEY
from tests.support.peer_review_fixtures import new_item, submitter
from wikiskills.integrations.wikiskills_badges.awarding import award_badge, revoke_badge
from wikiskills.integrations.wikiskills_badges.models import Award, AwardRule
from wikiskills.integrations.wikiskills_badges.rules import award_for_trigger
from wikiskills.integrations.wikiskills_exercises.checker import record_outcomes
from wikiskills.integrations.wikiskills_exercises.evaluation import Outcome
from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt
from wikiskills.integrations.wikiskills_peer_review import allocation
from wikiskills.integrations.wikiskills_peer_review.models import PeerReview
from wikiskills.integrations.wikiskills_peer_review.policy import ReviewPolicy
from wikiskills.integrations.wikiskills_peer_review.signals import peer_review_done


@pytest.fixture
def announced():
    """Every BADGE_AWARDED / BADGE_REVOKED event sent during the test, as (event name, BadgeData)."""
    events = []

    def on_awarded(badge, **kwargs):
        events.append(("awarded", badge))

    def on_revoked(badge, **kwargs):
        events.append(("revoked", badge))

    BADGE_AWARDED.connect(on_awarded)
    BADGE_REVOKED.connect(on_revoked)
    yield events
    BADGE_AWARDED.disconnect(on_awarded)
    BADGE_REVOKED.disconnect(on_revoked)


def passing_status(user, course_key=COURSE_KEY, is_passing=True):
    return CoursePassingStatusData(
        is_passing=is_passing,
        course=CourseData(course_key=CourseKey.from_string(course_key)),
        user=UserData(
            id=user.pk,
            is_active=True,
            pii=UserPersonalData(username=user.username, email=user.email, name=user.get_full_name()),
        ),
    )


def send_course_passed(user, **kwargs):
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=passing_status(user, **kwargs))


def test_awarding_twice_gives_one_award(badge_class, learner):
    first, created_first = award_badge(badge_class, learner)
    second, created_second = award_badge(badge_class, learner)

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Award.objects.count() == 1


def test_the_database_refuses_a_second_award_of_the_same_badge(award):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            badge_class=award.badge_class,
            recipient=award.recipient,
            recipient_type="email",
            recipient_salt="x",
            recipient_identity_hash="sha256$x",
            issued_on=award.issued_on,
        )


def test_a_learner_without_email_is_identified_by_their_profile_url(badge_class, django_user_model):
    user = django_user_model.objects.create_user("no_email_learner")
    award, _created = award_badge(badge_class, user)
    assert award.recipient_type == "url"
    from wikiskills.integrations.wikiskills_badges.recipients import identity_matches  # noqa: PLC0415

    assert identity_matches(
        "http://127.0.0.1:8000/u/no_email_learner", award.recipient_salt, award.recipient_identity_hash
    )


@pytest.mark.django_db(transaction=True)
def test_passing_a_course_awards_its_badge_once_and_announces_it_once(course_passed_rule, learner, announced):
    send_course_passed(learner)
    send_course_passed(learner)

    award = Award.objects.get()
    assert award.recipient == learner and award.badge_class == course_passed_rule.badge_class
    assert award.course_key == COURSE_KEY
    assert award.evidence[0]["url"] == f"http://127.0.0.1:8000/courses/{COURSE_KEY}/about"
    assert award.announced_at is not None
    assert [(name, badge.uuid) for name, badge in announced] == [("awarded", str(award.uuid))]
    (_name, badge) = announced[0]
    assert badge.user.pii.username == "learner_lucia"
    assert badge.template.uuid == "first-citation" and badge.template.origin == "wikiskills"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "case",
    [
        {"rule_course": "course-v1:Wikimedia+Other+2026", "is_passing": True, "enabled": True},
        {"rule_course": COURSE_KEY, "is_passing": False, "enabled": True},
        {"rule_course": COURSE_KEY, "is_passing": True, "enabled": False},
    ],
    ids=["other course", "not passing", "rule disabled"],
)
def test_no_award_without_a_matching_enabled_rule(badge_class, learner, announced, case):
    AwardRule.objects.create(
        badge_class=badge_class,
        trigger=AwardRule.COURSE_PASSED,
        course_key=case["rule_course"],
        enabled=case["enabled"],
    )
    send_course_passed(learner, is_passing=case["is_passing"])
    assert not Award.objects.exists()
    assert announced == []


@pytest.mark.django_db(transaction=True)
def test_the_receiver_waits_for_the_senders_transaction(course_passed_rule, learner):
    with transaction.atomic():
        send_course_passed(learner)
        assert not Award.objects.exists(), "the task must not run before the grade is committed"
    assert Award.objects.count() == 1


def test_an_award_not_yet_announced_is_announced_on_the_next_run(course_passed_rule, learner, announced):
    """A worker that died between awarding and announcing: the retry announces, exactly once."""
    award, _created = award_badge(course_passed_rule.badge_class, learner)
    assert award.announced_at is None
    assert award_for_trigger(AwardRule.COURSE_PASSED, learner, COURSE_KEY, evidence=[]) == []
    award_for_trigger(AwardRule.COURSE_PASSED, learner, COURSE_KEY, evidence=[])
    assert [name for name, _badge in announced] == ["awarded"]


def test_revoking_announces_once_and_keeps_the_first_reason(award, announced):
    revoke_badge(award, "Copied text")
    revoke_badge(award, "Second reason")

    award.refresh_from_db()
    assert award.is_revoked and award.revocation_reason == "Copied text"
    assert [(name, badge.uuid) for name, badge in announced] == [("revoked", str(award.uuid))]


def test_other_features_award_through_the_same_rules_with_their_own_evidence(badge_class, learner):
    """The editing exercise and peer review features call the same entry point with their evidence."""
    AwardRule.objects.create(
        badge_class=badge_class, trigger=AwardRule.PEER_REVIEWS_GIVEN, course_key=COURSE_KEY, threshold=3
    )
    evidence = [{"url": "https://learn.example.org/reviews/lucia", "narrative": "Three peer reviews"}]

    assert award_for_trigger(AwardRule.PEER_REVIEWS_GIVEN, learner, COURSE_KEY, evidence, count=2) == []
    assert award_for_trigger(AwardRule.EXERCISE_PASSED, learner, COURSE_KEY, evidence) == []
    (award,) = award_for_trigger(AwardRule.PEER_REVIEWS_GIVEN, learner, COURSE_KEY, evidence, count=3)
    assert award.evidence == evidence


def test_passing_an_editing_exercise_awards_its_badge_once_with_the_edit_as_evidence(
    badge_class, learner, settings, django_capture_on_commit_callbacks
):
    enwiki = {"api_url": "https://en.wikipedia.org/w/api.php", "name": "English Wikipedia"}
    settings.WIKISKILLS_WIKIS = {"enwiki": enwiki}
    AwardRule.objects.create(badge_class=badge_class, trigger=AwardRule.EXERCISE_PASSED, course_key=COURSE_KEY)
    attempt = ExerciseAttempt.objects.create(
        user=learner,
        usage_key="block-v1:Wikimedia+Edit101+2026+type@wikiskills_edit_exercise+block@cite",
        wiki="enwiki",
        started_at=timezone.now(),
    )
    passed = Outcome(passed=True, results=(), evidence=(1234,))

    for _check in range(2):  # the sweep may record the same pass again: no second award
        with django_capture_on_commit_callbacks(execute=True):
            record_outcomes([attempt], {attempt.pk: passed}, timezone.now())

    award = Award.objects.get()
    assert (award.badge_class, award.recipient, award.course_key) == (badge_class, learner, COURSE_KEY)
    assert award.evidence == [
        {
            "url": "https://en.wikipedia.org/w/index.php?diff=1234",
            "narrative": "An edit on English Wikipedia that passed an editing exercise.",
        }
    ]


def test_giving_the_third_peer_review_in_a_course_awards_the_reviewers_badge(
    badge_class, learner, django_capture_on_commit_callbacks
):
    AwardRule.objects.create(
        badge_class=badge_class, trigger=AwardRule.PEER_REVIEWS_GIVEN, course_key=COURSE_KEY, threshold=3
    )
    policy = ReviewPolicy(must_grade=3, must_be_graded_by=1)
    item, now = new_item(), timezone.now()
    for _other in range(3):
        submitter(item, policy, now, course_key=COURSE_KEY)
    submitter(item, policy, now, author=learner, course_key=COURSE_KEY)

    for number in range(3):
        lease = allocation.next_for_review(item, learner, policy.lease, now)
        review, _first = allocation.submit_review(item, learner, lease.submission_id, scores=[], feedback="", now=now)
        with django_capture_on_commit_callbacks(execute=True):
            peer_review_done.send(sender=PeerReview, review=review, course_key=COURSE_KEY)
        assert Award.objects.count() == (1 if number == 2 else 0)

    award = Award.objects.get()
    assert award.recipient == learner and award.evidence[0]["narrative"] == (
        "Gave 3 rubric reviews of peers' work in the course."
    )
