"""Inline SVG charts for report.html, drawn in Python.

The report is opened on offline intranets and printed, so nothing may come from a CDN or
run as script: every chart is a finished <svg> fragment. Fragments are built with
`Markup.format`, which escapes each interpolated value — unit names and labels come from
outside and must never become markup — except the copy network's edges, thousands in a
large round, whose names are escaped one by one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from review.write.summary import PeerRow

FONT_SIZE = 12
# Width of one CJK character at FONT_SIZE; SVG cannot measure text, so label room is
# reserved from the character count (Latin characters counted as half).
CHAR_WIDTH = 12.5
BAR_COLOUR = "#3b6ea8"
GRID_COLOUR = "#d9d9d9"
AXIS_COLOUR = "#595959"
UNCLUSTERED_COLOUR = "#8c8c8c"
# Colours that stay apart in print and for the common colour-vision deficiencies.
CLUSTER_COLOURS = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                   "#8c564b", "#e377c2", "#bcbd22")
# Beyond this many pairs the similarity labels on the edges overlap into noise; the pair
# table under the graph carries the numbers instead.
EDGE_LABEL_LIMIT = 30


def text_width(text: str) -> float:
    return sum(CHAR_WIDTH if ord(ch) > 0x2E7F else CHAR_WIDTH / 2 for ch in text)


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """Axis ticks from 0 to at least `top`, on a 1/2/5 × 10^k step, at most `most` steps."""
    if top <= 0:
        return [0, 1]
    raw = top / most
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if step < 1 and float(top).is_integer():
        step = 1  # counts: no half documents on the axis
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _svg(width: float, height: float, title: str, body: list[Markup], css_class: str) -> Markup:
    # No xmlns: the HTML parser puts inline <svg> in the SVG namespace itself, and leaving
    # it out keeps the report free of any URL at all.
    return Markup(
        '<svg class="chart {}" role="img" width="{}" height="{}" '
        'viewBox="0 0 {} {}"><title>{}</title>{}</svg>'
    ).format(css_class, _n(width), _n(height), _n(width), _n(height), title, Markup("").join(body))


def _n(value: float) -> str:
    """Coordinates with one decimal at most: shorter files, identical output across runs."""
    return f"{round(value, 1):g}"


def _text(x: float, y: float, text: str, anchor: str = "middle", css_class: str = "") -> Markup:
    return Markup('<text x="{}" y="{}" text-anchor="{}" class="{}">{}</text>').format(
        _n(x), _n(y), anchor, css_class, text)


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1) -> Markup:
    return Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>').format(
        _n(x1), _n(y1), _n(x2), _n(y2), colour, _n(width))


def _value_axis(ticks: list[float], left: float, right: float, y_of, fmt=_n) -> list[Markup]:
    parts = []
    for t in ticks:
        y = y_of(t)
        parts.append(_line(left, y, right, y, GRID_COLOUR))
        parts.append(_text(left - 6, y + 4, fmt(t), anchor="end", css_class="tick"))
    return parts


def histogram_chart(counts: Sequence[int], edges: Sequence[float], *, title: str, unit: str = "",
                    colour: str = BAR_COLOUR) -> Markup:
    """Adjacent columns between bin edges, the edges labelled underneath and each count on top.

    Labelling edges rather than bins keeps the columns narrow enough for three charts side
    by side on a screen or a landscape page; each column's tooltip names its range.
    """
    left, top, plot_h, slot = 34, 20, 150, 30
    width = left + slot * len(counts) + 20
    ticks = nice_ticks(max(counts, default=0))
    y_of = lambda v: top + plot_h - plot_h * v / ticks[-1]  # noqa: E731
    parts = _value_axis(ticks, left, width - 20, y_of)
    for i, count in enumerate(counts):
        x, y = left + slot * i, y_of(count)
        parts.append(Markup('<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}">'
                            '<title>{}–{}{}：{} 份</title></rect>').format(
            _n(x + 1), _n(y), slot - 2, _n(top + plot_h - y), colour,
            _n(edges[i]), _n(edges[i + 1]), unit, count))
        if count:
            parts.append(_text(x + slot / 2, y - 4, str(count), css_class="value"))
    for i, edge in enumerate(edges):
        parts.append(_text(left + slot * i, top + plot_h + 16, _n(edge), css_class="tick"))
    parts.append(_line(left, top + plot_h, width - 20, top + plot_h, AXIS_COLOUR))
    return _svg(width, top + plot_h + 26, title, parts, "histogram")


def bar_chart(labels: Sequence[str], values: Sequence[int], notes: Sequence[str], *,
              title: str, colour: str = BAR_COLOUR) -> Markup:
    """Horizontal bars, longest first as given: Chinese category names read best on the left."""
    label_w = max(map(text_width, labels), default=0) + 12
    note_w = max(map(text_width, notes), default=0) + 12
    bar_w, row_h, top = 360, 24, 8
    width = label_w + bar_w + note_w
    most = max(values, default=0) or 1
    parts = []
    for i, (label, value, note) in enumerate(zip(labels, values, notes, strict=True)):
        y = top + row_h * i
        length = bar_w * value / most
        parts.append(_text(label_w - 8, y + 16, label, anchor="end", css_class="label"))
        parts.append(Markup('<rect class="bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>')
                     .format(_n(label_w), _n(y + 4), _n(length), row_h - 8, colour))
        parts.append(_text(label_w + length + 6, y + 16, note, anchor="start", css_class="value"))
    return _svg(width, top * 2 + row_h * len(labels), title, parts, "bar-chart")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: no value for that round, the line breaks
    colour: str


def line_chart(x_labels: Sequence[str], series: Sequence[Series], *, title: str,
               y_top: float | None = None) -> Markup:
    """Lines over rounds with a point and value at each round and a legend underneath."""
    left, top, plot_h = 44, 24, 170
    slot = max(120.0, max(map(text_width, x_labels), default=0) + 16)
    width = left + slot * len(x_labels) + 10
    highest = max((v for s in series for v in s.values if v is not None), default=0)
    ticks = nice_ticks(y_top if y_top is not None else highest)
    y_of = lambda v: top + plot_h - plot_h * v / ticks[-1]  # noqa: E731
    x_of = lambda i: left + slot * (i + 0.5)  # noqa: E731
    parts = _value_axis(ticks, left, width - 10, y_of)
    for i, label in enumerate(x_labels):
        parts.append(_text(x_of(i), top + plot_h + 18, label, css_class="tick"))
    for s in series:
        parts.extend(_polyline(s, x_of, y_of))
    legend_y = top + plot_h + 42
    x = left
    for s in series:
        parts.append(_line(x, legend_y - 4, x + 18, legend_y - 4, s.colour, 3))
        parts.append(_text(x + 24, legend_y, s.name, anchor="start", css_class="legend"))
        x += 24 + text_width(s.name) + 20
    return _svg(max(width, x), legend_y + 10, title, parts, "line-chart")


def _polyline(s: Series, x_of, y_of) -> list[Markup]:
    parts = []
    run: list[str] = []
    for i, v in enumerate([*s.values, None]):
        if v is None:
            # A round without a value breaks the line rather than bridging the gap.
            if len(run) > 1:
                parts.append(Markup('<polyline class="series" fill="none" stroke="{}" '
                                    'stroke-width="2.5" points="{}"/>').format(s.colour, " ".join(run)))
            run = []
            continue
        x, y = x_of(i), y_of(v)
        run.append(f"{_n(x)},{_n(y)}")
        parts.append(Markup('<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}：{}</title></circle>')
                     .format(_n(x), _n(y), s.colour, s.name, _n(v)))
        parts.append(_text(x, y - 8, _n(v), css_class="value"))
    return parts


# ---- copy network ----------------------------------------------------------------------


def cluster_colours(peers: Sequence[PeerRow]) -> dict[str, str]:
    """Colour per 雷同群, in the order the clusters first appear (strongest pair first)."""
    names = dict.fromkeys(p.cluster for p in peers if p.cluster)
    return {name: CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)] for i, name in enumerate(names)}


def unit_clusters(peers: Sequence[PeerRow]) -> dict[str, str]:
    """Each unit's 雷同群 ("" for none); a unit whose drafts sit in two clusters takes the first."""
    clusters: dict[str, str] = {}
    for p in peers:
        for unit in (p.unit_a, p.unit_b):
            if not clusters.get(unit):
                clusters[unit] = p.cluster
    return clusters


