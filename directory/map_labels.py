"""Label placement for the offline map: every label goes where it covers no other label and no
marker, so the Pearl River delta's crowded city names stay readable.

Deterministic and greedy: labels are placed in the order given; each tries the eight positions
around its point (right, left, above, below, then the diagonals), then the same directions further
out with a leader line back to the point. A label that fits nowhere becomes a number on the map
(placed the same way) with the full text in a legend below it.
"""

import unicodedata
from dataclasses import dataclass

FONT_SIZE = 15
LINE_HEIGHT = 1.2
GAP = 4
RINGS = (0, 14, 28, 42)
NUMBER_RINGS = (0, 10, 20, 30, 40, 55, 70)
# (dx, dy) direction of the label from its point: right, left, above, below, then diagonals.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other):
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def nearest(self, x, y):
        """The point of the box nearest to (x, y), where a leader line ends."""
        return min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1)


@dataclass
class Label:
    text: str
    box: Box | None
    leader: tuple | None = None
    number: int | None = None

    @property
    def x(self):
        return round(self.box.x0, 1)

    @property
    def y(self):
        """The baseline of the text inside its box."""
        return round(self.box.y1 - (self.box.y1 - self.box.y0) * 0.25, 1)


def text_width(text, font_size=FONT_SIZE):
    """An estimate: wide (CJK) characters take one em, others 0.6 em."""
    return sum(
        font_size if unicodedata.east_asian_width(c) in "WF" else 0.6 * font_size for c in text
    )


def marker_box(x, y, radius):
    return Box(x - radius, y - radius, x + radius, y + radius)


def _start(center, size, reach, direction):
    """Where a label of ``size`` starts along one axis: after, before or centred on the point."""
    if direction > 0:
        return center + reach
    if direction < 0:
        return center - reach - size
    return center - size / 2


def _candidate(x, y, width, height, reach, direction):
    left = _start(x, width, reach, direction[0])
    top = _start(y, height, reach, direction[1])
    return Box(left, top, left + width, top + height)


def _find_spot(x, y, width, height, radius, rings, taken, bounds):
    for ring in rings:
        for direction in DIRECTIONS:
            box = _candidate(x, y, width, height, radius + GAP + ring, direction)
            inside = bounds is None or (
                box.x0 >= 0 and box.y0 >= 0 and box.x1 <= bounds[0] and box.y1 <= bounds[1]
            )
            if inside and not any(box.intersects(other) for other in taken):
                return box, ring
    return None, None


def place_labels(points, obstacles=(), font_size=FONT_SIZE, bounds=None):
    """``points`` are (x, y, radius, text) in placement order; ``obstacles`` are further marker
    boxes no label may cover; ``bounds`` is the (width, height) of the canvas. Returns one
    ``Label`` per point, in the same order."""
    height = font_size * LINE_HEIGHT
    taken = [marker_box(x, y, radius) for x, y, radius, _text in points] + list(obstacles)
    labels, number = [], 0
    for x, y, radius, text in points:
        box, ring = _find_spot(
            x, y, text_width(text, font_size), height, radius, RINGS, taken, bounds
        )
        label = Label(text, box)
        if box is None:
            number += 1
            label.number = number
            width = text_width(str(number), font_size)
            box, ring = _find_spot(x, y, width, height, radius, NUMBER_RINGS, taken, bounds)
            label.box = box
        if box is not None:
            taken.append(box)
            if ring:
                end_x, end_y = box.nearest(x, y)
                label.leader = (x, y, round(end_x, 1), round(end_y, 1))
        labels.append(label)
    return labels
