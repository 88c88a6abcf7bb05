"""Mentors in a cohort: assigning one to a member, and the check-ins the pair logs.

Check-in time counts towards "mentoring time" requirements on both sides (the member who is
mentored and the mentor who gives it), as the movement's mentorship programmes count hours.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from . import notifications, progress
from .models import CheckIn, Membership, MembershipEvent, Requirement

MAX_MINUTES = 600
MAX_TEXT = 5000
# How far back a check-in may be logged: a cohort runs for months, not years.
OLDEST_CHECK_IN = timedelta(days=366)


def cohort_mentors(cohort):
    """The cohort's active mentors, as users."""
    memberships = cohort.memberships.filter(role=Membership.MENTOR, status=Membership.ACTIVE).select_related("user")
    return [membership.user for membership in memberships.order_by("user__username")]


def assign_mentor(membership, facilitator, mentor):
    """A facilitator gives a member a mentor of the same cohort (or none); audited, and both are told."""
    if membership.role != Membership.MEMBER or membership.status not in Membership.FOLLOWED:
        return "not_found"
    if mentor is not None and mentor.pk not in {user.pk for user in cohort_mentors(membership.cohort)}:
        return "not_a_mentor"
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(mentor=mentor, updated_at=timezone.now())
        MembershipEvent.objects.create(
            membership=membership,
            actor=facilitator,
            from_status=membership.status,
            to_status=membership.status,
            reason=f"mentor: {mentor.username}" if mentor else "mentor: none",
            at=timezone.now(),
        )
    membership.mentor = mentor
    if mentor is not None:
        notifications.mentor_assigned(membership)
    return None


def _date(value):
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def log_check_in(membership, author, met_on, minutes, *, notes="", next_step=""):
    """Log a check-in of the member with their mentor; returns ``(check_in, problem)``."""
    if membership.mentor_id is None:
        return None, "not_found"
    met_on = _date(met_on)
    today = timezone.localdate()
    if met_on is None or met_on > today or met_on < today - OLDEST_CHECK_IN:
        return None, "bad_date"
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return None, "bad_minutes"
    if not 1 <= minutes <= MAX_MINUTES:
        return None, "bad_minutes"
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            membership=membership,
            author=author,
            mentor_id=membership.mentor_id,
            met_on=met_on,
            minutes=minutes,
            notes=(notes or "").strip()[:MAX_TEXT],
            next_step=(next_step or "").strip()[:500],
            created_at=timezone.now(),
        )
        for user_id in (membership.user_id, membership.mentor_id):
            progress.record_fact(
                user_id,
                Requirement.MENTORING_MINUTES,
                "",
                mentoring_hours(user_id),
                reached_at=check_in.created_at,
                source="check-in",
            )
    return check_in, None


def mentoring_hours(user_id):
    """Hours of check-ins ``user_id`` took part in, as member or mentor, in every cohort."""
    minutes = CheckIn.objects.filter(Q(membership__user_id=user_id) | Q(mentor_id=user_id)).aggregate(
        total=Sum("minutes")
    )["total"]
    return (minutes or 0) / 60


def check_ins(membership):
    return list(membership.check_ins.select_related("author"))


def mentees(mentor):
    """The mentor's members across cohorts, with their cohort and track."""
    return list(
        Membership.objects.filter(mentor=mentor, role=Membership.MEMBER, status__in=Membership.FOLLOWED)
        .select_related("user", "cohort__track")
        .order_by("cohort__name", "user__username")
    )
