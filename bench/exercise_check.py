"""Checking 1,000 pending learners: the batched checker versus one learner at a time, same wiki, same run.

Each learner made two edits to their sandbox; every other learner's second edit
adds the reference the exercise asks for. Also counts the database queries of
the learner view with 10 and with 1,000 attempts stored.
"""

import math
import os
import time
from datetime import timedelta

from .django_env import bench_database

LEARNERS = 1000
EDITS_PER_LEARNER = 2
FEW_ATTEMPTS = 10
CRITERIA = [{"type": "references_added", "min": 1}, {"type": "edit_summary"}]
USAGE_KEY = "bench-exercise"


def _seed_wiki(wiki, names):
    from wikiskills.integrations.mediawiki.local_wiki import Edit  # noqa: PLC0415

    wiki.create_users(names, "bench password 123")
    wiki.make_edits(Edit(name, f"User:{name}/sandbox", f"Draft by {name}.", "start a draft") for name in names)
    wiki.make_edits(
        Edit(
            name,
            f"User:{name}/sandbox",
            f"Draft by {name}." + ("<ref>A source</ref>" if number % 2 else " More text."),
            "add a source" if number % 2 else "",
        )
        for number, name in enumerate(names)
    )


def _seed_learners(names, started):
    """A Django user per wiki name (``bench_`` + the name), linked and with a pending attempt."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_accounts.models import WikiAccount, WikiUserId  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_exercises.exercise import ExerciseSpec, PageTarget  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt  # noqa: PLC0415

    users = get_user_model()
    usernames = [f"bench_{name.replace(' ', '_')}" for name in names]
    users.objects.bulk_create(users(username=username) for username in usernames)
    people = list(users.objects.filter(username__in=usernames).order_by("username"))
    # A verification edit tells the account's id on the wiki; linking keeps it, so seed it the same way.
    ids = {name: record.userid for name, record in _client().users(names).items()}
    accounts = WikiAccount.objects.bulk_create(
        WikiAccount(user=user, family="demo", username=name, central_id=str(ids[name]),
                    verified_by="verification_edit", verified_at=started)
        for user, name in zip(people, names, strict=True)
    )  # fmt: skip
    WikiUserId.objects.bulk_create(
        WikiUserId(account=account, wiki="demo", user_id=ids[account.username]) for account in accounts
    )
    spec = ExerciseSpec("demo", PageTarget("pattern", "User:{username}/sandbox"), tuple(CRITERIA))
    ExerciseAttempt.objects.bulk_create(
        ExerciseAttempt(user=user, usage_key=USAGE_KEY, wiki="demo", exercise=spec.as_json(), started_at=started,
                        status=ExerciseAttempt.PENDING)
        for user in people
    )  # fmt: skip
    return people


def _pending_attempts():
    from wikiskills.integrations.wikiskills_exercises.models import ExerciseAttempt  # noqa: PLC0415

    attempts = ExerciseAttempt.objects.filter(usage_key=USAGE_KEY)
    attempts.update(status=ExerciseAttempt.PENDING, results=[], evidence_revids=[], check_count=0)
    return list(attempts.order_by("pk"))


def _client():
    """A fresh background client of the demo wiki, its request count at 0."""
    from wikiskills.integrations.mediawiki.client import MediaWikiClient  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415

    return MediaWikiClient(wikis.get_wiki("demo").api_url, wikis.user_agent(), background=True)


def _timed(check):
    """Run ``check(client)`` on a fresh background client; returns (outcomes, requests, seconds)."""
    client = _client()
    started = time.perf_counter()
    outcomes = check(client)
    return outcomes, client.request_count, time.perf_counter() - started


def _view_queries(user):
    """Database queries of one learner view (the block's ``student_view``)."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415
    from xblock.fields import ScopeIds  # noqa: PLC0415
    from xblock.runtime import DictKeyValueStore, KvsFieldData  # noqa: PLC0415

    from wikiskills.xblocks.edit_exercise import EditExerciseBlock  # noqa: PLC0415

    runtime = WorkbenchRuntime(user.username)
    block = EditExerciseBlock(
        runtime, KvsFieldData(DictKeyValueStore()), ScopeIds(user.username, "wikiskills_edit_exercise", "d", USAGE_KEY)
    )
    block.wiki, block.criteria = "demo", CRITERIA
    block.student_view()  # the first view starts the attempt; count a view like every later one
    with CaptureQueriesContext(connection) as queries:
        block.student_view()
    return len(queries)


def run(wiki, learners=LEARNERS):
    with bench_database(f"bench-exercise-{os.getpid()}"):
        from django.conf import settings  # noqa: PLC0415

        settings.WIKISKILLS_WIKIS = {"demo": {"api_url": wiki.api_url, "name": "Bench wiki", "family": "demo"}}
        return _measure(wiki, learners)


def _measure(wiki, learners):
    from django.utils import timezone  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_core import wikis  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_exercises.checker import check_attempts  # noqa: PLC0415

    names = [f"Bench learner {number:04d}" for number in range(learners)]
    _seed_wiki(wiki, names)
    started = timezone.now() - timedelta(minutes=5)
    people = _seed_learners(names[:FEW_ATTEMPTS], started)
    queries_few = _view_queries(people[0])
    _seed_learners(names[FEW_ATTEMPTS:], started)
    queries_many = _view_queries(people[0])
    demo = wikis.get_wiki("demo")

    # Each way starts from the same pending attempts; resetting them is not part of the measurement.
    pending = _pending_attempts()
    batched, batched_requests, batched_seconds = _timed(lambda client: check_attempts(demo, pending, client))
    pending = _pending_attempts()
    naive, naive_requests, naive_seconds = _timed(
        lambda client: {pk: outcome for a in pending for pk, outcome in check_attempts(demo, [a], client).items()}
    )
    assert {pk: o.passed for pk, o in batched.items()} == {pk: o.passed for pk, o in naive.items()}
    candidate_edits = learners * EDITS_PER_LEARNER  # every edit is on the sandbox, after the start
    return {
        "learners": learners,
        "passed": sum(o.passed for o in batched.values()),
        "requests": batched_requests,
        "candidate_edits": candidate_edits,
        "request_bound": math.ceil(learners / 50) + math.ceil(2 * candidate_edits / 50),
        "seconds": round(batched_seconds, 3),
        "naive_requests": naive_requests,
        "naive_seconds": round(naive_seconds, 3),
        "requests_ratio": round(naive_requests / batched_requests, 1),
        "time_ratio": round(naive_seconds / batched_seconds, 1),
        f"view_queries_{FEW_ATTEMPTS}": queries_few,
        f"view_queries_{learners}": queries_many,
    }
