"""What is not copying: standard campaign wording, titles, cited quotations, short matches.

Regions are found in the draft; a match whose characters outside every region number
fewer than `min_match_chars` is an exclusion (reported separately, as CNKI's "去除引用"),
otherwise a copied passage whose quoted characters are counted apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from review.similarity.matchtext import content_mask, match_text
from review.similarity.model import Exclusion, Passage, Span, overlapping

TITLE = re.compile(r"《[^《》\n]{1,100}》")
QUOTE = re.compile(r"“[^“”\n]{1,400}”")
# Words before a quotation that say it cites the centre (or a document by title).
CITING = re.compile(r"习近平|总书记|党中央|中共中央|中央|指出|强调|要求|提出|指示|讲话|号召|》")


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    kind: str  # "standard" | "title" | "quotation"


def standard_phrases(campaign) -> tuple[str, ...]:
    """The campaign's own wording (a review.campaigns.Campaign): name, 总要求 and 目标 as
    written (joined) and one by one, measure names."""
    out = [campaign.name, "、".join(campaign.general_requirement), "、".join(campaign.goals)]
    out += list(campaign.general_requirement) + list(campaign.goals) + list(campaign.measures)
    out += list(campaign.standard_terms)
    return tuple(dict.fromkeys(p for p in out if p))


def _phrase_regions(text: str, phrases: Sequence[str], masks: tuple[str, ...]) -> list[Region]:
    """Occurrences of the phrases, compared without punctuation ("学思想，强党性…" counts)."""
    mt = match_text(text, masks)
    out = []
    for phrase in phrases:
        needle = match_text(phrase, masks).masked
        if not needle:
            continue
        i = mt.masked.find(needle)
        while i >= 0:
            out.append(Region(*mt.span(i, i + len(needle)), "standard"))
            i = mt.masked.find(needle, i + len(needle))
    return out


def _sentence_start(sentences: Sequence[Span], pos: int) -> int:
    for a, b in sentences:
        if a <= pos < b:
            return a
    return max(0, pos - 40)


def regions(text: str, sentences: Sequence[Span], phrases: Sequence[str] = (),
            masks: tuple[str, ...] = ()) -> list[Region]:
    """Standard wording, 《titles》 and quotations that cite a central document."""
    found = _phrase_regions(text, phrases, masks)
    found += [Region(m.start(), m.end(), "title") for m in TITLE.finditer(text)]
    standard = [(r.start, r.end) for r in found if r.kind == "standard"]
    for m in QUOTE.finditer(text):
        before = text[_sentence_start(sentences, m.start()):m.start()]
        inner = (m.start() + 1, m.end() - 1)
        only_standard = any(a <= inner[0] and inner[1] <= b for a, b in standard)
        if CITING.search(before) or only_standard:
            found.append(Region(m.start(), m.end(), "quotation"))
    return sorted(found, key=lambda r: (r.start, r.end))


def sentence_floor(min_match_chars: int) -> int:
    """Matched characters outside the regions a sentence needs to count towards a copy."""
    return min(10, min_match_chars)


class _Counts:
    """Content characters of a text inside regions by kind and outside every region, as
    prefix sums: a batch asks this of hundreds of thousands of spans. A character inside
    several regions counts for the first of `found` that holds it."""

    def __init__(self, text: str, found: Sequence[Region]):
        self.kinds = sorted({r.kind for r in found})
        # 0 outside every region, else 1 + the position in `kinds` of the first region's kind
        kind_at = np.zeros(len(text), np.int8)
        for r in reversed(found):
            kind_at[r.start:r.end] = self.kinds.index(r.kind) + 1
        content = content_mask(text)
        self.prefix: dict[str | None, list[int]] = {}
        for code, kind in enumerate([None, *self.kinds]):
            marks = content & (kind_at == code)
            # lists, not arrays: each count reads two items, and numpy's are slow to read
            self.prefix[kind] = [0, *np.cumsum(marks).tolist()]

    def _count(self, kind: str | None, spans) -> int:
        p = self.prefix[kind]
        return sum(p[b] - p[a] for a, b in spans)

    def inside(self, spans) -> dict[str, int]:
        """Content characters of `spans` inside regions, by kind (kinds with none left out)."""
        counts = {k: self._count(k, spans) for k in self.kinds}
        return {k: n for k, n in counts.items() if n}

    def outside(self, spans) -> int:
        return self._count(None, spans)


def _sentence_own(counts: _Counts, p: Passage,
                  sentences: Sequence[Span]) -> list[tuple[int, int, int]]:
    """(start, end, own matched characters) for each sentence piece of the passage."""
    tiles = p.tiles or ((p.start, p.end),)
    pieces = [(max(a, p.start), min(b, p.end)) for a, b in overlapping(sentences, p.start, p.end)]
    out = []
    for a, b in pieces or [(p.start, p.end)]:
        inside = [(max(a, x), min(b, y)) for x, y in tiles if min(b, y) > max(a, x)]
        out.append((a, b, counts.outside(inside)))
    return out


def apply(text: str, matches: Sequence[Passage], found: Sequence[Region], min_match_chars: int,
          sentences: Sequence[Span] = ()) -> tuple[list[Passage], list[Exclusion]]:
    """Split matches into copied passages and exclusions.

    Only sentences with at least 10 matched characters outside standard wording, titles
    and quotations count (two quotations side by side, each with a few words of framing,
    do not add up to a copy); such weak sentences are also trimmed from a passage's
    edges. A match is copying when what counts reaches `min_match_chars`."""
    kept: list[Passage] = []
    excluded: list[Exclusion] = []
    floor = sentence_floor(min_match_chars)
    counts = _Counts(text, found)
    # the verdict depends on the draft side alone, and a paragraph copied by many units
    # comes back once per source with the same stretch and tiles
    verdicts: dict[tuple, tuple | str] = {}
    for p in matches:
        if p.source.set == "central":
            excluded.append(Exclusion(p.start, p.end, "central", p.source.id))
            continue
        key = (p.start, p.end, p.tiles)
        if key not in verdicts:
            verdicts[key] = _verdict(counts, p, sentences, floor, min_match_chars)
        verdict = verdicts[key]
        if isinstance(verdict, str):
            excluded.append(Exclusion(p.start, p.end, verdict, p.source.id))
        else:
            start, end, tiles, quoted = verdict
            if (start, end, tiles, quoted) == (p.start, p.end, p.tiles, p.quoted_chars):
                kept.append(p)  # most matches: dataclasses.replace cost 6 µs each
            else:
                kept.append(replace(p, start=start, end=end, tiles=tiles, quoted_chars=quoted))
    return kept, _dedup(excluded)


def _verdict(counts: _Counts, p: Passage, sentences: Sequence[Span], floor: int,
             min_match_chars: int) -> tuple[int, int, tuple[Span, ...], int] | str:
    """(start, end, tiles, quoted characters) of the match trimmed to the sentences that
    count, or the kind of exclusion it is."""
    pieces = _sentence_own(counts, p, sentences)
    if sum(n for _, _, n in pieces if n >= floor) >= min_match_chars:
        while pieces[0][2] < floor:
            pieces.pop(0)
        while pieces[-1][2] < floor:
            pieces.pop()
        start, end = pieces[0][0], pieces[-1][1]
        tiles = tuple((max(a, start), min(b, end)) for a, b in p.tiles if min(b, end) > max(a, start))
        return start, end, tiles, sum(counts.inside(((start, end),)).values())
    matched_inside = counts.inside(p.tiles or ((p.start, p.end),))
    return max(matched_inside, key=matched_inside.get) if matched_inside else "short"


def _dedup(items: list[Exclusion]) -> list[Exclusion]:
    """One exclusion per stretch and kind (the first source's)."""
    seen: dict[tuple[int, int, str], Exclusion] = {}
    for e in sorted(items, key=lambda e: (e.start, e.end, e.kind, e.source_id or "")):
        seen.setdefault((e.start, e.end, e.kind), e)
    return list(seen.values())
