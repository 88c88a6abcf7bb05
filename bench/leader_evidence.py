"""On-wiki leadership evidence of 1,000 opted-in learners: batched reads versus one person at a time.

Each learner's wiki account (``Bench leader NNNN``, created on the throw-away wiki as the
contributions benchmark creates its editors) made one edit in the project, talk and user talk
namespaces. ``requests`` is what ``evidence_wiki.refresh`` sends for all of them at once: the
accounts' facts, 50 names a request, then their edits in those namespaces over 90 days, 50 ids a
request (``request_bound``, plus a continuation where 50 people made more than 500 such edits).
``naive_requests`` reads the same people one by one, as a page looping over people would. Both
ways must store the same facts.

Its own throw-away SQLite database under ``var/`` (``bench.django_env``).
"""

import math
import os
import time

from .django_env import bench_database

PEOPLE = 1000
NAMES_PER_REQUEST = 50


def _seed_wiki(wiki, names):
    from wikiskills.integrations.mediawiki.local_wiki import Edit  # noqa: PLC0415

    wiki.create_users(names, "bench password 123")
    wiki.make_edits(
        Edit(name, title, f"{name} was here.", "bench")
        for name in names
        for title in (f"Project:Bench leader page {name}", f"Talk:Bench leader page {name}", f"User talk:{name}")
    )


def _client():
    """A fresh background client of the demo wiki, its request count at 0."""
    from wikiskills.integrations.mediawiki.client import MediaWikiClient  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415

    return MediaWikiClient(wikis.get_wiki("demo").api_url, wikis.user_agent(), background=True)


def _seed_learners(names):
    """A Django user per wiki name, linked (id known, as after a verification edit) and opted in."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_accounts.models import WikiAccount, WikiUserId  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_leadership.models import EvidenceConsent  # noqa: PLC0415

    now = timezone.now()
    users = get_user_model()
    usernames = [f"bench_{name.replace(' ', '_')}" for name in names]
    users.objects.bulk_create(users(username=username) for username in usernames)
    people = list(users.objects.filter(username__in=usernames).order_by("username"))
    ids = {name: record.userid for name, record in _client().users(names).items()}
    accounts = WikiAccount.objects.bulk_create(
        WikiAccount(user=user, family="demo", username=name, central_id=str(ids[name]),
                    verified_by="verification_edit", verified_at=now)
        for user, name in zip(people, names, strict=True)
    )  # fmt: skip
    WikiUserId.objects.bulk_create(
        WikiUserId(account=account, wiki="demo", user_id=ids[account.username]) for account in accounts
    )
    EvidenceConsent.objects.bulk_create(EvidenceConsent(user=user, consented_at=now) for user in people)
    return [user.pk for user in people]


def _stored():
    from wikiskills.integrations.wikiskills_leadership.models import WikiActivity  # noqa: PLC0415

    rows = WikiActivity.objects.values_list("user_id", "edit_count", "groups", "namespace_edits")
    stored = {user_id: (edits, groups, namespaces) for user_id, edits, groups, namespaces in rows}
    WikiActivity.objects.all().delete()
    return stored


def _timed(read):
    client = _client()
    started = time.perf_counter()
    read(client)
    return client.request_count, time.perf_counter() - started


def run(wiki, people=PEOPLE):
    with bench_database(f"bench-leader-evidence-{os.getpid()}"):
        from django.conf import settings  # noqa: PLC0415

        settings.WIKISKILLS_WIKIS = {"demo": {"api_url": wiki.api_url, "name": "Bench wiki", "family": "demo"}}
        return _measure(wiki, people)


def _measure(wiki, people):
    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_leadership import evidence_wiki  # noqa: PLC0415

    names = [f"Bench leader {number:04d}" for number in range(people)]
    _seed_wiki(wiki, names)
    user_ids = _seed_learners(names)
    demo = wikis.get_wiki("demo")

    batched_requests, batched_seconds = _timed(lambda client: evidence_wiki.refresh(demo, user_ids, client))
    batched = _stored()
    naive_requests, naive_seconds = _timed(
        lambda client: [evidence_wiki.refresh(demo, [user_id], client) for user_id in user_ids]
    )
    naive = _stored()
    assert batched == naive and len(batched) == people
    assert all(namespaces == {"4": 1, "1": 1, "3": 1} for _edits, _groups, namespaces in batched.values())
    return {
        "people": people,
        "requests": batched_requests,
        "request_bound": math.ceil(people / NAMES_PER_REQUEST) * 2,
        "naive_requests": naive_requests,
        "seconds": round(batched_seconds, 3),
        "naive_seconds": round(naive_seconds, 3),
        "requests_ratio": round(naive_requests / batched_requests, 1),
        "time_ratio": round(naive_seconds / batched_seconds, 1),
    }
