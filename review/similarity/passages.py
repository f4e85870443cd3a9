"""Query: the draft's copied passages against one or more reference indexes.

1. candidates — every draft sentence and paragraph is looked up in the LSH; a reference
   document colliding in at least `min_band_hits` bands is a candidate;
2. pairs — each draft paragraph is paired with the candidate's paragraphs that share at
   least `min_shared_shingles` shingles with it (exact counts, so a heavily edited
   paragraph whose own LSH lookup missed is still aligned once its document is found);
3. alignment — greedy string tiling of the draft paragraph against those paragraphs,
   tiles clustered per source paragraph, thin clusters dropped;
4. passages — snapped to sentence edges, merged per source, one per copied stretch of a
   paragraph; no passage takes in a clause of standard wording, a title or a cited
   quotation that it barely matches outside those words (shield.py).

Steps 3 and 4 run compiled (building.py) where Numba is installed, and in Python here
otherwise; tests hold both to the same passages.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from review.nlp.lexicon import per_object
from review.similarity.align import Cluster, Tile, clusters, dense, tile_rows, tiles
from review.similarity.exclusions import sentence_floor
from review.similarity.index import (
    Hits,
    Prepared,
    ReferenceIndex,
    candidate_refs,
    prepare,
    unit_signatures,
    with_own,
)
from review.similarity.jit import compiled
from review.similarity.matchtext import masked_range
from review.similarity.model import (
    OWN_UNIT_SKIPPED,
    Draft,
    Passage,
    Reference,
    Settings,
    Source,
    Span,
)
from review.similarity.postings import Postings
from review.similarity.shield import UNSHIELDED, Shield

_SEP = "\x00"


def _skipped(draft: Draft, ref: Reference) -> bool:
    if ref.id == draft.id or (draft.doc and ref.doc == draft.doc):
        return True
    return draft.unit is not None and ref.unit == draft.unit and ref.set in OWN_UNIT_SKIPPED


_START, _END = itemgetter(0), itemgetter(1)


def _snap(start: int, end: int, sentences: Sequence[Span], share: float,
          shield: Shield = UNSHIELDED) -> Span:
    """Extend [start, end) to the edges of the sentences it nearly covers, stopping
    short of a shielded clause. Only the first sentence it meets can reach before it,
    and only the last beyond it (sentences are sorted and do not overlap)."""
    first = bisect_right(sentences, start, key=_END)
    if first == len(sentences) or sentences[first][0] >= end:
        return start, end
    last = bisect_left(sentences, end, lo=first, key=_START) - 1
    a, b = sentences[first]
    if a < start and start - a <= max(2, share * (b - a)):
        start = max([a] + [y for _, y in shield.within(a, start)])
    a, b = sentences[last]
    if b > end and b - end <= max(2, share * (b - a)):
        end = min([b] + [x for x, _ in shield.within(end, b)])
    return start, end


def draft_shield(draft: Draft, regions: Sequence[Span], settings: Settings) -> Shield:
    """The draft's standard wording, titles and cited quotations, as passages must treat them."""
    return Shield.of(draft.text, regions, sentence_floor(settings.min_match_chars))


def align_document(draft: Draft, dp: Prepared, index: ReferenceIndex, r: int,
                   shield: Shield = UNSHIELDED) -> list[Passage]:
    """Passages of the prepared draft matching reference `r` of the index (no LSH)."""
    s = index.settings
    ref = index.refs[r]
    rp = index.prepared(ref)
    shared = index.postings(ref).shared_with(_draft_postings(dp.mt.masked, dp.paragraphs, s.shingle))
    chosen_rows = source_paragraphs(shared, s)
    kernel = _compiled()
    if kernel is not None:
        return _built(kernel, draft, dp, ref, rp, chosen_rows, s, shield)
    src = rp.mt.masked
    out: list[Passage] = []
    for (pa, pb), chosen in zip(dp.paragraphs, chosen_rows, strict=True):
        if pb - pa < s.tile or not chosen:
            continue
        found: list[_Piece] = []
        para = dp.mt.masked[pa:pb]
        joined, piece_starts, shifts = _joined(src, rp, chosen)
        common = tiles(para, joined, s.tile)
        # cluster per source paragraph: fragments matching different parts of the
        # source never add up to a passage (copies reorder within a paragraph, not across)
        groups: dict[int, list[Tile]] = defaultdict(list)
        if len(chosen) == 1:
            groups[0] = list(common)
        else:
            for t in common:
                groups[bisect_right(piece_starts, t.b) - 1].append(t)
        for piece, group in groups.items():
            shift = shifts[piece]
            for c in clusters(group, s.gap):
                for d in dense(c, s.min_density):
                    d = _unshielded(d, dp, pa, shield)
                    if d.matched < s.min_match_chars // 2:
                        continue  # noise; between this and min_match_chars: reported as "short"
                    found.append(_piece(draft, dp, pa, d, ref, rp, shift, s, shield))
        if found:
            out.extend(_merged(found, ref, draft.sentences, s.min_match_chars, s.bridge, shield))
    return out


