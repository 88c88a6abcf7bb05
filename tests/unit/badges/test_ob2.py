"""Open Badges 2.0: hosted documents served at their ids, signed assertions checked with joserfc."""

import json

import pytest
from joserfc.errors import BadSignatureError

from tests.support.badge_verifiers import verify_jws
from wikiskills.integrations.wikiskills_badges import ob2
from wikiskills.integrations.wikiskills_badges.awarding import revoke_badge
from wikiskills.integrations.wikiskills_badges.recipients import identity_matches

BASE = "https://learn.example.org"


def get_json(client, url, status=200):
    path = url.removeprefix(BASE)
    response = client.get(path)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_assertion_is_served_at_its_id_with_every_required_field(client, award):
    document = get_json(client, f"{BASE}/badges/v2/assertions/{award.uuid}")

    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert document["type"] == "Assertion"
    assert document["id"] == f"{BASE}/badges/v2/assertions/{award.uuid}"
    assert document["verification"] == {"type": "HostedBadge"}
    assert document["issuedOn"].endswith("Z")
    recipient = document["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert recipient["identity"].startswith("sha256$")
    assert "lucia" not in json.dumps(document).lower(), "the recipient's email must only appear hashed"
    assert identity_matches("lucia@example.org", recipient["salt"], recipient["identity"])
    assert not identity_matches("kwame@example.org", recipient["salt"], recipient["identity"])
    assert document["evidence"] == [
        {"id": "https://en.wikipedia.org/w/index.php?diff=123", "narrative": "The cited edit"}
    ]
    assert document["narrative"] == "Added two citations to Ada Lovelace."


def test_badge_class_and_issuer_are_served_at_their_ids_with_every_required_field(client, award):
    assertion = get_json(client, f"{BASE}/badges/v2/assertions/{award.uuid}")
    badge_class = get_json(client, assertion["badge"])
    assert badge_class["type"] == "BadgeClass"
    assert badge_class["id"] == assertion["badge"]
    for field in ("name", "description", "image", "criteria", "issuer"):
        assert badge_class[field], field
    assert badge_class["criteria"]["narrative"].startswith("Pass the course")
    assert badge_class["tags"] == ["editing", "citations"]
    assert badge_class["alignment"][0]["targetName"] == "Editing and other on-wiki participation"
    assert badge_class["alignment"][0]["targetUrl"] == f"{BASE}/badges/skills/#editing"
    assert badge_class["alignment"][0]["targetCode"] == "editing"

    issuer = get_json(client, badge_class["issuer"])
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == badge_class["issuer"]
    for field in ("name", "url", "email", "publicKey", "revocationList"):
        assert issuer[field], field


def test_signed_assertion_verifies_with_the_issuers_published_key(client, award):
    response = client.get(f"/badges/v2/assertions/{award.uuid}/signed")
    assert response.status_code == 200
    token = response.content.decode()

    header, payload = verify_jws(token, _published_pem_of(client, token))

    assert header["alg"] == "RS256"
    assert payload["id"] == f"urn:uuid:{award.uuid}"
    assert payload["verification"]["type"] == "SignedBadge"
    key_document = get_json(client, payload["verification"]["creator"])
    assert key_document["type"] == "CryptographicKey"
    assert key_document["owner"] == f"{BASE}/badges/v2/issuers/wikimedia-learning"
    issuer = get_json(client, key_document["owner"])
    assert payload["verification"]["creator"] in _as_list(issuer["publicKey"])
    for field in ("recipient", "badge", "issuedOn"):
        assert payload[field]


@pytest.mark.parametrize("field", ["badge", "issuedOn", "recipient", "narrative"])
def test_tampering_with_any_field_breaks_the_signature(client, award, field):
    token = client.get(f"/badges/v2/assertions/{award.uuid}/signed").content.decode()
    header, payload, signature = token.split(".")
    claims = json.loads(_b64decode(payload))
    claims[field] = {"identity": "sha256$00"} if field == "recipient" else "tampered"
    forged = ".".join([header, _b64encode(json.dumps(claims).encode()), signature])

    with pytest.raises(BadSignatureError):
        verify_jws(forged, _published_pem_of(client, token))


def test_revoked_assertion_answers_410_and_is_in_the_revocation_list(client, award):
    revoke_badge(award, "Plagiarised edit")

    gone = get_json(client, f"{BASE}/badges/v2/assertions/{award.uuid}", status=410)
    assert gone["revoked"] is True
    assert gone["revocationReason"] == "Plagiarised edit"
    assert client.get(f"/badges/v2/assertions/{award.uuid}/signed").status_code == 410

    issuer = get_json(client, f"{BASE}/badges/v2/issuers/wikimedia-learning")
    revocations = get_json(client, issuer["revocationList"])
    assert revocations["type"] == "RevocationList"
    revoked_ids = {entry["id"]: entry["revocationReason"] for entry in revocations["revokedAssertions"]}
    assert revoked_ids[f"urn:uuid:{award.uuid}"] == "Plagiarised edit"


def test_revocation_list_does_not_name_valid_awards(client, award):
    revocations = get_json(client, f"{BASE}/badges/v2/issuers/wikimedia-learning/revocations")
    assert revocations["revokedAssertions"] == []


def test_unknown_ids_answer_404(client, issuer):
    assert client.get("/badges/v2/assertions/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/badges/v2/classes/no-such-badge").status_code == 404
    assert client.get("/badges/v2/keys/no-such-key").status_code == 404


def test_hosted_documents_stay_read_only(client, award):
    assert client.post(f"/badges/v2/assertions/{award.uuid}").status_code == 405


def test_documents_are_built_from_the_database_not_cached_state(award):
    award.badge_class.name = "Renamed"
    award.badge_class.save()
    assert ob2.badge_class_document(award.badge_class)["name"] == "Renamed"


def _published_pem_of(client, token):
    """The PEM the issuer publishes for the key the JWS names (as a verifier would find it)."""
    payload = json.loads(_b64decode(token.split(".")[1]))
    return get_json(client, payload["verification"]["creator"])["publicKeyPem"]


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _b64decode(text):
    import base64  # noqa: PLC0415

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64encode(data):
    import base64  # noqa: PLC0415

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
