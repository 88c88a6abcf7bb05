"""Who a badge is for, published only as a salted hash (OB 2.0 IdentityObject / OB 3.0 IdentityObject)."""

import hashlib
import secrets

from .. import openedx_compat

EMAIL = "email"
URL = "url"


def recipient_identity(user):
    """``(type, identity)``: the learner's email, or their public profile URL when they have none."""
    if user.email:
        return EMAIL, user.email.strip().lower()
    return URL, openedx_compat.learner_profile_url(user.username)


def new_salt():
    return secrets.token_hex(16)


def hash_identity(identity, salt):
    """``sha256$`` + hex SHA-256 of identity + salt, as both Open Badges versions define it.

    An email identity is hashed lowercased (``recipient_identity``): a verifier must lowercase the email
    before hashing it with the salt, or an email written with capitals will not match.
    """
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def identity_matches(identity, salt, identity_hash):
    """True when ``identity`` is who the hash names: what a verifier checks against a claimed email.

    An email matches in any case (emails are hashed lowercased); a profile URL as it was hashed.
    """
    identity = identity.strip()
    return any(
        secrets.compare_digest(hash_identity(candidate, salt), identity_hash)
        for candidate in dict.fromkeys((identity.lower(), identity))
    )
