"""Demo only: act as one of the demo people, as the LMS's own sign-in would sign someone in.

The demo serves 127.0.0.1 alone and its people have no passwords; no production setting includes this.
Every page carries the chooser (demo/bar.py); ``/demo/people/`` lists the people and the demo's pages.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model, login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from demo.management.commands.load_demo_data import DEMO_COHORT, DEMO_PEOPLE
from wikiskills.integrations.wikiskills_badges.models import Award
from wikiskills.integrations.wikiskills_tracks.models import Cohort

DEMO_BADGE_HOLDER = "learner_lucia"  # load_demo_data awards her the demo badge


def local_wiki_url():
    """The demo wiki's ``index.php`` (its API's sibling), where a learner reads pages and makes an account."""
    return settings.WIKISKILLS_WIKIS["demo"]["api_url"].removesuffix("api.php") + "index.php"


def bar_context(request):
    """What the bar and the people page show: the people, who you act as, the demo's pages and its wiki."""
    return {
        "people": DEMO_PEOPLE,
        "acting_as": request.user.username if request.user.is_authenticated else "",
        "next": request.get_full_path(),
        "on_index": request.path == "/",
        "demo_cohort": Cohort.objects.filter(name=DEMO_COHORT).first(),
        "demo_award": Award.objects.filter(recipient__username=DEMO_BADGE_HOLDER).order_by("issued_on").first(),
        "wiki_name": settings.WIKISKILLS_WIKIS["demo"]["name"],
        "wiki_url": local_wiki_url(),
        "wiki_create_account_url": local_wiki_url() + "?" + urlencode({"title": "Special:CreateAccount"}),
    }


@require_GET
def people(request):
    context = bar_context(request)
    context["next"] = request.GET.get("next", "")
    return render(request, "demo/people.html", context)


@require_GET
def login_page(request):
    """Django's default ``/accounts/login/`` (and the LMS's habit of linking there) leads to the chooser."""
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("demo_people") + (f"?{query}" if query else ""))


@require_POST
def act_as(request):
    """Sign in as the chosen demo person (an empty choice signs out), then go back where the form was."""
    username = request.POST.get("username", "")
    if username in {name for name, _staff, _role in DEMO_PEOPLE}:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            return redirect("demo_people")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    elif not username:
        logout(request)
    else:
        return redirect("demo_people")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = reverse("demo_people")
    return redirect(next_url)
