"""Client pieces that need no wiki: the User-Agent, batching, retry timing."""

import requests

from wikiskills.integrations.mediawiki.client import MediaWikiClient, RetryPolicy, UserAgent, chunked


def test_user_agent_names_client_version_contact_and_library():
    agent = str(UserAgent("WikiSkills-OpenEdX", "1.2.0", "https://learn.example.org"))

    assert agent == f"WikiSkills-OpenEdX/1.2.0 (https://learn.example.org) python-requests/{requests.__version__}"


def test_every_request_carries_the_user_agent_and_asks_for_gzip():
    client = MediaWikiClient("https://wiki.example.org/w/api.php", UserAgent("A", "1", "a@example.org"))

    assert client.session.headers["User-Agent"].startswith("A/1 (a@example.org)")
    assert client.session.headers["Accept-Encoding"] == "gzip"


def test_chunks_hold_at_most_the_batch_size_and_keep_order():
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 50)) == []


def test_backoff_doubles_and_jitter_never_shortens_a_wait():
    policy = RetryPolicy(first_backoff=1.0, jitter=0.25)

    assert [policy.backoff(attempt) for attempt in (1, 2, 3)] == [1.0, 2.0, 4.0]
    waits = [policy.with_jitter(5.0) for _ in range(200)]
    assert min(waits) >= 5.0 and max(waits) <= 6.25


def test_anonymous_clients_send_fifty_names_per_request():
    client = MediaWikiClient("https://wiki.example.org/w/api.php", UserAgent("A", "1", "a@example.org"))

    assert client.names_per_request == 50
