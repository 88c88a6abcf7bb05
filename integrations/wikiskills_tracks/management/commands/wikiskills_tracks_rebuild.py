"""``manage.py wikiskills_tracks_rebuild <cohort id>...``: work cohorts' stage progress out again from the facts."""

from django.core.management.base import BaseCommand, CommandError

from ...api import cohort, rebuild_cohort


class Command(BaseCommand):
    help = "Work a cohort's stage progress out again from the recorded progress facts (after a backfill)."

    def add_arguments(self, parser):
        parser.add_argument("cohort_ids", nargs="+", type=int)

    def handle(self, *args, cohort_ids, **options):
        for cohort_id in cohort_ids:
            row = cohort(cohort_id)
            if row is None:
                raise CommandError(f"No cohort {cohort_id}.")
            rows = rebuild_cohort(row)
            self.stdout.write(f"{row.name}: {len(rows)} stages done")
