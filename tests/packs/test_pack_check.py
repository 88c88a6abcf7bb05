"""``check`` reads an archive as Studio's importer does and says what would fail or be lost, before importing."""

import io
import json
import tarfile

import pytest

from wikiskills.course_templates import archive, build, check

from .pack_fixtures import tiny_options


@pytest.fixture
def tiny_files(tiny_pack, monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    return dict(build.build_course(tiny_options(tiny_pack)).files)


def write_tar(path, members):
    """A .tar.gz of (TarInfo, bytes or None) pairs, built by hand to make archives Studio refuses."""
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def regular(name, data=b"x"):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def problems_of(path):
    return check.check_path(path).problems


def test_a_built_archive_passes(tiny_files, tmp_path):
    path = tmp_path / "course.tar.gz"
    path.write_bytes(archive.tar_gz_bytes(tiny_files))
    report = check.check_path(path)
    assert report.problems == []
    assert "1 sections, 2 subsections, 2 units" in report.summary
    assert "from the pack tiny-pack 1.0.0" in report.summary


@pytest.mark.parametrize(
    ("member", "words"),
    [
        (regular("../evil.xml"), "unsafe entry '../evil.xml'"),
        (regular("/etc/evil.xml"), "unsafe entry '/etc/evil.xml'"),
    ],
)
def test_unsafe_paths_are_refused_as_studio_refuses_them(tiny_files, tmp_path, member, words):
    members = [regular(f"course/{name}", data) for name, data in tiny_files.items()] + [member]
    assert any(words in problem for problem in problems_of(write_tar(tmp_path / "bad.tar.gz", members)))


def test_links_are_refused(tiny_files, tmp_path):
    link = tarfile.TarInfo("course/static/passwd")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    members = [regular(f"course/{name}", data) for name, data in tiny_files.items()] + [(link, None)]
    assert any("unsafe entry" in problem for problem in problems_of(write_tar(tmp_path / "bad.tar.gz", members)))


def test_two_top_level_folders_are_refused(tiny_files, tmp_path):
    members = [regular(f"{top}/{name}", data) for top in ("a", "b") for name, data in tiny_files.items()]
    assert problems_of(write_tar(tmp_path / "two.tar.gz", members)) == [
        f"{tmp_path / 'two.tar.gz'}: the archive must hold exactly one top-level folder, not 2"
    ]


def test_an_archive_without_course_xml_is_refused(tiny_files, tmp_path):
    members = [regular(f"course/{name}", data) for name, data in tiny_files.items() if name != "course.xml"]
    assert problems_of(write_tar(tmp_path / "no-course.tar.gz", members)) == ["course.xml is missing"]


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "course.tar.gz"
    path.write_text("not an archive")
    assert "not a readable .tar.gz archive" in problems_of(path)[0]


def test_what_studio_would_drop_or_miscount_is_named(tiny_files, tmp_path):
    policy = json.loads(tiny_files["policies/r1/policy.json"])
    policy["course/r1"]["advanced_modules"] = []
    tiny_files["policies/r1/policy.json"] = json.dumps(policy).encode()
    grading = json.loads(tiny_files["policies/r1/grading_policy.json"])
    grading["GRADER"][0]["weight"] = 0.5
    tiny_files["policies/r1/grading_policy.json"] = json.dumps(grading).encode()
    del tiny_files["html/welcome.html"]
    exercise = "wikiskills_edit_exercise/first-edit-exercise.xml"
    tiny_files[exercise] = tiny_files[exercise].replace(b'wiki="enwiki"', b'wiki=""')
    folder = tmp_path / "course"
    for name, data in tiny_files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    problems = problems_of(folder)
    assert "html/welcome.html is missing (the html component 'welcome' names it)" in problems
    assert any("add 'wikiskills_edit_exercise' to advanced_modules, or Studio drops the block" in p for p in problems)
    assert any("has no wiki" in problem for problem in problems)
    assert "grading_policy.json: the assignment weights add up to 0.5, not 1" in problems


def test_a_graded_subsection_needs_its_assignment_type(tiny_files, tmp_path):
    tiny_files["sequential/practise.xml"] = tiny_files["sequential/practise.xml"].replace(
        b'format="Wiki edits"', b'format="Homework"'
    )
    path = tmp_path / "course.tar.gz"
    path.write_bytes(archive.tar_gz_bytes(tiny_files))
    assert any("graded as 'Homework'" in problem for problem in problems_of(path))
