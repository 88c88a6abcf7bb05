"""Awarding 10,000 badges through the rules engine, and signing throughput of each proof form.

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
        }
