"""Independent verification of badge documents, written from the specs, not from the issuing code.

JWS and VC-JWT are checked with joserfc (the issuing code signs with ``cryptography``
directly); Data Integrity proofs are recomputed here from the canonicalized document
with a context loader of our own over the bundled files; baked SVGs are read with the
standard library's DOM, which keeps the namespace declarations as written.
"""

import base64
import gzip
import hashlib
import json
from datetime import datetime
from pathlib import Path
from xml.dom import minidom

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from joserfc import jws
from joserfc.jwk import KeySet, RSAKey
from pyld import jsonld

import wikiskills.integrations.wikiskills_badges as badges_package

CONTEXT_DIR = Path(badges_package.__file__).parent / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-context-3.0.3.json",
    "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
}
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _loader(url, options=None):
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((CONTEXT_DIR / CONTEXT_FILES[url]).read_text()),
    }


def canonical_nquads(document):
    return jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _loader}
    )


def expanded(document):
    return jsonld.expand(document, {"documentLoader": _loader})


def base58_decode(text):
    number = 0
    for character in text:
        number = number * 58 + BASE58.index(character)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def ed25519_key_from_multibase(multibase):
    assert multibase.startswith("z")
    decoded = base58_decode(multibase[1:])
    assert decoded[:2] == b"\xed\x01", "not an Ed25519 multikey"
    return Ed25519PublicKey.from_public_bytes(decoded[2:])


def verify_data_integrity(document, public_key_multibase):
    """Raise unless ``document`` carries a valid eddsa-rdfc-2022 DataIntegrityProof by that key."""
    proof = dict(document["proof"])
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    proof_value = proof.pop("proofValue")
    assert proof_value.startswith("z")
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    options = {"@context": document["@context"], **proof}
    hash_data = (
        hashlib.sha256(canonical_nquads(options).encode()).digest()
        + hashlib.sha256(canonical_nquads(unsecured).encode()).digest()
    )
    ed25519_key_from_multibase(public_key_multibase).verify(base58_decode(proof_value[1:]), hash_data)


def verify_jws(token, key_material, algorithms=("RS256",)):
    """The decoded header and JSON payload of a compact JWS verified with a PEM or JWK RSA public key."""
    key = RSAKey.import_key(key_material)
    verified = jws.deserialize_compact(token, key, algorithms=list(algorithms))
    return verified.headers(), json.loads(verified.payload)


# OB 3.0 §8.2: "Additional JOSE Headers are NOT allowed"; ``typ``, if present, MUST be "JWT".
OB3_JOSE_HEADERS = {"alg", "kid", "typ"}
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_SVG_NAMESPACE = "http://openbadges.org"


def _numeric_date(date_time):
    return int(datetime.fromisoformat(date_time.replace("Z", "+00:00")).timestamp())


def verify_ob3_vc_jwt(token, jwks):
    """Verify an OB 3.0 VC-JWT (§8.2) as a verifier holding the issuer's JWKS does; return (header, credential).

    The key is the JWKS key whose ``kid`` is the header's ``kid`` (joserfc picks it from the key set);
    the header and claims are checked against the "Verify a Credential VC-JWT Signature" rules.
    """
    key_set = KeySet.import_key_set(jwks)
    verified = jws.deserialize_compact(token, key_set, algorithms=["RS256"])
    header, claims = verified.headers(), json.loads(verified.payload)
    assert set(header) <= OB3_JOSE_HEADERS, (
        f"JOSE header parameters OB 3.0 does not allow: {set(header) - OB3_JOSE_HEADERS}"
    )
    assert header["alg"] == "RS256" and header["kid"]
    assert header.get("typ", "JWT") == "JWT"
    credential = claims["vc"]
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["jti"] == credential["id"]
    assert claims["sub"] == credential["credentialSubject"]["id"]
    assert claims["nbf"] == _numeric_date(credential["validFrom"])
    if "validUntil" in credential:
        assert claims["exp"] == _numeric_date(credential["validUntil"])
    else:
        assert "exp" not in claims
    return header, claims


def read_baked_svg(svg):
    """The OB 3.0 credential and OB 2.0 assertion baked in an SVG, checked against OB 3.0 §5.3.2.

    ``<svg>`` declares ``xmlns:openbadges`` as the OB 3.0 namespace and its very first child node
    (nothing between, not even whitespace) is ``<openbadges:credential>``; the OB 2.0
    ``<openbadges:assertion>`` is in the OB 2.0 namespace. Returns (credential text, assertion element).
    """
    document = minidom.parseString(svg)  # noqa: S318  (the app's own output in a test)
    root = document.documentElement
    assert root.tagName == "svg"
    assert root.getAttribute("xmlns:openbadges") == OB3_SVG_NAMESPACE
    first = root.firstChild
    assert first.nodeType == first.ELEMENT_NODE, "the credential must come directly after the opening <svg>"
    assert first.tagName == "openbadges:credential" and first.namespaceURI == OB3_SVG_NAMESPACE
    credential_text = "".join(node.data for node in first.childNodes)
    (assertion,) = root.getElementsByTagNameNS(OB2_SVG_NAMESPACE, "assertion")
    assert assertion.tagName == "openbadges:assertion"
    assert not root.getElementsByTagNameNS(OB3_SVG_NAMESPACE, "assertion")
    return credential_text, assertion


def status_bit(encoded_list, index):
    """Bit ``index`` of a W3C Bitstring Status List ``encodedList`` (multibase base64url, GZIP)."""
    assert encoded_list.startswith("u")
    padded = encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4)
    bits = gzip.decompress(base64.urlsafe_b64decode(padded))
    assert len(bits) * 8 >= 131072, "the list must have at least 16 KiB of bits"
    return (bits[index // 8] >> (7 - index % 8)) & 1


def leaf_strings(document, skip_keys=("@context", "type", "proofPurpose")):
    """Every string value of a JSON document (outside ``skip_keys``), to find terms lost in expansion."""
    if isinstance(document, dict):
        return {leaf for key, value in document.items() if key not in skip_keys for leaf in leaf_strings(value)}
    if isinstance(document, list):
        return {leaf for item in document for leaf in leaf_strings(item)}
    return {document} if isinstance(document, str) else set()


def expanded_strings(node):
    if isinstance(node, dict):
        return {leaf for value in node.values() for leaf in expanded_strings(value)}
    if isinstance(node, list):
        return {leaf for item in node for leaf in expanded_strings(item)}
    return {node} if isinstance(node, str) else set()
