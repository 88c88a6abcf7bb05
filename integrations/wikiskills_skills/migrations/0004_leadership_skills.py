"""Add the shipped skills an installed taxonomy lacks: the Leadership Development Working Group's
"coaching" and "delegation". New installations get them from 0002 (the shipped file has them).

Only missing skills are created: what an admin edited or imported since is left as it is.
"""

from django.db import migrations
from django.db.models import Q

from wikiskills.integrations.wikiskills_skills import taxonomy


def add_missing(apps, schema_editor):
    skill_model = apps.get_model("wikiskills_skills", "Skill")
    existing = set(skill_model.objects.values_list("code", flat=True))
    for row in taxonomy.shipped_rows():
        if row.skill_code in existing:
            continue
        parent = row.parent_id and skill_model.objects.filter(Q(qid=row.parent_id) | Q(code=row.parent_id)).first()
        skill_model.objects.create(
            code=row.skill_code,
            qid=row.qid,
            label=row.value,
            description=row.description,
            labels=row.labels or {},
            parent=parent or None,
            order=skill_model.objects.count(),
        )


class Migration(migrations.Migration):
    dependencies = [("wikiskills_skills", "0003_map_index_and_permission")]
    operations = [migrations.RunPython(add_missing, migrations.RunPython.noop)]
