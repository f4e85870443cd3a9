"""Tell-tale leftovers: another unit's or place's name inside a copied passage."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from review.nlp.lexicon import alternation, per_object
from review.similarity.model import Passage


@dataclass(frozen=True)
class ForeignName:
    name: str
    start: int
    end: int
    source_id: str


def foreign_names(text: str, passages: Sequence[Passage], names: Iterable[str],
                  own: Iterable[str]) -> list[ForeignName]:
    """Names (roster units, aliases, places) not the submitter's, found in copied passages,
    the longest where names overlap. A name that is part of one of the submitter's own
    names is not foreign, nor is anything inside an own name."""
    own = frozenset(o for o in own if o)
    names = _nonempty(names)
    if not names:
        return []
    pattern = _pattern(names if own <= names else names | own)
    out: list[ForeignName] = []
    for p in passages:
        for m in pattern.finditer(text, p.start, p.end):
            name = m.group()
            if name in names and not any(name in o for o in own):
                out.append(ForeignName(name, m.start(), m.end(), p.source.id))
    return sorted(out, key=lambda f: (f.start, f.name))


# By identity: a batch passes every draft the same roster's names, 22,000 for a county.
_nonempty = per_object(lambda names: frozenset(n for n in names if n))


@lru_cache(maxsize=8)
def _pattern(words: frozenset[str]) -> re.Pattern:
    # One pattern for the batch: the submitter's names are in it too (they shadow the
    # names inside them), so every draft of a roster's units asks the same set.
    return re.compile(alternation(words))
