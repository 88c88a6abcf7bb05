"""Awarding 10,000 badges through the rules engine, signing throughput of each proof form, and drawing
a status-list bit with 100, 10,000 and 100,000 awards on the list (ours, and counting the used bits first).

Self-contained: its own throw-away SQLite database under ``var/`` and the demo settings with
in-process tasks; the local wiki ``bench.run`` passes is not needed.
"""

import os
import time

from .django_env import bench_database

COURSE_KEY = "course-v1:Wikimedia+Bench+2026"
SMALL_SAMPLE = 100
LARGE_SAMPLE = 1000
SIGNATURES = {"ob2_jws": 200, "ob3_vc_jwt": 200, "ob3_data_integrity": 50}
LIST_SIZES = (100, 10_000, 100_000)
DRAWS_TIMED = 200


def _seed(awards):
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_badges import keys  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass, Issuer  # noqa: PLC0415

    issuer = Issuer.objects.create(slug="bench", name="Bench issuer", url="https://example.org", email="b@example.org")
    keys.ensure_keys(issuer)
    badge_class = BadgeClass.objects.create(
        slug="bench-badge",
        issuer=issuer,
        name="Bench badge",
        description="Passed the bench course.",
        image_url="https://example.org/badge.png",
        criteria_narrative="Pass the course.",
        skill_area=None,
    )
    AwardRule.objects.create(badge_class=badge_class, trigger=AwardRule.COURSE_PASSED, course_key=COURSE_KEY)
    users = get_user_model()
    users.objects.bulk_create(
        users(username=f"bench_learner_{number:05d}", email=f"learner{number}@example.org") for number in range(awards)
    )
    return list(users.objects.filter(username__startswith="bench_learner_").order_by("pk").values_list("pk", flat=True))


def _award_all(user_ids):
    """Run the course-passed task (as the event receiver enqueues it) for every user.

    Returns the seconds it took and the queries per award for the first and the last awards.
    """
    from django.db import connection  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_badges.models import AwardRule  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.rules import course_passed_evidence  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.tasks import award_for_trigger  # noqa: PLC0415

    evidence = course_passed_evidence(COURSE_KEY)

    def queries_per_award(ids):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            for user_id in ids:
                assert award_for_trigger(AwardRule.COURSE_PASSED, user_id, COURSE_KEY, evidence)
        return count / len(ids)

    started = time.perf_counter()
    first = queries_per_award(user_ids[:SMALL_SAMPLE])
    queries_per_award(user_ids[SMALL_SAMPLE:-LARGE_SAMPLE])
    last = queries_per_award(user_ids[-LARGE_SAMPLE:])
    return time.perf_counter() - started, first, last


def _signing_rates():
    from wikiskills.integrations.wikiskills_badges import ob2, ob3  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import Award  # noqa: PLC0415

    awards = list(Award.objects.select_related("badge_class__issuer", "recipient").order_by("pk")[:200])
    forms = {
        "ob2_jws": ob2.signed_assertion,
        "ob3_vc_jwt": ob3.credential_jwt,
        "ob3_data_integrity": ob3.signed_credential,
    }
    rates = {}
    for name, sign in forms.items():
        count = SIGNATURES[name]
        started = time.perf_counter()
        for award in awards[:count]:
            sign(award)
        rates[f"{name}_per_second"] = round(count / (time.perf_counter() - started), 1)
    return rates


def _draw_after_counting(issuer):
    """The naive way (ours before ADR 0049's addendum): COUNT the list's used bits to size it, then look up
    one random bit at a time. The COUNT reads every award on the list, so each award costs more than the last."""
    import secrets  # noqa: PLC0415

    from django.db.models import Count, Max  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_badges import status_lists  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import Award  # noqa: PLC0415

    taken = Award.objects.filter(status_list=issuer, status_list_index__isnull=False)
    used = taken.aggregate(count=Count("pk"), highest=Max("status_list_index"))
    size = max(status_lists.list_bits(used["highest"] or 0), status_lists.list_bits(2 * (used["count"] + 1) - 1))
    while True:
        candidate = secrets.randbelow(size)
        if not taken.filter(status_list_index=candidate).exists():
            return candidate


def _index_draws():
    """Milliseconds per status-list draw, ours and the naive way, with ``LIST_SIZES`` awards on one list."""
    import random  # noqa: PLC0415

    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_badges import status_lists  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_badges.models import Award, BadgeClass, Issuer  # noqa: PLC0415

    # A list of its own, so it holds exactly 100, then 10,000, then 100,000 awards.
    issuer = Issuer.objects.create(
        slug="bench-list", name="Bench list", url="https://example.org", email="b@example.org"
    )
    listed = BadgeClass.objects.create(slug="bench-list", issuer=issuer, name="Bench list", description=".")
    users = get_user_model()
    users.objects.bulk_create(users(username=f"bench_listed_{number:06d}") for number in range(max(LIST_SIZES)))
    recipients = list(users.objects.filter(username__startswith="bench_listed_").values_list("pk", flat=True))
    free = random.sample(range(2 * status_lists.STATUS_LIST_MIN_BITS), k=max(LIST_SIZES))
    template = Award.objects.first()
    results = {}
    for size in LIST_SIZES:
        have = Award.objects.filter(status_list=issuer).count()
        Award.objects.bulk_create(
            (
                Award(
                    badge_class=listed,
                    recipient_id=recipient,
                    recipient_type=template.recipient_type,
                    recipient_salt=template.recipient_salt,
                    recipient_identity_hash=template.recipient_identity_hash,
                    issued_on=template.issued_on,
                    status_list=issuer,
                    status_list_index=index,
                )
                for recipient, index in zip(recipients[have:size], free[have:size], strict=True)
            ),
            batch_size=5000,
        )
        for name, draw in (("index_draw", status_lists.free_index), ("naive_index_draw", _draw_after_counting)):
            started = time.perf_counter()
            for _draw in range(DRAWS_TIMED):
                draw(issuer)
            results[f"{name}_ms_{size}"] = round((time.perf_counter() - started) * 1000 / DRAWS_TIMED, 2)
    for size in LIST_SIZES:
        results[f"naive_vs_index_draw_{size}"] = round(
            results[f"naive_index_draw_ms_{size}"] / results[f"index_draw_ms_{size}"], 1
        )
    return results


def run(_wiki=None, awards=10_000):
    with bench_database(f"bench-badges-{os.getpid()}"):
        user_ids = _seed(awards)
        seconds, queries_small, queries_large = _award_all(user_ids)
        from wikiskills.integrations.wikiskills_badges.models import Award  # noqa: PLC0415

        assert Award.objects.count() == awards
        return {
            "awards": awards,
            "seconds": round(seconds, 2),
            "awards_per_second": round(awards / seconds, 1),
            f"queries_per_award_first_{SMALL_SAMPLE}": queries_small,
            f"queries_per_award_last_{LARGE_SAMPLE}": queries_large,
            **_signing_rates(),
            **_index_draws(),
        }
