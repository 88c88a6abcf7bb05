"""Capstone projects: registration, participants (listed or signed up), the report, and the sign-off.

Functions that change something return a problem code (``project_messages.PROBLEMS``) or None; the
caller words it. Who may see, change or sign off a project is decided here, from the tracks app's
access rules: the member who registered it, their mentor, the cohort's facilitators and global staff.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import openedx_compat
from ..mediawiki.names import normalize_username
from ..wikiskills_tracks import api as tracks_api
from . import impact
from .models import Participant, Project

LONGEST_PROJECT = timedelta(days=366)
MOST_PARTICIPANTS = 5000
LONGEST_USERNAME = 85
# MediaWiki refuses these in titles (#<>[]|{}) and in new user names ($wgInvalidUsernameCharacters: @:=).
_BAD_USERNAME_CHARACTERS = frozenset("#<>[]|{}@:=")
EDITABLE = ("title", "kind", "event_page", "tracked_pages", "tracked_category")


# -- who may do what ------------------------------------------------------------------------------


def may_view(user, project):
    """The member who registered it, their mentor, the cohort's facilitators and global staff."""
    if not user.is_authenticated:
        return False
    if project.owner_id == user.pk or tracks_api.is_staff(user):
        return True
    return project.membership is not None and tracks_api.may_see(user, project.membership)


def may_change(user, project):
    """The member who registered it (and global staff): participants, report, public page."""
    return user.is_authenticated and (project.owner_id == user.pk or tracks_api.is_staff(user))


def may_sign_off(user, project):
    """The cohort's facilitators and the member's mentor; never the member themself."""
    if not user.is_authenticated or project.membership is None or user.pk == project.owner_id:
        return False
    return tracks_api.is_mentor_of(user, project.membership) or tracks_api.runs(user, project.membership.cohort)


# -- registration ---------------------------------------------------------------------------------


capstone_stages = tracks_api.capstone_stages


def capstone_stage(membership, stage_id):
    return next((stage for stage in capstone_stages(membership) if stage.pk == stage_id), None)


def parse_moment(text):
    """An aware UTC datetime from a form's ``YYYY-MM-DDTHH:MM`` (or a date alone: midnight UTC), or None."""
    text = (text or "").strip()
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def clean_username(text):
    """``(normalized name, problem)`` for a wiki username as people type it (a ``User:`` prefix is dropped)."""
    name = (text or "").strip()
    if name.lower().startswith("user:"):
        name = name[5:]
    name = normalize_username(name)
    if not name:
        return "", "username_missing"
    if len(name) > LONGEST_USERNAME or _BAD_USERNAME_CHARACTERS & set(name):
        return name, "bad_username"
    return name, None


def clean_usernames(text):
    """``(names, problem)`` from one username a line (commas too), each once, in order."""
    names = []
    for line in (text or "").replace(",", "\n").splitlines():
        if not line.strip():
            continue
        name, problem = clean_username(line)
        if problem:
            return [], problem
        names.append(name)
    names = list(dict.fromkeys(names))
    if len(names) > MOST_PARTICIPANTS:
        return [], "too_many_participants"
    return names, None


def clean_project(data):
    """``(fields, participant names, problem)`` from the registration form's values."""
    fields = {
        "title": (data.get("title") or "").strip()[:200],
        "kind": data.get("kind") if data.get("kind") in dict(Project.KIND_CHOICES) else Project.OTHER,
        "wiki": (data.get("wiki") or "").strip(),
        "event_page": (data.get("event_page") or "").strip()[:255],
        "starts_at": parse_moment(data.get("starts_at")),
        "ends_at": parse_moment(data.get("ends_at")),
        "tracked_pages": "\n".join(
            line.strip() for line in (data.get("tracked_pages") or "").splitlines() if line.strip()
        ),
        "tracked_category": (data.get("tracked_category") or "").strip()[:255],
        "public": bool(data.get("public")),
    }
    if not fields["title"]:
        return fields, [], "title_missing"
    if fields["wiki"] not in settings.WIKISKILLS_WIKIS:
        return fields, [], "unknown_wiki"
    starts, ends = fields["starts_at"], fields["ends_at"]
    if starts is None or ends is None or ends <= starts or ends - starts > LONGEST_PROJECT:
        return fields, [], "bad_dates"
    names, problem = clean_usernames(data.get("participants"))
    return fields, names, problem


def register(membership, user, stage_id, data):
    """``(project, problem)``: the member registers a community project as their capstone for the stage."""
    if membership is None or membership.user_id != user.pk or membership.role != tracks_api.Membership.MEMBER:
        return None, "not_found"
    if membership.status not in tracks_api.Membership.FOLLOWED:
        return None, "not_member"
    stage = capstone_stage(membership, stage_id)
    if stage is None:
        return None, "not_capstone"
    if Project.objects.filter(membership=membership, stage=stage).exists():
        return None, "already_registered"
    fields, names, problem = clean_project(data)
    if problem:
        return None, problem
    with transaction.atomic():
        project = Project.objects.create(owner=user, membership=membership, stage=stage, **fields)
        Participant.objects.bulk_create([Participant(project=project, username=name) for name in names])
    return project, None


