"""The tracks app's public Python API: what pages, the REST API, other apps and commands call.

Functions that change something return a problem code (``messages.PROBLEMS``) or None; the
caller words it. Reads never write. Permission checks live in ``access`` and every function
that acts for a person takes that person.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from ..wikiskills_badges import api as badges_api
from ..wikiskills_skills import api as skills_api
from . import access, authoring, backfill, dashboard, enrolment, mentoring, progress, reminders, rules, sync
from .enrolment import (  # noqa: F401  (re-exported: the API's enrolment steps)
    ACCEPT,
    DECLINE,
    WAITLIST,
    add_staff,
    answer_nomination,
    apply,
    decide,
    join,
    nominate,
    remove,
    use_invitation,
    withdraw,
)
from .models import (
    CheckIn,
    Cohort,
    Invitation,
    Membership,
    MembershipEvent,
    Nomination,
    Requirement,
    Stage,
    StageProgress,
    Track,
)
from .notifications import invitation as send_invitation
from .notifications import message_cohort as _message_cohort

runs = access.runs
may_see = access.may_see
may_log_check_in = access.may_log_check_in
is_mentor_of = access.is_mentor_of
is_staff = access.is_staff
OPEN_STATUSES = (Cohort.ENROLLING, Cohort.RUNNING)


def catalogue(slug=None):
    """``[(track, [(cohort, seats left)])]``: every track (or the one of ``slug``) with its cohorts taking people."""
    tracks = Track.objects.prefetch_related("courses", "stages")
    cohorts = Cohort.objects.filter(status__in=OPEN_STATUSES)
    if slug is not None:
        tracks, cohorts = tracks.filter(slug=slug), cohorts.filter(track__slug=slug)
    cohorts = cohorts.annotate(
        seats_taken=Count(
            "memberships", filter=Q(memberships__role=Membership.MEMBER, memberships__status__in=Membership.SEATED)
        )
    ).order_by("starts_on")
    by_track = {}
    for cohort_row in cohorts:
        by_track.setdefault(cohort_row.track_id, []).append(
            (cohort_row, max(cohort_row.capacity - cohort_row.seats_taken, 0))
        )
    return [(track, by_track.get(track.pk, [])) for track in tracks]


def track(slug):
    return Track.objects.filter(slug=slug).first()


def cohort(cohort_id):
    return Cohort.objects.select_related("track").filter(pk=cohort_id).first()


def membership(membership_id):
    return Membership.objects.select_related("cohort__track", "user", "mentor").filter(pk=membership_id).first()


def seats_left(cohort_row):
    return max(cohort_row.capacity - enrolment.seats_taken(cohort_row), 0)


def membership_of(user, cohort_row):
    """The person's membership in the cohort (any role or status), or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(cohort=cohort_row, user=user).first()


def find_user(username):
    return get_user_model().objects.filter(username=(username or "").strip()).first()


def create_invitation(cohort_row, facilitator, note="", email=""):
    invitation = enrolment.create_invitation(cohort_row, facilitator, note)
    if email:
        invitation.email = email.strip()[:254]
        invitation.save(update_fields=["email"])
        send_invitation(invitation)
    return invitation


def pending_nominations(user):
    """Nominations waiting for this person's consent."""
    return list(
        Nomination.objects.filter(nominee=user, status=Nomination.ASKED).select_related("cohort__track", "nominator")
    )


def nomination_for(user, nomination_id):
    return (
        Nomination.objects.filter(pk=nomination_id, nominee=user).select_related("cohort__track", "nominator").first()
    )


def stages_with_states(membership_row):
    """``[(stage, state, requirements)]`` for one membership: done, open or locked, each requirement met or not."""
    stages, states = progress.member_view(membership_row)
    requirements = {}
    for requirement in Requirement.objects.filter(stage__in=stages).order_by("pk"):
        requirements.setdefault(requirement.stage_id, []).append(requirement)
    return [
        (
            stage,
            states[stage.pk],
            [(requirement, states[stage.pk].met.get(requirement.pk)) for requirement in requirements.get(stage.pk, [])],
        )
        for stage in stages
    ]


