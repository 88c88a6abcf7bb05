"""Pages and the REST API of the tracks app; the LMS mounts these through the plugin's ``url_config``."""

from django.urls import include, path

app_name = "wikiskills_tracks"

urlpatterns = [
    path("", include("wikiskills.integrations.wikiskills_tracks.page_urls")),
    path("", include("wikiskills.integrations.wikiskills_tracks.api_urls")),
]
