"""Create the demo's people (a course author, an instructor, learners) and a demo badge (idempotent)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from wikiskills.integrations.wikiskills_badges import keys, links
from wikiskills.integrations.wikiskills_badges.awarding import award_badge
from wikiskills.integrations.wikiskills_badges.models import AwardRule, BadgeClass, Issuer

DEMO_COURSE_KEY = "course-v1:WikiSkills+Demo+2026"

DEMO_PEOPLE = (
    # username, is_staff, role shown to the person running the demo
    ("author_amara", True, "course author"),
    ("instructor_ivan", True, "instructor"),
    ("learner_lucia", False, "learner"),
    ("learner_kwame", False, "learner"),
    ("learner_mei", False, "learner"),
)


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
                "image_url": "https://upload.wikimedia.org/wikipedia/commons/6/6b/Citation_needed.svg",
                "criteria_narrative": "Pass the demo course: add a citation that stays.",
                "tags": ["editing", "citations"],
                "skill_area": "editing",
            },
        )
        AwardRule.objects.get_or_create(
            badge_class=badge_class, trigger=AwardRule.COURSE_PASSED, course_key=DEMO_COURSE_KEY
        )
        award, _created = award_badge(badge_class, learner, course_key=DEMO_COURSE_KEY)
        self.stdout.write(f"badge: {links.absolute('verify', award.uuid)}")
