"""The workbench's URLs plus those the WikiSkills plugin apps add to the LMS."""

from django.urls import include, path

urlpatterns = [
    path("", include("wikiskills.integrations.wikiskills_badges.urls")),
    path("", include("workbench.urls")),
]