def _joined(src: str, rp: Prepared, chosen: list[int]) -> tuple[str, list[int], list[int]]:
    """The chosen paragraphs of the source's masked text `src` joined by _SEP, where each
    begins in the joined text, and what takes an offset there to the source's text."""
    spans = [rp.paragraphs[k] for k in chosen]
    at = list(accumulate((b - a + 1 for a, b in spans[:-1]), initial=0))
    return (_SEP.join([src[a:b] for a, b in spans]), at,
            [a - x for (a, _), x in zip(spans, at, strict=True)])


@cache
def _compiled():
    return compiled("review.similarity.building", "build_passages")


def _spans_array(spans: Sequence[Span]) -> np.ndarray:
    return np.array(spans, np.int64).reshape(-1, 2)


_sentences_array = per_object(_spans_array, size=64)  # a draft's, and its references'


def _shield_arrays(shield: Shield) -> tuple[np.ndarray, np.ndarray]:
    """The shield's clauses, and the prefix sums of its own characters (just [0] where
    nothing is shielded: no character of its own, as Shield.own counts)."""
    own = np.frombuffer(shield.own_chars, np.uint8)
    return _spans_array(shield.clauses), np.concatenate(([0], np.cumsum(own, dtype=np.int64)))


_shield_arrays_of = per_object(_shield_arrays)  # one per draft and index (raw_matches)


def _built(kernel, draft: Draft, dp: Prepared, ref: Reference, rp: Prepared,
           chosen_rows: list[list[int]], s: Settings, shield: Shield) -> list[Passage]:
    """align_document's passages built by the compiled builder (building.py) from the
    tiles of each draft paragraph and its chosen source paragraphs."""
    masked, src = dp.mt.masked, rp.mt.masked
    found: list[np.ndarray] = []
    para_at: list[int] = []
    piece_at: list[int] = []
    shifts: list[int] = []
    para_tiles, para_pieces = [0], [0]
    for (pa, pb), chosen in zip(dp.paragraphs, chosen_rows, strict=True):
        if pb - pa < s.tile or not chosen:
            continue
        joined, at, shift = _joined(src, rp, chosen)
        common = tile_rows(masked[pa:pb], joined, s.tile)
        if not len(common):
            continue
        found.append(common)
        para_at.append(pa)
        piece_at.extend(at)
        shifts.extend(shift)
        para_tiles.append(para_tiles[-1] + len(common))
        para_pieces.append(para_pieces[-1] + len(chosen))
    if not found:
        return []
    clauses, own = _shield_arrays_of(shield)
    (starts, src_lo, src_hi, matched, denom, tile_from, tile_to, tile_lo, tile_hi, order,
     m_first, m_last, m_end) = (a.tolist() for a in kernel(
        np.concatenate(found), np.array(para_tiles, np.int64), np.array(para_at, np.int64),
        np.array(para_pieces, np.int64), np.array(piece_at, np.int64),
        np.array(shifts, np.int64), np.frombuffer(dp.mt.starts, np.int32),
        np.frombuffer(dp.mt.ends, np.int32), _sentences_array(draft.sentences), clauses, own,
        shield.floor, np.frombuffer(rp.mt.starts, np.int32), np.frombuffer(rp.mt.ends, np.int32),
        _sentences_array(ref.sentences), s.gap, s.min_density, s.snap, s.bridge,
        s.min_match_chars))
    text = ref.text
    out: list[Passage] = []
    for first, last, end in zip(m_first, m_last, m_end, strict=True):
        k = order[first]
        lo, hi, chars = src_lo[k], src_hi[k], matched[k]
        sim = round(min(1.0, 2 * chars / denom[k]), 3)
        spans, source_text = ((lo, hi),), text[lo:hi]
        marks = list(zip(tile_lo[tile_from[k]:tile_to[k]], tile_hi[tile_from[k]:tile_to[k]],
                         strict=True))
        # merged as _merged merges: the similarity rounded at every step
        for k in order[first + 1:last]:
            lo, hi, more = src_lo[k], src_hi[k], matched[k]
            total = chars + more
            sim = round((sim * chars + round(min(1.0, 2 * more / denom[k]), 3) * more) / total, 3)
            chars = total
            spans += ((lo, hi),)
            source_text = "……".join(dict.fromkeys((source_text, text[lo:hi])))
            marks += zip(tile_lo[tile_from[k]:tile_to[k]], tile_hi[tile_from[k]:tile_to[k]],
                         strict=True)
        if last - first > 1:
            spans, marks = _union(spans), sorted(marks)
        out.append(Passage(
            start=starts[order[first]], end=end,
            source=Source(ref.id, ref.set, ref.doc, ref.unit, sim, ref.received),
            source_spans=spans, source_text=source_text, matched_chars=chars, tiles=tuple(marks)))
    return out


