"""Export the skills taxonomy in Open edX's tagging format, or import a file in it.

manage.py lms wikiskills_skills_taxonomy export --format csv > skills.csv
manage.py lms wikiskills_skills_taxonomy import skills.json
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...api import export_taxonomy, import_taxonomy
from ...messages import TAXONOMY_PROBLEMS
from ...taxonomy import TaxonomyError


class Command(BaseCommand):
    help = "Export or import the WikiSkills skills taxonomy (Open edX tagging JSON or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="The file to import (.json or .csv).")
        parser.add_argument("--format", choices=["json", "csv"], default="json", help="Export format.")

    def handle(self, *args, action, file, format, **options):
        if action == "export":
            self.stdout.write(export_taxonomy(format))
            return
        if not file:
            raise CommandError("Name the file to import.")
        path = Path(file)
        try:
            created, updated = import_taxonomy(path.read_text(encoding="utf-8"), path.suffix.lstrip(".").lower())
        except TaxonomyError as error:
            raise CommandError(_(TAXONOMY_PROBLEMS[error.code]).format(**error.details)) from error
        self.stdout.write(f"{created} skills created, {updated} updated")
