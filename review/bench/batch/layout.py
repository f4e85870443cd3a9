"""Where a draft's text falls on A4 pages, set as a 公文 is (GB/T 9704 margins, 三号 body
on a 28 pt grid, 二号 title, 小四 tables; landscape when a table has six columns or more,
as units set their 问题清单). The PDF writer draws exactly this; for Word files it is the
page count Word would give, near enough to hold drafts to 3–8 pages.

Every character is one em wide except ASCII, which is half: the PDF's font declares
those widths, so the positions a PDF reader sees agree with this layout. Wrapped lines
are justified to the right edge, as Word sets 公文, which is also how a PDF reader tells
a wrapped line from the end of a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from review.bench.batch.blocks import Block, Table

A4_SHORT, A4_LONG = 595.28, 841.89
TOP, BOTTOM, LEFT, RIGHT = 104.9, 99.2, 79.4, 73.7
BODY, BODY_LEAD = 16.0, 28.0
TITLE, TITLE_LEAD, TITLE_AFTER = 22.0, 36.0, 16.0
CELL, CELL_LEAD, CELL_PAD_X, CELL_PAD_Y = 12.0, 20.0, 5.4, 3.0
INDENT = 2  # first-line indent of body paragraphs and headings, in characters
WIDE_TABLE = 6  # columns from which a draft is set landscape
# Justifying wider than this would open gaps a PDF reader takes for spaces; such a line
# is left ragged, as Word leaves a line with one long word.
MAX_SPACING = 0.25  # of the font size, per character
# A line may not start with these: the character before moves down with it.
NO_LINE_START = "，。、；：！？）》”’」』%"
_TOKEN = re.compile(r"[A-Za-z0-9.%]{1,4}|.", re.DOTALL)  # Word keeps short numbers whole


@dataclass(frozen=True)
class Geometry:
    page_w: float
    page_h: float

    @property
    def width(self) -> float:
        return self.page_w - LEFT - RIGHT

    @property
    def height(self) -> float:
        return self.page_h - TOP - BOTTOM

    @property
    def landscape(self) -> bool:
        return self.page_w > self.page_h


PORTRAIT, LANDSCAPE = Geometry(A4_SHORT, A4_LONG), Geometry(A4_LONG, A4_SHORT)


@dataclass(frozen=True)
class Glyphs:
    """One line of text: its left edge and baseline relative to its slice's top left, and
    the extra space after each character that justifies it (0 for a paragraph's last line)."""

    dx: float
    baseline: float
    size: float
    text: str
    spacing: float = 0.0


@dataclass(frozen=True)
class Box:
    dx: float
    dy: float  # from the slice's top
    w: float
    h: float


@dataclass(frozen=True)
class Slice:
    """The part of a block that cannot be split over two pages: a line, or a table row."""

    height: float
    lines: tuple[Glyphs, ...]
    boxes: tuple[Box, ...] = ()


@dataclass(frozen=True)
class Placed:
    top: float  # distance from the page's top edge
    slice: Slice


def em(ch: str) -> float:
    return 0.5 if ord(ch) < 128 else 1.0


def width(text: str) -> float:
    return sum(em(ch) for ch in text)


@lru_cache(maxsize=65536)
def wrap(text: str, capacity: float, indent: int = 0) -> tuple[str, ...]:
    """Greedy line breaks at `capacity` ems, the first line `indent` ems narrower."""
    lines: list[list[str]] = [[]]
    used, room = 0.0, capacity - indent
    for token in _TOKEN.findall(text):
        w = width(token)
        line = lines[-1]
        if used + w > room and line:
            carried = [line.pop()] if token in NO_LINE_START and len(line) > 1 else []
            lines.append(carried)
            used, room = sum(map(width, carried)), capacity
        lines[-1].append(token)
        used += w
    return tuple("".join(line) for line in lines)


def _lines(text: str, capacity: float, size: float, indent: int = 0) -> list[Glyphs]:
    """Justified lines: every line but the last spread to the full measure."""
    out = []
    wrapped = wrap(text, capacity, indent)
    for k, line in enumerate(wrapped):
        room = (capacity - (indent if k == 0 else 0)) * size
        spacing = (room - width(line) * size) / (len(line) - 1) if k < len(wrapped) - 1 and len(line) > 1 \
            else 0.0
        if spacing > MAX_SPACING * size:
            spacing = 0.0
        out.append(Glyphs(size * indent if k == 0 else 0.0, 0.0, size, line, spacing))
    return out


def column_widths(rows: tuple[tuple[str, ...], ...], total: float) -> list[float]:
    """As the sample builder sizes them: 序号 narrow, long-text columns twice the rest."""
    weights = []
    for c, head in enumerate(rows[0]):
        if head in ("序号", "编号"):
            weights.append(0.5)
        else:
            weights.append(1.0 if max(len(row[c]) for row in rows) <= 16 else 2.0)
    return [total * w / sum(weights) for w in weights]


def geometry(blocks: list[Block]) -> Geometry:
    wide = any(isinstance(b, Table) and len(b.rows[0]) >= WIDE_TABLE for b in blocks)
    return LANDSCAPE if wide else PORTRAIT


@lru_cache(maxsize=32768)
def slices(block: Block, geo: Geometry) -> tuple[Slice, ...]:
    if isinstance(block, Table):
        widths = tuple(column_widths(block.rows, geo.width))
        return tuple(_row(row, widths) for row in block.rows)
    if block.kind == "title":
        out = [Slice(TITLE_LEAD, (Glyphs((geo.width - width(g.text) * TITLE) / 2, TITLE_LEAD * 0.75, TITLE,
                                         g.text),))
               for g in _lines(block.text, geo.width / TITLE, TITLE)]
        return tuple(out[:-1]) + (Slice(TITLE_LEAD + TITLE_AFTER, out[-1].lines),)
    if block.kind == "right":
        return tuple(Slice(BODY_LEAD, (Glyphs(geo.width - width(t) * BODY, BODY_LEAD * 0.75, BODY, t),))
                     for t in wrap(block.text, geo.width / BODY))
    return tuple(Slice(BODY_LEAD, (Glyphs(g.dx, BODY_LEAD * 0.75, BODY, g.text, g.spacing),))
                 for g in _lines(block.text, geo.width / BODY, BODY, INDENT))


@lru_cache(maxsize=65536)
def _row(row: tuple[str, ...], widths: tuple[float, ...]) -> Slice:
    # cached per row: a table grown a row at a time is laid out again at every step
    cells = [_lines(text, (w - 2 * CELL_PAD_X) / CELL, CELL) if text else []
             for text, w in zip(row, widths, strict=True)]
    height = max(max(len(c) for c in cells), 1) * CELL_LEAD + 2 * CELL_PAD_Y
    glyphs, boxes, x = [], [], 0.0
    for lines, w in zip(cells, widths, strict=True):
        boxes.append(Box(x, 0.0, w, height))
        glyphs += [Glyphs(x + CELL_PAD_X, CELL_PAD_Y + (k + 0.8) * CELL_LEAD, CELL, g.text, g.spacing)
                   for k, g in enumerate(lines)]
        x += w
    return Slice(height, tuple(glyphs), tuple(boxes))


def layout(blocks: list[Block]) -> tuple[Geometry, list[list[Placed]]]:
    """Pages of placed slices; a slice that does not fit starts the next page."""
    geo = geometry(blocks)
    pages: list[list[Placed]] = [[]]
    used = 0.0
    for block in blocks:
        for s in slices(block, geo):
            if used + s.height > geo.height and pages[-1]:
                pages.append([])
                used = 0.0
            pages[-1].append(Placed(TOP + used, s))
            used += s.height
    return geo, pages


def page_count(blocks: list[Block]) -> int:
    geo = geometry(blocks)
    count, used = 1, 0.0
    for block in blocks:
        for s in slices(block, geo):
            if used + s.height > geo.height and used:
                count += 1
                used = 0.0
            used += s.height
    return count