@lru_cache(maxsize=64)
def _draft_postings(masked: str, paragraphs: tuple[Span, ...], n: int) -> Postings:
    """Cached: a draft is aligned with every reference it collides with, one after another."""
    return Postings.of(masked, paragraphs, n)


def source_paragraphs(shared: np.ndarray, s: Settings) -> list[list[int]]:
    """For each draft paragraph (a row of `Postings.shared_with`), the source paragraphs
    sharing at least `min_shared_shingles` of its shingles, the `max_source_paragraphs`
    sharing most (ties: the earlier), in source order."""
    best = np.argsort(-shared, axis=1, kind="stable")[:, :s.max_source_paragraphs]
    top = np.take_along_axis(shared, best, axis=1)
    enough = (top >= s.min_shared_shingles) & (top > 0)
    return [sorted(row[keep].tolist()) for row, keep in zip(best, enough, strict=True)]


def _unshielded(c: Cluster, dp: Prepared, pa: int, shield: Shield) -> Cluster:
    """The cluster without the quotation clauses at its edges (Shield.core); tiles
    reaching into them are cut."""
    start, end = dp.mt.span(pa + c.start, pa + c.end)
    if not shield.at_edge(start, end):
        return c
    lo, hi = shield.core(start, end, [dp.mt.span(pa + t.a, pa + t.a + t.length) for t in c.tiles])
    if (lo, hi) == (start, end):
        return c
    a, b = (x - pa for x in masked_range(dp.mt, lo, hi))
    cut = []
    for t in c.tiles:
        x, y = max(t.a, a), min(t.a + t.length, b)
        if y > x:
            cut.append(Tile(x, t.b + x - t.a, y - x))
    return Cluster.of(cut) if cut else c


class _Piece(NamedTuple):
    """A passage of one reference in the making, read by `_touching` as a Passage is: a
    template copied paragraph by paragraph makes hundreds a draft, and most are merged
    into their neighbours, so the Passage is made once for what the merging leaves."""

    start: int
    end: int
    source_spans: tuple[Span, ...]
    source_text: str
    matched_chars: int
    tiles: tuple[Span, ...]
    similarity: float


def _piece(draft: Draft, dp: Prepared, pa: int, c: Cluster, ref: Reference, rp: Prepared,
           shift: int, s: Settings, shield: Shield) -> _Piece:
    """The passage of cluster `c`, whose tiles lie in one source paragraph: `shift` takes
    their source offsets to the source's masked text."""
    starts, ends = dp.mt.starts, dp.mt.ends
    start, end = _snap(starts[pa + c.start], ends[pa + c.end - 1], draft.sentences, s.snap, shield)
    lo = min(t.b for t in c.tiles) + shift
    hi = max(t.b + t.length for t in c.tiles) + shift
    span = _snap(rp.mt.starts[lo], rp.mt.ends[hi - 1], ref.sentences, s.snap)
    sim = 2 * c.matched / ((c.end - c.start) + (hi - lo))
    return _Piece(start, end, (span,), ref.text[span[0]:span[1]], c.matched,
                  tuple([(starts[pa + t.a], ends[pa + t.a + t.length - 1]) for t in c.tiles]),
                  round(min(1.0, sim), 3))


