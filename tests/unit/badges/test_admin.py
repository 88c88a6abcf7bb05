"""The admin shows badge setup to staff superusers and never exposes salts or private keys."""

import pytest
from django.test import Client


@pytest.fixture
def admin_client_for(django_user_model):
    admin = django_user_model.objects.create_superuser("admin_ada", "ada@example.org", "pw")
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", ["issuer", "badgeclass", "awardrule", "award"])
def test_admin_lists_badge_models(admin_client_for, award, model):
    assert admin_client_for.get(f"/admin/wikiskills_badges/{model}/").status_code == 200


def test_admin_award_page_hides_salts_and_keys_are_read_only(admin_client_for, award):
    award_page = admin_client_for.get(f"/admin/wikiskills_badges/award/{award.pk}/change/").content.decode()
    assert award.recipient_salt not in award_page
    issuer_page = admin_client_for.get(f"/admin/wikiskills_badges/issuer/{award.badge_class.issuer.pk}/change/")
    assert "PRIVATE" not in issuer_page.content.decode()
    assert admin_client_for.get("/admin/wikiskills_badges/award/add/").status_code == 403
