"""``manage.py wikiskills_pack_badges <pack> <course key> [--language xx] [--issuer slug]``: a pack's badges."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wikiskills.integrations.wikiskills_badges import pack_badges


class Command(BaseCommand):
    help = (
        "Create the badge classes a learning pack declares, with texts in the language asked for, and their "
        '"course passed" awarding rules for the course built from the pack. Badge classes whose slug exists '
        "are kept as they are, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the learning pack's name, e.g. organizing-community-event")
        parser.add_argument("course_key", help="the course built from the pack, e.g. course-v1:Wikimedia+Event101+2027")
        parser.add_argument("--language", default="en", help="the language of the badge texts (default: en)")
        parser.add_argument("--issuer", help="the issuer (slug) of new badge classes; default: the only issuer")

    def handle(self, *args, pack, course_key, language, issuer, **options):
        try:
            with transaction.atomic():
                result = pack_badges.add_pack_badges(pack, course_key, language, issuer)
        except pack_badges.PackBadgesError as error:
            raise CommandError(str(error)) from None
        if result.language != language:
            self.stdout.write(f"{pack} has no {language!r} texts: badge texts are in {result.language!r}")
        for item in result.badges:
            badge_class, rule = item.badge_class, item.rule
            if item.created:
                self.stdout.write(
                    f"created badge class {badge_class.slug} ({badge_class.language}: {badge_class.name!r}, "
                    f"issuer {badge_class.issuer.slug})"
                )
            else:
                self.stdout.write(f"already there: badge class {badge_class.slug} (kept as it is)")
            state = "" if rule.enabled else " (disabled)"
            verb = "created" if item.rule_created else "already there:"
            trigger = rule.get_trigger_display()
            self.stdout.write(f"{verb} rule {trigger}: {rule.course_key} -> {badge_class.slug}{state}")