def next_stage(stages):
    """The first open stage of ``stages_with_states``: what to do next."""
    return next((stage for stage, state, _requirements in stages if state.status == rules.OPEN), None)


def my_tracks(user):
    """Every cohort the person is in or waiting for, with stages, next step, mentor, check-ins and badges."""
    memberships = list(
        Membership.objects.filter(user=user, role=Membership.MEMBER)
        .exclude(status__in=(Membership.DECLINED,))
        .select_related("cohort__track", "mentor")
        .order_by("-cohort__starts_on")
    )
    entries = []
    for membership_row in memberships:
        followed = membership_row.status in Membership.FOLLOWED
        stages = stages_with_states(membership_row) if followed else []
        keys = [stage.key for stage, _state, _requirements in stages] + [membership_row.cohort.track.key]
        entries.append(
            {
                "membership": membership_row,
                "stages": stages,
                "next_stage": next_stage(stages),
                "check_ins": mentoring.check_ins(membership_row) if followed and membership_row.mentor_id else [],
                "badges": badges_api.awards_for_keys(user, keys) if followed else [],
                "stalled": reminders.is_stalled(membership_row),
            }
        )
    return entries


def member_detail(membership_row):
    """One member as their facilitators and mentor see them (and they see themself)."""
    return {
        "membership": membership_row,
        "stages": stages_with_states(membership_row),
        "check_ins": mentoring.check_ins(membership_row),
        "history": list(MembershipEvent.objects.filter(membership=membership_row).select_related("actor")),
        "stalled": reminders.is_stalled(membership_row),
    }


def facilitator_dashboard(cohort_row, page_number=1):
    page, rows, stages = dashboard.grid(cohort_row, page_number)
    return {
        "cohort": cohort_row,
        "page": page,
        "rows": rows,
        "stages": stages,
        "counts": dashboard.counts(cohort_row),
        "funnel": dashboard.funnel(cohort_row, stages),
        "weekly": dashboard.weekly_progress(cohort_row),
        "decisions": dashboard.decisions(cohort_row),
        "mentors": mentoring.cohort_mentors(cohort_row),
        "invitations": list(cohort_row.invitations.filter(used_by=None).order_by("-created_at")),
    }


csv_rows = dashboard.csv_rows
cohort_counts = dashboard.counts
check_ins = mentoring.check_ins


def roster(cohort_row):
    """The cohort's members (any status) with their mentor and how many stages each has done, by username."""
    return (
        cohort_row.memberships.filter(role=Membership.MEMBER)
        .select_related("user", "mentor")
        .annotate(stages_done=Count("progress"))
        .order_by("user__username", "pk")
    )


def invitation(token):
    return Invitation.objects.select_related("cohort__track").filter(token=token).first()


def mentor_suggestions(membership_row, n=3):
    """The cohort's mentors the skills matching finds best for this member: ``[(user, explanation)]``."""
    mentors = {user.pk: user for user in mentoring.cohort_mentors(membership_row.cohort)}
    ranked = skills_api.rank_mentors(membership_row.user, list(mentors), n=n)
    return [(mentors[user_id], explanation) for user_id, explanation in ranked]


def assign_mentor(membership_row, facilitator, mentor_username):
    mentor = find_user(mentor_username) if mentor_username else None
    if mentor_username and mentor is None:
        return "not_a_mentor"
    return mentoring.assign_mentor(membership_row, facilitator, mentor)


def log_check_in(membership_row, author, met_on, minutes, *, notes="", next_step=""):
    return mentoring.log_check_in(membership_row, author, met_on, minutes, notes=notes, next_step=next_step)


mentees = mentoring.mentees


def sign_off(membership_row, facilitator, stage_id, note=""):
    """A facilitator signs off a stage that asks for it, with a note kept in the history."""
    requirement = Requirement.objects.filter(
        kind=Requirement.SIGN_OFF, stage_id=stage_id, stage__track_id=membership_row.cohort.track_id
    ).first()
    if requirement is None:
        return "not_signed_off"
    if membership_row.status not in Membership.FOLLOWED:
        return "not_found"
    note = (note or "").strip()[:1000]
    MembershipEvent.objects.create(
        membership=membership_row,
        actor=facilitator,
        from_status=membership_row.status,
        to_status=membership_row.status,
        reason=f"sign-off: {requirement.stage.title}: {note}",
        at=timezone.now(),
    )
    progress.record_fact(
        membership_row.user_id, Requirement.SIGN_OFF, str(stage_id), 1, source=f"signed off: {note}"[:255]
    )
    return None


