"""Pages and the REST API of the leadership app; the LMS mounts these through the plugin's ``url_config``."""

from django.urls import include, path

app_name = "wikiskills_leadership"

urlpatterns = [
    path("", include("wikiskills.integrations.wikiskills_leadership.role_urls")),
    path("", include("wikiskills.integrations.wikiskills_leadership.evidence_urls")),
    path("", include("wikiskills.integrations.wikiskills_leadership.project_urls")),
]
