"""Every stylesheet of the repository uses logical properties, so pages and blocks mirror in Arabic (dir=rtl).

``margin-left`` stays on the left in a right-to-left page; ``margin-inline-start`` follows the reading
direction. The scan lists each physical property with its file and line.
"""

import re
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
NOT_OURS = {".venv", ".venv-bench", ".venv-tox", ".tox", ".cache", "node_modules", "build", "var", ".git"}
PHYSICAL = re.compile(
    r"""(?<![\w-])(
        (?:margin|padding|border)-(?:left|right)(?:-\w+)*\s*:      # margin-left, border-right-color
      | border-(?:top|bottom)-(?:left|right)-radius\s*:            # border-top-left-radius
      | (?:left|right)\s*:                                         # left: 0 (use inset-inline-start)
      | (?:text-align|float|clear)\s*:\s*(?:left|right)\b          # text-align: left (use start)
    )""",
    re.VERBOSE | re.IGNORECASE,
)


def stylesheets():
    for path in sorted(REPOSITORY.rglob("*.css")):
        if not NOT_OURS.intersection(path.relative_to(REPOSITORY).parts):
            yield path


def physical_properties(text):
    """(line number, declaration) of every physical property; comments are not declarations."""
    text = re.sub(r"/\*.*?\*/", lambda comment: "\n" * comment.group(0).count("\n"), text, flags=re.DOTALL)
    for number, line in enumerate(text.splitlines(), start=1):
        for found in PHYSICAL.finditer(line):
            yield number, found.group(1).strip()


def test_the_scan_finds_physical_properties_and_ignores_logical_ones():
    sample = ".a { margin-left: 1px; inset-inline-start: 0; text-align: right }\n/* left: 0 */\n.b { right: 0 }"
    assert list(physical_properties(sample)) == [(1, "margin-left:"), (1, "text-align: right"), (3, "right:")]
    assert not list(physical_properties(".a { margin-inline-start: 1px; text-align: start; border-inline-end: 0 }"))


def test_every_stylesheet_uses_logical_properties():
    assert list(stylesheets()), "no stylesheet found"
    problems = [
        f"{path.relative_to(REPOSITORY)}:{number}: {declaration}"
        for path in stylesheets()
        for number, declaration in physical_properties(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "physical CSS properties (use the logical ones):\n" + "\n".join(problems)
