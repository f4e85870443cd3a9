"""Passage building compiled with Numba: what passages.align_document does with the tiles
of one draft and one reference, without a Python step per tile.

The same steps as the Python version, in the same order, so both give the same passages
(tests hold them to it): per draft paragraph, tiles grouped by the source paragraph they
match (in order of first appearance), clustered (align.clusters), trimmed until dense
(align.dense), cut back from shielded clauses at their edges (passages._unshielded),
snapped to sentence edges in both texts (passages._snap), then merged where they touch
(passages._merged). Python keeps what needs its own arithmetic: the similarities, which
are rounded with `round` at every merge, and the source texts.

Spans arrays are (n, 2) int64 rows of [start, end), sorted and not overlapping, as the
sentences of a text and a shield's clauses are. Importing this module imports Numba;
align_document builds passages in Python where Numba is not installed.

Compiled on first use and cached on disk (`cache=True`), as tiling.py is.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _first_ending_after(spans: np.ndarray, x: int) -> int:
    """The first span whose end is after `x` (bisect_right on the ends)."""
    lo, hi = 0, spans.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid, 1] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _first_starting_at(spans: np.ndarray, x: int, lo: int) -> int:
    """The first span from `lo` on whose start is at or after `x` (bisect_left on the
    starts)."""
    hi = spans.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid, 0] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _snap(start: int, end: int, sentences: np.ndarray, share: float,
          clauses: np.ndarray) -> tuple[int, int]:
    """passages._snap."""
    n = sentences.shape[0]
    first = _first_ending_after(sentences, start)
    if first == n or sentences[first, 0] >= end:
        return start, end
    last = _first_starting_at(sentences, end, first) - 1
    a, b = sentences[first, 0], sentences[first, 1]
    if a < start and start - a <= max(2.0, share * (b - a)):
        new = a
        k = _first_starting_at(clauses, a, 0)
        while k < clauses.shape[0] and clauses[k, 1] <= start:
            new = max(new, clauses[k, 1])
            k += 1
        start = new
    a, b = sentences[last, 0], sentences[last, 1]
    if b > end and b - end <= max(2.0, share * (b - a)):
        new = b
        k = _first_starting_at(clauses, end, 0)
        while k < clauses.shape[0] and clauses[k, 1] <= b:
            new = min(new, clauses[k, 0])
            k += 1
        end = new
    return start, end


@njit(cache=True, nogil=True)
def _own(own: np.ndarray, lo: np.ndarray, hi: np.ndarray, n: int, a: int, b: int) -> int:
    """Shield.own of the first `n` spans [lo, hi) within [a, b), from the prefix sums
    `own` of the shield's own characters."""
    total = 0
    for i in range(n):
        x, y = max(lo[i], a), min(hi[i], b)
        if y > x:
            total += own[y] - own[x]
    return total


@njit(cache=True, nogil=True)
def _core(start: int, end: int, lo: np.ndarray, hi: np.ndarray, n: int, clauses: np.ndarray,
          own: np.ndarray, floor: int) -> tuple[int, int]:
    """Shield.core of [start, end) whose tiles are the first `n` spans [lo, hi)."""
    a_, b_ = start, end
    for k in range(clauses.shape[0]):
        a, b = clauses[k, 0], clauses[k, 1]
        if a <= a_ < b and _own(own, lo, hi, n, a, b) < floor:
            a_ = b
    for k in range(clauses.shape[0] - 1, -1, -1):
        a, b = clauses[k, 0], clauses[k, 1]
        if a < b_ <= b and _own(own, lo, hi, n, a, b) < floor:
            b_ = a
    if a_ < b_:
        return a_, b_
    return start, end


@njit(cache=True, nogil=True)
def _touching(q_end: int, q_matched: int, q_own: int, spans_lo: np.ndarray, spans_hi: np.ndarray,
              order: np.ndarray, q_first: int, q_last: int, p: int, p_start: int,
              sentences: np.ndarray, clauses: np.ndarray, least: int, bridge: int,
              matched: np.ndarray, owns: np.ndarray) -> bool:
    """passages._touching of the merged passage so far (pieces order[q_first:q_last]) and
    piece `p`."""
    k = _first_starting_at(clauses, q_end, 0)
    if k < clauses.shape[0] and clauses[k, 1] <= p_start:
        return False  # a shielded clause lies between them
    # the distance to a union of spans is the least distance to any of them
    near = -1
    for i in range(q_first, q_last):
        q = order[i]
        d = max(0, spans_lo[p] - spans_hi[q], spans_lo[q] - spans_hi[p])
        if near < 0 or d < near:
            near = d
    if near == 0:
        s = _first_ending_after(sentences, q_end - 1)
        if (s < sentences.shape[0] and sentences[s, 0] <= q_end - 1
                and sentences[s, 0] <= p_start < sentences[s, 1]):
            return True
    if min(q_matched, matched[p]) < least // 2:
        return False
    if p_start <= q_end + 1 and min(q_own, owns[p]) >= least:
        return True
    return p_start - q_end <= bridge and near <= bridge and max(q_matched, matched[p]) >= least


