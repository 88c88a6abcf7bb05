"""The cohort tracks REST API, version 1 (``/api/tracks/v1/``); tracks are addressed by slug."""

from django.urls import path

from . import rest

PREFIX = "api/tracks/v1/"

urlpatterns = [
    path(f"{PREFIX}tracks/", rest.TrackListView.as_view(), name="api_tracks"),
    path(f"{PREFIX}tracks/<slug:slug>/", rest.TrackView.as_view(), name="api_track"),
    path(f"{PREFIX}cohorts/<int:cohort_id>/", rest.CohortView.as_view(), name="api_cohort"),
    path(
        f"{PREFIX}cohorts/<int:cohort_id>/memberships/",
        rest.CohortMembershipsView.as_view(),
        name="api_cohort_memberships",
    ),
    path(f"{PREFIX}memberships/<int:membership_id>/", rest.MembershipView.as_view(), name="api_membership"),
    path(
        f"{PREFIX}memberships/<int:membership_id>/decision",
        rest.DecisionView.as_view(),
        name="api_membership_decision",
    ),
    path(
        f"{PREFIX}memberships/<int:membership_id>/withdraw",
        rest.WithdrawView.as_view(),
        name="api_membership_withdraw",
    ),
    path(f"{PREFIX}memberships/<int:membership_id>/remove", rest.RemoveView.as_view(), name="api_membership_remove"),
    path(f"{PREFIX}memberships/<int:membership_id>/check-ins/", rest.CheckInsView.as_view(), name="api_check_ins"),
    path(f"{PREFIX}mine/", rest.MineView.as_view(), name="api_mine"),
]
