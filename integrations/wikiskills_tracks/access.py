"""Who may see and change what in a cohort: one place for every page and endpoint to ask.

Global staff see everything. A facilitator runs their cohorts; a mentor sees only their
mentees; a member sees only themself. Nothing here writes.
"""

from .models import Membership

STAFF_ROLES = (Membership.FACILITATOR, Membership.MENTOR)


def _active_role(user, cohort):
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(cohort=cohort, user=user, role__in=STAFF_ROLES, status=Membership.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )


def is_staff(user):
    return bool(user.is_authenticated and user.is_staff)


def runs(user, cohort):
    """Whether ``user`` may run ``cohort``: decide applications, assign mentors, sign off, message, export."""
    return is_staff(user) or _active_role(user, cohort) == Membership.FACILITATOR


def is_mentor_of(user, membership):
    return bool(user.is_authenticated and membership.mentor_id == user.pk)


def may_see(user, membership):
    """The member themself, their mentor, the cohort's facilitators and global staff."""
    if not user.is_authenticated:
        return False
    return membership.user_id == user.pk or is_mentor_of(user, membership) or runs(user, membership.cohort)


def may_log_check_in(user, membership):
    """The pair logs check-ins (and facilitators, for a pair who met with them), once a mentor is assigned."""
    if membership.mentor_id is None:
        return False
    return membership.user_id == user.pk or is_mentor_of(user, membership) or runs(user, membership.cohort)


def cohorts_run_by(user):
    """Ids of the cohorts ``user`` facilitates (all cohorts for global staff: None)."""
    if is_staff(user):
        return None
    return set(
        Membership.objects.filter(user=user, role=Membership.FACILITATOR, status=Membership.ACTIVE).values_list(
            "cohort_id", flat=True
        )
    )
