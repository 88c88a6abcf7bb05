"""Linking a learner to a verified wiki account: from the Wikimedia login, or by a verification edit.

A learner is graded only on edits by the account linked here, so a link needs
proof: either the platform's "Log in with Wikimedia" identity, or an edit the
account itself made that adds a one-time code we gave the learner.
"""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wikiskills.integrations import openedx_compat
from wikiskills.integrations.mediawiki.names import normalize_title, normalize_username

from . import identity
from .models import VerificationChallenge, WikiAccount

CODE_PREFIX = "wikiskills-"
# MediaWiki timestamps have one-second resolution; an edit saved in the same second counts.
CLOCK_TOLERANCE = timedelta(seconds=1)


@dataclass
class AccountLinkRefused(Exception):
    """Why a link was refused: ``reason`` is a stable code the user interface words for people."""

    reason: str
    params: dict = field(default_factory=dict)

    TAKEN = "taken"
    NO_SUCH_ACCOUNT = "no_such_account"
    INVALID_NAME = "invalid_name"
    NO_CHALLENGE = "no_challenge"
    EXPIRED = "expired"
    CODE_NOT_FOUND = "code_not_found"

    def __str__(self):
        return f"{self.reason} {self.params}"


def verification_page(username):
    """Where the learner saves the code: their own sandbox, a page only they normally edit."""
    return normalize_title(f"User:{username}/sandbox")


def linked_account(user, family):
    """The learner's verified account in ``family``, linking it from their Wikimedia login if they have one."""
    account = WikiAccount.objects.filter(user=user, family=family).first()
    if account is None and family == settings.WIKISKILLS_WIKIMEDIA_LOGIN_FAMILY:
        account = _link_from_wikimedia_login(user, family)
    return account


def _link_from_wikimedia_login(user, family):
    identity = openedx_compat.wikimedia_login_identity(user)
    if identity is None:
        return None
    central_id, username = identity
    try:
        return _create_link(user, family, username, central_id=central_id, verified_by=WikiAccount.WIKIMEDIA_LOGIN)
    except AccountLinkRefused:
        return None  # someone else verified this account by an edit; staff must sort it out


def open_challenge(user, family):
    """The learner's current verification challenge in ``family``, or None."""
    return VerificationChallenge.objects.filter(user=user, family=family).first()


def start_verification(user, wiki, username, client, now=None):
    """Give the learner a fresh one-time code to save on their sandbox with ``username``.

    Refuses names the wiki does not know and accounts someone else already linked.
    """
    now = now or timezone.now()
    username = normalize_username(username)
    if not username or "/" in username or ":" in username:
        raise AccountLinkRefused(AccountLinkRefused.INVALID_NAME, {"username": username})
    _refuse_if_taken(user, wiki.family, username)
    wiki_user = client.users([username]).get(username)
    if wiki_user is None or not wiki_user.exists:
        raise AccountLinkRefused(AccountLinkRefused.NO_SUCH_ACCOUNT, {"username": username})
    challenge, _created = VerificationChallenge.objects.update_or_create(
        user=user,
        family=wiki.family,
        defaults={
            "wiki": wiki.key,
            "username": username,
            "central_id": str(wiki_user.central_id or ""),
            "page_title": verification_page(username),
            "code": CODE_PREFIX + secrets.token_hex(6),
            "created_at": now,
            "expires_at": now + timedelta(minutes=settings.WIKISKILLS_VERIFICATION_MINUTES),
        },
    )
    return challenge


def complete_verification(user, wiki, client, now=None):
    """Link the account if it saved the code on the page in time; else ``AccountLinkRefused`` says why."""
    now = now or timezone.now()
    challenge = open_challenge(user, wiki.family)
    if challenge is None:
        raise AccountLinkRefused(AccountLinkRefused.NO_CHALLENGE)
    revision = _revision_with_code(challenge, client)
    if revision is None:
        reason = AccountLinkRefused.EXPIRED if now > challenge.expires_at else AccountLinkRefused.CODE_NOT_FOUND
        raise AccountLinkRefused(reason, {"page": challenge.page_title, "username": challenge.username})
    account = _create_link(
        user,
        wiki.family,
        challenge.username,
        central_id=challenge.central_id,
        verified_by=WikiAccount.VERIFICATION_EDIT,
        evidence_revid=revision.revid,
    )
    if not identity.remember_user_id(account, wiki.key, revision.user_id):
        account.delete()
        raise AccountLinkRefused(AccountLinkRefused.TAKEN, {"username": challenge.username})
    challenge.delete()
    return account


def _revision_with_code(challenge, client):
    """The edit by the account, on the page, in the time allowed, that adds the code (a ``Revision``).

    Sandboxes are editable by anyone: a code another editor plants there (in a hidden comment, say)
    is carried along by the owner's next ordinary edit. So the code must be absent from the edit's
    parent; a parent whose text cannot be read (deleted, hidden) proves nothing and counts as having it.
    """
    contributions = client.user_contributions(
        [challenge.username], since=challenge.created_at - CLOCK_TOLERANCE, until=challenge.expires_at
    )
    revids = [
        contribution.revid
        for contribution in contributions
        if normalize_title(contribution.title) == challenge.page_title
        and normalize_username(contribution.user) == challenge.username
    ]
    holding = [
        revision
        for _revid, revision in sorted(client.revisions(revids).items())
        if normalize_username(revision.user) == challenge.username and challenge.code in (revision.content or "")
    ]
    parents = client.revisions([revision.parentid for revision in holding if revision.parentid])
    for revision in holding:
        parent = parents.get(revision.parentid)
        before = "" if not revision.parentid else (parent.content if parent is not None else None)
        if before is not None and challenge.code not in before:
            return revision
    return None


def _refuse_if_taken(user, family, username):
    owner = WikiAccount.objects.filter(family=family, username=username).exclude(user=user).exists()
    if owner:
        raise AccountLinkRefused(AccountLinkRefused.TAKEN, {"username": username})


def _create_link(user, family, username, *, central_id, verified_by, evidence_revid=None):
    """Store the link; the database's unique constraints settle a race between two learners."""
    username = normalize_username(username)
    _refuse_if_taken(user, family, username)
    try:
        with transaction.atomic():
            account, _created = WikiAccount.objects.update_or_create(
                user=user,
                family=family,
                defaults={
                    "username": username,
                    "central_id": central_id or "",
                    "verified_by": verified_by,
                    "verified_at": timezone.now(),
                    "evidence_revid": evidence_revid,
                },
            )
    except IntegrityError:
        raise AccountLinkRefused(AccountLinkRefused.TAKEN, {"username": username}) from None
    return account
