"""Keep the track's courses in step with a membership (ADR 0041).

A seated member is enrolled in every course of the track and put in the cohort's course
cohort in each (created when missing, named after the cohort); a member who leaves is taken
out of those course cohorts (enrolment is left alone: the learner keeps their course). Each
course's step is recorded in ``CourseSync``, so a retried task redoes only what is missing.
The platform calls go through ``openedx_compat`` (a stand-in outside edx-platform).
"""

from django.db import transaction
from django.utils import timezone

from .. import openedx_compat
from .models import CourseSync, Membership


def schedule(membership_id):
    """Queue the sync of one membership (call after commit)."""
    from .tasks import sync_membership  # noqa: PLC0415  (tasks call this module)

    sync_membership.delay(membership_id)


def wanted_in_courses(membership):
    return membership.role == Membership.MEMBER and membership.status in Membership.SEATED


def sync(membership_id):
    """Bring every course of the membership's track in step; safe to run any number of times."""
    membership = Membership.objects.select_related("cohort__track", "user").get(pk=membership_id)
    cohort = membership.cohort
    wanted = wanted_in_courses(membership)
    for course_key in cohort.track.courses.values_list("course_key", flat=True):
        with transaction.atomic():
            row, _created = CourseSync.objects.select_for_update().get_or_create(
                membership=membership, course_key=course_key
            )
            if wanted and not row.enrolled:
                openedx_compat.enroll_in_course(membership.user, course_key)
                row.enrolled = True
            if wanted and not row.in_course_cohort:
                course_cohort = openedx_compat.course_cohort(course_key, cohort.course_cohort_name)
                openedx_compat.add_to_course_cohort(course_cohort, membership.user)
                row.in_course_cohort = True
            elif not wanted and row.in_course_cohort:
                course_cohort = openedx_compat.course_cohort(course_key, cohort.course_cohort_name)
                openedx_compat.remove_from_course_cohort(course_cohort, membership.user)
                row.in_course_cohort = False
            row.synced_at = timezone.now()
            row.save()
