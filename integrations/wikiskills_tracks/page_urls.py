"""The tracks app's pages: catalogue, cohort pages and joining, my tracks, dashboards, mentoring."""

from django.urls import path

from . import views

urlpatterns = [
    path("tracks/", views.catalogue, name="catalogue"),
    path("tracks/mine/", views.my_tracks, name="my_tracks"),
    path("tracks/mentoring/", views.mentoring, name="mentoring"),
    path("tracks/cohorts/<int:cohort_id>/", views.cohort_page, name="cohort"),
    path("tracks/cohorts/<int:cohort_id>/act", views.cohort_action, name="cohort_action"),
    path("tracks/cohorts/<int:cohort_id>/dashboard/", views.dashboard, name="dashboard"),
    path("tracks/cohorts/<int:cohort_id>/dashboard/act", views.dashboard_action, name="dashboard_action"),
    path("tracks/cohorts/<int:cohort_id>/members.csv", views.dashboard_csv, name="dashboard_csv"),
    path("tracks/memberships/<int:membership_id>/", views.member, name="member"),
    path("tracks/memberships/<int:membership_id>/act", views.member_action, name="member_action"),
    path("tracks/nominations/<int:nomination_id>/", views.nomination, name="nomination"),
    path("tracks/invitations/<str:token>/", views.invitation, name="invitation"),
]
