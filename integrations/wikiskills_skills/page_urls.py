"""The skills app's pages: the learner's profile, a person's profile, and the staff taxonomy page."""

from django.urls import path

from . import views

urlpatterns = [
    path("skills/mine/", views.my_skills, name="my_skills"),
    path("skills/people/<str:username>/", views.person, name="person"),
    path("skills/taxonomy/", views.taxonomy_page, name="taxonomy"),
    path("skills/skill/<slug:code>/", views.skill_page, name="skill"),
    path("skills/taxonomy.json", views.taxonomy_json, name="taxonomy_json"),
    path("skills/taxonomy.csv", views.taxonomy_csv, name="taxonomy_csv"),
]
