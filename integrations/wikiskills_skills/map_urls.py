"""The assets-and-needs map's pages; the app's ``urls.py`` includes these (namespace ``wikiskills_skills``)."""

from django.urls import path

from . import map_views

urlpatterns = [
    path("skills/map/", map_views.skills_map, name="skills_map"),
    path("skills/map.csv", map_views.skills_map_csv, name="skills_map_csv"),
    path("skills/map.json", map_views.skills_map_json, name="skills_map_json"),
    path("api/skills/v1/map/", map_views.MapAPIView.as_view(), name="api_map"),
]
