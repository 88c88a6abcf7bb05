"""Bar geometry for the pages' inline SVG charts (each drawn beside a data table with the same numbers).

A bar is ``(label, value, x, y, width, height)`` in the chart's own coordinates.
"""

CHART_WIDTH = 480
CHART_HEIGHT = 160
# Room above the tallest column, and for the labels before each row's bar.
TOP_MARGIN = 20
LABEL_WIDTH = 200
ROW_HEIGHT = 24


def _top(values):
    return max([value for _label, value in values] + [1])


def columns(values, gap):
    """Upright bars side by side, scaled so the largest value is the chart's height less its margin."""
    top = _top(values)
    width = max((CHART_WIDTH - gap * len(values)) // max(len(values), 1), 2)
    bars = []
    for index, (label, value) in enumerate(values):
        height = round(value / top * (CHART_HEIGHT - TOP_MARGIN))
        bars.append((label, value, index * (width + gap), CHART_HEIGHT - height, width, height))
    return bars


def rows(values, gap):
    """Bars lying one under another after a label column; the chart is as tall as its rows."""
    top = _top(values)
    return [
        (
            label,
            value,
            LABEL_WIDTH,
            index * (ROW_HEIGHT + gap),
            round(value / top * (CHART_WIDTH - LABEL_WIDTH)),
            ROW_HEIGHT,
        )
        for index, (label, value) in enumerate(values)
    ]


def rows_height(bars, gap):
    return len(bars) * (ROW_HEIGHT + gap) or ROW_HEIGHT
