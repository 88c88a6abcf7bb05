"""Open Badges 3.0: the credential's fields, both proofs re-verified independently, the status list."""

import copy
import json
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidSignature
from joserfc.errors import BadSignatureError
from pyld.jsonld import JsonLdError

from tests.support.badge_verifiers import (
    expanded,
    expanded_strings,
    leaf_strings,
    status_bit,
    verify_data_integrity,
    verify_jws,
    verify_ob3_vc_jwt,
)
from wikiskills.integrations.wikiskills_badges import jsonld
from wikiskills.integrations.wikiskills_badges.awarding import revoke_badge

DID = "did:web:learn.example.org:badges:issuers:wikimedia-learning"


@pytest.fixture
def did_document(client, issuer):
    response = client.get("/badges/issuers/wikimedia-learning/did.json")
    assert response.status_code == 200
    return response.json()


def verification_key(did_document, method_id):
    (method,) = [method for method in did_document["verificationMethod"] if method["id"] == method_id]
    assert method_id in did_document["assertionMethod"]
    return method


def signed_credential(client, award):
    response = client.get(f"/badges/v3/credentials/{award.uuid}")
    assert response.status_code == 200
    return response.json()


def test_credential_has_every_required_field(client, award):
    credential = signed_credential(client, award)

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["id"] == f"https://learn.example.org/badges/v3/credentials/{award.uuid}"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"].endswith("Z") and "T" in credential["validFrom"]
    issuer = credential["issuer"]
    assert issuer["id"] == DID and issuer["type"] == ["Profile"] and issuer["name"] == "Wikimedia Learning"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"].startswith("urn:uuid:") and str(award.uuid) not in subject["id"]
    (identity,) = subject["identifier"]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "emailAddress" and identity["identityHash"].startswith("sha256$")
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    for field in ("id", "name", "description"):
        assert achievement[field], field
    assert achievement["criteria"]["narrative"] and achievement["criteria"]["id"]
    assert credential["evidence"][0]["type"] == ["Evidence"]
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    award.refresh_from_db()
    assert status["statusListIndex"] == str(award.status_list_index)


def test_every_term_is_defined_by_the_contexts(client, award):
    """Undefined terms vanish on expansion; a verifier in safe mode would reject the credential."""
    credential = signed_credential(client, award)
    missing = leaf_strings(credential) - expanded_strings(expanded(credential))
    assert not missing
    assert "issuer-dependent" not in json.dumps(expanded(credential))


def test_data_integrity_proof_verifies_against_the_did_document(client, award, did_document):
    credential = signed_credential(client, award)
    proof = credential["proof"]
    assert proof["verificationMethod"].startswith(f"{DID}#")
    method = verification_key(did_document, proof["verificationMethod"])
    assert method["type"] == "Multikey" and method["controller"] == DID

    verify_data_integrity(credential, method["publicKeyMultibase"])


@pytest.mark.parametrize(
    "path",
    [
        ("name",),
        ("validFrom",),
        ("issuer", "name"),
        ("credentialSubject", "identifier", 0, "identityHash"),
        ("credentialSubject", "achievement", "name"),
        ("credentialSubject", "achievement", "criteria", "narrative"),
        ("evidence", 0, "id"),
        ("credentialStatus", "statusListIndex"),
        ("proof", "created"),
    ],
)
def test_tampering_with_any_field_breaks_the_data_integrity_proof(client, award, did_document, path):
    credential = signed_credential(client, award)
    method = verification_key(did_document, credential["proof"]["verificationMethod"])
    tampered = copy.deepcopy(credential)
    target = tampered
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = "https://attacker.example/x" if path[-1] == "id" else "2031-01-01T00:00:00Z"

    with pytest.raises(InvalidSignature):
        verify_data_integrity(tampered, method["publicKeyMultibase"])


def vc_jwt(client, award):
    response = client.get(f"/badges/v3/credentials/{award.uuid}/jwt")
    assert response.status_code == 200
    return response


def published_jwks(client):
    response = client.get("/badges/v3/issuers/wikimedia-learning/jwks")
    assert response.status_code == 200
    return response.json()


