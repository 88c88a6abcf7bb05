"""The workbench's URLs plus those the WikiSkills plugin apps add to the LMS."""

from django.urls import include, path

from demo import views

urlpatterns = [
    path("demo/people/", views.people, name="demo_people"),
    path("", include("wikiskills.integrations.wikiskills_badges.urls")),
    path("", include("wikiskills.integrations.wikiskills_skills.urls")),
    path("", include("wikiskills.integrations.wikiskills_tracks.urls")),
    path("", include("wikiskills.integrations.wikiskills_leadership.urls")),
    path("", include("wikiskills.integrations.wikiskills_core.urls")),
    path("", include("workbench.urls")),
]
