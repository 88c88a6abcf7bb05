"""The leadership app's public Python API: what pages, tasks, the admin and other apps call.

Three parts: roles and their community versions (ADR 0042), opt-in leadership evidence (ADR 0043),
and capstone projects with their measured impact (ADR 0044). Functions that change something
return a problem code (or ``(object, problem)``), worded by the part's messages module; reads
never write, except ``measure`` (which reads the wiki and stores what it counted).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from ..mediawiki import errors as wiki_errors
from ..wikiskills_core import wikis
from ..wikiskills_skills import api as skills_api
from ..wikiskills_tracks import api as tracks_api
from . import evidence, evidence_wiki, impact, projects, roles
from .models import Community, Project, Role
from .roles import GLOBAL, LANGUAGES, LEVELS, RoleProblem  # noqa: F401  (re-exported for the pages)

# Roles: the versions each community sees, adapting them, and what a learner still needs for a role

MENTORS_SHOWN = 3
MENTOR_CANDIDATES = 50

current_version = roles.current_version
community_of = roles.community_of
is_coordinator = roles.is_coordinator
may_adapt = roles.may_adapt
history = roles.history
communities_with_versions = roles.communities_with_versions


def load_shipped_roles():
    """Create the shipped roles' global versions where missing (tests build tables without the data migration)."""
    return roles.load_shipped()


def role(code):
    return Role.objects.filter(code=code).first()


def community(slug):
    return Community.objects.filter(slug=slug).first()


def communities():
    return list(Community.objects.order_by("name"))


def coordinated_by(user):
    """The communities ``user`` coordinates, by name."""
    if not user.is_authenticated:
        return []
    return list(Community.objects.filter(members__user=user, members__coordinator=True).order_by("name"))


def role_list(user):
    """``[(role, version)]``: every role as the person's community sees it (adapted or global)."""
    viewer_community = roles.community_of(user)
    listed = []
    for row in Role.objects.all():
        version = roles.current_version(row, viewer_community)
        if version is not None:
            listed.append((row, version))
    return listed


skill_labels = skills_api.skill_labels


def adapt(role_row, community_row, user, *, name, names, responsibilities, skills, reason):
    """A new version of a role for a community (``None``: the global one): renamed, translated, skills changed."""
    try:
        version = roles.adapt(
            role_row,
            community_row,
            user,
            name=name,
            names=names,
            responsibilities=responsibilities,
            skills=skills,
            reason=reason,
            known_codes=skills_api.skill_codes(),
        )
    except RoleProblem as problem:
        return None, problem.code
    return version, None


def copy_version(role_row, from_community, to_community, user, reason):
    """``to_community`` takes ``from_community``'s adaptation as its own new version."""
    try:
        return roles.copy_version(role_row, from_community, to_community, user, reason), None
    except RoleProblem as problem:
        return None, problem.code


# What a learner needs for a role


def known_levels(user):
    """``{skill code: known level}`` from the learner's skills profile (which counts evidence too)."""
    return {entry["skill"]: entry["known_level"] for entry in skills_api.profile_data(user)["skills"]}


def _wants_any(user):
    return any(entry["wanted"] for entry in skills_api.profile_data(user)["skills"])


def mentors_for(user, skill_code, level, n=MENTORS_SHOWN):
    """Up to ``n`` people offering the skill at ``level`` or more, whose profile ``user`` may see.

    Answers ``[(user, explanation items)]``.

    The skills matching ranks them (languages, time, places left) when the learner wants some skill;
    otherwise the ones who know it best come first, without an explanation.
    """
    candidates = skills_api.people_offering(user, skill_code, level, MENTOR_CANDIDATES)
    if not candidates:
        return []
    if _wants_any(user):
        by_id = {candidate.pk: candidate for candidate in candidates}
        return [(by_id[user_id], items) for user_id, items in skills_api.rank_mentors(user, list(by_id), n=n)]
    return [(candidate, []) for candidate in candidates[:n]]