# -- participants ---------------------------------------------------------------------------------


def add_participants(project, user, text):
    """``(how many were new, problem)``: the owner adds usernames (one a line); known ones are left as they are."""
    if not may_change(user, project):
        return 0, "not_allowed"
    if project.final_measured_at is not None:
        return 0, "signup_closed"
    names, problem = clean_usernames(text)
    if problem:
        return 0, problem
    if not names:
        return 0, "username_missing"
    known = set(project.participants.values_list("username", flat=True))
    new = [Participant(project=project, username=name) for name in names if name not in known]
    if len(known) + len(new) > MOST_PARTICIPANTS:
        return 0, "too_many_participants"
    Participant.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), None


def _join_problem(project, username):
    """``(name, problem)`` of a sign-up before the wiki is asked."""
    if project.final_measured_at is not None:
        return "", "signup_closed"
    name, problem = clean_username(username)
    if problem:
        return name, problem
    if project.participants.filter(username=name).exists():
        return name, "already_participant"
    return name, None


def join(project, username, client):
    """``(participant, problem)``: someone signs up through the project's link with their wiki username.

    No account here is needed. The username must exist on the project's wiki (one ``users`` request);
    its account id is kept, so later renames do not matter.
    """
    name, problem = _join_problem(project, username)
    if problem:
        return None, problem
    record = client.users([name]).get(name)
    if record is None or not record.exists:
        return None, "not_on_wiki"
    if project.participants.filter(wiki_user_id=record.userid).exists():
        return None, "already_participant"
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                project=project,
                username=normalize_username(record.name),
                wiki_user_id=record.userid,
                registered_at=record.registration,
                signed_up=True,
            )
    except IntegrityError:
        return None, "already_participant"
    return participant, None


# -- the report, the public page, the sign-off ----------------------------------------------------


def save_report(project, user, text):
    if not may_change(user, project):
        return "not_allowed"
    if project.signed_off_at is not None:
        return "already_signed_off"
    project.report = (text or "").strip()[:20000]
    project.save(update_fields=["report"])
    return None


def set_public(project, user, public):
    if not may_change(user, project):
        return "not_allowed"
    project.public = bool(public)
    project.save(update_fields=["public"])
    return None


def absolute(path):
    return f"{openedx_compat.lms_root_url().rstrip('/')}{path}"


def evidence_url(project):
    """Where the evidence points: the public project page if shown, else the cohort's page."""
    if project.public:
        return absolute(reverse("wikiskills_leadership:project_public", args=[project.pk]))
    return absolute(reverse("wikiskills_tracks:cohort", args=[project.membership.cohort_id]))


def narrative(project, figures):
    """One sentence with the figures, in the signer's language: what the badge's evidence says."""
    measured = (project.final_measured_at or project.measured_at).date().isoformat()
    text = _(
        "%(title)s: %(edits)s edits, %(created)s pages created, %(improved)s pages improved, %(bytes)s bytes and "
        "%(references)s references added, %(files)s files uploaded, %(active)s of %(participants)s participants "
        "active, %(new)s new editors"
    ) % {
        "title": project.title,
        "edits": figures["edits"],
        "created": figures["pages_created"],
        "improved": figures["pages_improved"],
        "bytes": figures["bytes_added"],
        "references": figures["references_added"],
        "files": figures["files_uploaded"],
        "active": figures["participants_active"],
        "participants": figures["participants"],
        "new": figures["new_editors"],
    }
    if figures["retention"] is not None:
        text += _(", %(retention)s editing again 30 days after") % {"retention": figures["retention"]}
    return text + _(" (measured %(date)s on %(wiki)s)") % {"date": measured, "wiki": project.wiki}


def _sign_off_problem(project, signer):
    if not may_sign_off(signer, project):
        return "not_allowed"
    if project.signed_off_at is not None:
        return "already_signed_off"
    if project.final_measured_at is None:
        return "not_measured"
    if not project.report.strip():
        return "report_missing"
    return None


def sign_off(project, signer, now):
    """The facilitator or mentor signs the capstone off: figures frozen, the stage's fact carries them."""
    problem = _sign_off_problem(project, signer)
    if problem:
        return problem
    figures = impact.figures(project, now)
    evidence = [{"url": evidence_url(project), "narrative": narrative(project, figures)}]
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.signed_off_at is not None:
            return "already_signed_off"
        problem = tracks_api.record_capstone(project.membership, signer, project.stage_id, evidence)
        if problem:
            return problem
        project.figures, project.signed_off_by, project.signed_off_at = figures, signer, now
        project.save(update_fields=["figures", "signed_off_by", "signed_off_at"])
    return None
