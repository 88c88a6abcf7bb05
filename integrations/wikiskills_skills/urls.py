"""Pages and the REST API of the skills app; the LMS mounts these through the plugin's ``url_config``."""

from django.urls import include, path

from . import matching_rest, matching_views

app_name = "wikiskills_skills"

urlpatterns = [
    path("", include("wikiskills.integrations.wikiskills_skills.page_urls")),
    path("", include("wikiskills.integrations.wikiskills_skills.map_urls")),
    path("", include("wikiskills.integrations.wikiskills_skills.api_urls")),
    path("skills/matching/", matching_views.matching_page, name="matching"),
    path("skills/matching/act", matching_views.matching_action, name="matching_action"),
    path("api/skills/v1/matching/", matching_rest.MatchingView.as_view(), name="api_matching"),
    path("api/skills/v1/matching/requests/", matching_rest.MatchRequestView.as_view(), name="api_match_requests"),
    path("api/skills/v1/matching/<int:match_id>/", matching_rest.MatchStepView.as_view(), name="api_match_step"),
]
