"""A 500-participant event's impact: batched contributions (50 accounts a request) versus one request each.

500 participants make 20,000 edits (40 each) to 1,000 shared articles, each with a reference, seeded
in bulk as ``bench.contributions`` does. A project counting every page is measured once
(``impact.measure``): ``requests`` are the contribution requests (``list=usercontribs``), bounded by
``request_bound`` = ceil(participants / 50) requests plus one continuation per 500 edits;
``naive_requests`` reads each participant on their own, as a loop over participants would.
``ref_requests`` reads the edits' and their parents' text for references added (50 revisions a
request, article edits only), ``total_requests`` is everything (accounts, contributions, texts).
A second measurement right after (``rerun_requests``) reads only the new window and stores nothing twice.

Django on its own throw-away SQLite database (``bench.django_env``); the wiki is ``bench.run``'s.
"""

import math
import os
import time
from collections import Counter
from datetime import timedelta

from wikiskills.integrations.mediawiki.client import MediaWikiClient, UserAgent
from wikiskills.integrations.mediawiki.local_wiki import Edit

from .django_env import bench_database

AGENT = UserAgent("WikiSkills-Bench", "0.1", "wikiskills-bench@example.org")
ARTICLES = 1000


class CountingClient(MediaWikiClient):
    """Counts requests by what they ask for (``list`` or ``prop``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = Counter()

    def call(self, params, *, post=False):
        self.kinds[params.get("list") or params.get("prop") or params.get("action")] += 1
        return super().call(params, post=post)


def seed(wiki, names, edits_per_participant):
    """Each edit adds a sourced sentence to a shared article (whose text grows), as editors do at an edit-a-thon."""
    texts = {}

    def edits():
        for number in range(edits_per_participant):
            for index, name in enumerate(names):
                title = f"Capstone article {(index * edits_per_participant + number) % ARTICLES:04d}"
                texts[title] = texts.get(title, "") + f"Fact {number} by {name}.<ref>Source {index}-{number}</ref>\n"
                yield Edit(user=name, title=title, text=texts[title].rstrip(), summary="edit-a-thon")

    wiki.make_edits(edits())


def run(wiki, participants=500, edits=20_000):
    with bench_database(f"bench-capstone-{os.getpid()}"):
        from django.conf import settings  # noqa: PLC0415
        from django.contrib.auth import get_user_model  # noqa: PLC0415
        from django.utils import timezone  # noqa: PLC0415

        from wikiskills.integrations.wikiskills_leadership import impact  # noqa: PLC0415
        from wikiskills.integrations.wikiskills_leadership.models import (  # noqa: PLC0415
            Participant,
            Project,
            ProjectEdit,
        )

        settings.WIKISKILLS_WIKIS = {"bench": {"api_url": wiki.api_url, "name": "Bench wiki"}}
        names = [f"Capstone editor {number:04d}" for number in range(participants)]
        owner = get_user_model().objects.create(username="bench-organizer")
        wiki.create_users(names, "bench password 123")
        time.sleep(1.1)  # registered before the event: none is a new editor
        starts = timezone.now().replace(microsecond=0)
        seed(wiki, names, edits // participants)
        project = Project.objects.create(
            owner=owner, title="Bench edit-a-thon", wiki="bench", starts_at=starts, ends_at=starts + timedelta(days=2)
        )
        Participant.objects.bulk_create(Participant(project=project, username=name) for name in names)

        client = CountingClient(wiki.api_url, AGENT)
        started = time.perf_counter()
        result = impact.measure(project, client, timezone.now() + impact.LAG_MARGIN)
        seconds = time.perf_counter() - started
        assert result.new_edits == ProjectEdit.objects.count() == edits, result
        figures = impact.figures(project, timezone.now())
        assert figures["participants_active"] == participants and figures["references_added"] == edits, figures
        assert figures["pages_created"] == ARTICLES and figures["new_editors"] == 0, figures

        rerun = CountingClient(wiki.api_url, AGENT)
        again = impact.measure(project, rerun, timezone.now() + impact.LAG_MARGIN)
        assert again.new_edits == 0 and ProjectEdit.objects.count() == edits

        naive = MediaWikiClient(wiki.api_url, AGENT)
        ids = list(Participant.objects.values_list("wiki_user_id", flat=True))
        naive_started = time.perf_counter()
        naive_count = sum(len(list(naive.contributions_by_user_id([i], since=starts))) for i in ids)
        naive_seconds = time.perf_counter() - naive_started
        assert naive_count == edits
        requests = client.kinds["usercontribs"]
        return {
            "participants": participants,
            "edits": edits,
            "requests": requests,
            "request_bound": math.ceil(participants / 50) + math.ceil(edits / 500),
            "naive_requests": naive.request_count,
            "ratio": round(naive.request_count / requests, 1),
            "ref_requests": client.kinds["revisions"],
            "total_requests": client.request_count,
            "rerun_requests": rerun.request_count,
            "seconds": round(seconds, 2),
            "naive_contribution_seconds": round(naive_seconds, 2),
        }
