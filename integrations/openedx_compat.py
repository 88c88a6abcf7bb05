"""The only module allowed to import edx-platform code.

Everything else imports these small functions, so the package imports and runs
(in tests, in the workbench) without edx-platform, and a platform refactor
touches one file. Each function degrades to a documented fallback outside the
platform.
"""

import logging
from contextlib import suppress

from django.conf import settings

tracking_log = logging.getLogger("wikiskills.tracking")


def lms_root_url():
    """Public root URL of the LMS: the default contact in our wiki User-Agent."""
    try:
        from openedx.core.djangoapps.site_configuration import helpers  # noqa: PLC0415
    except ImportError:
        return getattr(settings, "LMS_ROOT_URL", "http://127.0.0.1:8000")
    return helpers.get_value("LMS_ROOT_URL", settings.LMS_ROOT_URL)


def wikimedia_login_identity(user):
    """``(central_id, username)`` from the user's "Log in with Wikimedia" record, or None.

    Open edX third-party auth keeps logins as python-social-auth ``UserSocialAuth`` rows;
    the MediaWiki backend's ``uid`` is the account's central (SUL) id. The username is in
    ``extra_data`` when the provider's ``EXTRA_DATA`` includes ``"username"`` (see the
    admin guide). Without social-auth installed there is no such login.
    """
    from django.apps import apps  # noqa: PLC0415

    if not apps.is_installed("social_django"):
        return None
    from social_django.models import UserSocialAuth  # noqa: PLC0415

    record = UserSocialAuth.objects.filter(user=user, provider="mediawiki").order_by("-modified").first()
    username = record and (record.extra_data or {}).get("username")
    if not username:
        return None
    return str(record.uid), str(username)


def django_user_for(xblock_user):
    """The Django user behind the XBlock runtime's current user, or None for an anonymous caller.

    The LMS names a signed-in user in ``edx-platform.user_id`` and gives anonymous users
    (public courseware) none. Only the xblock-sdk workbench (demo, tests) sets
    ``xblock-workbench.user_id``, a student id string that becomes (or finds) a Django user of
    that username; the LMS never does, so no LMS caller can reach that branch.
    """
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    users = get_user_model()
    user_id = xblock_user.opt_attrs.get("edx-platform.user_id")
    if user_id is not None:
        return users.objects.get(pk=user_id)
    workbench_student = xblock_user.opt_attrs.get("xblock-workbench.user_id")
    if not workbench_student:
        return None
    return users.objects.get_or_create(username=workbench_student)[0]


def user_is_staff(xblock_user, django_user):
    """Whether the current user is course staff: the LMS says so, the workbench uses ``is_staff``."""
    flag = xblock_user.opt_attrs.get("edx-platform.user_is_staff")
    if flag is not None:
        return bool(flag)
    return bool(django_user.is_staff)


def course_staff_user_ids(usage_id):
    """The ids of the people who run the course of the block ``usage_id``, as a lazy queryset (a subquery where
    it is used): its Course Team (staff and instructor roles) and global staff. Staff tables list learners only.

    Outside the platform (workbench, tests) staff are the users with ``is_staff``.
    """
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.db.models import Q  # noqa: PLC0415

    people = Q(is_staff=True)
    try:
        from common.djangoapps.student.roles import CourseInstructorRole, CourseStaffRole  # noqa: PLC0415
        from opaque_keys.edx.keys import UsageKey  # noqa: PLC0415
    except ImportError:
        pass
    else:
        course_key = UsageKey.from_string(str(usage_id)).course_key
        for role in (CourseStaffRole(course_key), CourseInstructorRole(course_key)):
            people |= Q(pk__in=role.users_with_role().values("pk"))
    return get_user_model().objects.filter(people).values("pk")


def emit_tracking_event(name, data):
    """Emit an Open edX tracking event (``eventtracking``); logged instead outside the platform."""
    try:
        from eventtracking import tracker  # noqa: PLC0415
    except ImportError:
        tracking_log.info("%s %s", name, data)
        return
    tracker.emit(name, data)


def learner_profile_url(username):
    """Public profile page of a learner: the Profile MFE when configured, else the LMS's ``/u/<username>``."""
    profile_root = getattr(settings, "PROFILE_MICROFRONTEND_URL", "") or f"{lms_root_url().rstrip('/')}/u/"
    return f"{profile_root.rstrip('/')}/{username}"


def course_url(course_key):
    """The course's about page in the LMS, linked from a badge as evidence."""
    return f"{lms_root_url().rstrip('/')}/courses/{course_key}/about"


def learner_cohort(user, course_key):
    """The id of the learner's cohort in the course, or None (cohorts off, or outside the platform)."""
    try:
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
        from openedx.core.djangoapps.course_groups.cohorts import get_cohort  # noqa: PLC0415
    except ImportError:
        return None
    cohort = get_cohort(user, CourseKey.from_string(str(course_key)), assign=False)
    return cohort.id if cohort is not None else None