def gap(user, role_code, community=None):
    """What the role needs, what the learner has, what is left and what covers it; None for an unknown role.

    The version read is ``community``'s (``GLOBAL``: the global one), else the learner's community's. Answers
    ``{"role", "version", "community", "needs": [row], "left": [row], "tracks"}``; each row is
    ``{"skill", "label", "needed", "have", "left"}`` and a row left also has ``"content"``, ``"badges"``,
    ``"mentors"`` and ``"tracks"`` (the tracks preparing for the role, with their cohorts taking people).
    """
    role_row = role(role_code)
    if role_row is None:
        return None
    if community == GLOBAL:
        community = None
    elif community is None:
        community = roles.community_of(user)
    version = roles.current_version(role_row, community)
    if version is None:
        return None
    have = known_levels(user)
    labels = skill_labels(item["skill"] for item in version.skills)
    tracks = tracks_api.tracks_for_role(role_row.code)
    needs, left = [], []
    for item in version.skills:
        code, needed = item["skill"], item["level"]
        row = {
            "skill": code,
            "label": labels.get(code, code),
            "needed": needed,
            "have": have.get(code, 0),
        }
        row["left"] = row["have"] < needed
        needs.append(row)
        if row["left"]:
            teaches = skills_api.what_teaches(code)
            left.append(
                {
                    **row,
                    "content": teaches["content"],
                    "badges": teaches["badges"],
                    "mentors": mentors_for(user, code, needed),
                    "tracks": tracks,
                }
            )
    return {
        "role": role_row,
        "version": version,
        "community": version.community,
        "needs": needs,
        "left": left,
        "tracks": tracks,
    }


# Leadership evidence: consent, hiding, who may see it, on-wiki facts, inviting

EvidenceItem = evidence.EvidenceItem
agree = evidence.agree
withdraw = evidence.withdraw
has_consented = evidence.has_consented
consent_of = evidence.consent_of
hide = evidence.hide
show = evidence.show
may_see = evidence.may_see
may_browse = evidence.may_browse
evidence_for = evidence.evidence_for
shared_view = evidence.shared_view
opted_in_people = evidence.opted_in_people
communities_for = evidence.communities_for
activity_read_at = evidence.activity_read_at
refresh = evidence.refresh
refresh_stale = evidence_wiki.refresh_stale
ACTIVITY_DAYS = evidence_wiki.ACTIVITY_DAYS


def person(username):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def needs_refresh(user):
    """Whether some of the person's on-wiki facts were never read or are older than the maximum age."""
    return any(evidence_wiki.stale_user_ids(wiki, [user.pk]) for wiki in evidence.linked_wikis(user))


def cohorts_to_invite_to(viewer):
    """The viewer's cohorts that take people now (enrolling or running)."""
    return [row for row in tracks_api.cohorts_run_by(viewer) if row.status in tracks_api.OPEN_STATUSES]


def invite(viewer, person_row, cohort_id, note=""):
    """Invite a person to one of the viewer's open cohorts, by email; returns a problem code or None."""
    cohort = next((row for row in cohorts_to_invite_to(viewer) if str(row.pk) == str(cohort_id)), None)
    if cohort is None:
        return "not_your_cohort"
    if not person_row.email:
        return "no_email"
    tracks_api.create_invitation(cohort, viewer, (note or person_row.username)[:200], email=person_row.email)
    return None


# Capstone projects: registration, participants, impact, report and sign-off

may_view = projects.may_view
may_change = projects.may_change
may_sign_off = projects.may_sign_off
capstone_stages = projects.capstone_stages
add_participants = projects.add_participants
save_report = projects.save_report
set_public = projects.set_public
KIND_CHOICES = Project.KIND_CHOICES


def _projects():
    return Project.objects.select_related("owner", "membership__cohort__track", "membership__mentor", "stage")


def project(project_id):
    return _projects().filter(pk=project_id).first()


