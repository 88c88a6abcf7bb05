"""The learner's matching page: ask for a mentor or a peer, choose, answer, and say whether it fits.

Every action is a POST that redirects back (so a reload or a double click never repeats
it) with its result as a message the page focuses.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from . import api, wording
from .messages import MATCHING_PROBLEMS
from .models import MatchRequest

DONE = {
    "ask": gettext_noop("We asked. Your suggestions are below."),
    "choose": gettext_noop("We asked them. You will get an email when they answer."),
    "accept": gettext_noop("Accepted. You can now see how to reach each other."),
    "decline": gettext_noop("Declined. They can choose someone else."),
    "fit_yes": gettext_noop("Thank you. Enjoy learning together."),
    "fit_no": gettext_noop("Thank you for telling us. We ended this match and looked for someone else."),
    "close": gettext_noop("Your request is closed."),
}


def _number(request, name):
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


@login_required
@require_http_methods(["GET"])
def matching_page(request):
    return render(
        request,
        "wikiskills_skills/matching.html",
        {
            "overview": wording.explained_overview(request.user),
            "skills": api.skill_tree(),
            "kinds": MatchRequest.KIND_CHOICES,
        },
    )


@login_required
@require_POST
def matching_action(request):
    """One step, named by the ``action`` field; problems and results come back as a focused message."""
    action = request.POST.get("action", "")
    user = request.user
    if action == "ask":
        _request_id, problem = api.request_match(
            user, request.POST.get("kind", ""), request.POST.getlist("skills"), bool(request.POST.get("across_regions"))
        )
    elif action == "choose":
        problem = api.choose_suggestion(user, _number(request, "match"))
    elif action in ("accept", "decline"):
        problem = api.answer_match(user, _number(request, "match"), action == "accept")
    elif action in ("fit_yes", "fit_no"):
        problem = api.rate_fit(user, _number(request, "match"), action == "fit_yes")
    elif action == "close":
        problem = api.close_request(user, _number(request, "request"))
    else:
        problem = "not_found"
    if problem:
        flash.error(request, _(MATCHING_PROBLEMS[problem]))
    else:
        flash.success(request, _(DONE[action]))
    return redirect("wikiskills_skills:matching")
