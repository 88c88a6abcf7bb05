"""Every string the code marks for translation is in every shipped catalog, translated, and compiled.

``scripts/translations.py check`` extracts with Django's ``makemessages`` (GNU gettext's xgettext) from a copy of
the sources, so a string added without running ``make translations`` fails here, as does a catalog that
``msgfmt --check`` refuses (a translation that changes a placeholder) or a .mo older than its .po.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gettext_tools():
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        if os.environ.get("WIKISKILLS_REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext is missing: run scripts/install-system-packages")
        pytest.skip("GNU gettext is missing: run scripts/install-system-packages")


def test_every_marked_string_is_translated_and_compiled_in_every_language(gettext_tools):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
