"""The shipped roles (data/roles.json), each with its global version 1; roles already there are left alone."""

from django.db import migrations

from wikiskills.integrations.wikiskills_leadership import roles


def load(apps, schema_editor):
    roles.load_shipped(
        apps.get_model("wikiskills_leadership", "Role"), apps.get_model("wikiskills_leadership", "RoleVersion")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("wikiskills_leadership", "0001_roles_evidence_projects"),
        ("wikiskills_skills", "0004_leadership_skills"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
