"""``manage.py wikiskills_pack_stages <pack> <course key> --track <slug> [--language xx]``: add a pack's stages."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ... import authoring
from ...api import track as find_track


class Command(BaseCommand):
    help = (
        "Append the track stages a learning pack declares to a track, with their requirements keyed by the "
        "blocks of the course built from the pack, and add that course to the track's courses. Stages whose "
        "title is already on the track are left as they are, so running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the learning pack's name, e.g. organizing-community-event")
        parser.add_argument("course_key", help="the course built from the pack, e.g. course-v1:Wikimedia+Event101+2027")
        parser.add_argument("--track", required=True, help="the track's key (slug)")
        parser.add_argument("--language", default="en", help="the language of the stage titles (default: en)")

    def handle(self, *args, pack, course_key, track, language, **options):
        row = find_track(track)
        if row is None:
            raise CommandError(f"No track {track!r}; create it in the Django admin first.")
        try:
            with transaction.atomic():
                result = authoring.add_pack_stages(row, pack, course_key, language)
        except authoring.PackStagesError as error:
            raise CommandError(str(error)) from None
        if result.language != language:
            self.stdout.write(f"{pack} has no {language!r} texts: titles are in {result.language!r}")
        for item in result.stages:
            stage = item.stage
            if item.created:
                needs = ", ".join(f"{need.kind} {need.key}".strip() for need in stage.requirements.all())
                self.stdout.write(f"created stage {stage.order} {stage.title!r} of {track}: {needs}")
            else:
                self.stdout.write(f"already there: stage {stage.order} {stage.title!r} of {track} (left as it is)")
                if item.missing:
                    lacks = ", ".join(f"{kind} {key}".strip() for kind, key in item.missing)
                    self.stdout.write(f"  note: it does not have these declared requirements: {lacks}")
        if result.course_added:
            self.stdout.write(f"added course {result.course_key} to {track}")
        else:
            self.stdout.write(f"already there: course {result.course_key} of {track}")
        changed = result.course_added or any(item.created for item in result.stages)
        cohort_ids = list(row.cohorts.values_list("pk", flat=True))
        if changed and cohort_ids:
            ids = " ".join(map(str, cohort_ids))
            self.stdout.write(
                f"{track} has cohorts ({ids}): bring their members' courses in step (cohort admin action) and "
                f"catch their progress up with: manage.py wikiskills_tracks_rebuild {ids}"
            )
