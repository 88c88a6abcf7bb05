"""The roles pages: the list, a role with what the learner still needs, its history, and a community's form."""

from django.urls import path

from . import role_views as views

urlpatterns = [
    path("leadership/roles/", views.role_list, name="role_list"),
    path("leadership/roles/<slug:code>/", views.role_detail, name="role_detail"),
    path("leadership/roles/<slug:code>/history/", views.role_history, name="role_history"),
    path("leadership/communities/<slug:slug>/roles/<slug:code>/adapt", views.role_adapt, name="role_adapt"),
]