def anonymous_user_id(xblock_user, django_user):
    """The id the platform shows instead of a learner's name (edx-submissions' ``student_id``).

    The workbench has none; there the Django username stands in.
    """
    return xblock_user.opt_attrs.get("edx-platform.anonymous_user_id") or django_user.username


def user_language(user):
    """The language a learner chose in their account settings; the site's language outside the platform."""
    try:
        from openedx.core.djangoapps.lang_pref import LANGUAGE_KEY  # noqa: PLC0415
        from openedx.core.djangoapps.user_api.preferences.api import get_user_preference  # noqa: PLC0415
    except ImportError:
        return settings.LANGUAGE_CODE
    return get_user_preference(user, LANGUAGE_KEY) or settings.LANGUAGE_CODE


def send_email(user, subject, text, language):
    """Email one learner through the platform's messaging (edx-ace); Django's mail outside the platform.

    edx-ace renders ``wikiskills_skills/edx_ace/update/email/*`` with ``subject`` and ``text``
    already in the learner's language, and honours the learner's email opt-outs.
    """
    if not user.email:
        return
    try:
        from edx_ace import ace  # noqa: PLC0415
        from edx_ace.message import MessageType  # noqa: PLC0415
        from edx_ace.recipient import Recipient  # noqa: PLC0415
    except ImportError:
        from django.core.mail import send_mail  # noqa: PLC0415

        send_mail(subject, text, None, [user.email])
        return

    class Update(MessageType):
        APP_LABEL = "wikiskills_skills"
        NAME = "update"

    message = Update().personalize(
        recipient=Recipient(lms_user_id=user.id, email_address=user.email),
        language=language,
        user_context={"subject": subject, "text": text},
    )
    ace.send(message)


def skills_api_authentication_classes():
    """The LMS's REST authentication (JWT, OAuth2 bearer, session) for our APIs; session alone outside it."""
    from rest_framework.authentication import SessionAuthentication  # noqa: PLC0415

    try:
        from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication  # noqa: PLC0415
        from edx_rest_framework_extensions.auth.session.authentication import (  # noqa: PLC0415
            SessionAuthenticationAllowInactiveUser,
        )
        from openedx.core.lib.api.authentication import BearerAuthenticationAllowInactiveUser  # noqa: PLC0415
    except ImportError:
        return [SessionAuthentication]
    return [JwtAuthentication, BearerAuthenticationAllowInactiveUser, SessionAuthenticationAllowInactiveUser]


def content_tagged_with(external_ids, limit=20):
    """Courses and units tagged in Studio with any of these tags (``openedx_tagging``'s ``external_id``).

    Answers ``[(object id, LMS url)]``: a course links to its about page, a unit or
    component to the LMS's ``jump_to``. Outside the platform nothing is tagged.
    """
    try:
        from openedx_tagging.core.tagging.models import ObjectTag  # noqa: PLC0415
    except ImportError:
        return []
    object_ids = (
        ObjectTag.objects.filter(tag__external_id__in=list(external_ids))
        .values_list("object_id", flat=True)
        .distinct()[:limit]
    )
    root = lms_root_url().rstrip("/")
    links = []
    for object_id in object_ids:
        if object_id.startswith("course-v1:"):
            links.append((object_id, course_url(object_id)))
        elif object_id.startswith("block-v1:"):
            course_key = "course-v1:" + object_id.split(":", 1)[1].split("+type@", 1)[0]
            links.append((object_id, f"{root}/courses/{course_key}/jump_to/{object_id}"))
    return links


class CourseStandIn:
    """Stands in for course enrolment and course cohorts outside edx-platform (the demo, the tests).

    It says it is one in the log, and keeps what it was asked in this process only.
    """

    log = logging.getLogger("wikiskills.course_standin")

    def __init__(self):
        self.enrollments = set()
        self.cohorts = {}

    def enroll(self, user, course_key):
        self.log.info("stand-in for edx-platform: enrolled %s in %s", user.pk, course_key)
        self.enrollments.add((user.pk, str(course_key)))

    def ensure_cohort(self, course_key, name):
        return self.cohorts.setdefault((str(course_key), name), set())

    def add(self, cohort, user):
        self.log.info("stand-in for edx-platform: user %s added to a course cohort", user.pk)
        cohort.add(user.pk)

    def remove(self, cohort, user):
        self.log.info("stand-in for edx-platform: user %s removed from a course cohort", user.pk)
        cohort.discard(user.pk)


course_standin = CourseStandIn()


def enroll_in_course(user, course_key):
    """Enrol a learner in a course run (``CourseEnrollment.enroll``); enrolling twice is harmless."""
    try:
        from common.djangoapps.student.models import CourseEnrollment  # noqa: PLC0415
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
    except ImportError:
        course_standin.enroll(user, course_key)
        return
    CourseEnrollment.enroll(user, CourseKey.from_string(str(course_key)), check_access=False)


