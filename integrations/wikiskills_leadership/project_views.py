"""Capstone project pages: thin adapters that read the request, call ``api`` and render.

Every action is a POST that redirects back with its result as a flash message the page focuses.
A project a person may not see answers 404; an action they may not take answers 403. The public
page exists only when the member turned it on, and shows counts only, never a participant's name.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..wikiskills_core import charts, results
from . import api
from .project_messages import DONE, PROBLEMS

BAR_GAP = 2
DRAFT = "wikiskills_leadership_project_draft"
FORM_FIELDS = (
    "title", "kind", "wiki", "event_page", "starts_at", "ends_at",
    "tracked_pages", "tracked_category", "participants", "public",
)  # fmt: skip


def _problem(request, code):
    results.say(request, code, PROBLEMS)


def _result(request, problem, action):
    results.say(request, problem, PROBLEMS, DONE.get(action, ""))


def _chart(figures):
    return {
        "bars": charts.columns([(day, count) for day, count in figures["per_day"]], BAR_GAP),
        "chart_width": charts.CHART_WIDTH,
        "chart_height": charts.CHART_HEIGHT,
    }


@login_required
@require_http_methods(["GET", "POST"])
def new_project(request):
    source = request.POST if request.method == "POST" else request.GET
    membership_id, stage_id = results.number(source.get("membership")), results.number(source.get("stage"))
    membership, stage, problem = api.registration(request.user, membership_id, stage_id)
    if problem == "not_found":
        raise Http404
    registered = api.capstone_links(membership).get(stage.pk) if stage is not None else None
    if registered is not None:  # "My tracks" links here for the stage: the project it has
        return redirect("wikiskills_leadership:project", registered.pk)
    if request.method == "POST":
        data = {name: request.POST.get(name, "") for name in FORM_FIELDS}
        project, problem = api.register(request.user, membership_id, stage_id, data)
        if project is not None:
            _result(request, None, "register")
            return redirect("wikiskills_leadership:project", project.pk)
        _problem(request, problem)
        request.session[DRAFT] = data
        return redirect(f"{reverse('wikiskills_leadership:project_new')}?membership={membership_id}&stage={stage_id}")
    if problem:
        _problem(request, problem)
    draft = request.session.pop(DRAFT, None) or {}
    return render(
        request,
        "wikiskills_leadership/project_new.html",
        {
            "membership": membership,
            "stage": stage,
            "draft": draft,
            "kinds": api.KIND_CHOICES,
            "wikis": api.wiki_choices(),
        },
    )


@login_required
@require_GET
def project_page(request, project_id):
    project = api.project_for(request.user, project_id)
    if project is None:
        raise Http404
    figures = api.figures(project)
    return render(
        request,
        "wikiskills_leadership/project_page.html",
        {
            "project": project,
            "figures": figures,
            "participants": api.participants(project),
            "may_change": api.may_change(request.user, project),
            "may_sign_off": api.may_sign_off(request.user, project),
            "signup_url": request.build_absolute_uri(
                reverse("wikiskills_leadership:project_join", args=[project.signup_token])
            ),
            "public_url": request.build_absolute_uri(
                reverse("wikiskills_leadership:project_public", args=[project.pk])
            ),
            **_chart(figures),
        },
    )


@login_required
@require_POST
def project_action(request, project_id):
    project = api.project_for(request.user, project_id)
    if project is None:
        raise Http404
    action = request.POST.get("action")
    if action == "measure":
        _result(request, api.queue_measurement(project, request.user), "measure")
    elif action == "sign_off":
        if not api.may_sign_off(request.user, project):
            raise PermissionDenied
        _result(request, api.sign_off(project, request.user), "sign_off")
    else:
        if not api.may_change(request.user, project):
            raise PermissionDenied
        if action == "participants":
            _count, problem = api.add_participants(project, request.user, request.POST.get("participants", ""))
            _result(request, problem, "participants")
        elif action == "report":
            _result(request, api.save_report(project, request.user, request.POST.get("report", "")), "report")
        elif action == "public":
            public = request.POST.get("public") == "on"
            _result(request, api.set_public(project, request.user, public), "public" if public else "private")
        else:
            _problem(request, "not_found")
    return redirect("wikiskills_leadership:project", project.pk)


@require_GET
def public_page(request, project_id):
    project = api.public_project(project_id)
    if project is None:
        raise Http404
    figures = api.figures(project)
    return render(
        request,
        "wikiskills_leadership/project_public.html",
        {"project": project, "figures": figures, **_chart(figures)},
    )


@require_http_methods(["GET", "POST"])
def join(request, token):
    """The sign-up link: anyone adds their wiki username, with or without an account here (CSRF on)."""
    project = api.project_by_token(token)
    if project is None:
        raise Http404
    if request.method == "POST":
        _participant, problem = api.join(project, request.POST.get("username", ""))
        _result(request, problem, "join")
        return redirect("wikiskills_leadership:project_join", token)
    return render(request, "wikiskills_leadership/project_join.html", {"project": project})