def record_capstone(membership_row, signer, stage_id, evidence):
    """A capstone stage's project was signed off (by the leadership app) with its figures as ``evidence``."""
    if not Requirement.objects.filter(
        kind=Requirement.CAPSTONE, stage_id=stage_id, stage__track_id=membership_row.cohort.track_id
    ).exists():
        return "not_signed_off"
    if membership_row.status not in Membership.FOLLOWED:
        return "not_found"
    MembershipEvent.objects.create(
        membership=membership_row,
        actor=signer,
        from_status=membership_row.status,
        to_status=membership_row.status,
        reason=f"capstone signed off: stage {stage_id}",
        at=timezone.now(),
    )
    progress.record_fact(
        membership_row.user_id, Requirement.CAPSTONE, str(stage_id), 1, source="capstone", evidence=evidence
    )
    return None


def tracks_for_role(role_code):
    """Tracks that prepare for a role, with their cohorts taking people now: ``[(track, [(cohort, seats left)])]``."""
    return [(track, cohorts) for track, cohorts in catalogue() if track.role_code == role_code]


def message_cohort(cohort_row, subject, text):
    """Email every active member; returns ``(count, problem)``."""
    subject, text = (subject or "").strip()[:200], (text or "").strip()[:10000]
    if not subject or not text:
        return 0, "message_missing"
    return _message_cohort(cohort_row, subject, text), None


def rebuild_cohort(cohort_row):
    """Backfill the members' missing facts from where they are kept, then work the stages out again."""
    backfill.backfill(cohort_row)
    return progress.rebuild_cohort(cohort_row)


def cohorts_run_by(user):
    """The cohorts a person facilitates (every cohort for global staff)."""
    ids = access.cohorts_run_by(user)
    cohorts = Cohort.objects.select_related("track").order_by("-starts_on")
    return list(cohorts if ids is None else cohorts.filter(pk__in=ids))


def copy_track(track_row):
    """A copy of the track, its courses, stages and requirements, under the first free ``<slug>-copy`` key."""
    with transaction.atomic():
        return authoring.copy_track(track_row)


def sync_cohort_courses(cohort_row):
    """Queue the course sync of every membership of the cohort (after a course was added to its track); a count."""
    membership_ids = list(cohort_row.memberships.filter(role=Membership.MEMBER).values_list("pk", flat=True))
    for membership_id in membership_ids:
        transaction.on_commit(partial(sync.schedule, membership_id))
    return len(membership_ids)


def stages_done_by(user):
    """``[(stage, done_at)]`` the person finished as a member, in any cohort, oldest first (leadership evidence)."""
    done = (
        StageProgress.objects.filter(membership__user=user, membership__role=Membership.MEMBER)
        .select_related("stage__track")
        .order_by("done_at", "pk")
    )
    return [(row.stage, row.done_at) for row in done]


def mentoring_given(user):
    """``{"minutes", "check_ins", "people", "last"}`` of the check-ins the person logged as a mentor; None if none."""
    facts = CheckIn.objects.filter(mentor=user).aggregate(
        minutes=Sum("minutes"),
        check_ins=Count("pk"),
        people=Count("membership__user", distinct=True),
        last=Max("met_on"),
    )
    return facts if facts["check_ins"] else None


def facilitates_any(user):
    """Whether the person is an active facilitator of some cohort."""
    return access.cohorts_run_by(user) != set() if user.is_authenticated else False


def capstone_stages(membership_row):
    """The stages of the membership's track that ask for a capstone project, in order."""
    return list(
        Stage.objects.filter(track_id=membership_row.cohort.track_id, requirements__kind=Requirement.CAPSTONE)
        .distinct()
        .order_by("order")
    )
