"""The reference index: every reference sentence and paragraph in a MinHash LSH band store.

A unit (sentence or paragraph) is indexed only when its masked text has at least
`min_unit_chars` characters, so a short text never lands in a bucket with every other
short text. Masked texts are recomputed on demand for the few candidate documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from review.nlp.lexicon import per_object
from review.similarity.bands import BandStore, band_keys
from review.similarity.matchtext import MatchText, masked_ranges, match_text
from review.similarity.model import Names, Reference, Settings, Span
from review.similarity.params import banding
from review.similarity.postings import Postings
from review.similarity.shingles import signatures


def paragraphs(text: str) -> tuple[Span, ...]:
    """Non-blank lines of `text`, trimmed."""
    out = []
    pos = 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        pos += len(line) + 1
    return tuple(out)


@dataclass(frozen=True)
class Prepared:
    """A text ready for matching: masked, with paragraphs and sentences in masked offsets."""

    mt: MatchText
    paragraphs: tuple[Span, ...]  # masked offsets
    sentences: tuple[Span, ...]  # masked offsets
    para_spans: tuple[Span, ...]  # normalized offsets


def prepare(text: str, sentences: Sequence[Span], masks: tuple[str, ...]) -> Prepared:
    mt = match_text(text, masks)
    paras = paragraphs(text)
    return Prepared(
        mt,
        masked_ranges(mt, paras),
        masked_ranges(mt, sentences),
        paras,
    )


def with_own(masks: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, ...]:
    """The masks of a text: `masks` with the text's own names. `masks` itself when it holds
    them already, as the roster's masks hold every roster unit's names: the pattern compiled
    for it is then found by the tuple's identity, where a new tuple of 22,000 names took
    1.75 ms more to mask a text (match_text takes masks as a set: the same either way)."""
    if not own or _as_set(masks).issuperset(own):
        return masks
    return Names(masks + own)


_as_set = per_object(frozenset)


# A copy worker's caches. With 1,024 of each instead of 2,048, copy detection at 10,000
# drafts took as long (525.1 against 522.6 s) and each worker held 130 MB less at the peak.
@lru_cache(maxsize=1024)
def _prepared_ref(ref: Reference, masks: tuple[str, ...]) -> Prepared:
    return prepare(ref.text, ref.sentences, masks)


@lru_cache(maxsize=1024)
def _shingle_postings(ref: Reference, masks: tuple[str, ...], n: int) -> Postings:
    p = _prepared_ref(ref, masks)
    return Postings.of(p.mt.masked, p.paragraphs, n)


@dataclass(frozen=True)
class ReferenceIndex:
    settings: Settings
    masks: tuple[str, ...]  # masks applied to every text (e.g. the whole roster)
    refs: tuple[Reference, ...]
    bands: BandStore = field(compare=False)  # owners: positions in refs
    key: str = ""  # content hash (see store.py)

    def ref_masks(self, ref: Reference) -> tuple[str, ...]:
        return with_own(self.masks, ref.masks)

    def prepared(self, ref: Reference) -> Prepared:
        return _prepared_ref(ref, self.ref_masks(ref))

    def postings(self, ref: Reference) -> Postings:
        return _shingle_postings(ref, self.ref_masks(ref), self.settings.shingle)


def units(p: Prepared, min_chars: int) -> list[Span]:
    """Sentences and paragraphs worth indexing or querying (masked offsets), deduplicated."""
    seen = set()
    out = []
    for a, b in p.sentences + p.paragraphs:
        if b - a >= min_chars and (a, b) not in seen:
            seen.add((a, b))
            out.append((a, b))
    return out


def unit_signatures(p: Prepared, settings: Settings) -> np.ndarray:
    """MinHash signatures of the text's units, in the order of `units`."""
    return signatures(p.mt.masked, units(p, settings.min_unit_chars), settings.shingle, settings.num_perm)


def ref_band_keys(ref: Reference, settings: Settings, masks: tuple[str, ...] = ()) -> np.ndarray:
    """(bands, units) band keys of the reference's units: all an index keeps of it."""
    sigs = unit_signatures(prepare(ref.text, ref.sentences, with_own(masks, ref.masks)), settings)
    return band_keys(sigs, *banding(settings.lsh_threshold, settings.num_perm))


def build_index(refs: Iterable[Reference], settings: Settings | None = None,
                masks: tuple[str, ...] = (), key: str = "",
                keys_of: Callable[[Reference], np.ndarray] | None = None) -> ReferenceIndex:
    """Index every unit of the references. `refs` is read once, in order, one reference
    at a time (a progress bar wrapped around it moves with the work). `keys_of(ref)`, when
    given, is `ref_band_keys` of the reference under these settings and masks, from
    wherever the caller keeps them."""
    settings = settings or Settings()
    n_bands, rows = banding(settings.lsh_threshold, settings.num_perm)
    kept: list[Reference] = []
    keys: list[np.ndarray] = []
    for ref in refs:
        kept.append(ref)
        keys.append(keys_of(ref) if keys_of else ref_band_keys(ref, settings, masks))
    owner = np.repeat(np.arange(len(kept), dtype=np.int32), [k.shape[1] for k in keys])
    all_keys = np.concatenate(keys, axis=1) if keys else np.empty((n_bands, 0), np.uint64)
    del keys  # the pieces go before sorting adds temporaries of its own
    store = BandStore.build(all_keys, rows, owner, len(kept))
    return ReferenceIndex(settings, Names.of(masks), tuple(kept), store, key)


@dataclass(frozen=True, eq=False)
class Hits:
    """The references a text collides with often enough (candidate_refs), as two arrays: a
    draft of a 10,000-draft round built from a county's template collides with thousands,
    which as a dict cost the main process half a megabyte a draft."""

    refs: np.ndarray  # int32: reference positions, ascending
    counts: np.ndarray  # int32: band collisions with each

    def __len__(self) -> int:
        return len(self.refs)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Hits) and np.array_equal(self.refs, other.refs)
                and np.array_equal(self.counts, other.counts))

    def as_dict(self) -> dict[int, int]:
        return dict(zip(self.refs.tolist(), self.counts.tolist(), strict=True))


def candidate_refs(index: ReferenceIndex, p: Prepared, sigs: np.ndarray | None = None) -> Hits:
    """The references whose band collisions, summed over the units of the prepared text,
    reach `min_band_hits`. The count separates a real match, which collides in several
    bands, from a common phrase colliding once. `sigs`: the text's `unit_signatures` under
    the index's settings, when the caller has them."""
    if sigs is None:
        sigs = unit_signatures(p, index.settings)
    return _hits(index, index.bands.counts(sigs))


def key_hits(index: ReferenceIndex, keys: np.ndarray) -> Hits:
    """candidate_refs of a text whose units' band keys are `keys` (ref_band_keys under the
    index's settings and masks): nothing to mask or sign."""
    return _hits(index, index.bands.key_counts(keys))


def _hits(index: ReferenceIndex, counts: np.ndarray) -> Hits:
    refs = np.flatnonzero(counts >= index.settings.min_band_hits)
    return Hits(refs.astype(np.int32), counts[refs].astype(np.int32))
