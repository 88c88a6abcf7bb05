"""Issuer key pairs: generated, stored encrypted, rotated without breaking old badges.

Private keys are encrypted with Fernet under a key derived (HKDF-SHA256) from
``WIKISKILLS_BADGES_KEY_SECRET`` (or ``SECRET_KEY``), so a database dump alone
cannot sign badges. With ``WIKISKILLS_BADGES_KEY_DIR`` set, the encrypted keys are
kept as files there (readable by the owner only) instead of in the database.
Nothing here logs or returns a private key in clear text outside ``private_key()``.
"""

import base64
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SigningKey

RSA_KEY_BITS = 3072
# Multicodec prefix of an Ed25519 public key in a Multikey ``publicKeyMultibase``.
ED25519_MULTICODEC_PREFIX = b"\xed\x01"
_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class NoSigningKey(LookupError):
    """The issuer has no current key of that algorithm: run ``manage.py wikiskills_badge_keys``."""


def _fernet():
    secret = settings.WIKISKILLS_BADGES_KEY_SECRET or settings.SECRET_KEY
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"wikiskills-badges-keys").derive(
        secret.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _new_private_key(algorithm):
    if algorithm == SigningKey.RSA:
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    return ed25519.Ed25519PrivateKey.generate()


def create_key(issuer, algorithm):
    """A new current key of ``algorithm`` for ``issuer``; the previous current one is retired, not deleted."""
    private = _new_private_key(algorithm)
    private_der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    key_id = f"{algorithm}-{secrets.token_hex(8)}"
    encrypted = _fernet().encrypt(private_der)
    if settings.WIKISKILLS_BADGES_KEY_DIR:
        _write_key_file(key_id, encrypted)
        encrypted = b""
    with transaction.atomic():
        SigningKey.objects.filter(issuer=issuer, algorithm=algorithm, retired_at=None).update(retired_at=timezone.now())
        return SigningKey.objects.create(
            issuer=issuer,
            algorithm=algorithm,
            key_id=key_id,
            public_key_pem=public_pem.decode(),
            encrypted_private_key=encrypted,
        )


def key_file_path(key_id):
    return Path(settings.WIKISKILLS_BADGES_KEY_DIR) / f"{key_id}.key"


def _write_key_file(key_id, encrypted):
    """Create the key's file readable and writable by its owner only (never overwriting one)."""
    descriptor = os.open(key_file_path(key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(encrypted)


def ensure_keys(issuer):
    """Create whichever of the issuer's RSA and Ed25519 keys is missing; returns the keys created."""
    return [
        create_key(issuer, algorithm)
        for algorithm in (SigningKey.RSA, SigningKey.ED25519)
        if not SigningKey.objects.filter(issuer=issuer, algorithm=algorithm, retired_at=None).exists()
    ]


def current_key(issuer, algorithm):
    """The key new signatures use; ``NoSigningKey`` when none was generated."""
    key = SigningKey.objects.filter(issuer=issuer, algorithm=algorithm, retired_at=None).order_by("-created_at").first()
    if key is None:
        raise NoSigningKey(f"Issuer {issuer.slug!r} has no {algorithm} key; run manage.py wikiskills_badge_keys.")
    return key


def private_key(signing_key):
    """The decrypted private key object, for the signing module only (kept per process once decrypted)."""
    encrypted = bytes(signing_key.encrypted_private_key) or key_file_path(signing_key.key_id).read_bytes()
    return _decrypted_private_key(signing_key.key_id, encrypted)


@lru_cache(maxsize=64)
def _decrypted_private_key(key_id, encrypted):
    return decrypt_private_key(encrypted)


def decrypt_private_key(encrypted):
    """Decrypt with the secret configured now, bypassing the per-process cache (the health check uses it:
    a key decrypted before the secret changed must be tried again). ``InvalidToken`` on a wrong secret."""
    return serialization.load_der_private_key(_fernet().decrypt(encrypted), None)


def public_key(signing_key):
    return serialization.load_pem_public_key(signing_key.public_key_pem.encode())


def public_jwk(signing_key):
    """The RSA public key as a JWK with its ``kid`` (for JWKS and VC-JWT headers)."""
    numbers = public_key(signing_key).public_numbers()
    return {
        "kty": "RSA",
        "kid": signing_key.key_id,
        "use": "sig",
        "alg": "RS256",
        "n": _b64url_uint(numbers.n),
        "e": _b64url_uint(numbers.e),
    }


def public_key_multibase(signing_key):
    """The Ed25519 public key as a Multikey ``publicKeyMultibase`` (base58btc, ``z`` prefix)."""
    raw = public_key(signing_key).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(ED25519_MULTICODEC_PREFIX + raw)


def base58btc(data):
    """Bitcoin base58 encoding, as multibase ``z`` values use."""
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _BASE58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return _BASE58_ALPHABET[0] * leading_zeros + encoded


def _b64url_uint(value):
    return base64.urlsafe_b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()
