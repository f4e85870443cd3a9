"""Tell-tale leftovers: another unit's or place's name inside a copied passage."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from review.similarity.model import Passage


@dataclass(frozen=True)
class ForeignName:
    name: str
    start: int
    end: int
    source_id: str


def foreign_names(text: str, passages: Sequence[Passage], names: Iterable[str],
                  own: Iterable[str]) -> list[ForeignName]:
    """Names (roster units, aliases, places) not the submitter's, found in copied passages.
    A name that is part of one of the submitter's own names is not foreign."""
    own = tuple(o for o in own if o)
    names = sorted({n for n in names if n and not any(n in o for o in own)}, key=len, reverse=True)
    out: list[ForeignName] = []
    for p in passages:
        taken: list[tuple[int, int]] = []
        for n in names:
            i = text.find(n, p.start, p.end)
            while i >= 0:
                if not any(a <= i < b for a, b in taken):
                    taken.append((i, i + len(n)))
                    out.append(ForeignName(n, i, i + len(n), p.source.id))
                i = text.find(n, i + len(n), p.end)
    return sorted(out, key=lambda f: (f.start, f.name))
