"""Badge classes align to a skill of the skills app's taxonomy instead of a fixed list.

The column keeps its name and its values: the shipped taxonomy's skill-area codes are the
old list's keys. Blank values become NULL before the column becomes a foreign key.
"""

import django.db.models.deletion
from django.db import migrations, models


def blank_to_null(apps, schema_editor):
    apps.get_model("wikiskills_badges", "BadgeClass").objects.filter(skill_area="").update(skill_area=None)


class Migration(migrations.Migration):
    dependencies = [
        ("wikiskills_badges", "0001_issuers_badges_awards"),
        ("wikiskills_skills", "0002_shipped_taxonomy_and_territories"),
    ]

    operations = [
        migrations.AlterField(
            model_name="badgeclass",
            name="skill_area",
            field=models.CharField(max_length=64, null=True, blank=True, verbose_name="skill area"),
        ),
        migrations.RunPython(blank_to_null, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="badgeclass",
            name="skill_area",
            field=models.ForeignKey(
                blank=True,
                db_column="skill_area",
                help_text="The skill of the WikiSkills taxonomy this badge shows; it raises that skill in profiles.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wikiskills_skills.skill",
                to_field="code",
                verbose_name="skill",
            ),
        ),
    ]
