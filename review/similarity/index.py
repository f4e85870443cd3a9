"""The reference index: every reference sentence and paragraph in a MinHash LSH.

A unit (sentence or paragraph) is indexed only when its masked text has at least
`min_unit_chars` characters, so a short text never lands in a bucket with every other
short text. Masked texts are recomputed on demand for the few candidate documents.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from datasketch import MinHashLSH

from review.similarity.matchtext import MatchText, masked_range, match_text
from review.similarity.model import Reference, Settings, Span
from review.similarity.shingles import minhashes, shingles


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
        tuple(masked_range(mt, a, b) for a, b in paras),
        tuple(masked_range(mt, a, b) for a, b in sentences),
        paras,
    )


@lru_cache(maxsize=2048)
def _prepared_ref(ref: Reference, masks: tuple[str, ...]) -> Prepared:
    return prepare(ref.text, ref.sentences, masks)


@lru_cache(maxsize=2048)
def _shingle_postings(ref: Reference, masks: tuple[str, ...], n: int) -> dict[str, tuple[int, ...]]:
    """shingle -> indices of the reference paragraphs holding it."""
    p = _prepared_ref(ref, masks)
    post: dict[str, set[int]] = defaultdict(set)
    for k, (a, b) in enumerate(p.paragraphs):
        for s in shingles(p.mt.masked[a:b], n):
            post[s].add(k)
    return {s: tuple(sorted(v)) for s, v in post.items()}


@dataclass(frozen=True)
class ReferenceIndex:
    settings: Settings
    masks: tuple[str, ...]  # masks applied to every text (e.g. the whole roster)
    refs: tuple[Reference, ...]
    unit_ref: tuple[int, ...]  # LSH key -> position in refs
    lsh: MinHashLSH
    key: str = ""  # content hash (see store.py)

    def ref_masks(self, ref: Reference) -> tuple[str, ...]:
        return self.masks + ref.masks

    def prepared(self, ref: Reference) -> Prepared:
        return _prepared_ref(ref, self.ref_masks(ref))

    def postings(self, ref: Reference) -> dict[str, tuple[int, ...]]:
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


def build_index(refs: Iterable[Reference], settings: Settings | None = None,
                masks: tuple[str, ...] = (), key: str = "") -> ReferenceIndex:
    settings = settings or Settings()
    refs = tuple(refs)
    lsh = MinHashLSH(threshold=settings.lsh_threshold, num_perm=settings.num_perm)
    unit_ref: list[int] = []
    texts: list[str] = []
    for r, ref in enumerate(refs):
        p = prepare(ref.text, ref.sentences, masks + ref.masks)
        for a, b in units(p, settings.min_unit_chars):
            unit_ref.append(r)
            texts.append(p.mt.masked[a:b])
    sigs = minhashes((shingles(t, settings.shingle) for t in texts), settings.num_perm)
    with lsh.insertion_session() as session:
        for k, sig in enumerate(sigs):
            session.insert(k, sig, check_duplication=False)
    return ReferenceIndex(settings, tuple(masks), refs, tuple(unit_ref), lsh, key)


def band_hits(lsh: MinHashLSH, sig) -> dict[int, int]:
    """LSH key -> number of bands in which it collides with `sig` (datasketch's query
    only says whether it collides; the count separates a real match, which collides in
    several bands, from a common phrase colliding once)."""
    hits: dict[int, int] = defaultdict(int)
    for (start, end), table in zip(lsh.hashranges, lsh.hashtables, strict=True):
        H = lsh._H(sig.hashvalues[start:end])
        if H in table:
            for key in table[H]:
                hits[pickle.loads(key) if lsh.prepickle else key] += 1
    return hits


def candidate_refs(index: ReferenceIndex, texts: Sequence[str]) -> dict[int, int]:
    """Reference position -> band collisions summed over the query units, for references
    reaching `min_band_hits`."""
    s = index.settings
    score: dict[int, int] = defaultdict(int)
    for sig in minhashes((shingles(t, s.shingle) for t in texts), s.num_perm):
        for key, n in band_hits(index.lsh, sig).items():
            score[index.unit_ref[key]] += n
    return {r: n for r, n in score.items() if n >= s.min_band_hits}