def _same_sentence(sentences: Sequence[Span], i: int, j: int) -> bool:
    return any(a <= i < b and a <= j < b for a, b in sentences)


def _source_distance(q: _Piece, p: _Piece) -> int:
    return min(max(0, a2 - b1, a1 - b2) for a1, b1 in q.source_spans for a2, b2 in p.source_spans)


def _touching(q: _Piece, p: _Piece, sentences: Sequence[Span], least: int, bridge: int,
              shield: Shield) -> bool:
    """Whether two passages of one source in one paragraph are one copy:
    - one sentence split by an insertion, with the same source sentence on both sides;
    - side by side, both substantial (fragments are never glued into a passage);
    - a short heavily edited stretch between two parts that are close in the source too.
    Never across a shielded clause; and side by side, only characters outside the
    regions make a match substantial: a quotation matched elsewhere in the source is not
    glued to the copy it follows."""
    if shield.within(q.end, p.start):
        return False
    near = _source_distance(q, p)
    if near == 0 and _same_sentence(sentences, q.end - 1, p.start):
        return True
    if min(q.matched_chars, p.matched_chars) < least // 2:
        return False
    if p.start <= q.end + 1 and min(shield.own(q.tiles), shield.own(p.tiles)) >= least:
        return True
    return (p.start - q.end <= bridge and near <= bridge
            and max(q.matched_chars, p.matched_chars) >= least)


def _merged(found: list[_Piece], ref: Reference, sentences: Sequence[Span], least: int,
            bridge: int, shield: Shield) -> list[Passage]:
    """Passages of one source in one paragraph that touch become one."""
    out: list[_Piece] = []
    for p in sorted(found, key=_START):
        if out and _touching(out[-1], p, sentences, least, bridge, shield):
            q = out[-1]
            matched = q.matched_chars + p.matched_chars
            sim = (q.similarity * q.matched_chars + p.similarity * p.matched_chars) / matched
            out[-1] = _Piece(
                q.start, max(q.end, p.end), _union(q.source_spans + p.source_spans),
                "……".join(dict.fromkeys((q.source_text, p.source_text))), matched,
                tuple(sorted(q.tiles + p.tiles)), round(sim, 3))
        else:
            out.append(p)
    return [Passage(start=p.start, end=p.end,
                    source=Source(ref.id, ref.set, ref.doc, ref.unit, p.similarity, ref.received),
                    source_spans=p.source_spans, source_text=p.source_text,
                    matched_chars=p.matched_chars, tiles=p.tiles)
            for p in out]


