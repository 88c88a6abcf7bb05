"""Every shipped pack in every language builds a course Studio imports, byte for byte the same each time.

Builds run as ``wikiskills-pack`` runs on an author's machine: without Django settings, the wiki
named by its database name. The built blocks are parsed back with XBlock's own ``parse_xml`` in
the workbench runtime and must hold the pack's values.
"""

import json
import tarfile
from datetime import UTC, datetime
from pathlib import PurePosixPath

import pytest
import yaml
from lxml import etree
from workbench.runtime import WorkbenchRuntime

from wikiskills.course_templates import archive, build, check, olx, placeholders, translations, wiki_profiles
from wikiskills.course_templates import pack as packs

PACK_LANGUAGES = [(name, language) for name in packs.available_packs() for language in packs.load_pack(name).languages]
OUR_BLOCKS = {"wikiskills_wiki_page", "wikiskills_edit_exercise", "wikiskills_peer_review", "wikiskills_skills_survey"}


def options_for(name, language, **changes):
    values = {
        "pack": name,
        "org": "WikiSkills",
        "course": name.upper()[:20],
        "run": "2027_T1",
        "language": language,
        "wiki": f"{language}wiki",
        "start": datetime(2027, 2, 1, tzinfo=UTC),
        **changes,
    }
    return build.BuildOptions(**values)


@pytest.fixture
def without_lms(monkeypatch):
    """The tool as an author runs it: no Django settings module in the environment."""
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def test_the_four_packs_ship_in_the_languages_the_movement_asked_for():
    languages = {name: set(packs.load_pack(name).languages) for name in packs.available_packs()}
    assert set(languages) == {
        "editing-first-steps",
        "organizing-community-event",
        "know-your-skills",
        "movement-strategy-sustainability",
    }
    assert all({"en", "es", "fr", "ar"} <= found for found in languages.values())
    assert {"hi", "pt"} <= languages["editing-first-steps"]


@pytest.mark.parametrize(("name", "language"), PACK_LANGUAGES)
def test_every_message_of_every_language_is_translated_with_its_placeholders(name, language):
    pack = packs.load_pack(name)
    translator = translations.Translator(pack, language)
    assert translator.problems == []
    assert [message.msgid for message in translator.missing(pack)] == []


@pytest.mark.parametrize(("name", "language"), PACK_LANGUAGES)
def test_every_pack_builds_in_every_language_and_passes_check(name, language, tmp_path, without_lms):
    output = tmp_path / "course.tar.gz"
    built = build.build_archive(options_for(name, language), output)
    report = check.check_path(output)
    assert report.problems == []
    assert not [warning for warning in built.warnings if "not translated" in warning]

    with tarfile.open(output) as tar:
        names = [PurePosixPath(member.name) for member in tar.getmembers()]
        assert {name.parts[0] for name in names} == {archive.TOP_FOLDER}
        assert all(not name.is_absolute() and ".." not in name.parts for name in names)
        assert all(member.isfile() or member.isdir() for member in tar.getmembers())
        assert "course/course.xml" in {str(name) for name in names}
    course, missing = olx.read(archive.read_course(output))
    assert missing == []
    assert course.policy["language"] == language
    assert course.policy["wikiskills_pack"]["name"] == name
    assert course.policy["wikiskills_pack"]["version"] == packs.load_pack(name).version


def test_building_twice_gives_identical_bytes(tmp_path, without_lms):
    first, second = tmp_path / "first.tar.gz", tmp_path / "second.tar.gz"
    build.build_archive(options_for("editing-first-steps", "ar"), first)
    build.build_archive(options_for("editing-first-steps", "ar"), second)
    assert first.read_bytes() == second.read_bytes()
    with tarfile.open(first) as tar:
        assert {member.mtime for member in tar.getmembers()} == {archive.FIXED_MTIME}
        assert [member.name for member in tar.getmembers() if member.isfile()] == sorted(
            member.name for member in tar.getmembers() if member.isfile()
        )


