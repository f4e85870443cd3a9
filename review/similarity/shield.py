"""What passage building must not take in: the draft's standard wording, titles and
cited quotations (exclusions.regions) when they stand in a clause of their own.

A quotation inside a copied sentence is part of that copy (its characters are counted
apart later). A clause — text up to 。！？； — that holds a region and fewer than
`floor` matched characters outside it is something else: the draft's own citation
beside or between copied text, even when the source happens to cite the same words.
Such clauses are cut from the edges of a match, snapping stops short of them, and two
matches are never merged across one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from review.similarity.model import Span

_CLAUSE = re.compile(r"[^。！？；\n]+[。！？；]*")
_START = itemgetter(0)


@dataclass(frozen=True)
class Shield:
    own_chars: bytes = b""  # 1 for each content character outside every region
    # clauses holding part of a region, in text order (so sorted, and not overlapping):
    # looked up by bisection, as passage building asks for every match it snaps
    clauses: tuple[Span, ...] = ()
    floor: int = 0

    @classmethod
    def of(cls, text: str, regions: Sequence[Span], floor: int) -> Shield:
        inside = bytearray(len(text))
        for a, b in regions:
            inside[a:b] = b"\x01" * (b - a)
        own = bytes(ch.isalnum() and not inside[i] for i, ch in enumerate(text))
        clauses = tuple(m.span() for m in _CLAUSE.finditer(text) if any(inside[m.start():m.end()]))
        return cls(own, clauses, floor)

    def own(self, spans: Sequence[Span], start: int = 0, end: int | None = None) -> int:
        """Content characters of `spans` (within [start, end)) outside every region."""
        end = len(self.own_chars) if end is None else end
        return sum(sum(self.own_chars[max(a, start):min(b, end)]) for a, b in spans)

    def within(self, start: int, end: int) -> list[Span]:
        """The shielded clauses lying wholly inside [start, end)."""
        out = []
        for k in range(bisect_left(self.clauses, start, key=_START), len(self.clauses)):
            a, b = self.clauses[k]
            if b > end:
                break
            out.append((a, b))
        return out

    def at_edge(self, start: int, end: int) -> bool:
        """Whether a shielded clause holds the first or the last character of [start, end):
        else `core` leaves it as it is."""
        k = bisect_right(self.clauses, start, key=_START) - 1
        if k >= 0 and start < self.clauses[k][1]:
            return True
        k = bisect_left(self.clauses, end, key=_START) - 1
        return k >= 0 and end <= self.clauses[k][1]

    def core(self, start: int, end: int, tiles: Sequence[Span]) -> Span:
        """[start, end) without the shielded clauses at its edges in which `tiles` match
        fewer than `floor` characters of their own; unchanged when nothing would be left
        (a match that is all quotation stays whole, to be reported as an exclusion)."""
        lo, hi = start, end
        for a, b in self.clauses:
            if a <= lo < b and self.own(tiles, a, b) < self.floor:
                lo = b
        for a, b in reversed(self.clauses):
            if a < hi <= b and self.own(tiles, a, b) < self.floor:
                hi = a
        return (lo, hi) if lo < hi else (start, end)


UNSHIELDED = Shield()  # for a source's text, where nothing is shielded
