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
from collections.abc import Sequence
from dataclasses import dataclass

from review.similarity.model import Span

_CLAUSE = re.compile(r"[^。！？；\n]+[。！？；]*")


@dataclass(frozen=True)
class Shield:
    own_chars: bytes = b""  # 1 for each content character outside every region
    clauses: tuple[Span, ...] = ()  # clauses holding part of a region, in text order
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
        return [(a, b) for a, b in self.clauses if start <= a and b <= end]

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
