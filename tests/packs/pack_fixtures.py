"""A small pack written into a temporary folder, which each test changes the way an author would."""

import textwrap
from datetime import UTC, datetime

import pytest

from wikiskills.course_templates import build

MANIFEST = """\
format: 1
name: tiny-pack
version: "1.0.0"
source_language: en
languages: [en, es]
title: A tiny pack
summary: A pack small enough for a test.
audience: Test authors.
effort_hours: 1
parameters:
  topic:
    help: What learners write about.
    default: your town
outline:
  - id: start
    title: Start here
    sequentials:
      - id: read
        title: Read
        units: [welcome]
      - id: practise
        title: Practise
        graded_as: Wiki edits
        units: [first-edit]
grading:
  pass: 0.5
  assignments:
    - type: Wiki edits
      short_label: Edit
      weight: 1.0
"""
WELCOME = """\
---
title: Welcome
components:
  - type: problem
    id: welcome-check
    title: Check yourself
    question: What does a reference show?
    choices:
      - text: Where a fact comes from.
        correct: true
        hint: Yes.
      - text: Who wrote the article.
        hint: No, the history shows that.
---
Welcome. Read the [five pillars](wiki:${page:five_pillars}).

- Write about ${topic}.
- Cite a source.
"""
FIRST_EDIT = """\
---
title: Your first edit
components:
  - type: edit_exercise
    id: first-edit-exercise
    title: Write in your sandbox
    instructions: Write about ${topic} in `${ns_user}:YourName/${sandbox}`.
    target_kind: pattern
    target: "${ns_user}:{username}/${sandbox}"
    criteria:
      - type: bytes_added
        min: 100
      - type: edit_summary
---
Now you edit.
"""
SPANISH = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

msgid "A tiny pack"
msgstr "Un paquete diminuto"

msgid "your town"
msgstr "tu ciudad"
"""


@pytest.fixture
def tiny_pack(tmp_path):
    """The folder of a valid pack; tests rewrite its files to break it."""
    folder = tmp_path / "tiny-pack"
    (folder / "units").mkdir(parents=True)
    (folder / "locale").mkdir()
    (folder / "pack.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "units" / "welcome.md").write_text(WELCOME, encoding="utf-8")
    (folder / "units" / "first-edit.md").write_text(FIRST_EDIT, encoding="utf-8")
    (folder / "locale" / "es.po").write_text(SPANISH, encoding="utf-8")
    return folder


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def tiny_options(folder, **changes):
    values = {
        "pack": str(folder),
        "org": "Test",
        "course": "TINY",
        "run": "r1",
        "language": "en",
        "wiki": "enwiki",
        "start": datetime(2027, 1, 1, tzinfo=UTC),
        **changes,
    }
    return build.BuildOptions(**values)


def dedent(text):
    return textwrap.dedent(text)