@njit(cache=True, nogil=True)
def build_passages(tiles: np.ndarray, para_tiles: np.ndarray, para_at: np.ndarray,
                   para_pieces: np.ndarray, piece_at: np.ndarray, piece_shift: np.ndarray,
                   starts: np.ndarray, ends: np.ndarray, sentences: np.ndarray,
                   clauses: np.ndarray, own: np.ndarray, floor: int,
                   ref_starts: np.ndarray, ref_ends: np.ndarray, ref_sentences: np.ndarray,
                   gap: int, min_density: float, share: float, bridge: int, least: int):
    """The passages of one draft and one reference.

    `tiles`: rows (draft offset in its paragraph, offset in the joined source pieces,
    length), paragraph after paragraph, each in draft order; paragraph i's are rows
    para_tiles[i]:para_tiles[i + 1], it starts at masked offset para_at[i], and its
    pieces (source paragraphs joined) are piece_at[j] (offset in the joined text) and
    piece_shift[j] (to the source's masked text) for j in para_pieces[i]:para_pieces[i + 1].
    `starts`/`ends` map the draft's masked characters to its text (MatchText), as
    `ref_starts`/`ref_ends` the source's; `own` is the prefix sums of the shield's own
    characters (zeros where nothing is shielded).

    Returns the pieces — one per dense cluster: draft start (its end counts only in the
    merged passage's), source span, matched characters, the similarity's denominator,
    and their tiles' draft spans as rows
    tile_from[k]:tile_to[k] of (tile_lo, tile_hi) — and the merged passages: each is
    the pieces order[first:last], ending at `end`.
    """
    cap = tiles.shape[0]
    p_start = np.empty(cap, np.int64)
    p_end = np.empty(cap, np.int64)
    src_lo = np.empty(cap, np.int64)
    src_hi = np.empty(cap, np.int64)
    matched = np.empty(cap, np.int64)
    denom = np.empty(cap, np.int64)
    owns = np.empty(cap, np.int64)
    tile_from = np.empty(cap, np.int64)
    tile_to = np.empty(cap, np.int64)
    tile_lo = np.empty(cap, np.int64)
    tile_hi = np.empty(cap, np.int64)
    order = np.empty(cap, np.int64)
    m_first = np.empty(cap, np.int64)
    m_last = np.empty(cap, np.int64)
    m_end = np.empty(cap, np.int64)
    no_clauses = np.empty((0, 2), np.int64)
    # one cluster's tiles while it is trimmed and cut: draft offset, source offset, length
    ca = np.empty(cap, np.int64)
    cb = np.empty(cap, np.int64)
    cl = np.empty(cap, np.int64)
    span_lo = np.empty(cap, np.int64)
    span_hi = np.empty(cap, np.int64)
    members = np.empty(cap, np.int64)
    n_pieces = n_tiles = n_merged = 0
    q_matched = q_own = 0  # of the passage being merged
    total_own = own.shape[0] - 1

    for para in range(para_at.shape[0]):
        t0, t1 = para_tiles[para], para_tiles[para + 1]
        pa = para_at[para]
        k0, k1 = para_pieces[para], para_pieces[para + 1]
        first_piece = n_pieces
        # each tile's piece, and the pieces in the order they first appear
        piece_of = np.searchsorted(piece_at[k0:k1], tiles[t0:t1, 1], side="right") - 1
        seen = np.zeros(k1 - k0, np.bool_)
        for i in range(t1 - t0):
            piece = piece_of[i]
            if seen[piece]:
                continue
            seen[piece] = True
            shift = piece_shift[k0 + piece]
            n = 0
            for j in range(i, t1 - t0):
                if piece_of[j] == piece:
                    members[n] = t0 + j
                    n += 1
            g0 = 0
            while g0 < n:  # clusters: tiles at most `gap` apart
                t = members[g0]
                end = tiles[t, 0] + tiles[t, 2]
                g1 = g0 + 1
                while g1 < n:
                    t = members[g1]
                    if tiles[t, 0] - end > gap:
                        break
                    end = max(end, tiles[t, 0] + tiles[t, 2])
                    g1 += 1
                # dense: drop the shorter edge tile until dense enough
                lo_i, hi_i = g0, g1
                while lo_i < hi_i:
                    c_start = tiles[members[lo_i], 0]
                    c_end = 0
                    c_matched = 0
                    for g in range(lo_i, hi_i):
                        t = members[g]
                        c_end = max(c_end, tiles[t, 0] + tiles[t, 2])
                        c_matched += tiles[t, 2]
                    if c_matched / (c_end - c_start) >= min_density:
                        break
                    if tiles[members[lo_i], 2] <= tiles[members[hi_i - 1], 2]:
                        lo_i += 1
                    else:
                        hi_i -= 1
                g0 = g1
                if lo_i == hi_i:
                    continue
                nc = hi_i - lo_i
                for g in range(nc):
                    t = members[lo_i + g]
                    ca[g], cb[g], cl[g] = tiles[t, 0], tiles[t, 1], tiles[t, 2]
                    span_lo[g] = starts[pa + ca[g]]
                    span_hi[g] = ends[pa + ca[g] + cl[g] - 1]
                c_start = ca[0]
                # unshielded: cut back from shielded clauses at its edges
                start, end = starts[pa + c_start], ends[pa + c_end - 1]
                lo, hi = _core(start, end, span_lo, span_hi, nc, clauses, own, floor)
                if lo != start or hi != end:
                    a = np.searchsorted(starts, lo)
                    b = np.searchsorted(starts, hi)
                    while b > a and ends[b - 1] > hi:
                        b -= 1
                    a -= pa
                    b -= pa
                    kept = 0
                    for g in range(nc):
                        x, y = max(ca[g], a), min(ca[g] + cl[g], b)
                        if y > x:
                            ca[kept], cb[kept], cl[kept] = x, cb[g] + x - ca[g], y - x
                            kept += 1
                    if kept:
                        nc = kept
                        c_start = ca[0]
                        c_end = 0
                        c_matched = 0
                        for g in range(nc):
                            c_end = max(c_end, ca[g] + cl[g])
                            c_matched += cl[g]
                            span_lo[g] = starts[pa + ca[g]]
                            span_hi[g] = ends[pa + ca[g] + cl[g] - 1]
                if c_matched < least // 2:
                    continue  # noise
                # the piece: snapped in both texts
                start, end = _snap(starts[pa + c_start], ends[pa + c_end - 1], sentences, share,
                                   clauses)
                s_lo, s_hi = cb[0], cb[0] + cl[0]
                for g in range(1, nc):
                    s_lo = min(s_lo, cb[g])
                    s_hi = max(s_hi, cb[g] + cl[g])
                s_lo += shift
                s_hi += shift
                k = n_pieces
                p_start[k], p_end[k] = start, end
                src_lo[k], src_hi[k] = _snap(ref_starts[s_lo], ref_ends[s_hi - 1], ref_sentences,
                                             share, no_clauses)
                matched[k] = c_matched
                denom[k] = (c_end - c_start) + (s_hi - s_lo)
                tile_from[k] = n_tiles
                for g in range(nc):
                    tile_lo[n_tiles], tile_hi[n_tiles] = span_lo[g], span_hi[g]
                    n_tiles += 1
                tile_to[k] = n_tiles
                owns[k] = _own(own, span_lo, span_hi, nc, 0, total_own)
                n_pieces += 1
        # merge the paragraph's pieces that touch, in order of their draft starts
        if n_pieces == first_piece:
            continue
        sorted_ = first_piece + np.argsort(p_start[first_piece:n_pieces], kind="mergesort")
        order[first_piece:n_pieces] = sorted_
        for pos in range(first_piece, n_pieces):
            p = order[pos]
            if pos > first_piece and _touching(
                    m_end[n_merged - 1], q_matched, q_own, src_lo, src_hi, order,
                    m_first[n_merged - 1], pos, p, p_start[p], sentences, clauses, least,
                    bridge, matched, owns):
                m_end[n_merged - 1] = max(m_end[n_merged - 1], p_end[p])
                m_last[n_merged - 1] = pos + 1
                q_matched += matched[p]
                q_own += owns[p]
            else:
                m_first[n_merged], m_last[n_merged], m_end[n_merged] = pos, pos + 1, p_end[p]
                q_matched, q_own = matched[p], owns[p]
                n_merged += 1

    return (p_start[:n_pieces], src_lo[:n_pieces], src_hi[:n_pieces], matched[:n_pieces],
            denom[:n_pieces], tile_from[:n_pieces], tile_to[:n_pieces], tile_lo[:n_tiles],
            tile_hi[:n_tiles], order[:n_pieces], m_first[:n_merged], m_last[:n_merged],
            m_end[:n_merged])
