"""Public badge documents, pages and the API; the LMS mounts these through the plugin's ``url_config``."""

from django.urls import path

from . import views

app_name = "wikiskills_badges"

urlpatterns = [
    path("badges/v2/issuers/<slug:slug>", views.issuer, name="issuer"),
    path("badges/v2/issuers/<slug:slug>/revocations", views.revocation_list, name="revocation_list"),
    path("badges/v2/keys/<slug:key_id>", views.public_key, name="public_key"),
    path("badges/v2/classes/<slug:slug>", views.badge_class, name="badge_class"),
    path("badges/v2/classes/<slug:slug>/in/<str:language>", views.badge_class, name="badge_class_edition"),
    path("badges/v2/assertions/<uuid:uuid>", views.assertion, name="assertion"),
    path("badges/v2/assertions/<uuid:uuid>/signed", views.signed_assertion, name="signed_assertion"),
    path("badges/v2/assertions/<uuid:uuid>/baked", views.baked_badge, name="baked_badge"),
    path("badges/v2/classes/<slug:slug>/image", views.badge_image, name="badge_image"),
    path("badges/v3/achievements/<slug:slug>", views.achievement, name="achievement"),
    path("badges/v3/achievements/<slug:slug>/in/<str:language>", views.achievement, name="achievement_edition"),
    path("badges/v3/credentials/<uuid:uuid>", views.credential, name="credential"),
    path("badges/v3/credentials/<uuid:uuid>/jwt", views.credential_jwt, name="credential_jwt"),
    path("badges/v3/issuers/<slug:slug>/status", views.status_list, name="status_list"),
    path("badges/v3/issuers/<slug:slug>/jwks", views.jwks, name="jwks"),
    path("badges/issuers/<slug:slug>/did.json", views.did_document, name="did_document"),
    path("badges/verify/<uuid:uuid>/", views.verify, name="verify"),
    path("badges/mine/", views.my_badges, name="my_badges"),
    path("badges/skills/", views.skills, name="skills"),
    path("badges/manage/award/", views.manual_award, name="manual_award"),
    path("badges/manage/revoke/<uuid:uuid>/", views.revoke, name="revoke"),
    path("api/badges/v1/assertions/user/<str:username>/", views.user_assertions, name="user_assertions"),
]
