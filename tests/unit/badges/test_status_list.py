"""The OB 3.0 status list: random indexes from the free bits (Bitstring Status List §2.1), one award per bit,
and a list signed once per change. Everything is read back through the public documents and checked with the
independent verifiers."""

import importlib
import secrets

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, transaction

from tests.support.badge_verifiers import status_bit, verify_data_integrity
from wikiskills.integrations.wikiskills_badges import ob3
from wikiskills.integrations.wikiskills_badges.awarding import award_badge, revoke_badge
from wikiskills.integrations.wikiskills_badges.models import Award
from wikiskills.integrations.wikiskills_badges.status_lists import DRAWS

STATUS_URL = "/badges/v3/issuers/wikimedia-learning/status"
MIN_BITS = 131072


def status_index(client, award):
    response = client.get(f"/badges/v3/credentials/{award.uuid}")
    assert response.status_code == 200
    status = response.json()["credentialStatus"]
    assert status["statusListCredential"] == f"https://learn.example.org{STATUS_URL}"
    assert status["id"] == f"https://learn.example.org{STATUS_URL}#{status['statusListIndex']}"
    return int(status["statusListIndex"])


def verified_status_list(client):
    document = client.get(STATUS_URL).json()
    did_document = client.get("/badges/issuers/wikimedia-learning/did.json").json()
    method_id = document["proof"]["verificationMethod"]
    (method,) = [method for method in did_document["verificationMethod"] if method["id"] == method_id]
    verify_data_integrity(document, method["publicKeyMultibase"])
    return document


@pytest.fixture
def learners(django_user_model):
    return [
        django_user_model.objects.create_user(f"learner_{number}", email=f"learner{number}@example.org")
        for number in range(12)
    ]


def test_indexes_are_drawn_at_random_from_the_list_not_the_award_ids(client, badge_class, learners):
    awards = [award_badge(badge_class, learner)[0] for learner in learners]
    indexes = [status_index(client, award) for award in awards]

    assert len(set(indexes)) == len(indexes), "one bit per award"
    assert indexes != [award.pk for award in awards]
    assert all(0 <= index < MIN_BITS for index in indexes), "a list with so few awards stays at 16 KiB"
    assert max(indexes) > 1000, "spread over the whole list (all below 1000: odds about 1e-25)"
    revoke_badge(awards[3], "Test")
    encoded = verified_status_list(client)["credentialSubject"]["encodedList"]
    assert [status_bit(encoded, index) for index in indexes] == [int(number == 3) for number in range(12)]


def test_a_taken_bit_is_never_drawn_again(client, badge_class, learner, other_learner, monkeypatch):
    """Each award looks up eight random bits at once and takes the first free one."""
    draws = iter([7] * DRAWS + [7, 7, 9] + [7] * (DRAWS - 3))
    monkeypatch.setattr(secrets, "randbelow", lambda size: next(draws))

    first, _created = award_badge(badge_class, learner)
    second, _created = award_badge(badge_class, other_learner)

    assert (status_index(client, first), status_index(client, second)) == (7, 9)


def test_a_nearly_full_list_grows_by_16_kib(client, badge_class, learner, other_learner, monkeypatch):
    """Eight used bits in a row: the list grows, and the award gets a bit of the grown list."""
    draws = iter([5] * DRAWS + [5] * DRAWS + [MIN_BITS + 5] * DRAWS)
    sizes = []
    monkeypatch.setattr(secrets, "randbelow", lambda size: sizes.append(size) or next(draws))

    first, _created = award_badge(badge_class, learner)
    second, _created = award_badge(badge_class, other_learner)

    assert (status_index(client, first), status_index(client, second)) == (5, MIN_BITS + 5)
    assert sizes == [MIN_BITS] * DRAWS * 2 + [2 * MIN_BITS] * DRAWS
    encoded = verified_status_list(client)["credentialSubject"]["encodedList"]
    assert status_bit(encoded, MIN_BITS + 5) == 0, "the published list holds the new bit"


def test_the_database_refuses_two_awards_on_one_bit_of_a_list(award, other_learner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            badge_class=award.badge_class,
            recipient=other_learner,
            recipient_type="email",
            recipient_salt="x",
            recipient_identity_hash="sha256$x",
            issued_on=award.issued_on,
            status_list=award.status_list,
            status_list_index=award.status_list_index,
        )


def test_an_award_whose_bit_another_award_took_meanwhile_draws_again(client, award, other_learner, monkeypatch):
    """The race: two awards draw the same free bit; the database lets one insert win, the other draws again."""
    from wikiskills.integrations.wikiskills_badges import status_lists  # noqa: PLC0415

    draws = iter([award.status_list_index, 4242])  # the first draw is the bit the concurrent award just took
    monkeypatch.setattr(status_lists, "free_index", lambda issuer: next(draws))

    second, created = award_badge(award.badge_class, other_learner)

    assert created and status_index(client, second) == 4242


def test_awards_made_before_random_indexes_keep_their_id_as_index(client, award):
    """What migration 0004 does for existing awards: their credentials already say index = id."""
    Award.objects.filter(pk=award.pk).update(status_list=None, status_list_index=None)
    migration = importlib.import_module(
        "wikiskills.integrations.wikiskills_badges.migrations.0004_random_status_list_indexes"
    )

    migration.keep_existing_indexes(apps, None)

    assert status_index(client, award) == award.pk
    award.refresh_from_db()
    assert award.status_list == award.badge_class.issuer


def test_the_status_list_is_signed_once_per_change(client, award, monkeypatch):
    index = status_index(client, award)
    cache.clear()
    signatures = []
    sign = ob3.ed25519_signature
    monkeypatch.setattr(ob3, "ed25519_signature", lambda *args: signatures.append(1) or sign(*args))

    documents = [verified_status_list(client) for _request in range(5)]

    assert len(signatures) == 1
    assert len({document["proof"]["proofValue"] for document in documents}) == 1
    assert status_bit(documents[0]["credentialSubject"]["encodedList"], index) == 0

    revoke_badge(award, "Test")
    after = [verified_status_list(client) for _request in range(3)]

    assert len(signatures) == 2, "a revocation signs the list once more, then it is cached again"
    assert after[0]["proof"]["proofValue"] != documents[0]["proof"]["proofValue"]
    assert status_bit(after[0]["credentialSubject"]["encodedList"], index) == 1
