"""Open Badges 3.0: OpenBadgeCredential documents, Data Integrity (eddsa-rdfc-2022) and VC-JWT proofs,
the issuer's did:web document and JWKS, and a Bitstring status list for revocation.
"""

import base64
import copy
import gzip
import hashlib
import json
import uuid

from django.core.cache import cache
from django.utils import timezone

from . import jsonld, languages, links, status_lists
from .keys import base58btc, current_key, public_jwk, public_key_multibase
from .links import absolute, achievement_url, issuer_did, verification_method_id
from .models import SigningKey
from .ob2 import alignment, criteria
from .recipients import EMAIL
from .signing import compact_jws, ed25519_signature

CREDENTIAL_CONTEXTS = [jsonld.VC_V2_CONTEXT, jsonld.OB_V3_CONTEXT]
CRYPTOSUITE = "eddsa-rdfc-2022"
# The only JOSE header parameters OB 3.0 §8.2 allows: ``alg``, ``kid`` and ``typ`` (which must be "JWT").
VC_JWT_HEADERS = {"typ": "JWT"}
# A signed status list is kept this long in the cache; it is signed again at once when it changes.
STATUS_LIST_CACHE_SECONDS = 24 * 3600
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", jsonld.MULTIKEY_V1_CONTEXT, "https://w3id.org/security/jwk/v1"]


def _iso(moment):
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_profile(issuer):
    profile = {
        "id": issuer_did(issuer),
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    }
    if issuer.description:
        profile["description"] = issuer.description
    if issuer.image_url:
        profile["image"] = {"id": issuer.image_url, "type": "Image"}
    return profile


def achievement(badge_class, edition=None):
    """One language edition of the Achievement (the original by default).

    OB 3.0 keeps ``name``, ``description`` and ``criteria.narrative`` plain strings, so each language is its own
    Achievement with its own id and ``inLanguage``, and ``related`` names the other editions with theirs
    (docs/decisions/0051-badge-languages.md).
    """
    edition = edition or languages.original_edition(badge_class)
    document = {
        "id": achievement_url(badge_class, edition),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": edition.name,
        "description": edition.description,
        "criteria": criteria(badge_class, edition),
        "image": {"id": badge_class.public_image_url, "type": "Image"},
        "inLanguage": edition.language,
        "creator": issuer_profile(badge_class.issuer),
    }
    if badge_class.tags:
        document["tag"] = list(badge_class.tags)
    aligned = [{"type": ["Alignment"], **item} for item in alignment(badge_class, edition.language)]
    if aligned:
        document["alignment"] = aligned
    related = [
        {"id": achievement_url(badge_class, other), "type": ["Related"], "inLanguage": other.language}
        for other in languages.editions(badge_class)
        if other != edition
    ]
    if related:
        document["related"] = related
    return document


def achievement_document(badge_class, edition=None):
    """An edition of the Achievement served at its id, with the contexts that define its terms."""
    return {"@context": CREDENTIAL_CONTEXTS, **achievement(badge_class, edition)}


def subject_id(award):
    """The AchievementSubject's id (the VC-JWT ``sub``): a URN stable per award, naming no one.

    Derived from the award's uuid (a name-based UUID), so it never changes and needs no column; a learner's
    badges do not share it, so it does not link them together.
    """
    return f"urn:uuid:{uuid.uuid5(award.uuid, 'credentialSubject')}"


def credential(award):
    """The unsigned OpenBadgeCredential of an award, in the language edition it was issued in."""
    badge_class = award.badge_class
    edition = languages.award_edition(award)
    status_lists.ensure_index(award)
    document = {
        "@context": CREDENTIAL_CONTEXTS,
        "id": absolute("credential", award.uuid),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(badge_class.issuer),
        "validFrom": _iso(award.issued_on),
        "name": edition.name,
        "credentialSubject": {
            "id": subject_id(award),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": award.recipient_identity_hash,
                    "identityType": "emailAddress" if award.recipient_type == EMAIL else "identifier",
                    "hashed": True,
                    "salt": award.recipient_salt,
                }
            ],
            "achievement": achievement(badge_class, edition),
        },
        "credentialStatus": {
            "id": links.status_list_entry_url(award),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(award.status_list_index),
            "statusListCredential": absolute("status_list", award.status_list.slug),
        },
    }
    if award.expires_on:
        document["validUntil"] = _iso(award.expires_on)
    if award.evidence:
        document["evidence"] = [_evidence(item) for item in award.evidence]
    if award.narrative:
        document["credentialSubject"]["narrative"] = award.narrative
    return document


def _evidence(item):
    evidence = {"id": item["url"], "type": ["Evidence"]}
    if item.get("narrative"):
        evidence["narrative"] = item["narrative"]
    return evidence


def proof_hash_data(document, proof_options):
    """What eddsa-rdfc-2022 signs: SHA-256 of the canonical proof options, then of the canonical document."""
    options = {"@context": document["@context"], **proof_options}
    return (
        hashlib.sha256(jsonld.canonicalize(options).encode()).digest()
        + hashlib.sha256(jsonld.canonicalize(document).encode()).digest()
    )


