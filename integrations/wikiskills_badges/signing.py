"""Signatures with ``cryptography`` only: compact JWS (RS256) and raw Ed25519.

Tests verify what this module produces with an independent JOSE library.
"""

import base64
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .keys import private_key


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact_jws(payload, signing_key, extra_headers=None):
    """``header.payload.signature`` over the JSON ``payload``, signed RS256 with an RSA ``SigningKey``."""
    header = {"alg": "RS256", "kid": signing_key.key_id, **(extra_headers or {})}
    signing_input = f"{b64url(_json_bytes(header))}.{b64url(_json_bytes(payload))}"
    signature = private_key(signing_key).sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64url(signature)}"


def ed25519_signature(data, signing_key):
    """The raw 64-byte Ed25519 signature of ``data`` with an Ed25519 ``SigningKey``."""
    return private_key(signing_key).sign(data)


def _json_bytes(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
