"""Capstone project pages: registration, the project page and its actions, the sign-up link, the public page."""

from django.urls import path

from . import project_views as views

urlpatterns = [
    path("leadership/projects/new", views.new_project, name="project_new"),
    path("leadership/projects/<int:project_id>/", views.project_page, name="project"),
    path("leadership/projects/<int:project_id>/action", views.project_action, name="project_action"),
    path("leadership/projects/<int:project_id>/public/", views.public_page, name="project_public"),
    path("leadership/projects/join/<str:token>/", views.join, name="project_join"),
]
