"""On-wiki evidence, read in batches into ``WikiActivity``: never one request per person.

For one wiki and many people: ``list=users`` by the linked names, 50 (or 500) a request, each
answer accepted only when its id is the account's verified id on that wiki (ADR 0026); the
accounts a name no longer leads to (renamed) are asked for again by id, in one more batch,
and their new name is kept. Then the edits of all of them in the project (4, 5), talk (1)
and user talk (3) namespaces over the last 90 days, many ids a request, counted by
namespace *number*, so every language's wiki is read the same way (ADR 0043).

Only people who agreed to show their evidence are read; reading writes ``WikiActivity`` and
nothing else.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from wikiskills.integrations.mediawiki.client import chunked
from wikiskills.integrations.mediawiki.names import normalize_username
from wikiskills.integrations.mediawiki.records import WikiUser

from ..wikiskills_accounts.identity import WikiIdentity, follow_rename
from ..wikiskills_accounts.models import WikiUserId
from .models import EvidenceConsent, WikiActivity

ACTIVITY_DAYS = 90
# Namespace numbers are the same on every MediaWiki, whatever the language calls them.
PROJECT_NAMESPACES = (4, 5)
TALK_NAMESPACES = (1,)
USER_TALK_NAMESPACES = (3,)
NAMESPACES = PROJECT_NAMESPACES + TALK_NAMESPACES + USER_TALK_NAMESPACES
# Groups every registered account is in: they say nothing about the person.
IMPLICIT_GROUPS = frozenset({"*", "user", "autoconfirmed"})
USER_PROPS = "centralids|editcount|registration|groups"
PEOPLE_PER_ROUND = 500


def max_age():
    return timedelta(hours=settings.WIKISKILLS_LEADERSHIP_ACTIVITY_MAX_AGE_HOURS)


def meaningful_groups(groups):
    return sorted(group for group in groups if group not in IMPLICIT_GROUPS)


def _api_time(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _users_by_id(client, wiki_ids):
    """{wiki id: ``WikiUser``} asked by id (``ususerids``), for accounts their linked name no longer finds."""
    found = {}
    for ids in chunked(list(wiki_ids), client.names_per_request):
        params = {"action": "query", "list": "users", "usprop": USER_PROPS, "ususerids": "|".join(map(str, ids))}
        for item in client.call(params).get("query", {}).get("users", ()):
            record = WikiUser.from_api(item)
            if record.exists:
                found[record.userid] = record
    return found


def namespace_edits(client, wiki_ids, since):
    """{wiki id: {namespace number (str): edits since ``since``}} for many accounts, many ids a request."""
    counts = {wiki_id: {} for wiki_id in wiki_ids}
    for edit in client.contributions_by_user_id(wiki_ids, since=since, namespaces=NAMESPACES):
        per_account = counts.get(edit.user_id)
        if per_account is not None:
            namespace = str(edit.namespace)
            per_account[namespace] = per_account.get(namespace, 0) + 1
    return counts


def refresh(wiki, user_ids, client, now=None):
    """Read the wiki once for the given people (Django user ids) and store what it says; returns how many."""
    now = now or timezone.now()
    links = list(WikiUserId.objects.filter(wiki=wiki.key, account__user_id__in=set(user_ids)).select_related("account"))
    if not links:
        return 0
    by_wiki_id = {int(link.user_id): link for link in links}
    named = client.users([link.account.username for link in links])
    found = {}
    for wiki_id, link in by_wiki_id.items():
        record = named.get(normalize_username(link.account.username))
        if record is not None and record.exists and record.userid == wiki_id:
            found[wiki_id] = record
    lost = [wiki_id for wiki_id in by_wiki_id if wiki_id not in found]
    if lost:
        for wiki_id, record in _users_by_id(client, lost).items():
            found[wiki_id] = record
            link = by_wiki_id[wiki_id]
            follow_rename(WikiIdentity(link.account, wiki_id), record.name)
    counts = namespace_edits(client, list(found), now - timedelta(days=ACTIVITY_DAYS))
    rows = [
        WikiActivity(
            user_id=by_wiki_id[wiki_id].account.user_id,
            wiki=wiki.key,
            wiki_user_id=wiki_id,
            username=record.name,
            edit_count=record.edit_count,
            registered_at=record.registration,
            groups=meaningful_groups(record.groups),
            namespace_edits=counts.get(wiki_id, {}),
            fetched_at=now,
        )
        for wiki_id, record in found.items()
    ]
    _store(rows)
    return len(rows)


def _store(rows):
    fields = ["wiki_user_id", "username", "edit_count", "registered_at", "groups", "namespace_edits", "fetched_at"]
    unique = ["user", "wiki"] if connection.features.supports_update_conflicts_with_target else None
    WikiActivity.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=unique, update_fields=fields
    )


def consenting_user_ids():
    return EvidenceConsent.objects.filter(withdrawn_at=None).values_list("user_id", flat=True)


def stale_user_ids(wiki, user_ids=None, now=None):
    """Consenting people linked on ``wiki`` whose activity there was never read, or longer ago than the maximum age."""
    now = now or timezone.now()
    people = WikiUserId.objects.filter(wiki=wiki.key, account__user_id__in=consenting_user_ids())
    if user_ids is not None:
        people = people.filter(account__user_id__in=set(user_ids))
    fresh = WikiActivity.objects.filter(wiki=wiki.key, fetched_at__gt=now - max_age()).values_list("user_id")
    return list(people.exclude(Q(account__user_id__in=fresh)).values_list("account__user_id", flat=True))


def refresh_stale(wiki, client, user_ids=None, now=None):
    """Read again whoever is stale on ``wiki`` (everyone consenting, or only ``user_ids``), in rounds; a count."""
    stale = stale_user_ids(wiki, user_ids, now)
    return sum(refresh(wiki, batch, client, now) for batch in chunked(stale, PEOPLE_PER_ROUND))
