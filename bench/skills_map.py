"""The assets-and-needs map from 100,000 profiles on MariaDB: grouped SQL beside one COUNT per cell.

100,000 people with about five ratings each (half a million ``SkillRating`` rows), spread over the
shipped taxonomy (43 skills, three levels) and territories (65, three levels, plus people who gave
none), with languages and courses. ``seconds`` is the median wall time of ``aggregates.build_map``
for the full map: every skill × every territory node, rolled up, with primary and secondary
suppression; ``queries`` its database queries. ``filtered_seconds``: the same with a language
filter (protected against the unfiltered map too).

The naive way (``naive=count_per_cell``) asks one ``COUNT(DISTINCT profile)`` per cell and measure,
as a page that loops over cells would. It is timed on a fixed random sample of cells and
extrapolated to all of them (``naive_queries`` = cells × 3 measures); ``time_ratio`` is naive / ours.

Needs MariaDB (``WIKISKILLS_DB_HOST`` … as the tests); it creates and drops its own database
``bench_skills_map``. It runs in a child process (``python -m bench.skills_map``) because a process's
Django settings are fixed once set up, and other benchmarks use SQLite.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROFILES = 100_000
RATINGS_PER_PROFILE = 5
BATCH = 10_000
SAMPLE_CELLS = 60
RUNS = 5
DATABASE = "bench_skills_map"
COURSE = "course-v1:Wikimedia+Skills+2027"


def run(_wiki=None, profiles=PROFILES):
    child = subprocess.run(
        [sys.executable, "-m", "bench.skills_map", str(profiles)],
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        env={**os.environ, "WIKISKILLS_DB": "mariadb", "WIKISKILLS_DB_NAME": DATABASE},
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def _server():
    import MySQLdb  # noqa: PLC0415

    return MySQLdb.connect(
        host=os.environ.get("WIKISKILLS_DB_HOST", "127.0.0.1"),
        port=int(os.environ.get("WIKISKILLS_DB_PORT", "3306")),
        user=os.environ.get("WIKISKILLS_DB_USER", "root"),
        password=os.environ.get("WIKISKILLS_DB_PASSWORD", ""),
    )


def _create_database():
    server = _server()
    cursor = server.cursor()
    cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    cursor.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    server.close()


def _drop_database():
    from django.db import connections  # noqa: PLC0415

    connections.close_all()
    server = _server()
    server.cursor().execute(f"DROP DATABASE IF EXISTS {DATABASE}")
    server.close()


def _setup_django():
    """Every table from the models, as the MariaDB test runs do (edx-submissions' migrations fail there)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo.settings"
    import django  # noqa: PLC0415
    from django.apps import apps  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    settings.DEBUG = False
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)


