"""Create the demo's people: a course author, an instructor and learners (idempotent)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PEOPLE = (
    # username, is_staff, role shown to the person running the demo
    ("author_amara", True, "course author"),
    ("instructor_ivan", True, "instructor"),
    ("learner_lucia", False, "learner"),
    ("learner_kwame", False, "learner"),
    ("learner_mei", False, "learner"),
)


class Command(BaseCommand):
    help = "Create the demo users (safe to run again)."

    def handle(self, *args, **options):
        users = get_user_model()
        for username, is_staff, role in DEMO_PEOPLE:
            user, created = users.objects.get_or_create(username=username, defaults={"is_staff": is_staff})
            if created:
                user.set_unusable_password()
                user.save()
            self.stdout.write(f"{role}: {username}")
