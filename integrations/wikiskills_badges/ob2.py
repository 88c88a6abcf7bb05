"""Open Badges 2.0 documents: Issuer, BadgeClass, Assertion (hosted and signed), keys, revocation list."""

from . import languages
from .keys import current_key
from .links import absolute, badge_class_url
from .models import Award, SigningKey
from .signing import compact_jws

OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z")


def issuer_document(issuer):
    """The issuer Profile, listing every RSA key it ever signed with (so old signatures verify)."""
    rsa_keys = issuer.keys.filter(algorithm=SigningKey.RSA).order_by("-created_at")
    document = {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": absolute("issuer", issuer.slug),
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "revocationList": absolute("revocation_list", issuer.slug),
    }
    if issuer.description:
        document["description"] = issuer.description
    if issuer.image_url:
        document["image"] = issuer.image_url
    public_keys = [absolute("public_key", key.key_id) for key in rsa_keys]
    if public_keys:
        document["publicKey"] = public_keys[0] if len(public_keys) == 1 else public_keys
    return document


def public_key_document(signing_key):
    """A CryptographicKey: the PEM public key and the issuer that owns it."""
    return {
        "@context": OB2_CONTEXT,
        "type": "CryptographicKey",
        "id": absolute("public_key", signing_key.key_id),
        "owner": absolute("issuer", signing_key.issuer.slug),
        "publicKeyPem": signing_key.public_key_pem,
    }


def alignment(badge_class, language):
    """The badge class's skill in the WikiSkills taxonomy, as OB alignment objects, in ``language`` where the
    taxonomy has it, else in its own.

    ``targetCode`` is the skill's Wikidata item where it has one, so other platforms can match it.
    """
    skill = badge_class.skill_area
    if skill is None:
        return []
    entry = {
        "targetName": skill.labels.get(language) or skill.label,
        "targetUrl": f"{absolute('skills')}#{skill.code}",
        "targetFramework": "WikiSkills",
        "targetCode": skill.qid or skill.code,
    }
    description = skill.descriptions.get(language) or skill.description
    if description:
        entry["targetDescription"] = description
    return [entry]


def criteria(badge_class, edition):
    document = {"narrative": edition.criteria}
    if badge_class.criteria_url:
        document["id"] = badge_class.criteria_url
    return document


def badge_class_document(badge_class, edition=None):
    """One language edition of the BadgeClass (the original by default), served at its own id.

    Its ``@language`` says the edition's language and ``related`` names every other edition with theirs,
    as OB 2.0 describes multi-lingual badges.
    """
    edition = edition or languages.original_edition(badge_class)
    document = {
        "@context": OB2_CONTEXT,
        "@language": edition.language,
        "type": "BadgeClass",
        "id": badge_class_url(badge_class, edition),
        "name": edition.name,
        "description": edition.description,
        "image": badge_class.public_image_url,
        "criteria": criteria(badge_class, edition),
        "issuer": absolute("issuer", badge_class.issuer.slug),
        "tags": list(badge_class.tags),
    }
    aligned = alignment(badge_class, edition.language)
    if aligned:
        document["alignment"] = aligned
    related = [
        {"type": "BadgeClass", "id": badge_class_url(badge_class, other), "@language": other.language}
        for other in languages.editions(badge_class)
        if other != edition
    ]
    if related:
        document["related"] = related
    return document


def _assertion(award, assertion_id, verification):
    document = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": assertion_id,
        "recipient": {
            "type": award.recipient_type,
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": award.recipient_identity_hash,
        },
        # The edition the award was issued in: its BadgeClass carries the language (``@language``).
        "badge": badge_class_url(award.badge_class, languages.award_edition(award)),
        "verification": verification,
        "issuedOn": _iso(award.issued_on),
    }
    if award.expires_on:
        document["expires"] = _iso(award.expires_on)
    if award.evidence:
        document["evidence"] = [_evidence(item) for item in award.evidence]
    if award.narrative:
        document["narrative"] = award.narrative
    return document


def _evidence(item):
    evidence = {"id": item["url"]}
    if item.get("narrative"):
        evidence["narrative"] = item["narrative"]
    return evidence


def hosted_assertion(award):
    """The assertion served at its own id (hosted verification)."""
    return _assertion(award, absolute("assertion", award.uuid), {"type": "HostedBadge"})


def revoked_assertion(award):
    """What a revoked assertion's URL answers, with HTTP 410."""
    return {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": absolute("assertion", award.uuid),
        "revoked": True,
        "revocationReason": award.revocation_reason,
    }


def signed_assertion_payload(award, signing_key):
    return _assertion(
        award, f"urn:uuid:{award.uuid}", {"type": "SignedBadge", "creator": absolute("public_key", signing_key.key_id)}
    )


def signed_assertion(award):
    """A compact JWS (RS256) whose payload is the assertion, signed with the issuer's current RSA key."""
    signing_key = current_key(award.badge_class.issuer, SigningKey.RSA)
    return compact_jws(signed_assertion_payload(award, signing_key), signing_key)


def revocation_list_document(issuer):
    """Every revoked assertion of the issuer, by both the ids its signed and hosted forms carry."""
    revoked = Award.objects.filter(badge_class__issuer=issuer, revoked_at__isnull=False).order_by("pk")
    return {
        "@context": OB2_CONTEXT,
        "type": "RevocationList",
        "id": absolute("revocation_list", issuer.slug),
        "issuer": absolute("issuer", issuer.slug),
        "revokedAssertions": [
            {"id": assertion_id, "revocationReason": award.revocation_reason}
            for award in revoked
            for assertion_id in (f"urn:uuid:{award.uuid}", absolute("assertion", award.uuid))
        ],
    }
