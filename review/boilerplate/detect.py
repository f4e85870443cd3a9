"""Which sentences of a draft are boilerplate: the model's verdict, or the same sentence in
many units' drafts of the batch (千人一面) whatever the model says.

Runs of flagged sentences in one paragraph come back as one passage, so a paragraph of
stock phrases gets one comment, not eight.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from review.similarity.matchtext import match_text

# Shorter sentences ("一、总体要求", "现通知如下：") are headings and lead-ins, not prose.
MIN_SENTENCE_CHARS = 8
# A shared sentence shorter than this (masked characters) is a stock title or a formula
# like "现将有关事项通知如下", left to the model.
MIN_SHARED_CHARS = 12


def sentence_key(text: str, masks: tuple[str, ...] = ()) -> str:
    """What two units' sentences share when one copied the other's stock phrase: content
    characters with names and numbers masked."""
    return match_text(text, masks).masked


def shared_counts(drafts: Iterable[tuple[str, Iterable[str]]]) -> tuple[dict[str, int], int]:
    """(sentence key → how many units wrote it, number of units) over the batch's drafts,
    given as (unit, its sentences' `sentence_key`s). Keys only one unit wrote are dropped:
    they can never reach the threshold and would hold most of the batch's sentences in
    memory."""
    units_of: dict[str, set[str]] = {}
    units = set()
    for unit, keys in drafts:
        units.add(unit)
        for key in keys:
            if len(key) >= MIN_SHARED_CHARS:
                units_of.setdefault(key, set()).add(unit)
    return {k: len(v) for k, v in units_of.items() if len(v) > 1}, len(units)


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    sentences: int
    probability: float  # the highest in the passage
    common: bool  # at least one sentence is shared by many units


def boilerplate_passages(text: str, sentences: Sequence[tuple[int, int]], *,
                         common: frozenset[str] | set[str] = frozenset(), masks: tuple[str, ...] = (),
                         min_probability: float | None = None,
                         concrete: frozenset[int] | set[int] = frozenset()) -> list[Passage]:
    """Flagged runs of `sentences` ((start, end) into `text`) within one line each: the
    model's probability at or above `min_probability` (default: the model's threshold), or
    the sentence's key in `common`. Sentences starting at an offset in `concrete` are
    flagged only for being common."""
    from review.boilerplate.model import load_model  # scikit-learn: see review.boilerplate

    model = load_model()
    threshold = model.threshold if min_probability is None else min_probability
    spans = [(s, e) for s, e in sentences if len(text[s:e].strip()) >= MIN_SENTENCE_CHARS]
    probs = model.score([text[s:e] for s, e in spans])
    runs: list[list] = []
    for (s, e), p in zip(spans, probs, strict=True):
        shared = bool(common) and sentence_key(text[s:e], masks) in common
        if (p < threshold or s in concrete) and not shared:
            continue
        last = runs[-1] if runs else None
        if last and "\n" not in text[last[1]:s] and not text[last[1]:s].strip("，。；：！？ \u3000"):
            last[1], last[2], last[3], last[4] = e, last[2] + 1, max(last[3], p), last[4] or shared
        else:
            runs.append([s, e, 1, float(p), shared])
    return [Passage(s, e, n, p, c) for s, e, n, p, c in runs]


def ratio(text: str, passages: Sequence[Passage]) -> float:
    """Share of the draft's content characters inside boilerplate passages."""
    def content(t: str) -> int:
        return len(re.findall(r"[\w]", t))
    total = content(text)
    return round(sum(content(text[p.start:p.end]) for p in passages) / total, 4) if total else 0.0
