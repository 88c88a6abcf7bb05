"""``manage.py wikiskills_badge_keys ISSUER [--rotate]``: create or rotate an issuer's signing keys."""

from django.core.management.base import BaseCommand, CommandError

from wikiskills.integrations.wikiskills_badges import keys
from wikiskills.integrations.wikiskills_badges.models import Issuer, SigningKey


class Command(BaseCommand):
    help = (
        "Create the issuer's missing RSA and Ed25519 keys, or with --rotate replace its current ones. "
        "Retired keys stay published, so badges signed with them keep verifying. Private keys are stored "
        "encrypted with WIKISKILLS_BADGES_KEY_SECRET and never printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="the issuer's short name (slug)")
        parser.add_argument(
            "--rotate",
            choices=[SigningKey.RSA, SigningKey.ED25519, "all"],
            help="replace the current key(s) of this algorithm with new ones",
        )

    def handle(self, *args, **options):
        try:
            issuer = Issuer.objects.get(slug=options["issuer"])
        except Issuer.DoesNotExist:
            raise CommandError(f"No issuer {options['issuer']!r}; create it in the Django admin first.") from None
        rotate = options["rotate"]
        if rotate:
            algorithms = [SigningKey.RSA, SigningKey.ED25519] if rotate == "all" else [rotate]
            created = [keys.create_key(issuer, algorithm) for algorithm in algorithms]
        else:
            created = keys.ensure_keys(issuer)
        for signing_key in created:
            self.stdout.write(f"created {signing_key.algorithm} key {signing_key.key_id} for {issuer.slug}")
        if not created:
            self.stdout.write(f"{issuer.slug} already has current RSA and Ed25519 keys (use --rotate to replace them)")
