"""A synthetic population of skill profiles for the demo map and the benchmarks (never real people).

Deterministic for a seed; inserted with ``bulk_create`` in batches so 100,000 profiles take
seconds, not hours. Languages follow the territory (Portuguese in Brazil, Arabic in Egypt...),
time zones too, so matching and the map look like the movement rather than noise.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from wikiskills.integrations.wikiskills_skills.models import (
    ProfileCourse,
    ProfileLanguage,
    Skill,
    SkillProfile,
    SkillRating,
    Territory,
)

PREFIX = "synthetic-"
# Country QID -> (languages spoken there, a time zone), for the shipped territories people are placed in.
PLACES = {
    "Q155": (["pt"], "America/Sao_Paulo"),
    "Q45": (["pt"], "Europe/Lisbon"),
    "Q414": (["es"], "America/Argentina/Buenos_Aires"),
    "Q739": (["es"], "America/Bogota"),
    "Q96": (["es"], "America/Mexico_City"),
    "Q29": (["es", "ca"], "Europe/Madrid"),
    "Q30": (["en", "es"], "America/New_York"),
    "Q16": (["en", "fr"], "America/Toronto"),
    "Q1033": (["en", "yo", "ha"], "Africa/Lagos"),
    "Q114": (["en", "sw"], "Africa/Nairobi"),
    "Q117": (["en", "tw"], "Africa/Accra"),
    "Q1041": (["fr", "wo"], "Africa/Dakar"),
    "Q1009": (["fr", "en"], "Africa/Douala"),
    "Q79": (["ar"], "Africa/Cairo"),
    "Q1028": (["ar", "fr"], "Africa/Casablanca"),
    "Q948": (["ar", "fr"], "Africa/Tunis"),
    "Q810": (["ar"], "Asia/Amman"),
    "Q668": (["hi", "en", "ta"], "Asia/Kolkata"),
    "Q902": (["bn"], "Asia/Dhaka"),
    "Q252": (["id"], "Asia/Jakarta"),
    "Q928": (["tl", "en"], "Asia/Manila"),
    "Q183": (["de", "en"], "Europe/Berlin"),
    "Q142": (["fr"], "Europe/Paris"),
    "Q212": (["uk"], "Europe/Kyiv"),
    "Q145": (["en"], "Europe/London"),
    "Q408": (["en"], "Australia/Sydney"),
}
WEIGHTS = {"Q155": 6, "Q1033": 4, "Q668": 5, "Q79": 3, "Q30": 4, "Q45": 2, "Q183": 3, "Q142": 3}
AFFILIATES = ["Wiki Movimento Brasil", "Wikimedia Nigeria", "Wiki Education", "Wikimedia Deutschland", ""]


def create_population(count, seed=2026, batch_size=5000, course_key="course-v1:WikiSkills+Demo+2026"):
    """Create ``count`` synthetic learners with profiles, languages and ratings; returns the profile ids."""
    rng = random.Random(seed)
    territories = dict(Territory.objects.filter(qid__in=PLACES).values_list("qid", "pk"))
    places = [qid for qid in PLACES if qid in territories]
    weights = [WEIGHTS.get(qid, 1) for qid in places]
    leaves = list(Skill.objects.filter(children=None).values_list("pk", flat=True))
    users = get_user_model()
    start = users.objects.filter(username__startswith=PREFIX).count()
    unusable = make_password(None)
    profile_ids = []
    for offset in range(start, start + count, batch_size):
        size = min(batch_size, start + count - offset)
        names = [f"{PREFIX}{offset + i:06d}" for i in range(size)]
        users.objects.bulk_create([users(username=name, password=unusable) for name in names])
        ids = dict(users.objects.filter(username__in=names).values_list("username", "pk"))
        rows = [_profile(rng, ids[name], rng.choices(places, weights)[0], territories) for name in names]
        SkillProfile.objects.bulk_create([profile for profile, _languages in rows])
        made = dict(SkillProfile.objects.filter(user_id__in=ids.values()).values_list("user_id", "pk"))
        languages, ratings, courses = [], [], []
        for profile, spoken in rows:
            profile_pk = made[profile.user_id]
            languages += [ProfileLanguage(profile_id=profile_pk, code=c, proficiency=level) for c, level in spoken]
            ratings += _ratings(rng, profile_pk, leaves)
            if rng.random() < 0.3:
                courses.append(ProfileCourse(profile_id=profile_pk, course_key=course_key))
        ProfileLanguage.objects.bulk_create(languages, batch_size=batch_size)
        SkillRating.objects.bulk_create(ratings, batch_size=batch_size)
        ProfileCourse.objects.bulk_create(courses, batch_size=batch_size)
        profile_ids += made.values()
    return profile_ids


def _profile(rng, user_id, qid, territories):
    spoken_there, time_zone = PLACES[qid]
    spoken = [(spoken_there[0], 6)] + [(code, rng.randint(2, 5)) for code in spoken_there[1:]]
    if "en" not in spoken_there and rng.random() < 0.5:
        spoken.append(("en", rng.randint(1, 5)))
    evening = rng.choice([17, 18, 19, 20])
    days = rng.sample(range(7), 2)
    availability = [{"day": day, "start": f"{evening:02d}:00", "end": f"{evening + 2:02d}:00"} for day in days]
    profile = SkillProfile(
        user_id=user_id,
        territory_id=territories[qid],
        affiliate=rng.choice(AFFILIATES),
        time_zone=time_zone,
        availability=availability,
        mentor_capacity=rng.randint(1, 5) if rng.random() < 0.2 else 0,
        visibility=rng.choices(["matched", "public", "aggregate"], [6, 3, 1])[0],
    )
    return profile, spoken


def _ratings(rng, profile_pk, leaves):
    ratings = []
    for skill_pk in rng.sample(leaves, rng.randint(2, 6)):
        level = rng.randint(1, 5)
        ratings.append(
            SkillRating(
                profile_id=profile_pk,
                skill_id=skill_pk,
                self_level=level,
                known_level=level,
                offered=level >= 4 and rng.random() < 0.6,
                wanted=level <= 2 and rng.random() < 0.7,
            )
        )
    return ratings
