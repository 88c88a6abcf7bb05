"""Bad input: every mistake an author or admin makes gets an error naming the file and line, and nothing is written."""

import pytest
from django.test import override_settings

from wikiskills.course_templates import build, cli
from wikiskills.course_templates.errors import PackError
from wikiskills.course_templates.pack import load_pack

from .pack_fixtures import replace_in, tiny_options


@pytest.fixture(autouse=True)
def without_lms(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def error_of(folder, **changes):
    with pytest.raises(PackError) as caught:
        build.build_course(tiny_options(folder, **changes))
    return caught.value


def test_the_tiny_pack_builds(tiny_pack):
    files = build.build_course(tiny_options(tiny_pack)).files
    assert "wikiskills_edit_exercise/first-edit-exercise.xml" in files


@pytest.mark.parametrize(
    "case",
    [
        ("pack.yaml", 'version: "1.0.0"', "version: one", 3, "MAJOR.MINOR.PATCH"),
        ("pack.yaml", "effort_hours: 1", "effort_hours: 1\ncolour: blue", 10, "unknown field 'colour'"),
        ("pack.yaml", "title: Read", "title: Read: more", 19, "not valid YAML"),
        ("pack.yaml", "      weight: 1.0", "      weight: 0.5", 27, "add up to 1.0"),
        ("pack.yaml", "units: [welcome]", "units: [welcome, welcome]", 20, "used twice"),
        ("pack.yaml", "graded_as: Wiki edits", "graded_as: Quizzes", 23, "not an assignment type"),
        ("units/welcome.md", "        correct: true\n", "", 8, "exactly one with 'correct: true'"),
        ("units/welcome.md", "Write about ${topic}", "Write about ${topik}", 17, "unknown placeholder ${topik}"),
        ("units/welcome.md", "Cite a source.", "Cite a source for $5.", 17, "write $$ for a dollar sign"),
        ("units/first-edit.md", "min: 100", "min: lots", 11, "bytes_added"),
        ("units/first-edit.md", "target_kind: pattern", "target_kind: somewhere", 8, "must be one of"),
    ],
)
def test_a_broken_pack_names_the_file_and_line(tiny_pack, case):
    file, old, new, line, words = case
    replace_in(tiny_pack / file, old, new)
    with pytest.raises(PackError) as caught:
        load_pack(str(tiny_pack))
    assert caught.value.path.name == file.split("/")[-1]
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{caught.value.path}:{line}: ")


def test_a_missing_unit_file_is_named(tiny_pack):
    (tiny_pack / "units" / "welcome.md").unlink()
    with pytest.raises(PackError, match="the unit file for 'welcome' is missing") as caught:
        load_pack(str(tiny_pack))
    assert caught.value.path.name == "welcome.md"


def test_a_unit_without_front_matter_is_refused_at_line_one(tiny_pack):
    (tiny_pack / "units" / "welcome.md").write_text("Just text.\n", encoding="utf-8")
    with pytest.raises(PackError, match="front matter") as caught:
        load_pack(str(tiny_pack))
    assert caught.value.line == 1


def test_a_required_parameter_must_be_given(tiny_pack):
    replace_in(tiny_pack / "pack.yaml", "    default: your town\n", "")
    error = error_of(tiny_pack)
    assert "the parameter 'topic' is required: give --param topic=" in str(error)
    files = build.build_course(tiny_options(tiny_pack, params={"topic": "rivers"})).files
    assert "rivers" in files["html/welcome.html"].decode()


def test_an_unknown_parameter_is_refused(tiny_pack):
    assert "has no parameter 'topik'" in str(error_of(tiny_pack, params={"topik": "x"}))


def test_a_language_the_pack_lacks_is_refused_with_the_ones_it_has(tiny_pack):
    error = error_of(tiny_pack, language="de")
    assert "not available in 'de' (languages: en, es)" in str(error)
    assert error.path.name == "pack.yaml"


def test_a_wiki_this_tool_does_not_know_is_refused_with_examples(tiny_pack):
    assert "the wiki 'nowiki' is unknown" in str(error_of(tiny_pack, wiki="nowiki"))


def test_a_wiki_the_platform_does_not_allow_is_refused(tiny_pack, monkeypatch, settings):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "tests.settings")
    with override_settings(WIKISKILLS_WIKIS={"local": {"api_url": "http://127.0.0.1:1/w/api.php", "name": "Local"}}):
        error = error_of(tiny_pack, wiki="eswiki")
        assert "not in this platform's WIKISKILLS_WIKIS (allowed: local)" in str(error)
        built = build.build_course(tiny_options(tiny_pack, wiki="local", params={"page:five_pillars": "Help:Pillars"}))
    assert 'href="http://127.0.0.1:1/w/index.php?title=Help:Pillars"' in built.files["html/welcome.html"].decode()
    assert 'wiki="local"' in built.files["wikiskills_edit_exercise/first-edit-exercise.xml"].decode()


def test_a_failed_build_writes_nothing_and_keeps_an_earlier_archive(tiny_pack, tmp_path, capsys):
    output = tmp_path / "course.tar.gz"
    arguments = ["build", str(tiny_pack), "--org", "Test", "--course", "TINY", "--run", "r1", "--wiki", "enwiki",
                 "--start", "2027-01-01", "-o", str(output)]  # fmt: skip
    assert cli.main([*arguments, "--language", "en"]) == 0
    earlier = output.read_bytes()
    assert cli.main([*arguments, "--language", "de"]) == 2
    assert "not available in 'de'" in capsys.readouterr().err
    assert output.read_bytes() == earlier
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course.tar.gz", "tiny-pack"]


@pytest.mark.parametrize(
    "case", [("--start", "next monday", "is not a date"), ("--org", "Wiki Skills", "may hold only letters")]
)
def test_bad_options_are_refused_before_building(tiny_pack, tmp_path, capsys, case):
    option, value, words = case
    arguments = {"--org": "Test", "--course": "TINY", "--run": "r1", "--wiki": "enwiki", "--start": "2027-01-01",
                 "--language": "en", option: value}  # fmt: skip
    flat = [part for pair in arguments.items() for part in pair]
    assert cli.main(["build", str(tiny_pack), *flat, "-o", str(tmp_path / "x.tar.gz")]) == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "x.tar.gz").exists()