def with_data_integrity_proof(document, signing_key):
    """``document`` with an embedded DataIntegrityProof (eddsa-rdfc-2022) by an Ed25519 ``SigningKey``."""
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": _iso(timezone.now()),
        "verificationMethod": verification_method_id(signing_key),
        "proofPurpose": "assertionMethod",
    }
    signature = ed25519_signature(proof_hash_data(unsigned, proof), signing_key)
    return {**copy.deepcopy(unsigned), "proof": {**proof, "proofValue": "z" + base58btc(signature)}}


def signed_credential(award):
    """The OpenBadgeCredential with an embedded Data Integrity proof by the issuer's current Ed25519 key."""
    return with_data_integrity_proof(credential(award), current_key(award.badge_class.issuer, SigningKey.ED25519))


def _numeric_date(moment):
    """A JWT NumericDate: whole seconds, as ``validFrom`` / ``validUntil`` drop the fraction too."""
    return int(moment.replace(microsecond=0).timestamp())


def credential_jwt(award):
    """The OpenBadgeCredential as a VC-JWT, as OB 3.0 §8.2 defines it.

    JOSE header: ``alg`` RS256, ``kid`` the RSA key's DID URL (the ``kid`` of that key in the issuer's JWKS
    too) and ``typ`` "JWT", nothing else. Claims: ``iss`` the issuer's id, ``jti`` the credential's id,
    ``sub`` the subject's id, ``nbf`` ``validFrom``, ``exp`` ``validUntil`` when it expires, and the
    credential under ``vc``.
    """
    signing_key = current_key(award.badge_class.issuer, SigningKey.RSA)
    document = credential(award)
    claims = {
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "sub": document["credentialSubject"]["id"],
        "nbf": _numeric_date(award.issued_on),
    }
    if award.expires_on:
        claims["exp"] = _numeric_date(award.expires_on)
    claims["vc"] = document
    headers = {**VC_JWT_HEADERS, "kid": verification_method_id(signing_key)}
    return compact_jws(claims, signing_key, extra_headers=headers)


def did_document(issuer):
    """The issuer's did:web document: every key it ever had, current and retired, for assertions."""
    did = issuer_did(issuer)
    methods = []
    for signing_key in issuer.keys.order_by("algorithm", "-created_at"):
        method = {"id": verification_method_id(signing_key), "controller": did}
        if signing_key.algorithm == SigningKey.ED25519:
            method.update(type="Multikey", publicKeyMultibase=public_key_multibase(signing_key))
        else:
            jwk = {key: value for key, value in public_jwk(signing_key).items() if key in ("kty", "n", "e", "alg")}
            method.update(type="JsonWebKey", publicKeyJwk=jwk)
        methods.append(method)
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def jwks(issuer):
    """A JSON Web Key Set of the issuer's RSA keys, current and retired.

    Each key's ``kid`` is its DID URL, the ``kid`` VC-JWT headers name, so a verifier holding this set finds
    the key by the header's ``kid`` (OB 3.0 §8.2, "Dereferencing the Public Key").
    """
    rsa_keys = issuer.keys.filter(algorithm=SigningKey.RSA).order_by("-created_at")
    return {"keys": [{**public_jwk(key), "kid": verification_method_id(key)} for key in rsa_keys]}


def encoded_status_list(revoked_indexes, highest_index):
    """GZIP-compressed, multibase base64url (``u``) bitstring long enough for ``highest_index``.

    Bit 0 is the most significant bit of byte 0; the length is a multiple of the 16 KiB minimum.
    """
    bits = bytearray(status_lists.list_bits(highest_index) // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def status_list_credential(issuer):
    """The issuer's signed BitstringStatusListCredential; an award's bit is set once it is revoked.

    Signed once per change and kept in the cache: the cache key is a digest of everything the list says
    (its URL, the signing key, its length and the revoked bits), so a revocation, a longer list or a key
    rotation makes a new key, and so a new signature; every other request is served the cached one.
    """
    signing_key = current_key(issuer, SigningKey.ED25519)
    revoked = status_lists.revoked_indexes(issuer)
    highest_index = status_lists.highest_index(issuer)
    url = absolute("status_list", issuer.slug)
    state = json.dumps([url, signing_key.key_id, status_lists.list_bits(highest_index), revoked])
    cache_key = f"wikiskills_badges:status_list:{issuer.pk}:{hashlib.sha256(state.encode()).hexdigest()}"
    document = cache.get(cache_key)
    if document is None:
        document = _signed_status_list(issuer, url, revoked, highest_index, signing_key)
        cache.set(cache_key, document, STATUS_LIST_CACHE_SECONDS)
    return document


def _signed_status_list(issuer, url, revoked, highest_index, signing_key):
    document = {
        "@context": [jsonld.VC_V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(issuer),
        "validFrom": _iso(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(revoked, highest_index),
        },
    }
    return with_data_integrity_proof(document, signing_key)
