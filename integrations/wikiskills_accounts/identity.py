"""Who a linked account is on one wiki: its id there, found once and kept.

Checks read a learner's edits by the account's id on the wiki, never by its name
(ADR 0026). A link made by a verification edit knows the id from that edit; a link
from "Log in with Wikimedia" knows the central (global) id, and the local id is
looked up by name once, accepted only when the wiki says that name still belongs to
the same central account.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from wikiskills.integrations.mediawiki.names import normalize_username

from .models import WikiAccount, WikiUserId

ACCOUNT_CHANGED = "account_changed"


@dataclass(frozen=True)
class WikiIdentity:
    """A learner's account on one wiki: ``user_id`` there, or a ``problem`` code saying why there is none."""

    account: WikiAccount
    user_id: int | None = None
    problem: str = ""


def remember_user_id(account, wiki_key, user_id):
    """Keep the account's id on ``wiki_key``; False if another linked account already has that id there."""
    try:
        with transaction.atomic():
            WikiUserId.objects.update_or_create(account=account, wiki=wiki_key, defaults={"user_id": user_id})
    except IntegrityError:
        return False
    return True


def identities_on_wiki(wiki, user_ids, client):
    """{Django user id: ``WikiIdentity``} for the learners with a linked account in the wiki's family.

    Ids not known yet are looked up by name, 50 names per request, once per account.
    """
    accounts = list(WikiAccount.objects.filter(family=wiki.family, user_id__in=set(user_ids)))
    known = dict(WikiUserId.objects.filter(wiki=wiki.key, account__in=accounts).values_list("account_id", "user_id"))
    unknown = [account for account in accounts if account.pk not in known]
    found = _look_up_ids(wiki, unknown, client) if unknown else {}
    identities = {}
    for account in accounts:
        user_id = known.get(account.pk) or found.get(account.pk)
        problem = "" if user_id else ACCOUNT_CHANGED
        identities[account.user_id] = WikiIdentity(account, user_id, problem)
    return identities


def _look_up_ids(wiki, accounts, client):
    """{account pk: id} for the accounts whose name still names the same central account on the wiki."""
    facts = client.users([account.username for account in accounts])
    found = {}
    for account in accounts:
        wiki_user = facts.get(normalize_username(account.username))
        if wiki_user is None or not wiki_user.exists:
            continue  # renamed away, and the old name is free: nothing of this account can be found by name
        if account.central_id and str(wiki_user.central_id or "") != account.central_id:
            continue  # the name now belongs to someone else
        if remember_user_id(account, wiki.key, wiki_user.userid):
            found[account.pk] = wiki_user.userid
    return found


def follow_rename(identity, current_name):
    """The wiki now calls the account ``current_name``: show and use that name from now on."""
    current_name = normalize_username(current_name)
    account = identity.account
    if not current_name or current_name == account.username:
        return
    try:
        with transaction.atomic():
            WikiAccount.objects.filter(pk=account.pk).update(username=current_name)
    except IntegrityError:
        return  # another learner linked that name; staff must sort it out, the id still decides
    account.username = current_name
