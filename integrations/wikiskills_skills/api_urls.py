"""The skills REST API, version 1 (``/api/skills/v1/``)."""

from django.urls import path

from . import rest

urlpatterns = [
    path("api/skills/v1/taxonomy/", rest.TaxonomyView.as_view(), name="api_taxonomy"),
    path("api/skills/v1/profile/", rest.ProfileView.as_view(), name="api_profile"),
    path("api/skills/v1/people/<str:username>/", rest.PersonView.as_view(), name="api_person"),
]
