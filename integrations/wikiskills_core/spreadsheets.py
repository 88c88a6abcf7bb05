"""CSV for staff that spreadsheets open as data: a cell a learner or wiki editor chose never runs as a formula.

Spreadsheets run a cell starting with ``=``, ``+``, ``-`` or ``@`` (and tab or carriage return) as a
formula ("CSV injection"); usernames, page titles, review text and override reasons can start so.
Such a cell gets a leading apostrophe, as OWASP recommends; numbers stay numbers.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class _SafeWriter:
    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])


def writer(out):
    """A ``csv.writer`` over ``out`` whose every text cell is safe to open in a spreadsheet."""
    return _SafeWriter(out)
