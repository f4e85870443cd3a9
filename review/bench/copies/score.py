"""PAN's character-level measures for detections against planted cases.

A detection detects a case when both are in the same draft, overlap, and name the same
source document (PAN's condition on the source side). Characters are the draft's
non-whitespace characters.

    precision = mean over detections of |detection ∩ cases it detects| / |detection|
    recall    = mean over cases of |case ∩ detections that detect it| / |case|
    granularity = mean over detected cases of the number of detections detecting it
    plagdet   = F1 / log2(1 + granularity)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Detection:
    draft: str
    start: int
    end: int
    source: str


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    f1: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int
    false_detections: int  # detections that detect no case


def _chars(text: str, spans: Iterable[tuple[int, int]]) -> int:
    mark = set()
    for a, b in spans:
        mark.update(i for i in range(a, b) if not text[i].isspace())
    return len(mark)


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def score(cases: Sequence, detections: Sequence[Detection], texts: dict[str, str]) -> Scores:
    """`cases` have draft, start, end, source (generate.Case)."""
    by_draft: dict[str, list] = defaultdict(list)
    for c in cases:
        by_draft[c.draft].append(c)
    rec_sum, prec_sum, gran_sum, detected, false = 0.0, 0.0, 0, 0, 0
    det_by_draft: dict[str, list[Detection]] = defaultdict(list)
    for d in detections:
        det_by_draft[d.draft].append(d)
    for d in detections:
        text = texts[d.draft]
        hit = [c for c in by_draft[d.draft] if c.source == d.source and _overlap(c, d)]
        size = _chars(text, [(d.start, d.end)])
        if not hit:
            false += 1
        if size:
            inter = [(max(c.start, d.start), min(c.end, d.end)) for c in hit]
            prec_sum += _chars(text, inter) / size
    for c in cases:
        text = texts[c.draft]
        hit = [d for d in det_by_draft[c.draft] if d.source == c.source and _overlap(c, d)]
        size = _chars(text, [(c.start, c.end)])
        if hit:
            detected += 1
            gran_sum += len(hit)
        if size:
            rec_sum += _chars(text, [(max(c.start, d.start), min(c.end, d.end)) for d in hit]) / size
    precision = prec_sum / len(detections) if detections else 1.0
    recall = rec_sum / len(cases) if cases else 1.0
    gran = gran_sum / detected if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 4), round(recall, 4), round(gran, 4), round(f1, 4),
                  round(f1 / math.log2(1 + gran), 4), len(cases), len(detections), detected, false)


def by_kind(cases: Sequence, detections: Sequence[Detection], texts: dict[str, str]) -> dict[str, Scores]:
    """Scores per obfuscation kind: the kind's cases, and the detections that overlap one
    of them or no case at all (false detections count against every kind)."""
    per: dict[str, list] = defaultdict(list)
    for c in cases:
        per[c.draft].append(c)
    out = {}
    for kind in sorted({c.kind for c in cases}):
        mine = [c for c in cases if c.kind == kind]
        dets = []
        for d in detections:
            kinds = {c.kind for c in per[d.draft] if _overlap(c, d)}
            if not kinds or kind in kinds:
                dets.append(d)
        out[kind] = score(mine, dets, texts)
    return out


def flagged(quotations: Sequence, detections: Sequence[Detection]) -> int:
    """Planted standard quotations overlapping any detection."""
    per: dict[str, list[Detection]] = defaultdict(list)
    for d in detections:
        per[d.draft].append(d)
    return sum(1 for q in quotations if any(_overlap(q, d) for d in per[q.draft]))