def test_the_policies_hold_what_studio_reads(without_lms):
    files = build.build_course(options_for("editing-first-steps", "es", end=datetime(2027, 5, 1, tzinfo=UTC))).files
    policy = json.loads(files["policies/2027_T1/policy.json"])["course/2027_T1"]
    assert policy["start"] == "2027-02-01T00:00:00Z"
    assert policy["end"] == "2027-05-01T00:00:00Z"
    assert policy["language"] == "es"
    assert set(policy["advanced_modules"]) >= {"wikiskills_edit_exercise", "wikiskills_wiki_page"}
    assert policy["wikiskills_pack"]["wiki"] == "eswiki"
    grading = json.loads(files["policies/2027_T1/grading_policy.json"])
    assert grading["GRADE_CUTOFFS"] == {"Pass": 0.6}
    assert [(grader["type"], grader["weight"]) for grader in grading["GRADER"]] == [("Wiki edits", 1.0)]
    graded = [
        etree.fromstring(data)
        for path, data in files.items()
        if path.startswith("sequential/") and b'graded="true"' in data
    ]
    assert graded and all(element.get("format") == "Wiki edits" for element in graded)
    assert grading["GRADER"][0]["min_count"] == len(graded)
    pointer = files["course.xml"].decode()
    assert "editing-first-steps 1.0.0" in pointer and 'org="WikiSkills"' in pointer


@pytest.mark.parametrize(("hours", "studio"), [(1, "1:00"), (1.5, "1:30"), (0.25, "0:15"), (12, "12:00")])
def test_hours_of_effort_are_written_as_studio_reads_them(hours, studio):
    assert build.effort(hours) == studio


def test_wiki_facing_names_come_from_the_wiki_and_the_words_from_the_catalog(without_lms):
    files = build.build_course(options_for("editing-first-steps", "es")).files
    sandbox = etree.fromstring(files["wikiskills_edit_exercise/sandbox-edit.xml"])
    assert sandbox.get("target") == "Usuario:{username}/Taller"
    assert sandbox.get("wiki") == "eswiki"
    reading = files["html/five-pillars.html"].decode()
    assert "https://es.wikipedia.org/wiki/Wikipedia:Cinco_pilares" in reading
    assert '<div lang="es" dir="ltr">' in reading
    arabic = build.build_course(options_for("editing-first-steps", "ar")).files
    assert '<div lang="ar" dir="rtl">' in arabic["html/five-pillars.html"].decode()
    assert etree.fromstring(arabic["wikiskills_edit_exercise/sandbox-edit.xml"]).get("target").startswith("مستخدم:")


def _parsed_blocks(files):
    """Each of our blocks, parsed from its OLX file by the block class's own ``parse_xml``."""
    runtime = WorkbenchRuntime("pack_author")
    for path, data in sorted(files.items()):
        category = path.split("/")[0]
        if category in OUR_BLOCKS:
            element = etree.fromstring(data)
            block = runtime.get_block(runtime.parse_xml_string(etree.tostring(element, encoding="unicode")))
            yield PurePosixPath(path).stem, element, block


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "language"), PACK_LANGUAGES)
def test_our_blocks_parse_back_to_the_packs_values(name, language, without_lms):
    pack = packs.load_pack(name)
    options = options_for(name, language)
    files = build.build_course(options).files
    translator = translations.Translator(pack, language)
    values = build.placeholder_values(pack, options, wiki_profiles.resolve(options.wiki), translator)

    def words(text):
        return placeholders.fill(translator.text(text), values)

    sources = {component.id: component for _unit, component in pack.components()}
    parsed = list(_parsed_blocks(files))
    assert parsed
    for component_id, element, block in parsed:
        for attribute, text in element.attrib.items():
            assert getattr(block, attribute) == block.fields[attribute].from_string(text)
        source = sources[component_id]
        assert block.display_name == words(source.texts["title"])
        if element.tag == "wikiskills_edit_exercise":
            assert block.criteria == yaml.safe_load(json.dumps(source.settings["criteria"]))
            assert block.wiki == options.wiki
        if element.tag == "wikiskills_peer_review" and source.rubric:
            assert [criterion["name"] for criterion in block.rubric] == [
                words(criterion.name) for criterion in source.rubric
            ]
            assert [option["points"] for option in block.rubric[0]["options"]] == [
                option.points for option in source.rubric[0].options
            ]
        if element.tag == "wikiskills_skills_survey":
            assert block.skills == source.settings["skills"]


def test_a_pack_whose_block_is_not_installed_is_refused_with_the_reason(without_lms, monkeypatch):
    monkeypatch.setattr(build, "installed_block_tags", lambda: {"wikiskills_peer_review", "wikiskills_wiki_page"})
    with pytest.raises(build.PackError, match="needs the block wikiskills_skills_survey, which is not installed"):
        build.build_course(options_for("know-your-skills", "en"))
