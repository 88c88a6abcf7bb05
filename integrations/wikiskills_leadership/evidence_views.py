"""Leadership evidence pages: thin adapters that ask ``api`` and render.

Every action is a POST that redirects back with its result as a flash message the page focuses.
A person's page answers the same 404 whether the person does not exist, has not agreed, has
withdrawn, or the viewer may not see them: whether someone consented is never revealed.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import api
from . import evidence_messages as words

MINE_ACTIONS = ("agree", "withdraw", "hide", "show", "refresh")


def _result(request, problem, action):
    if problem:
        flash.error(request, words.problem(problem))
    else:
        flash.success(request, words.done(action))


def _context(evidence):
    """The shared view (what facilitators see) and, for the learner, every item with its hidden mark."""
    shared = api.shared_view(evidence)
    return {
        "person": evidence.person,
        "wikis": evidence.wikis,
        "all_items": [words.word(item) for item in evidence.items],
        "shared_platform": [words.word(item) for item in shared.platform_items],
        "shared_wiki": [words.word(item) for item in shared.wiki_items],
    }


def _refresh(request, person):
    if not api.needs_refresh(person):
        flash.success(request, words.done("fresh"))
        return
    _count, problem = api.refresh(person)
    _result(request, problem, "refresh")


@login_required
@require_http_methods(["GET", "POST"])
def mine(request):
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        key = request.POST.get("item", "")
        if action == "agree":
            api.agree(user)
            _result(request, None, action)
            if api.needs_refresh(user):
                api.refresh(user)  # a wiki that does not answer now is read by the daily task
        elif action == "withdraw":
            _result(request, api.withdraw(user), action)
        elif action in ("hide", "show"):
            _result(request, getattr(api, action)(user, key), action)
        elif action == "refresh":
            _refresh(request, user)
        else:
            _result(request, "bad_choice", "")
        return redirect("wikiskills_leadership:evidence_mine")
    evidence = api.evidence_for(user, user)
    return render(
        request,
        "wikiskills_leadership/evidence_mine.html",
        {
            **_context(evidence),
            "consent": api.consent_of(user),
            "consented": evidence.consent,
            "read_at": api.activity_read_at(user),
            "needs_refresh": evidence.consent and api.needs_refresh(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person(request, username):
    viewer, person_row = request.user, api.person(username)
    if person_row is not None and person_row.pk == viewer.pk:
        return redirect("wikiskills_leadership:evidence_mine")
    evidence = api.evidence_for(viewer, person_row) if person_row is not None else None
    if evidence is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "refresh":
            _refresh(request, person_row)
        elif action == "invite":
            _result(request, api.invite(viewer, person_row, request.POST.get("cohort")), action)
        else:
            _result(request, "bad_choice", "")
        return redirect("wikiskills_leadership:evidence_person", person_row.username)
    return render(
        request,
        "wikiskills_leadership/evidence_person.html",
        {
            **_context(evidence),
            "read_at": api.activity_read_at(person_row),
            "needs_refresh": api.needs_refresh(person_row),
            "cohorts": api.cohorts_to_invite_to(viewer),
        },
    )


@login_required
@require_GET
def people(request):
    viewer = request.user
    if not api.may_browse(viewer):
        raise Http404
    communities = api.communities_for(viewer)
    chosen = api.community(request.GET.get("community", ""))
    if chosen is not None and chosen.pk not in {row.pk for row in communities}:
        chosen = None
    return render(
        request,
        "wikiskills_leadership/evidence_people.html",
        {
            "people": api.opted_in_people(viewer, chosen.pk if chosen else None),
            "communities": communities,
            "chosen": chosen,
        },
    )
