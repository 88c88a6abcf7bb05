"""Create the demo's people (a course author, an instructor, learners), a demo badge, and a populated
skills map with a learner who has three explained suggestions (idempotent)."""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from demo.skills_population import PREFIX, create_population
from wikiskills.integrations.wikiskills_badges import keys, links
from wikiskills.integrations.wikiskills_badges.awarding import award_badge
from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass, Issuer
from wikiskills.integrations.wikiskills_skills import api as skills_api
from wikiskills.integrations.wikiskills_skills.models import MatchRequest, SkillProfile

DEMO_COURSE_KEY = "course-v1:WikiSkills+Demo+2026"

# A badge image made here, so the demo shows and bakes it without reaching the internet.
DEMO_BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<title>First citation</title>
<circle cx="64" cy="64" r="60" fill="#36c"/>
<text x="64" y="84" font-size="56" text-anchor="middle" fill="#fff" font-family="serif">[1]</text>
</svg>
"""

DEMO_PEOPLE = (
    # username, is_staff, role shown to the person running the demo
    ("author_amara", True, "course author"),
    ("instructor_ivan", True, "instructor"),
    ("learner_lucia", False, "learner"),
    ("learner_kwame", False, "learner"),
    ("learner_mei", False, "learner"),
    ("mentor_mariana", False, "mentor"),
    ("mentor_joao", False, "mentor"),
    ("mentor_tiago", False, "mentor"),
)
SYNTHETIC_PROFILES = 3000
# Lucia, in Brazil, wants to learn to write grant proposals; three Portuguese-speaking mentors offer it.
LUCIA = {
    "territory": "Q155",
    "time_zone": "America/Sao_Paulo",
    "availability": [{"day": 1, "start": "19:00", "end": "21:00"}, {"day": 3, "start": "19:00", "end": "21:00"}],
    "languages": [{"code": "pt", "proficiency": 6}, {"code": "en", "proficiency": 3}],
    "skills": [
        {"skill": "grant_writing", "self_level": 1, "wanted": True},
        {"skill": "editing_articles", "self_level": 3},
    ],
    "visibility": "matched",
}
MENTORS = {
    "mentor_mariana": ("Q155", "America/Sao_Paulo", 5, "19:00", "22:00"),
    "mentor_joao": ("Q45", "Europe/Lisbon", 4, "22:00", "23:59"),
    "mentor_tiago": ("Q1033", "Africa/Lagos", 4, "23:00", "23:59"),
}


class Command(BaseCommand):
    help = "Create the demo users and a demo badge issuer, badge and award (safe to run again)."

    def handle(self, *args, **options):
        users = get_user_model()
        for username, is_staff, role in DEMO_PEOPLE:
            user, created = users.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            if created:
                user.set_unusable_password()
                user.save()
            self.stdout.write(f"{role}: {username}")
        self._load_badges(users.objects.get(username="learner_lucia"))
        self._load_skills(users)

    def _load_badges(self, learner):
        """An issuer with keys, a badge a demo course awards, and one award to look at."""
        issuer, _created = Issuer.objects.get_or_create(
            slug="wikiskills-demo",
            defaults={"name": "WikiSkills demo", "url": "https://meta.wikimedia.org", "email": "demo@example.org"},
        )
        keys.ensure_keys(issuer)
        badge_class, _created = BadgeClass.objects.get_or_create(
            slug="first-citation",
            defaults={
                "issuer": issuer,
                "name": "First citation",
                "description": "Added a reliable source to a wiki article.",
                "criteria_narrative": "Pass the demo course: add a citation that stays.",
                "tags": ["editing", "citations"],
                "skill_area_id": "editing",
            },
        )
        if not badge_class.image:
            badge_class.image.save("first-citation.svg", ContentFile(DEMO_BADGE_SVG.encode()))
        AwardRule.objects.get_or_create(
            badge_class=badge_class, trigger=AwardRule.COURSE_PASSED, course_key=DEMO_COURSE_KEY
        )
        award, _created = award_badge(badge_class, learner, course_key=DEMO_COURSE_KEY)
        self.stdout.write(f"badge: {links.absolute('verify', award.uuid)}")

    def _load_skills(self, users):
        """A few thousand synthetic people for the map, three mentors, and Lucia's explained suggestions."""
        if not users.objects.filter(username__startswith=PREFIX).exists():
            create_population(SYNTHETIC_PROFILES)
        self.stdout.write(f"skills map: {SkillProfile.objects.count()} profiles")
        for username, (territory, time_zone, level, start, end) in MENTORS.items():
            skills_api.save_profile(
                users.objects.get(username=username),
                {
                    "territory": territory,
                    "time_zone": time_zone,
                    "availability": [{"day": 1, "start": start, "end": end}],
                    "languages": [{"code": "pt", "proficiency": 6 if territory != "Q1033" else 4}],
                    "skills": [{"skill": "grant_writing", "self_level": level, "offered": True}],
                    "mentor_capacity": 2,
                    "visibility": "public",
                },
            )
        lucia = users.objects.get(username="learner_lucia")
        skills_api.save_profile(lucia, LUCIA)
        if not MatchRequest.objects.filter(requester__user=lucia).exists():
            skills_api.request_match(lucia, "mentor", ["grant_writing"])
        self.stdout.write("matching: sign in as learner_lucia at /demo/people/, then open /skills/matching/")
