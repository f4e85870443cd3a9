"""Band collisions kept from one run of a round to the next.

A draft whose report is cached still has to be looked up in the LSH indexes, since what
it is aligned with decides whether the cached report holds: its signatures, then a search
per band. On a round with a thousand drafts that is most of what a re-run with a few new
drafts does. A run keeps each draft's collisions (candidate_refs) by the digests of the
references they are with, and the next run takes them back:

- from an index whose settings, masks and references are all as they were: as they are;
- from the peer index, which has gained the drafts that arrived since (and lost those
  taken out): the count of a draft's collisions with a reference depends on the two
  texts alone, and in the peer index a draft's query units are its own indexed units, so
  the count is the same both ways. Each new draft is looked up once, and its collisions
  with every earlier draft are read off that one look-up.

What cannot be taken back is looked up again, so the aligned references are always those
a fresh look-up gives.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from review.similarity.detect import digest, index_digest, ref_digest
from review.similarity.index import Hits, ReferenceIndex, candidate_refs, key_hits
from review.similarity.model import Draft, Reference


@dataclass(frozen=True)
class Collisions:
    """Each draft's collisions with each index, as one run found them."""

    # per index: its index_digest and its references' digests, in order
    indexes: tuple[tuple[str, tuple[str, ...]], ...]
    # draft digest -> its collisions with every index, `packed`
    drafts: dict[str, bytes]


def packed(hits: Sequence[Hits]) -> bytes:
    """A draft's collisions with each index as `record` keeps them: the reference positions
    as gaps, with the counts, in the narrowest type that holds them, compressed. A draft
    of a 10,000-draft round built from one template collides with thousands of others:
    kept as arrays until the copy stage ends, they were half a gigabyte of the main
    process's memory at that stage's peak. Its 6,400 gaps and counts, mostly under 256,
    pack in 0.3 ms as bytes at zlib's level 1, against 2.2 ms as 32 bits at level 6,
    and as small (12.0 against 13.0 kB)."""
    parts = [np.array([len(hits), *map(len, hits)], np.int64)]
    for h in hits:
        parts += [np.diff(h.refs, prepend=0), h.counts]
    values = np.concatenate(parts)
    width = next(t for t in _WIDTHS if values.max(initial=0) <= np.iinfo(t).max)
    return bytes([width.itemsize]) + zlib.compress(values.astype(width).tobytes(), 1)


_WIDTHS = tuple(map(np.dtype, (np.uint8, np.uint16, np.int32)))


def _unpacked(blob: bytes, index: int) -> tuple[np.ndarray, np.ndarray]:
    """Reference positions and counts of a `packed` draft's collisions with one index."""
    width = next(t for t in _WIDTHS if t.itemsize == blob[0])
    values = np.frombuffer(zlib.decompress(blob[1:]), width).astype(np.int32)
    lengths = values[1:1 + values[0]]
    at = 1 + len(lengths) + 2 * int(lengths[:index].sum())
    n = int(lengths[index])
    return np.cumsum(values[at:at + n]).astype(np.int32), values[at + n:at + 2 * n]


def record(drafts: Sequence[Draft], indexes: Sequence[ReferenceIndex],
           found: Sequence[bytes | None]) -> Collisions:
    """The collisions found for `drafts` (`found`: per draft, `packed`; None for a draft
    that was not compared), to be recalled by the next run."""
    kept = {digest(draft): hits for draft, hits in zip(drafts, found, strict=True)
            if hits is not None}
    return Collisions(tuple((index_digest(ix), tuple(map(ref_digest, ix.refs))) for ix in indexes),
                      kept)


def recall(previous: Collisions | None, drafts: Sequence[Draft],
           indexes: Sequence[ReferenceIndex], peers: int | None = None,
           keys_of: Callable[[Reference], np.ndarray] | None = None
           ) -> list[list[Hits | None]]:
    """Per draft, per index: its candidate_refs as `previous` lets them be known without
    looking the draft up, else None. `peers`: the position of the index holding the
    drafts themselves, each as a reference with the draft's id, text and masks;
    `keys_of(ref)`: the band keys the peer index was built from (build_index), which
    spare masking and signing its new references again."""
    out: list[list[Hits | None]] = [[None] * len(indexes) for _ in drafts]
    if previous is None:
        return out
    keys = [digest(d) for d in drafts]
    for i, index in enumerate(indexes):
        if i >= len(previous.indexes) or previous.indexes[i][0] != index_digest(index):
            continue
        digests = [ref_digest(r) for r in index.refs]
        old = previous.indexes[i][1]
        at = {d: k for k, d in enumerate(digests)}
        remap = np.array([at.get(d, -1) for d in old], np.int64)
        known = set(old)
        added = [k for k, d in enumerate(digests) if d not in known]
        cached = [j for j, key in enumerate(keys) if key in previous.drafts]
        if added and (i != peers or len(added) >= len(cached)):
            continue  # a changed corpus, or more new drafts than earlier ones: look all up
        # each new draft's collisions, which are every earlier draft's collisions with it
        mirrored = {k: (key_hits(index, keys_of(index.refs[k])) if keys_of
                        else candidate_refs(index, index.prepared(index.refs[k]))).as_dict()
                    for k in added}
        own = {r.id: k for k, r in enumerate(index.refs)}
        for j in cached:
            me = own.get(drafts[j].id)
            if added and (me is None or not _mirrors(drafts[j], index.refs[me])):
                continue
            positions, counts = _unpacked(previous.drafts[keys[j]], i)
            moved = remap[positions]
            stays = moved >= 0  # references taken out of the index since
            mirror = [(k, mirrored[k][me]) for k in added if me in mirrored[k]]
            refs = np.concatenate([moved[stays], [k for k, _ in mirror]]).astype(np.int32)
            both = np.concatenate([counts[stays], [n for _, n in mirror]]).astype(np.int32)
            order = np.argsort(refs, kind="stable")
            out[j][i] = Hits(refs[order], both[order])
    return out


def _mirrors(draft: Draft, ref: Reference) -> bool:
    """Whether the reference is the draft as the index holds it: the same units, masked alike."""
    return draft.text == ref.text and draft.sentences == ref.sentences and draft.masks == ref.masks
