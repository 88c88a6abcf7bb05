"""Staff CSV: a cell a learner or editor chose never runs as a spreadsheet formula."""

import csv
import io

import pytest

from wikiskills.integrations.wikiskills_core import spreadsheets


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(text):
    assert spreadsheets.safe_cell(text) == f"'{text}"


def test_plain_text_and_numbers_are_kept():
    out = io.StringIO()
    spreadsheets.writer(out).writerow(["Ana", -1, 0.5, None, "a=b", "=cmd|' /C calc'!A0"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Ana", "-1", "0.5", "", "a=b", "'=cmd|' /C calc'!A0"]
