"""Who may see and change what: the former Open edX badges API, the pages, and the staff actions."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from wikiskills.integrations.wikiskills_badges.awarding import revoke_badge
from wikiskills.integrations.wikiskills_badges.models import Award

API = "/api/badges/v1/assertions/user/{}/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_api_needs_a_login(client, award):
    assert client.get(API.format("learner_lucia")).status_code == 401


def test_learners_see_only_their_own_badges_through_the_api(award, other_learner):
    assert logged_in(other_learner).get(API.format("learner_lucia")).status_code == 403


@pytest.mark.parametrize("viewer", ["learner", "staff_user"])
def test_the_api_answers_the_former_open_edx_shape(request, award, viewer):
    response = logged_in(request.getfixturevalue(viewer)).get(API.format("learner_lucia"))

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("count", "num_pages", "current_page", "start", "next", "previous")} == {
        "count": 1,
        "num_pages": 1,
        "current_page": 1,
        "start": 0,
        "next": None,
        "previous": None,
    }
    (entry,) = body["results"]
    assert set(entry) == {"badge_class", "image_url", "assertion_url", "created"}
    assert set(entry["badge_class"]) == {
        "slug", "issuing_component", "display_name", "course_id", "description", "criteria", "image_url",
    }  # fmt: skip
    assert entry["badge_class"]["slug"] == "first-citation"
    assert entry["badge_class"]["course_id"] == "course-v1:Wikimedia+Edit101+2026"
    assert entry["assertion_url"] == f"https://learn.example.org/badges/v2/assertions/{award.uuid}"


def test_the_api_filters_pages_and_hides_revoked_badges(award, learner):
    client = logged_in(learner)
    assert client.get(API.format("learner_lucia"), {"course_id": "course-v1:Other+X+1"}).json()["count"] == 0
    assert client.get(API.format("learner_lucia"), {"slug": "first-citation"}).json()["count"] == 1
    assert client.get(API.format("learner_lucia"), {"page": 2}).status_code == 404
    not_a_number = client.get(API.format("learner_lucia"), {"page": "abc"})
    assert (not_a_number.status_code, not_a_number.json()) == (400, {"detail": "The page must be a whole number."})
    revoke_badge(award, "Mistake")
    assert client.get(API.format("learner_lucia")).json()["count"] == 0


def test_the_verification_page_is_public_readable_and_labelled(client, award):
    response = client.get(f"/badges/verify/{award.uuid}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<html lang="en(-us)?" dir="ltr">', html)  # the active language, whatever its region
    assert '<h1 lang="en" dir="auto">First citation</h1>' in html
    assert 'alt="Badge image: First citation"' in html
    assert 'role="status"' in html and "This badge is valid." in html
    assert "Lucía Pérez" in html
    assert "Lucia@Example.org".lower() not in html.lower(), "the page must not show the learner's email"
    assert "Revoke" not in html, "only staff see the revocation form"


def test_the_verification_page_says_when_a_badge_was_revoked(client, award):
    revoke_badge(award, "Copied text")
    html = client.get(f"/badges/verify/{award.uuid}/").content.decode()
    assert "This badge was revoked." in html and "Copied text" in html


def test_the_verification_page_follows_the_active_language(client, award):
    with translation.override("ar"):  # the visitor's language: active in the view with or without LocaleMiddleware
        html = client.get(f"/badges/verify/{award.uuid}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_my_badges_needs_a_login_and_lists_only_mine(client, award, other_learner):
    assert client.get("/badges/mine/").status_code == 302
    mine = logged_in(award.recipient).get("/badges/mine/").content.decode()
    assert "First citation" in mine and f"/badges/verify/{award.uuid}/" in mine
    assert "First citation" not in logged_in(other_learner).get("/badges/mine/").content.decode()


def test_only_staff_award_by_hand(badge_class, learner, other_learner):
    form = {
        "badge_class": "first-citation",
        "username": "learner_kwame",
        "evidence_url": "https://en.wikipedia.org/w/index.php?diff=9",
    }
    response = logged_in(learner).post("/badges/manage/award/", form)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not Award.objects.exists()


def test_staff_award_by_hand_with_evidence(badge_class, other_learner, staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    form_page = client.get("/badges/manage/award/")
    assert form_page.status_code == 200
    form = {
        "badge_class": "first-citation",
        "username": "learner_kwame",
        "evidence_url": "https://en.wikipedia.org/w/index.php?diff=9",
        "evidence_narrative": "Organised an edit-a-thon",
        "csrfmiddlewaretoken": form_page.context["csrf_token"],
    }

    response = client.post("/badges/manage/award/", form)

    award = Award.objects.get(recipient=other_learner)
    assert response.status_code == 302 and response["Location"] == f"/badges/verify/{award.uuid}/"
    assert award.evidence == [
        {"url": "https://en.wikipedia.org/w/index.php?diff=9", "narrative": "Organised an edit-a-thon"}
    ]
    assert award.announced_at is not None


def test_staff_actions_refuse_a_post_without_csrf_token(award, staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    assert client.post(f"/badges/manage/revoke/{award.uuid}/", {"reason": "x"}).status_code == 403
    award.refresh_from_db()
    assert not award.is_revoked


def test_manual_award_explains_a_wrong_username(badge_class, staff_user):
    form = {"badge_class": "first-citation", "username": "nobody", "evidence_url": "https://example.org/e"}
    response = logged_in(staff_user).post("/badges/manage/award/", form)
    assert response.status_code == 200
    assert "There is no learner with this username." in response.content.decode()


def test_only_staff_revoke_and_a_reason_is_required(award, learner, staff_user):
    assert logged_in(learner).post(f"/badges/manage/revoke/{award.uuid}/", {"reason": "x"}).status_code == 302
    assert logged_in(staff_user).post(f"/badges/manage/revoke/{award.uuid}/", {"reason": ""}).status_code == 400
    award.refresh_from_db()
    assert not award.is_revoked

    staff = logged_in(staff_user)
    assert "Revoke this badge" in staff.get(f"/badges/verify/{award.uuid}/").content.decode()
    response = staff.post(f"/badges/manage/revoke/{award.uuid}/", {"reason": "Sock puppet"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.revocation_reason == "Sock puppet"


def test_the_skills_page_has_an_anchor_per_alignment_target(client, skills_taxonomy):
    html = client.get("/badges/skills/").content.decode()
    assert 'id="editing"' in html and 'id="leadership"' in html and 'id="grant_writing"' in html
    assert '<a href="https://www.wikidata.org/wiki/Q484275" lang="en">Q484275</a>' in html


def test_a_verifier_checks_the_email_they_were_given(client, award):
    page = f"/badges/verify/{award.uuid}/"
    assert (
        "Yes: this badge was issued to that email." in client.get(page, {"email": "lucia@example.org"}).content.decode()
    )
    assert "No: this badge was not issued" in client.get(page, {"email": "kwame@example.org"}).content.decode()
    html = client.get(page).content.decode()
    assert '<label for="id_email">' in html and "Yes:" not in html and "No:" not in html


@pytest.mark.parametrize("typed", ["LUCIA@EXAMPLE.ORG", " Lucia@Example.org ", "lucia@example.org"])
def test_the_email_check_accepts_any_case_and_the_page_says_the_hash_is_of_the_lowercased_email(client, award, typed):
    page = f"/badges/verify/{award.uuid}/"
    assert "Yes: this badge was issued to that email." in client.get(page, {"email": typed}).content.decode()
    html = client.get(page).content.decode()
    assert "written in lowercase" in html and "Lowercase the email first" in html


def test_what_the_page_tells_verifiers_is_how_the_published_hash_is_made(client, award):
    """Checked from the credential alone, as another verifier would: SHA-256 of the lowercased email + salt."""
    identity = client.get(f"/badges/v3/credentials/{award.uuid}").json()["credentialSubject"]["identifier"][0]

    def sha256(text):
        return "sha256$" + hashlib.sha256(text.encode()).hexdigest()

    assert identity["identityHash"] == sha256("lucia@example.org" + identity["salt"])
    assert identity["identityHash"] != sha256("Lucia@Example.org" + identity["salt"])


def test_a_profile_url_identity_with_capitals_still_matches(badge_class, django_user_model):
    from wikiskills.integrations.wikiskills_badges.awarding import award_badge  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.recipients import identity_matches  # noqa: PLC0415

    award, _created = award_badge(badge_class, django_user_model.objects.create_user("No_Email_Learner"))
    url = "http://127.0.0.1:8000/u/No_Email_Learner"
    assert identity_matches(url, award.recipient_salt, award.recipient_identity_hash)


def test_expired_badges_say_so_everywhere(client, award):
    award.expires_on = award.issued_on - timedelta(days=1)
    award.save()

    assert "This badge has expired." in client.get(f"/badges/verify/{award.uuid}/").content.decode()
    assert client.get(f"/badges/v2/assertions/{award.uuid}").json()["expires"].endswith("Z")
    assert client.get(f"/badges/v3/credentials/{award.uuid}").json()["validUntil"].endswith("Z")


def test_pages_can_be_used_with_a_keyboard(client, award):
    html = client.get(f"/badges/verify/{award.uuid}/").content.decode()
    assert '<a class="skip-link" href="#main">' in html and '<main id="main" tabindex="-1">' in html
    assert ":focus" in html, "focus stays visible"
