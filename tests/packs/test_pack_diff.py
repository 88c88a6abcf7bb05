"""``diff``: a course made from version 1 of a pack, exported from Studio, compared with the pack's version 2."""

import json

import pytest
import yaml
from lxml import etree

from wikiskills.course_templates import archive, build, cli, diff

from .pack_fixtures import replace_in, tiny_options

OUR_BLOCK_PREFIX = "wikiskills_"


@pytest.fixture(autouse=True)
def without_lms(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def as_studio_exports(files):
    """What Studio's export changes without changing the course: indentation, attribute order, JSON spacing,
    ``xblock-family`` on XBlocks, and the unknown policy key kept under ``xml_attributes``."""
    exported = {}
    for name, original in files.items():
        data = original
        if name.endswith(".xml") and name != "course.xml":
            element = etree.fromstring(original)
            attributes = dict(reversed(element.attrib.items()))
            element.attrib.clear()
            if element.tag.startswith(OUR_BLOCK_PREFIX):
                attributes["xblock-family"] = "xblock.v1"
                for key in ("criteria", "rubric", "skills"):
                    if key in attributes:
                        attributes[key] = json.dumps(yaml.safe_load(attributes[key]), indent=2, sort_keys=True)
            element.attrib.update(attributes)
            etree.indent(element, space="    ")
            data = etree.tostring(element, encoding="utf-8")
        exported[name] = data
    exported["course.xml"] = b'<course url_name="r1" org="Test" course="TINY"/>\n'  # the comment is not kept
    policy = json.loads(files["policies/r1/policy.json"])
    settings = policy["course/r1"]
    settings["xml_attributes"] = {"wikiskills_pack": settings.pop("wikiskills_pack")}
    exported["policies/r1/policy.json"] = json.dumps(policy, indent=4).encode()
    return exported


def with_an_authors_own_unit(files):
    sequential = etree.fromstring(files["sequential/read.xml"])
    etree.SubElement(sequential, "vertical", url_name="local-meetup")
    files["sequential/read.xml"] = etree.tostring(sequential)
    files["vertical/local-meetup.xml"] = (
        b'<vertical display_name="Our local meetup"><html url_name="meetup"/></vertical>'
    )
    files["html/meetup.xml"] = b'<html filename="meetup" display_name="Our local meetup"/>'
    files["html/meetup.html"] = b"<p>We meet on Fridays.</p>"
    return files


@pytest.fixture
def course_from_version_1(tiny_pack, tmp_path):
    files = build.build_course(tiny_options(tiny_pack, language="es", params={"topic": "ríos"})).files
    path = tmp_path / "exported.tar.gz"
    path.write_bytes(archive.tar_gz_bytes(with_an_authors_own_unit(as_studio_exports(files))))
    return path


def test_an_export_of_an_unchanged_pack_has_nothing_to_bring_up_to_date(tiny_pack, course_from_version_1):
    changes = diff.compare(str(tiny_pack), course_from_version_1)
    assert (changes.missing, changes.changed) == ([], [])
    assert [unit.url_name for unit in changes.extra] == ["local-meetup"]
    assert changes.unchanged == 2


def test_version_2_shows_what_the_running_course_lacks_unit_by_unit(tiny_pack, course_from_version_1, capsys):
    replace_in(tiny_pack / "pack.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    replace_in(tiny_pack / "pack.yaml", "units: [first-edit]", "units: [first-edit, talk]")
    replace_in(tiny_pack / "units" / "first-edit.md", "min: 100", "min: 150")
    replace_in(tiny_pack / "units" / "welcome.md", "Cite a source.", "Cite a reliable source.")
    (tiny_pack / "units" / "talk.md").write_text("---\ntitle: Talk pages\n---\nTalk to other editors.\n")

    changes = diff.compare(str(tiny_pack), course_from_version_1)

    assert (changes.course_version, changes.pack_version, changes.language) == ("1.0.0", "1.1.0", "es")
    assert [unit.url_name for unit in changes.missing] == ["talk"]
    assert [(unit.url_name, notes) for unit, notes in changes.changed] == [
        ("welcome", ["html 'welcome': text changed"]),
        ("first-edit", ["wikiskills_edit_exercise 'first-edit-exercise': criteria changed"]),
    ]
    assert [unit.url_name for unit in changes.extra] == ["local-meetup"]

    assert cli.main(["diff", str(tiny_pack), str(course_from_version_1)]) == 0
    printed = capsys.readouterr().out
    assert "built from tiny-pack 1.0.0 (es); the pack is now 1.1.0" in printed
    assert "+ unit 'talk' \"Talk pages\"" in printed
    assert "- unit 'local-meetup' \"Our local meetup\": only in the course" in printed


def test_a_course_from_another_pack_or_none_is_refused(tiny_pack, course_from_version_1, tmp_path, capsys):
    assert cli.main(["diff", "editing-first-steps", str(course_from_version_1)]) == 2
    assert "made from the pack 'tiny-pack', not 'editing-first-steps'" in capsys.readouterr().err
    files = archive.read_course(course_from_version_1)
    policy = json.loads(files["policies/r1/policy.json"])
    del policy["course/r1"]["xml_attributes"]
    files["policies/r1/policy.json"] = json.dumps(policy).encode()
    plain = tmp_path / "plain.tar.gz"
    plain.write_bytes(archive.tar_gz_bytes(files))
    assert cli.main(["diff", str(tiny_pack), str(plain)]) == 2
    assert "does not say which learning pack made it" in capsys.readouterr().err
