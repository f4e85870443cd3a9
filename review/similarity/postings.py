"""Which paragraphs of a reference hold each shingle, and which share most with a draft's.

Shingles are kept as fixed-width numpy strings (`shingle_array`), not Python strings: a
reference's postings are one sorted array of its (shingle, paragraph) pairs: 28 kB for the
sample county plan (1,247 characters matched) where a dict of str to tuples took 161 kB,
and a worker keeps those of some two thousand references while it aligns drafts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from review.similarity.model import Span
from review.similarity.shingles import shingle_array


@dataclass(frozen=True, eq=False)
class Postings:
    """A text's shingles with the paragraphs holding them: one row per shingle and
    paragraph, sorted by shingle, then paragraph."""

    grams: np.ndarray  # <U{n}
    paragraphs: np.ndarray  # int32
    size: int  # paragraphs of the text, holding shingles or not

    @classmethod
    def of(cls, text: str, paragraphs: Sequence[Span], n: int) -> Postings:
        grams = shingle_array(text, n, paragraphs)
        where = np.repeat(np.arange(len(paragraphs), dtype=np.int32),
                          [max(0, b - a - n + 1) for a, b in paragraphs])
        order = np.argsort(grams, kind="stable")  # stable: paragraphs stay in order
        grams, where = grams[order], where[order]
        once = np.ones(len(grams), bool)  # a shingle twice in a paragraph: one row
        once[1:] = (grams[1:] != grams[:-1]) | (where[1:] != where[:-1])
        return cls(grams[once], where[once], len(paragraphs))

    def shared_with(self, other: Postings) -> np.ndarray:
        """(other's paragraphs, these paragraphs): how many distinct shingles each pair
        shares. All pairs at once: paragraph by paragraph it cost a draft and a source
        some 30 numpy calls for every paragraph of the draft."""
        lo = np.searchsorted(self.grams, other.grams, "left")
        count = np.searchsorted(self.grams, other.grams, "right") - lo
        # rows lo[i] .. lo[i] + count[i] of each of the other's rows, as one index array
        ends = np.cumsum(count)
        rows = np.repeat(lo - ends + count, count) + np.arange(ends[-1] if len(ends) else 0)
        pairs = np.repeat(other.paragraphs, count).astype(np.int64) * self.size + self.paragraphs[rows]
        return np.bincount(pairs, minlength=other.size * self.size).reshape(other.size, self.size)
