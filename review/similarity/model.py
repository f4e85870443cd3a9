"""Plain values the copy-detection engine takes and returns.

Offsets are into the normalized text (review.normalize) of the draft or reference, the
same coordinates as sentence spans; the caller maps them back to raw text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

Span = tuple[int, int]


def overlapping(spans: Sequence[Span], start: int, end: int) -> Iterator[Span]:
    """The spans meeting [start, end), from spans sorted and not overlapping (sentences):
    found by bisection, since a batch asks this hundreds of thousands of times."""
    i = bisect_right(spans, start, key=lambda span: span[1])
    while i < len(spans) and spans[i][0] < end:
        yield spans[i]
        i += 1


class Names(tuple):
    """Names masked in texts (a tuple of str) that hashes once. The roster's names are part
    of the key of every cache a copy worker asks per aligned reference: with a province's
    22,600 names a plain tuple took 58 µs to hash, 3 ms a draft at 10,000 drafts. The hash
    is not pickled: str hashes differ between processes."""

    def __hash__(self) -> int:
        cached = self.__dict__.get("hash")
        if cached is None:
            cached = self.__dict__["hash"] = tuple.__hash__(self)
        return cached

    def __reduce__(self):
        return Names, (tuple(self),)

    @classmethod
    def of(cls, names: Sequence[str]) -> Names:
        """`names` as Names: the same object when it is one. The indexes of a batch must
        hold one object: caches compare equal keys item by item, 0.2 ms for two equal
        tuples of a province's names."""
        return names if isinstance(names, Names) else cls(names)


# Reference sets. "central" holds quoted central documents: matches against them are
# reported as quotations, never as copying.
SETS = ("template", "fanwen", "prior", "peer", "history", "central")
# A unit's own earlier versions are revisions, not copies: skip references of these sets
# when they belong to the draft's own unit.
OWN_UNIT_SKIPPED = frozenset({"peer", "history"})


@dataclass(frozen=True)
class Settings:
    shingle: int = 5  # characters per shingle (masked text)
    num_perm: int = 64  # MinHash permutations
    lsh_threshold: float = 0.2  # datasketch picks bands x rows for this Jaccard threshold
    min_band_hits: int = 3  # a reference is a candidate when the draft collides with it this often
    min_unit_chars: int = 8  # units shorter than this (masked) are neither indexed nor queried
    min_shared_shingles: int = 3  # paragraph pairs sharing fewer shingles are not aligned
    max_source_paragraphs: int = 4  # per draft paragraph and source document
    # References aligned per draft and index, most band collisions first. When a whole
    # county copied one template, every draft collides with every other; aligning all of
    # them is quadratic in the batch and adds only more `also` sources to the same text.
    max_candidates: int = 16
    tile: int = 4  # shortest common substring the aligner keeps (masked characters)
    gap: int = 12  # largest unmatched stretch bridged inside one passage (masked characters)
    bridge: int = 40  # two passages this close in both texts are one copy with an edited middle
    min_density: float = 0.5  # matched share of a passage's masked characters
    min_match_chars: int = 13  # matches with fewer characters (outside quotations) are not copying
    snap: float = 0.34  # extend to sentence edges when the uncovered rest is at most this share
    merge_overlap: float = 0.5  # a match covering this share of a stronger one is its alternative


@dataclass(frozen=True)
class Reference:
    id: str
    text: str  # normalized text; paragraphs are its lines
    sentences: tuple[Span, ...]
    set: str = "template"
    doc: str = ""  # path relative to the workspace
    unit: str | None = None
    masks: tuple[str, ...] = ()  # this source's own unit names and aliases
    # When the team received it (ISO time; "" for the corpus and earlier rounds, which
    # precede every draft of the round): of equally strong sources, the earliest is named.
    received: str = ""


@dataclass(frozen=True)
class Draft:
    id: str
    text: str
    sentences: tuple[Span, ...]
    unit: str | None = None
    doc: str = ""
    masks: tuple[str, ...] = ()  # the submitter's unit names and aliases
    received: str = ""  # as Reference.received


@dataclass(frozen=True)
class Source:
    id: str
    set: str
    doc: str
    unit: str | None
    similarity: float
    received: str = ""  # Reference.received


@dataclass(frozen=True)
class Passage:
    """One copied stretch of the draft, inside one paragraph, from one source."""

    start: int
    end: int
    source: Source
    source_spans: tuple[Span, ...]  # in the source's normalized text
    source_text: str  # the source's matching sentences, joined by "……"
    matched_chars: int  # masked characters the aligner matched
    tiles: tuple[Span, ...] = ()  # the matched stretches of the draft (for highlighting)
    quoted_chars: int = 0  # characters of the span inside standard wording or quotations
    also: tuple[Source, ...] = ()  # weaker sources matching the same stretch

    @property
    def similarity(self) -> float:
        return self.source.similarity


@dataclass(frozen=True)
class Exclusion:
    """A match that is not copying: standard wording, a title, a quotation, too short."""

    start: int
    end: int
    kind: str  # "standard" | "title" | "quotation" | "central" | "short"
    source_id: str | None = None


@dataclass(frozen=True)
class CopyReport:
    draft_id: str
    passages: tuple[Passage, ...]  # resolved: one per copied stretch, strongest source
    matches: tuple[Passage, ...]  # every source's copied passages, before resolution
    exclusions: tuple[Exclusion, ...] = ()
    quoted: tuple[Span, ...] = ()  # standard wording, titles, cited quotations in the draft
    chars: int = 0  # content characters (letters, digits, CJK) of the draft
