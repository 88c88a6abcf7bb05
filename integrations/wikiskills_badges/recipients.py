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
    """``sha256$`` + hex SHA-256 of identity + salt, as both Open Badges versions define it."""
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def identity_matches(identity, salt, identity_hash):
    """True when ``identity`` is who the hash names: what a verifier checks against a claimed email."""
    return secrets.compare_digest(hash_identity(identity.strip().lower(), salt), identity_hash)