def circle_layout(units: Sequence[str], radius: float, centre: tuple[float, float]
                  ) -> dict[str, tuple[float, float]]:
    """Units evenly on a circle, the first at twelve o'clock, then clockwise."""
    cx, cy = centre
    step = 2 * math.pi / max(len(units), 1)
    return {u: (cx + radius * math.sin(i * step), cy - radius * math.cos(i * step))
            for i, u in enumerate(units)}


def edge_colour(similarity: float) -> str:
    """Light grey for faint copies to dark red for near-identical drafts."""
    light, dark = (200, 200, 200), (139, 0, 0)
    s = min(max(similarity, 0.0), 1.0)
    r, g, b = (round(lo + (hi - lo) * s) for lo, hi in zip(light, dark, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def network(peers: Sequence[PeerRow], *, title: str) -> Markup:
    """Units as points on a circle, one edge per peer pair, thicker and darker the more shared.

    Units of one 雷同群 sit next to each other and share a colour, so a cluster reads as
    one arc of the circle. Two pairs between the same units (two drafts each) are drawn
    as separate curves. Both ends of a pair are different units: copy detection never
    compares a unit's drafts with each other.
    """
    clusters = unit_clusters(peers)
    colours = cluster_colours(peers)
    rank = {name: i for i, name in enumerate(colours)}
    units = sorted(clusters, key=lambda u: (rank.get(clusters[u], len(rank)), u))
    radius = max(150.0, len(units) * 26 / (2 * math.pi))
    # Labels run sideways, so only the left and right need room for the longest name.
    width = 2 * (radius + max(map(text_width, units), default=0) + 24)
    height = 2 * (radius + 32)
    centre = (width / 2, height / 2)
    at = circle_layout(units, radius, centre)
    edges, labels = [], []
    seen: dict[tuple[str, str], int] = {}
    for p in peers:
        # Drawn in name order so "bend left" means the same side for every pair of two units.
        key = tuple(sorted((p.unit_a, p.unit_b)))
        nth = seen[key] = seen.get(key, -1) + 1
        path, mid = _edge_path(at[key[0]], at[key[1]], nth)
        # A round of a thousand drafts has some fifteen thousand edges: Markup.format, a
        # Python formatter, took a second over them. The names are escaped one by one; the
        # rest is numbers and colours this module writes.
        edges.append(Markup(
            f'<path class="edge" d="{path}" fill="none" stroke="{edge_colour(p.similarity)}" '
            f'stroke-width="{_n(1 + 7 * p.similarity)}" stroke-linecap="round">'
            f'<title>{escape(p.unit_a)}（{escape(p.file_a)}）— {escape(p.unit_b)}（{escape(p.file_b)}）'
            f'：相似度 {p.similarity:.0%}，共同文字 {int(p.shared_chars)} 字</title></path>'))
        if len(peers) <= EDGE_LABEL_LIMIT:
            labels.append(_text(mid[0], mid[1] + 4, f"{p.similarity:.0%}", css_class="edge-label"))
    nodes = [_node(u, at[u], colours.get(clusters[u], UNCLUSTERED_COLOUR), centre) for u in units]
    return _svg(width, height, title, [*edges, *labels, *nodes], "network")


def _edge_path(a: tuple[float, float], b: tuple[float, float], nth: int
               ) -> tuple[str, tuple[float, float]]:
    """SVG path of one edge and the point to put its label on."""
    (x1, y1), (x2, y2) = a, b
    # Every edge bends a little: straight chords through the centre would share their
    # midpoint, and so their labels. Parallel edges bend further, alternately to either side.
    length = math.hypot(x2 - x1, y2 - y1)
    bend = (0.2 * length + 24 * ((nth + 1) // 2)) * (-1 if nth % 2 else 1)
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    cx, cy = (x1 + x2) / 2 + nx * bend, (y1 + y2) / 2 + ny * bend
    d = f"M {_n(x1)} {_n(y1)} Q {_n(cx)} {_n(cy)} {_n(x2)} {_n(y2)}"
    # The curve passes halfway between the chord's midpoint and the control point.
    return d, ((x1 + x2) / 4 + cx / 2, (y1 + y2) / 4 + cy / 2)


def _node(unit: str, at: tuple[float, float], colour: str, centre: tuple[float, float]) -> Markup:
    x, y = at
    # Labels sit outside the circle, on the side the node is on, so they never cross edges.
    dx, dy = x - centre[0], y - centre[1]
    norm = math.hypot(dx, dy) or 1
    lx, ly = x + 12 * dx / norm, y + 12 * dy / norm + 4
    anchor = "middle" if abs(dx) < norm * 0.2 else ("start" if dx > 0 else "end")
    return Markup('<g class="node"><circle cx="{}" cy="{}" r="8" fill="{}" stroke="#fff" '
                  'stroke-width="2"/>{}</g>').format(
        _n(x), _n(y), colour, _text(lx, ly, unit, anchor=anchor, css_class="node-label"))
