"""Demo only: sign in as one of the demo people, as the LMS's own login would sign someone in.

The demo serves 127.0.0.1 alone and its people have no passwords; no production setting includes this.
"""

from django.contrib.auth import get_user_model, login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from demo.management.commands.load_demo_data import DEMO_COHORT, DEMO_PEOPLE
from wikiskills.integrations.wikiskills_tracks.models import Cohort


@require_http_methods(["GET", "POST"])
def people(request):
    if request.method == "POST":
        username = request.POST.get("username", "")
        if username not in {name for name, _staff, _role in DEMO_PEOPLE}:
            return redirect("demo_people")
        user = get_object_or_404(get_user_model(), username=username)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(request.POST.get("next") or "wikiskills_skills:my_skills")
    demo_cohort = Cohort.objects.filter(name=DEMO_COHORT).first()
    return render(
        request, "demo/people.html", {"people": DEMO_PEOPLE, "current": request.user, "demo_cohort": demo_cohort}
    )
