"""The skills taxonomy in Open edX's tagging format: read, check, import and export.

A tag's ``id`` is the Wikidata QID where the skill has one, else the skill's code, as
``openedx_tagging`` keeps an ``external_id`` per tag; ``value`` is the English label and
``parent_id`` the parent's ``id``. Our own extra keys (``code``, ``description``,
``labels``) ride along in JSON and are ignored by Studio's importer. Problems come back
as codes with details for the adapter to word (see ``messages.py``).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from .models import MAX_DEPTH

DATA = Path(__file__).parent / "data"
QID = re.compile(r"^Q[1-9][0-9]*$")
CSV_COLUMNS = ["id", "value", "parent_id"]


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be imported; ``code`` and ``details`` name the problem."""

    def __init__(self, code, **details):
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True)
class TagRow:
    """One tag as the tagging format has it, plus our optional extras."""

    id: str
    value: str
    parent_id: str = ""
    code: str = ""
    description: str = ""
    labels: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def qid(self):
        return self.id if QID.match(self.id) else ""

    @property
    def skill_code(self):
        return self.code or (self.id if not self.qid else slugify(self.value).replace("-", "_"))[:64]


def parse(text, file_format):
    """Tag rows from the text of a ``json`` or ``csv`` file in the tagging format."""
    if file_format == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise TaxonomyError("bad_json", line=error.lineno) from error
        items = document.get("tags") if isinstance(document, dict) else None
        if not isinstance(items, list):
            raise TaxonomyError("no_tags")
    elif file_format == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [column for column in CSV_COLUMNS[:2] if column not in (reader.fieldnames or [])]
        if missing:
            raise TaxonomyError("missing_columns", columns=", ".join(missing))
        items = list(reader)
    else:
        raise TaxonomyError("bad_format")
    return check([_row(item, number) for number, item in enumerate(items, start=1)])


def _row(item, number):
    if not isinstance(item, dict):
        raise TaxonomyError("bad_row", row=number)
    tag_id = str(item.get("id") or "").strip()
    value = str(item.get("value") or "").strip()
    if not tag_id or not value:
        raise TaxonomyError("empty_field", row=number)
    labels = item.get("labels") or {}
    return TagRow(
        id=tag_id,
        value=value[:128],
        parent_id=str(item.get("parent_id") or "").strip(),
        code=str(item.get("code") or "").strip(),
        description=str(item.get("description") or "").strip(),
        labels={str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {},
    )


def check(rows):
    """The rows, if ids are unique, parents exist, there is no cycle and no tag is deeper than three."""
    by_id = {}
    for row in rows:
        if row.id in by_id:
            raise TaxonomyError("duplicate_id", id=row.id)
        by_id[row.id] = row
    codes = [row.skill_code for row in rows]
    if len(set(codes)) != len(codes):
        raise TaxonomyError("duplicate_code", code=next(c for c in codes if codes.count(c) > 1))
    for row in rows:
        depth, parent = 1, row.parent_id
        while parent:
            if parent not in by_id:
                raise TaxonomyError("unknown_parent", id=row.id, parent=parent)
            depth += 1
            if depth > MAX_DEPTH:
                raise TaxonomyError("too_deep", id=row.id)
            parent = by_id[parent].parent_id
    return rows


def shipped_rows():
    """The taxonomy the product ships (``data/skills_taxonomy.json``)."""
    return parse((DATA / "skills_taxonomy.json").read_text(encoding="utf-8"), "json")


def shipped_territories():
    """Continents, sub-regions and countries with their QIDs (``data/territories.json``)."""
    return json.loads((DATA / "territories.json").read_text(encoding="utf-8"))["territories"]


def import_rows(rows, skill_model):
    """Create or update skills from tag rows, matched by QID, then by code; parents before children.

    ``skill_model`` is passed in so the data migration can use its historical model.
    Skills missing from the file are kept (learners' ratings point at them); they are
    only made inactive by an admin. Returns ``(created, updated)``.
    """
    by_id = {row.id: row for row in rows}
    saved = {}
    created = updated = 0
    for row in sorted(rows, key=lambda r: _depth(r, by_id)):
        skill = (row.qid and skill_model.objects.filter(qid=row.qid).first()) or skill_model.objects.filter(
            code=row.skill_code
        ).first()
        values = {
            "qid": row.qid,
            "label": row.value,
            "description": row.description,
            "parent": saved.get(row.parent_id),
            "order": len(saved),
        }
        if row.labels:
            values["labels"] = row.labels
        if skill is None:
            skill = skill_model.objects.create(code=row.skill_code, **values)
            created += 1
        else:
            for name, value in values.items():
                setattr(skill, name, value)
            skill.save()
            updated += 1
        saved[row.id] = skill
    return created, updated


def _depth(row, by_id):
    depth = 0
    while row.parent_id:
        row = by_id[row.parent_id]
        depth += 1
    return depth


def import_territories(items, territory_model):
    """Create or update territories by QID, parents first."""
    saved = {}
    for item in items:
        territory, _created = territory_model.objects.update_or_create(
            qid=item["qid"], defaults={"label": item["label"], "parent": saved.get(item.get("parent") or "")}
        )
        saved[item["qid"]] = territory


def tag_rows(skills):
    """Tag rows for skills (parents must be among them), in the tagging format."""
    tag_ids = {skill.pk: skill.qid or skill.code for skill in skills}
    return [
        TagRow(
            id=tag_ids[skill.pk],
            value=skill.label,
            parent_id=tag_ids.get(skill.parent_id, ""),
            code=skill.code,
            description=skill.description,
            labels=skill.labels,
        )
        for skill in skills
    ]


def export_json(rows, name, description):
    """The taxonomy as Studio's tagging import takes it in JSON, with our extras."""
    tags = []
    for row in rows:
        tag = {"id": row.id, "value": row.value, "parent_id": row.parent_id, "code": row.code}
        if row.description:
            tag["description"] = row.description
        if row.labels:
            tag["labels"] = row.labels
        tags.append(tag)
    return json.dumps({"name": name, "description": description, "tags": tags}, ensure_ascii=False, indent=1)


def export_csv(rows):
    """The taxonomy as Studio's tagging import takes it in CSV (``id,value,parent_id``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.id, row.value, row.parent_id])
    return out.getvalue()