def project_for(user, project_id):
    """The project if ``user`` may see it, else None (pages answer 404: its existence is not leaked)."""
    row = project(project_id)
    return row if row is not None and may_view(user, row) else None


def public_project(project_id):
    """The project when its member chose to show a public page, else None."""
    return _projects().filter(pk=project_id, public=True).first()


def project_by_token(token):
    return _projects().filter(signup_token=token).first()


def projects_of(user):
    """The projects a member registered, newest first."""
    return list(_projects().filter(owner=user)) if user.is_authenticated else []


def capstone_links(membership):
    """{stage id: the project registered for it, or None} for a membership's capstone stages ("My tracks")."""
    registered = {row.stage_id: row for row in Project.objects.filter(membership=membership)}
    return {stage.pk: registered.get(stage.pk) for stage in capstone_stages(membership)}


def registration(user, membership_id, stage_id):
    """``(membership, stage, problem)`` for the registration form: the member's own capstone stage."""
    membership = tracks_api.membership(membership_id) if membership_id else None
    if membership is None or membership.user_id != user.pk:
        return None, None, "not_found"
    stage = projects.capstone_stage(membership, stage_id)
    if stage is None:
        return membership, None, "not_capstone"
    return membership, stage, None


def register(user, membership_id, stage_id, data):
    """``(project, problem)``: register a community project as the capstone of a stage."""
    membership = tracks_api.membership(membership_id) if membership_id else None
    return projects.register(membership, user, stage_id, data)


def wiki_choices():
    """``[(key, name)]`` of the wikis a project may target (one wiki per project)."""
    return [(key, wiki.name) for key, wiki in sorted(wikis.allowed_wikis().items())]


def join(project_row, username, client=None):
    """``(participant, problem)``: sign up through the project's link with a wiki username."""
    client = client or wikis.client_for(wikis.get_wiki(project_row.wiki), background=False)
    try:
        return projects.join(project_row, username, client)
    except wiki_errors.MediaWikiError:
        return None, "wiki_unavailable"


def measure(project_row, *, client=None, now=None):
    """Measure one project now (a task calls this); returns an ``impact.Measurement``."""
    client = client or wikis.client_for(wikis.get_wiki(project_row.wiki), background=True)
    return impact.measure(project_row, client, now or timezone.now())


def due(now):
    """Projects to measure now: started and not measured after their end, or waiting for retention."""
    closes = impact.RETENTION_AFTER + impact.RETENTION_WINDOW + timedelta(days=1)
    return list(
        Project.objects.filter(starts_at__lte=now)
        .filter(Q(final_measured_at=None) | Q(ends_at__gte=now - closes, ends_at__lte=now - impact.RETENTION_AFTER))
        .order_by("pk")
    )


def queue_measurement(project_row, user):
    """Ask the workers to measure the project soon ("Measure now")."""
    if not may_view(user, project_row):
        return "not_allowed"
    from .project_tasks import measure_project  # noqa: PLC0415  (tasks import this module)

    measure_project.delay(project_row.pk)
    return None


def figures(project_row, now=None):
    """The figures: frozen at sign-off, else worked out from the stored edits (no wiki request)."""
    if project_row.signed_off_at is not None and project_row.figures:
        return project_row.figures
    return impact.figures(project_row, now or timezone.now())


def participants(project_row):
    """Participants with their state: ``[(participant, "active" | "matched" | "not_found" | "waiting")]``."""
    active = set(project_row.edits.values_list("wiki_user_id", flat=True).distinct())
    rows = []
    for participant in project_row.participants.order_by("username"):
        if participant.wiki_user_id is None:
            state = (
                "not_found" if project_row.measured_at and participant.added_at < project_row.measured_at else "waiting"
            )
        else:
            state = "active" if participant.wiki_user_id in active else "matched"
        rows.append((participant, state))
    return rows


def sign_off(project_row, signer, now=None):
    """The facilitator or mentor signs the capstone off; the figures become the stage badge's evidence."""
    return projects.sign_off(project_row, signer, now or timezone.now())