def course_cohort(course_key, name):
    """The manual course cohort called ``name`` in the course, created when missing (``add_cohort``)."""
    try:
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
        from openedx.core.djangoapps.course_groups import cohorts  # noqa: PLC0415
        from openedx.core.djangoapps.course_groups.models import CourseCohort, CourseUserGroup  # noqa: PLC0415
    except ImportError:
        return course_standin.ensure_cohort(course_key, name)
    key = CourseKey.from_string(str(course_key))
    try:
        return cohorts.get_cohort_by_name(key, name)
    except CourseUserGroup.DoesNotExist:
        return cohorts.add_cohort(key, name, CourseCohort.MANUAL)


def add_to_course_cohort(cohort, user):
    """Put a learner in a course cohort (``add_user_to_cohort``), moving them from another; already there is fine."""
    try:
        from openedx.core.djangoapps.course_groups import cohorts  # noqa: PLC0415
    except ImportError:
        course_standin.add(cohort, user)
        return
    with suppress(ValueError):  # "already present in cohort": the platform's way of saying it is done
        cohorts.add_user_to_cohort(cohort, user)


def remove_from_course_cohort(cohort, user):
    """Take a learner out of a course cohort (``remove_user_from_cohort``); not being there is fine."""
    try:
        from openedx.core.djangoapps.course_groups import cohorts  # noqa: PLC0415
    except ImportError:
        course_standin.remove(cohort, user)
        return
    with suppress(ValueError):  # not in that cohort
        cohorts.remove_user_from_cohort(cohort, user.username)


def signup_url(next_url):
    """The LMS's own sign-up page, coming back to ``next_url``; the demo's sign-in page outside the platform."""
    from urllib.parse import quote  # noqa: PLC0415

    try:
        import lms  # noqa: F401, PLC0415
    except ImportError:
        return f"{settings.LOGIN_URL}?next={quote(next_url)}"
    return f"{lms_root_url().rstrip('/')}/register?next={quote(next_url)}"


def connect_block_score_changed(receiver):
    """Connect ``receiver(user_id, usage_key, earned, possible)`` to the LMS's per-block score signal.

    ``PROBLEM_WEIGHTED_SCORE_CHANGED`` (lms.djangoapps.grades.signals.signals) is sent whenever a
    scored block's weighted score changes. Outside the LMS nothing is scored, so nothing connects.
    """
    try:
        from lms.djangoapps.grades.signals.signals import PROBLEM_WEIGHTED_SCORE_CHANGED  # noqa: PLC0415
    except ImportError:
        return

    def handler(sender, user_id=None, usage_id=None, weighted_earned=None, weighted_possible=None, **kwargs):
        if kwargs.get("score_deleted") or not weighted_possible:
            return
        receiver(int(user_id), str(usage_id), float(weighted_earned or 0), float(weighted_possible))

    PROBLEM_WEIGHTED_SCORE_CHANGED.connect(handler, weak=False, dispatch_uid="wikiskills_tracks.block_score")


class CourseGrade:
    """A learner's stored course grade: ``percent`` from 0 to 1, ``passed_at`` or None, ``modified``."""

    def __init__(self, user_id, course_key, percent, passed_at, modified):
        self.user_id, self.course_key, self.percent = user_id, course_key, percent
        self.passed_at, self.modified = passed_at, modified


def course_grades(user_ids, course_keys):
    """The platform's persistent course grades of these learners in these courses; none outside the LMS."""
    try:
        from lms.djangoapps.grades.models import PersistentCourseGrade  # noqa: PLC0415
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
    except ImportError:
        return []
    keys = [CourseKey.from_string(str(key)) for key in course_keys]
    rows = PersistentCourseGrade.objects.filter(user_id__in=list(user_ids), course_id__in=keys)
    return [
        CourseGrade(row.user_id, str(row.course_id), row.percent_grade, row.passed_timestamp, row.modified)
        for row in rows
    ]


def course_completions(user_ids, course_keys):
    """``[(user_id, course_key, percent from 0 to 1, modified)]`` from completion-aggregator, if the site runs it.

    The platform sends no event when completion changes, so the tracks app reads these daily.
    Without completion-aggregator (or outside the LMS) there are none.
    """
    try:
        from completion_aggregator.models import Aggregator  # noqa: PLC0415
        from opaque_keys.edx.keys import CourseKey  # noqa: PLC0415
    except ImportError:
        return []
    keys = [CourseKey.from_string(str(key)) for key in course_keys]
    rows = Aggregator.objects.filter(user_id__in=list(user_ids), course_key__in=keys, aggregation_name="course")
    return [(row.user_id, str(row.course_key), row.percent, row.last_modified) for row in rows]