def _union(spans: Sequence[Span]) -> tuple[Span, ...]:
    out: list[list[int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def _received_ranks(refs: Sequence[Reference]) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct `received` values sorted, each reference's position among them)."""
    return np.unique(np.array([r.received for r in refs], dtype=str), return_inverse=True)


_received = per_object(_received_ranks)  # an index's, to compare a draft's `received` with
_REF_BITS = 31  # hits.refs and hits.counts are int32


def aligned_refs(draft: Draft, index: ReferenceIndex, hits: Hits) -> list[int]:
    """Positions of the references the draft is aligned with, in index order: of those it
    collides with often enough (`hits`: candidate_refs), the strongest `max_candidates` —
    those received with or before the draft first. A draft's sources then stay what they
    were when it was reviewed: drafts arriving later, which copy the same template, do not
    push them out (a late copy of the draft is reported on the late one, and in 雷同分析)."""
    refs = index.refs
    # Thousands of collisions per draft where a county copies one template: ranked by one
    # sort of int64 keys (received later, fewer collisions, later in the index: 0.14 ms
    # for 6,400 hits, against 0.52 comparing the texts of `received` and sorting on three
    # keys), then walked in that order past the few the draft is never compared with.
    received, rank = _received(refs)
    late = rank[hits.refs] >= np.searchsorted(received, draft.received, side="right")
    fewer = (1 << _REF_BITS) - 1 - hits.counts.astype(np.int64)
    ranked = (late.astype(np.int64) << 2 * _REF_BITS) | (fewer << _REF_BITS) | hits.refs
    chosen: list[int] = []
    for r in (np.sort(ranked) & ((1 << _REF_BITS) - 1)).tolist():
        if len(chosen) == index.settings.max_candidates:
            break
        if not _skipped(draft, refs[r]):
            chosen.append(r)
    return sorted(chosen)


@lru_cache(maxsize=4)
def prepared_draft(draft: Draft, masks: tuple[str, ...]) -> Prepared:
    """The draft masked for matching. Kept for the few indexes it is aligned with in turn."""
    return prepare(draft.text, draft.sentences, masks)


@dataclass(frozen=True)
class Target:
    """An index and what of it the draft is aligned with."""

    index: ReferenceIndex
    draft: Draft
    hits: Hits  # candidate_refs: the references colliding often enough
    refs: tuple[int, ...]  # aligned_refs

    @property
    def prepared(self) -> Prepared:
        """The draft, masked as this index masks: prepared only when a draft is aligned,
        which a draft whose report is cached never is."""
        return prepared_draft(self.draft, with_own(self.index.masks, self.draft.masks))


def targets(draft: Draft, indexes: Sequence[ReferenceIndex],
            known: Sequence[Hits | None] = ()) -> list[Target]:
    """What of each index the draft is aligned with. `known`: per index, the draft's
    candidate_refs when they are known already (collisions.recall), None to look them up."""
    # indexes masking alike share one preparation, and with like settings one signature set
    signed: dict[tuple, np.ndarray] = {}
    out = []
    for i, index in enumerate(indexes):
        hits = known[i] if i < len(known) else None
        if hits is None:
            masks = with_own(index.masks, draft.masks)
            dp = prepared_draft(draft, masks)
            if (masks, index.settings) not in signed:
                signed[masks, index.settings] = unit_signatures(dp, index.settings)
            hits = candidate_refs(index, dp, signed[masks, index.settings])
        out.append(Target(index, draft, hits, tuple(aligned_refs(draft, index, hits))))
    return out


def raw_matches(draft: Draft, aligned: Sequence[Target],
                regions: Sequence[Span] = ()) -> list[Passage]:
    """Every passage of the draft matched in the targets' references, before exclusions and
    resolution."""
    out: list[Passage] = []
    for t in aligned:
        guard = draft_shield(draft, regions, t.index.settings)
        for r in t.refs:
            out.extend(align_document(draft, t.prepared, t.index, r, guard))
    return out


def resolve(matches: Sequence[Passage], share: float) -> list[Passage]:
    """Strongest source first; a weaker match mostly inside a kept one becomes its `also`.
    Of equally strong sources the one received first is kept: a draft that arrives late
    with the same text does not take the passages of drafts reviewed before it."""
    kept: list[Passage] = []
    spans: list[Span] = []  # of `kept`, compared without reading the passages' fields
    alts: list[list[Source]] = []
    # `kept` only grows, so a stretch's first kept match stays its first: a paragraph
    # copied by many units is one stretch matched once per source
    first: dict[Span, int] = {}
    for m in sorted(matches, key=lambda p: (-p.matched_chars, -p.similarity, p.start,
                                             p.source.received, p.source.id)):
        start, end = m.start, m.end
        need = share * (end - start)
        k = first.get((start, end))
        if k is None:
            k = next((k for k, (a, b) in enumerate(spans)
                      if max(0, min(end, b) - max(start, a)) >= need), None)
        if k is None:
            kept.append(m)
            spans.append((start, end))
            alts.append([])
            if end - start >= need:  # it is its own first
                first[start, end] = len(kept) - 1
            continue
        first[start, end] = k
        if m.source.id != kept[k].source.id and m.source not in alts[k]:
            alts[k].append(m.source)
    out = [replace(p, also=tuple(also)) if also else p for p, also in zip(kept, alts, strict=True)]
    return sorted(out, key=lambda p: (p.start, p.end))
