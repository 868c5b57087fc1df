"""Bar charts drawn on the server as SVG: no script, no library, no CDN. Each chart is decorative
next to its data table (the table carries the figures for screen readers and keyboard users)."""

from dataclasses import dataclass

BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 150
BAR_AREA = 300
VALUE_WIDTH = 50


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass
class BarChart:
    bars: list
    width: int
    height: int
    bar_x: int


def bar_chart(pairs):
    """Horizontal bars for ``(label, value)`` pairs, scaled to the largest value."""
    pairs = [(str(label), value or 0) for label, value in pairs]
    largest = max((value for _label, value in pairs), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(pairs):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(BAR_AREA * value / largest)
        width = max(width, 1 if value else 0)
        bars.append(Bar(label, value, y, width, y + BAR_HEIGHT - 5, LABEL_WIDTH + width + 4))
    return BarChart(
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=GAP + len(pairs) * (BAR_HEIGHT + GAP),
        bar_x=LABEL_WIDTH,
    )
