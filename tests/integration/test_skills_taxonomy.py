"""The taxonomy in Open edX's tagging format: round trips, refused files, and imports that keep codes."""

import json

import pytest

from wikiskills.integrations.wikiskills_skills import api, taxonomy
from wikiskills.integrations.wikiskills_skills.models import Skill

pytestmark = pytest.mark.django_db


def test_the_export_imports_back_unchanged_in_both_formats(skills_taxonomy):
    before = list(Skill.objects.values_list("code", "qid", "label", "parent__code").order_by("code"))
    for file_format in ("json", "csv"):
        exported = api.export_taxonomy(file_format)
        created, updated = api.import_taxonomy(exported, file_format)
        assert (created, updated) == (0, len(before))
    assert list(Skill.objects.values_list("code", "qid", "label", "parent__code").order_by("code")) == before


def test_the_json_export_is_what_studio_imports(skills_taxonomy):
    document = json.loads(api.export_taxonomy("json"))
    leadership = next(tag for tag in document["tags"] if tag["code"] == "leadership")
    mentoring = next(tag for tag in document["tags"] if tag["code"] == "mentoring")
    assert leadership["id"] == "Q484275" and leadership["parent_id"] == ""
    assert mentoring["parent_id"] == "Q484275"
    assert {"id", "value", "parent_id"} <= set(mentoring)


def test_a_renamed_skill_keeps_its_code_when_matched_by_qid(skills_taxonomy):
    exported = api.export_taxonomy("csv").replace("Q11024,Communication,", "Q11024,Communication and outreach,")
    api.import_taxonomy(exported, "csv")
    skill = Skill.objects.get(qid="Q11024")
    assert (skill.code, skill.label) == ("communication", "Communication and outreach")


@pytest.mark.parametrize(
    ("text", "file_format", "code"),
    [
        ("{not json", "json", "bad_json"),
        ('{"tags": {}}', "json", "no_tags"),
        ("value\nA\n", "csv", "missing_columns"),
        ("id,value\na,A\na,B\n", "csv", "duplicate_id"),
        ("id,value,parent_id\na,A,b\nb,B,a\n", "csv", "too_deep"),
        ("id,value,parent_id\na,A,\nb,B,a\nc,C,b\nd,D,c\n", "csv", "too_deep"),
        ("id,value,parent_id\na,A,zz\n", "csv", "unknown_parent"),
        ("id,value\n,A\n", "csv", "empty_field"),
        ("x", "xml", "bad_format"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_changes_nothing(skills_taxonomy, text, file_format, code):
    count = Skill.objects.count()
    with pytest.raises(taxonomy.TaxonomyError) as refused:
        api.import_taxonomy(text, file_format)
    assert refused.value.code == code
    assert Skill.objects.count() == count


def test_a_skill_page_lists_what_teaches_it(client, skilled_learner, badge_class):
    client.force_login(skilled_learner("ana"))

    page = client.get("/skills/skill/editing/").content.decode()

    assert "<h1>Editing and other on-wiki participation</h1>" in page
    assert "First citation" in page  # the badge aligned to the skill
    assert client.get("/skills/skill/no-such-skill/").status_code == 404


def test_content_tagged_with_a_sub_skill_counts_for_its_area(skills_taxonomy, monkeypatch):
    """Outside the LMS nothing is tagged; the lookup is asked for the area and every sub-skill's tag id."""
    asked = []
    monkeypatch.setattr(
        "wikiskills.integrations.openedx_compat.content_tagged_with", lambda ids: asked.append(set(ids)) or []
    )
    api.what_teaches("leadership")
    assert asked == [{"Q484275", "facilitation", "mentoring", "decision_making", "coaching", "delegation"}]
