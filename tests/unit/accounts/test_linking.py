"""Account links without a wiki: uniqueness, refusals and the Wikimedia login record."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from social_django.models import UserSocialAuth

from wikiskills.integrations.wikiskills_accounts import linking
from wikiskills.integrations.wikiskills_accounts.models import WikiAccount

pytestmark = pytest.mark.django_db


def make_user(name):
    return get_user_model().objects.create(username=name)


def link(user, username, family="wikimedia"):
    return WikiAccount.objects.create(
        user=user,
        family=family,
        username=username,
        verified_by=WikiAccount.VERIFICATION_EDIT,
        verified_at=timezone.now(),
    )


def test_one_account_per_family_and_one_learner_per_account():
    ana, bo = make_user("ana"), make_user("bo")
    link(ana, "Ana")

    with pytest.raises(IntegrityError), transaction.atomic():
        link(bo, "Ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        link(ana, "Ana two")
    link(bo, "ANa")  # another account: names are case-sensitive after the first letter
    link(ana, "Ana", family="other")


def test_the_wikimedia_login_record_links_the_verified_identity(settings):
    settings.WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY = "wikimedia"
    user = make_user("lucia")
    UserSocialAuth.objects.create(user=user, provider="mediawiki", uid="4242", extra_data={"username": "lucía_g"})

    account = linking.linked_account(user, "wikimedia")

    assert (account.username, account.central_id, account.verified_by) == ("Lucía g", "4242", "wikimedia_login")
    assert linking.linked_account(user, "another-family") is None


def test_a_login_record_without_a_username_links_nothing():
    user = make_user("kwame")
    UserSocialAuth.objects.create(user=user, provider="mediawiki", uid="7", extra_data={})

    assert linking.linked_account(user, "wikimedia") is None


def test_a_login_for_an_account_someone_else_verified_does_not_take_it_over():
    link(make_user("first"), "Shared name")
    late = make_user("late")
    UserSocialAuth.objects.create(user=late, provider="mediawiki", uid="9", extra_data={"username": "Shared name"})

    assert linking.linked_account(late, "wikimedia") is None
    assert WikiAccount.objects.get(username="Shared name").user.username == "first"


def test_verifying_without_a_code_first_is_refused():
    class NoWiki:
        """Nothing may be asked of the wiki before the learner has a code."""

    wiki = type("Wiki", (), {"family": "wikimedia"})()

    with pytest.raises(linking.AccountLinkRefused) as refused:
        linking.complete_verification(make_user("eager"), wiki, NoWiki())

    assert refused.value.reason == linking.AccountLinkRefused.NO_CHALLENGE


@pytest.mark.parametrize("name", ["", "User:Ana", "Ana/sandbox"])
def test_names_that_are_not_usernames_are_refused_before_asking_the_wiki(name):
    wiki = type("Wiki", (), {"family": "wikimedia", "key": "demo", "name": "Demo"})()

    with pytest.raises(linking.AccountLinkRefused) as refused:
        linking.start_verification(make_user("typo"), wiki, name, client=None)

    assert refused.value.reason == linking.AccountLinkRefused.INVALID_NAME


def test_staff_see_and_remove_links_in_the_admin_but_cannot_make_them(rf):
    account_admin = admin.site._registry[WikiAccount]
    staff_request = rf.get("/admin/")
    staff_request.user = get_user_model().objects.create(username="admin", is_staff=True, is_superuser=True)
    linked = link(make_user("removed"), "Removed")

    assert "username" in account_admin.list_display and "user__username" in account_admin.search_fields
    assert not account_admin.has_add_permission(staff_request)
    assert account_admin.has_delete_permission(staff_request, linked)
