"""The roles pages: thin adapters that read the request, ask ``api`` who may do what, call it and render.

Every change is a POST that redirects (a reload never repeats it) with its result as a flash message
the page focuses. A refused form keeps what was typed, in the session for one page view. An unknown
role or community answers 404; a community's form for someone who may not change it answers 403
(communities and their versions are not secret: every signed-in person may read them).
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..wikiskills_skills import wording as skills_wording
from ..wikiskills_skills.messages import LEVEL_NAMES
from . import api
from .role_messages import CHANGES, DONE, GLOBAL_NAME, PROBLEMS, SHIPPED

DRAFT = "wikiskills_leadership_role_draft"
ADD_ROWS = 3
LANGUAGE_NAMES = {"es": "español", "pt": "português", "fr": "français", "ar": "العربية", "hi": "हिन्दी"}


# Helpers


def _role_or_404(code):
    role = api.role(code)
    if role is None:
        raise Http404
    return role


def _community_or_404(slug):
    """The community of a slug, None for the global version's key, 404 for anything else."""
    if slug == api.GLOBAL:
        return None
    community = api.community(slug)
    if community is None:
        raise Http404
    return community


def _chosen_community(request):
    """``(community or None, key)`` the page shows: the ``community`` parameter, else the viewer's own."""
    slug = request.GET.get("community", "")
    community = _community_or_404(slug) if slug else api.community_of(request.user)
    return community, community.slug if community else api.GLOBAL


def _key(community):
    return community.slug if community else api.GLOBAL


def _level_choices():
    return [(level, _(LEVEL_NAMES[level])) for level in api.LEVELS]


def _change_words(kind, facts, labels):
    if kind in ("added", "dropped", "level"):
        facts = {**facts, "skill": labels.get(facts["skill"], facts["skill"])}
    if kind == "names":
        facts = {"languages": ", ".join(LANGUAGE_NAMES.get(code, code) for code in facts["languages"])}
    if kind == "copied":
        facts = {**facts, "community": facts["community"].display_name if facts["community"] else _(GLOBAL_NAME)}
    return _(CHANGES[kind]).format(**facts)


def _reason_words(version):
    return (
        _(SHIPPED) if version.changed_by_id is None and version.reason == api.roles.SHIPPED_REASON else version.reason
    )


def _picker(communities, key):
    return [(api.GLOBAL, _(GLOBAL_NAME), key == api.GLOBAL)] + [
        (community.slug, community.display_name, community.slug == key) for community in communities
    ]


# Pages everyone signed in reads


@login_required
@require_GET
def role_list(request):
    return render(
        request,
        "wikiskills_leadership/role_list.html",
        {"roles": api.role_list(request.user), "community": api.community_of(request.user)},
    )


@login_required
@require_GET
def role_detail(request, code):
    role = _role_or_404(code)
    community, key = _chosen_community(request)
    gap = api.gap(request.user, role.code, community or api.GLOBAL)
    if gap is None:
        raise Http404
    for row in gap["left"]:
        row["mentors"] = [
            (mentor, skills_wording.explain(items, mentor.username) if items else [])
            for mentor, items in row["mentors"]
        ]
    return render(
        request,
        "wikiskills_leadership/role_detail.html",
        {
            **gap,
            "viewed": community,
            "key": key,
            "picker": _picker(api.communities(), key),
            "may_adapt": api.may_adapt(request.user, community),
            "coordinated": [c for c in api.coordinated_by(request.user) if community is None or c.pk != community.pk],
        },
    )


@login_required
@require_GET
def role_history(request, code):
    role = _role_or_404(code)
    community, key = _chosen_community(request)
    entries = api.history(role, community)
    labels = api.skill_labels()
    for entry in entries:
        entry["words"] = [_change_words(kind, facts, labels) for kind, facts in entry["changes"]]
        entry["reason"] = _reason_words(entry["version"])
    return render(
        request,
        "wikiskills_leadership/role_history.html",
        {
            "role": role,
            "viewed": community,
            "key": key,
            "entries": entries,
            "current": api.current_version(role, community),
            "picker": _picker(api.communities(), key),
        },
    )


