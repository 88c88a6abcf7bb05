"""Recent contributions of N users: batched (50 names a request) versus one request per user."""

import math
import time

from wikiskills.integrations.mediawiki.client import MediaWikiClient, UserAgent
from wikiskills.integrations.mediawiki.local_wiki import Edit

AGENT = UserAgent("WikiSkills-Bench", "0.1", "wikiskills-bench@example.org")
EDITS_PER_USER = 3


def seed(wiki, users):
    """Each user makes a few edits to their own sandbox and a shared page."""
    wiki.create_users(users, "bench password 123")
    wiki.make_edits(
        Edit(user=name, title=f"User:{name}/sandbox" if number else "Shared practice page", text=f"{name} {number}")
        for name in users
        for number in range(EDITS_PER_USER)
    )


def timed(api_url, fetch):
    """Run ``fetch(client)`` on a fresh client; returns (contributions, requests, seconds)."""
    client = MediaWikiClient(api_url, AGENT)
    started = time.perf_counter()
    contributions = fetch(client)
    return contributions, client.request_count, time.perf_counter() - started


def run(wiki, users=1000):
    names = [f"Bench editor {number:04d}" for number in range(users)]
    seed(wiki, names)

    def batched(client):
        return list(client.user_contributions(names))

    def one_by_one(client):
        return [item for name in names for item in client.user_contributions([name])]

    batched_items, batched_requests, batched_seconds = timed(wiki.api_url, batched)
    naive_items, naive_requests, naive_seconds = timed(wiki.api_url, one_by_one)
    assert sorted(c.revid for c in batched_items) == sorted(c.revid for c in naive_items)
    return {
        "users": users,
        "contributions": len(batched_items),
        "requests": batched_requests,
        "request_bound": math.ceil(users / 50),
        "seconds": round(batched_seconds, 3),
        "naive_requests": naive_requests,
        "naive_seconds": round(naive_seconds, 3),
        "requests_ratio": round(naive_requests / batched_requests, 1),
        "time_ratio": round(naive_seconds / batched_seconds, 1),
    }