def test_vc_jwt_is_the_ob3_form_and_verifies_with_the_key_its_kid_names_in_the_jwks(client, award, did_document):
    """OB 3.0 §8.2: header alg/kid/typ only, iss/jti/nbf/sub claims, the credential under ``vc``."""
    response = vc_jwt(client, award)
    assert response["Content-Type"].split(";")[0] == "text/plain"

    header, claims = verify_ob3_vc_jwt(response.content.decode(), published_jwks(client))

    assert header == {"alg": "RS256", "kid": header["kid"], "typ": "JWT"}
    assert claims["iss"] == DID
    assert claims["jti"] == f"https://learn.example.org/badges/v3/credentials/{award.uuid}"
    assert claims["sub"].startswith("urn:uuid:")
    assert "exp" not in claims
    credential = claims["vc"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["credentialSubject"]["achievement"]["name"] == "First citation"
    assert "proof" not in credential
    method = verification_key(did_document, header["kid"])
    assert method["type"] == "JsonWebKey"
    verify_jws(response.content.decode(), method["publicKeyJwk"])


def test_the_subject_id_is_stable_per_award(client, award, other_learner):
    from wikiskills.integrations.wikiskills_badges.awarding import award_badge  # noqa: PLC0415

    other_award, _created = award_badge(award.badge_class, other_learner)
    jwks = published_jwks(client)
    subjects = [verify_ob3_vc_jwt(vc_jwt(client, each).content.decode(), jwks)[1]["sub"] for each in (award, award)]
    assert subjects[0] == subjects[1] == signed_credential(client, award)["credentialSubject"]["id"]
    assert verify_ob3_vc_jwt(vc_jwt(client, other_award).content.decode(), jwks)[1]["sub"] != subjects[0]


def test_an_expiring_credential_has_exp(client, award):
    from wikiskills.integrations.wikiskills_badges.models import Award  # noqa: PLC0415

    Award.objects.filter(pk=award.pk).update(expires_on=award.issued_on + timedelta(days=365))
    _header, claims = verify_ob3_vc_jwt(vc_jwt(client, award).content.decode(), published_jwks(client))
    assert claims["exp"] == claims["nbf"] + 365 * 24 * 3600
    assert claims["vc"]["validUntil"]


def test_after_a_rotation_the_jwks_kid_still_finds_each_jwts_key(client, award, issuer):
    """A verifier picks the JWKS key by the header's kid: both the old and the new JWT verify."""
    from wikiskills.integrations.wikiskills_badges import keys  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import SigningKey  # noqa: PLC0415

    before = vc_jwt(client, award).content.decode()
    keys.create_key(issuer, SigningKey.RSA)
    after = vc_jwt(client, award).content.decode()
    jwks = published_jwks(client)

    assert len(jwks["keys"]) == 2
    kids = {verify_ob3_vc_jwt(token, jwks)[0]["kid"] for token in (before, after)}
    assert kids == {key["kid"] for key in jwks["keys"]}


def test_tampering_with_the_vc_jwt_breaks_it(client, award):
    token = client.get(f"/badges/v3/credentials/{award.uuid}/jwt").content.decode()
    jwk = client.get("/badges/v3/issuers/wikimedia-learning/jwks").json()["keys"][0]
    header, payload, signature = token.split(".")
    forged_payload = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")

    with pytest.raises((BadSignatureError, ValueError)):
        verify_jws(f"{header}.{forged_payload}.{signature}", jwk)


def test_revocation_sets_the_awards_bit_in_the_signed_status_list(client, award, other_learner, did_document):
    from wikiskills.integrations.wikiskills_badges.awarding import award_badge  # noqa: PLC0415

    other_award, _created = award_badge(award.badge_class, other_learner)
    status_url = signed_credential(client, award)["credentialStatus"]["statusListCredential"]

    def status_list():
        document = client.get(status_url.removeprefix("https://learn.example.org")).json()
        verify_data_integrity(
            document, verification_key(did_document, document["proof"]["verificationMethod"])["publicKeyMultibase"]
        )
        assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert document["credentialSubject"]["statusPurpose"] == "revocation"
        return document["credentialSubject"]["encodedList"]

    index = int(signed_credential(client, award)["credentialStatus"]["statusListIndex"])
    other_index = int(signed_credential(client, other_award)["credentialStatus"]["statusListIndex"])
    assert status_bit(status_list(), index) == 0
    revoke_badge(award, "Duplicate account")
    encoded = status_list()
    assert status_bit(encoded, index) == 1
    assert status_bit(encoded, other_index) == 0


def test_the_loader_never_fetches_an_unbundled_context():
    with pytest.raises(JsonLdError) as caught:
        jsonld.canonicalize({"@context": "https://example.org/context.jsonld", "name": "x"})
    causes = []
    error = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__
    assert any(isinstance(cause, jsonld.UnknownContext) for cause in causes)


def test_achievement_is_served_at_its_id(client, award):
    credential = signed_credential(client, award)
    achievement_id = credential["credentialSubject"]["achievement"]["id"]
    document = client.get(achievement_id.removeprefix("https://learn.example.org")).json()
    assert document["id"] == achievement_id
    assert document["type"] == ["Achievement"]
    assert not leaf_strings(document) - expanded_strings(expanded(document))


def test_the_status_list_covers_every_award_of_the_issuer(client, award):
    """A verifier must find the bit of any award, revoked or not, however high its index."""
    from wikiskills.integrations.wikiskills_badges.models import Award  # noqa: PLC0415

    Award.objects.filter(pk=award.pk).update(status_list_index=200_000)
    assert signed_credential(client, award)["credentialStatus"]["statusListIndex"] == "200000"
    encoded = client.get("/badges/v3/issuers/wikimedia-learning/status").json()["credentialSubject"]["encodedList"]
    assert status_bit(encoded, 200_000) == 0
    revoke_badge(Award.objects.get(pk=award.pk), "Test")
    encoded = client.get("/badges/v3/issuers/wikimedia-learning/status").json()["credentialSubject"]["encodedList"]
    assert status_bit(encoded, 200_000) == 1