# Adapting: the community's coordinators (staff for the global version)


def _posted_skills(post):
    """``(skills, draft rows)`` from the form: the listed skills not dropped, then the filled "add" rows."""
    skills, rows, adds = [], [], []
    for code in post.getlist("skill"):
        level, drop = post.get(f"level-{code}", ""), post.get(f"drop-{code}") == "on"
        rows.append({"skill": code, "level": level, "drop": drop})
        if not drop:
            skills.append({"skill": code, "level": level})
    for index in range(ADD_ROWS):
        code, level = post.get(f"add-skill-{index}", "").strip(), post.get(f"add-level-{index}", "")
        adds.append({"skill": code, "level": level})
        if code:
            skills.append({"skill": code, "level": level})
    return skills, rows, adds


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def role_adapt(request, slug, code):
    role = _role_or_404(code)
    community = _community_or_404(slug)
    if not api.may_adapt(request.user, community):
        raise PermissionDenied
    where = f"adapt-{_key(community)}-{role.code}"
    here = reverse("wikiskills_leadership:role_adapt", args=[_key(community), role.code])
    if request.method == "POST":
        post = request.POST
        action = post.get("action", "")
        if action == "adapt":
            skills, rows, adds = _posted_skills(post)
            names = {language: post.get(f"name-{language}", "") for language in api.LANGUAGES}
            _version, problem = api.adapt(
                role,
                community,
                request.user,
                name=post.get("name", ""),
                names=names,
                responsibilities=post.get("responsibilities", ""),
                skills=skills,
                reason=post.get("reason", ""),
            )
            draft = {
                "name": post.get("name", ""),
                "names": names,
                "responsibilities": post.get("responsibilities", ""),
                "reason": post.get("reason", ""),
                "rows": rows,
                "adds": adds,
            }
        elif action == "copy":
            source = api.community(post.get("from", ""))
            _version, problem = api.copy_version(role, source, community, request.user, post.get("reason", ""))
            draft = {"from": post.get("from", ""), "copy_reason": post.get("reason", "")}
        else:
            action, problem, draft = "", "bad_choice", {}
        if problem:
            flash.error(request, _(PROBLEMS.get(problem, PROBLEMS["not_found"])))
            request.session[DRAFT] = {"where": where, "fields": draft}
            return redirect(here)
        flash.success(request, _(DONE[action]))
        history = reverse("wikiskills_leadership:role_history", args=[role.code])
        return redirect(f"{history}?community={_key(community)}")
    stored = request.session.pop(DRAFT, None)
    draft = stored["fields"] if stored and stored.get("where") == where else {}
    version = api.current_version(role, community)
    labels = api.skill_labels()
    if draft.get("rows") is not None:
        rows = [{**row, "level": _int_or_none(row["level"])} for row in draft["rows"]]
    else:
        rows = [{"skill": item["skill"], "level": item["level"], "drop": False} for item in version.skills]
    for row in rows:
        row["label"] = labels.get(row["skill"], row["skill"])
    adds = draft.get("adds") or [{"skill": "", "level": ""}] * ADD_ROWS
    adds = [
        {"index": index, "skill": row["skill"], "level": _int_or_none(row["level"])} for index, row in enumerate(adds)
    ]
    names = draft.get("names") or version.names
    return render(
        request,
        "wikiskills_leadership/role_adapt.html",
        {
            "role": role,
            "community": community,
            "key": _key(community),
            "version": version,
            "adapted": version.community_id is not None and community is not None,
            "name": draft.get("name", version.name),
            "languages": [(language, LANGUAGE_NAMES[language], names.get(language, "")) for language in api.LANGUAGES],
            "responsibilities": draft.get("responsibilities", version.responsibilities),
            "reason": draft.get("reason", ""),
            "rows": rows,
            "adds": adds,
            "skill_choices": api.skills_api.skill_choices(),
            "level_choices": _level_choices(),
            "sources": [c for c in api.communities_with_versions(role) if community is None or c.pk != community.pk],
            "copy_from": draft.get("from", ""),
            "copy_reason": draft.get("copy_reason", ""),
        },
    )
