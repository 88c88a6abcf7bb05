"""Load the shipped skills taxonomy and territories (data/*.json); re-running updates them in place."""

from django.db import migrations

from wikiskills.integrations.wikiskills_skills import taxonomy


def load(apps, schema_editor):
    taxonomy.import_rows(taxonomy.shipped_rows(), apps.get_model("wikiskills_skills", "Skill"))
    taxonomy.import_territories(taxonomy.shipped_territories(), apps.get_model("wikiskills_skills", "Territory"))


class Migration(migrations.Migration):
    dependencies = [("wikiskills_skills", "0001_skills_profiles_matching")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