def _seed(profiles):
    """The shipped skills and territories, then people in batches of 10,000 (bulk inserts only)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_skills import taxonomy  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_skills.models import (  # noqa: PLC0415
        ProfileCourse,
        ProfileLanguage,
        Skill,
        SkillProfile,
        SkillRating,
        Territory,
    )

    rng = random.Random(20261127)
    by_id = {}
    for order, row in enumerate(taxonomy.shipped_rows()):  # parents come before their children
        by_id[row.id] = Skill.objects.create(
            code=row.skill_code, label=row.value, qid=row.qid, parent=by_id.get(row.parent_id), order=order
        )
    shipped = json.loads((taxonomy.DATA / "territories.json").read_text(encoding="utf-8"))["territories"]
    territories = {}
    for item in shipped:
        territories[item["qid"]] = Territory.objects.create(
            qid=item["qid"], label=item["label"], parent=territories.get(item["parent"])
        )
    skills = list(by_id.values())
    # Popularity is skewed, as in real surveys: a few skills are rated by many.
    skill_weights = [1 / (rank + 1) ** 0.7 for rank in range(len(skills))]
    places = [*territories.values(), None]
    place_weights = [1 / (rank + 1) ** 0.5 for rank in range(len(places))]
    users = get_user_model()
    for start in range(0, profiles, BATCH):
        stop = min(start + BATCH, profiles)
        users.objects.bulk_create(users(username=f"bench_map_{number:06d}") for number in range(start, stop))
        user_ids = users.objects.filter(username__gte=f"bench_map_{start:06d}", username__lt=f"bench_map_{stop:06d}")
        SkillProfile.objects.bulk_create(
            SkillProfile(
                user_id=user_id,
                territory=rng.choices(places, place_weights)[0],
                affiliate=rng.choice(["", "", "Wikimedia Brasil", "Wikimedians of Nigeria", "Wikimedia España"]),
                visibility=rng.choice(["public", "matched", "aggregate"]),
            )
            for user_id in user_ids.values_list("pk", flat=True)
        )
        profile_ids = SkillProfile.objects.filter(user__in=user_ids).values_list("pk", flat=True)
        ratings, languages, courses = [], [], []
        for profile_id in profile_ids:
            chosen, wanted_count = set(), rng.randint(RATINGS_PER_PROFILE - 2, RATINGS_PER_PROFILE + 2)
            while len(chosen) < wanted_count:
                chosen.add(rng.choices(range(len(skills)), skill_weights)[0])
            for index in chosen:
                ratings.append(
                    SkillRating(
                        profile_id=profile_id,
                        skill=skills[index],
                        self_level=rng.randint(0, 5),
                        known_level=rng.randint(0, 5),
                        offered=rng.random() < 0.25,
                        wanted=rng.random() < 0.45,
                    )
                )
            for code in rng.sample(["en", "pt", "es", "fr", "ar", "sw"], rng.randint(1, 2)):
                languages.append(ProfileLanguage(profile_id=profile_id, code=code, proficiency=rng.randint(1, 6)))
            if rng.random() < 0.2:
                courses.append(ProfileCourse(profile_id=profile_id, course_key=COURSE))
        SkillRating.objects.bulk_create(ratings, batch_size=BATCH)
        ProfileLanguage.objects.bulk_create(languages, batch_size=BATCH)
        ProfileCourse.objects.bulk_create(courses, batch_size=BATCH)
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        for table in (
            "wikiskills_skills_skillrating",
            "wikiskills_skills_skillprofile",
            "wikiskills_skills_profilelanguage",
        ):
            cursor.execute(f"ANALYZE TABLE {table}")
            cursor.fetchall()
    return SkillRating.objects.count()


def _timed_map(filters):
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_skills import aggregates  # noqa: PLC0415

    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            skills_map = aggregates.build_map(filters, 5)
            times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries.captured_queries), skills_map


def _naive(skills_map):
    """One COUNT(DISTINCT profile) per cell and measure on a sample of cells, extrapolated to the map."""
    from django.db.models import Q  # noqa: PLC0415

    from wikiskills.integrations.wikiskills_skills.aggregates import CONDITIONS  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_skills.models import Skill, SkillRating, Territory  # noqa: PLC0415
    from wikiskills.integrations.wikiskills_skills.privacy import ALL, UNSPECIFIED  # noqa: PLC0415

    skills = {skill.code: skill for skill in Skill.objects.all()}
    territories = {territory.qid: territory for territory in Territory.objects.all()}
    children_of = {}
    for skill in skills.values():
        children_of.setdefault(skill.parent_id, []).append(skill.pk)
    territory_children = {}
    for territory in territories.values():
        territory_children.setdefault(territory.parent_id, []).append(territory.pk)

    def below(children, pk):
        found = [pk]
        for child in children.get(pk, []):
            found.extend(below(children, child))
        return found

    cells = [(row.code, column.key) for row in skills_map.rows for column in skills_map.columns]
    sample = random.Random(5).sample(cells, min(SAMPLE_CELLS, len(cells)))
    start = time.perf_counter()
    for code, key in sample:
        where = Q(skill_id__in=below(children_of, skills[code].pk))
        if key == UNSPECIFIED:
            where &= Q(profile__territory__isnull=True)
        elif key != ALL:
            where &= Q(profile__territory_id__in=below(territory_children, territories[key].pk))
        for condition in CONDITIONS.values():
            SkillRating.objects.filter(where & condition).values("profile_id").distinct().count()
    per_cell = (time.perf_counter() - start) / len(sample)
    return len(cells), per_cell * len(cells)


def _measure(profiles):
    from wikiskills.integrations.wikiskills_skills.aggregates import MapFilters  # noqa: PLC0415

    started = time.perf_counter()
    ratings = _seed(profiles)
    seed_seconds = time.perf_counter() - started
    seconds, queries, skills_map = _timed_map(MapFilters())
    filtered_seconds, filtered_queries, _ = _timed_map(MapFilters(language="pt"))
    cells, naive_seconds = _naive(skills_map)
    suppressed = sum(
        1
        for row in skills_map.rows
        for cell in row.cells
        for value in (cell.known, cell.offered, cell.wanted)
        if value is None
    )
    return {
        "profiles": profiles,
        "ratings": ratings,
        "skills": len(skills_map.rows),
        "territory_nodes": len(skills_map.columns),
        "cells": cells,
        "seconds": round(seconds, 3),
        "queries": queries,
        "suppressed_counts": suppressed,
        "filtered_seconds": round(filtered_seconds, 3),
        "filtered_queries": filtered_queries,
        "naive": "count_per_cell",
        "naive_sampled_cells": min(SAMPLE_CELLS, cells),
        "naive_queries": cells * 3,
        "naive_seconds": round(naive_seconds, 1),
        "time_ratio": round(naive_seconds / seconds, 1),
        "seed_seconds": round(seed_seconds, 1),
    }


def main():
    profiles = int(sys.argv[1]) if len(sys.argv) > 1 else PROFILES
    os.environ["WIKISKILLS_DB"] = "mariadb"
    os.environ["WIKISKILLS_DB_NAME"] = DATABASE
    os.environ.pop("CELERY_BROKER_URL", None)
    _create_database()
    try:
        _setup_django()
        figures = _measure(profiles)
    finally:
        _drop_database()
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    # The child ``run`` starts (``python -m bench.skills_map [PROFILES]``): figures as JSON on the last line.
    main()
