"""LSH over MinHash signatures in a few flat numpy arrays.

The banding is datasketch's (`MinHashLSH` picks bands x rows for the Jaccard threshold);
the storage is ours: per band, a sorted uint64 array of band keys and the int32 owner
of each (the reference whose unit it is), looked up with `searchsorted`. About 12 bytes
per unit and band, against the hundreds that dict-of-set buckets take, and loaded from
disk as a few arrays. The keys most references share have their owners counted once,
when the store is built (Common).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHashLSH


@lru_cache(maxsize=8)
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) as datasketch chooses them for this threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finalizer: a bijection on uint64 that scatters its input."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(bands, units) uint64: one key per band of each signature (units x num_perm uint32).

    A band's rows are folded as mix(key) ^ row: one row is kept as it is, two rows of 32
    bits can only collide when their mixed first rows agree in 32 bits and the second
    rows make up the difference (about 2^-64 for a pair), so collisions are the band
    equalities datasketch finds."""
    # every band at once, one row after another: `rows` passes over the whole array
    # rather than bands x rows passes over one band
    grouped = sigs[:, :bands * rows].reshape(len(sigs), bands, rows).astype(np.uint64)
    keys = np.zeros((len(sigs), bands), np.uint64)
    for row in range(rows):
        keys = _mix(keys) ^ grouped[:, :, row]
    return np.ascontiguousarray(keys.T)


@dataclass(frozen=True, eq=False)
class BandStore:
    rows: int
    keys: np.ndarray  # (bands, units) uint64, each band sorted
    # (bands, units) int32: the owner of the unit each key belongs to. The owner, not the
    # unit: a draft of a round built from one template collides millions of times, and
    # mapping each unit to its reference was a random gather of that size per draft.
    owners: np.ndarray
    owner_count: int  # owners are 0 .. owner_count - 1
    common: Common

    @classmethod
    def build(cls, keys: np.ndarray, rows: int, owner: np.ndarray, owner_count: int) -> BandStore:
        """From the unsorted keys of units 0..n-1 (band_keys) and each unit's owner;
        `keys` is sorted in place."""
        owners = np.empty(keys.shape, np.int32)
        for band in range(len(keys)):
            order = np.argsort(keys[band], kind="stable")
            keys[band] = keys[band][order]
            owners[band] = owner[order]
        return cls.of(rows, keys, owners, owner_count)

    @classmethod
    def of(cls, rows: int, keys: np.ndarray, owners: np.ndarray, owner_count: int,
           common_bytes: int | None = None, common_size: int | None = None) -> BandStore:
        """The store of sorted `keys` and their `owners`. `common_bytes` and `common_size`
        (tests) override how much the rows of common keys may take and how many units a
        key needs to have one (Common)."""
        return cls(rows, keys, owners, owner_count,
                   Common.of(keys, owners, owner_count, common_bytes, common_size))

    @property
    def bands(self) -> int:
        return len(self.keys)

    def counts(self, sigs: np.ndarray) -> np.ndarray:
        """How often the query signatures collide with each owner's stored units: once per
        query unit, stored unit and band they collide in (int64, one count per owner), so
        an owner's count says how strongly it matched."""
        # sorted, each band's binary searches walk its 7 MB of keys (10,000 drafts) in order
        query = np.sort(band_keys(sigs, self.bands, self.rows), axis=1)
        found, common = [], []
        for band in range(self.bands):
            lo = np.searchsorted(self.keys[band], query[band], "left")
            n = np.searchsorted(self.keys[band], query[band], "right") - lo
            rows, taken = self.common.rows(band, lo, n)
            if len(rows):
                common.append(rows)
                n[taken] = 0  # counted by their rows
            total = int(n.sum())
            if total:
                # positions lo[i] .. lo[i] + n[i] - 1 of every query key, flattened
                starts = np.repeat(lo - np.cumsum(n) + n, n)
                found.append(self.owners[band][starts + np.arange(total)])
        counts = np.bincount(np.concatenate(found) if found else np.empty(0, np.int32),
                             minlength=self.owner_count).astype(np.int64, copy=False)
        if common:
            counts += self.common.total(np.concatenate(common))
        return counts


# A key shared by this share of the owners or more has a row of Common: adding a row of
# counts then costs less than gathering and counting the key's owners.
_COMMON_SHARE = 8
_COMMON_MIN = 32  # units: below this, gathering is cheap whatever the share


@dataclass(frozen=True, eq=False)
class Common:
    """The owners of the store's most shared keys, counted when the store is built. In a
    round built from one template, a sentence of the template is a key of thousands of
    drafts, and every draft holding the sentence collides with all of them: at 10,000
    drafts each draft gathered millions of owners to count them. Counted once, a key's
    owners are a row; a draft colliding with the key adds the row.

    The rows take at most a quarter of the keys' own size, the most shared keys first."""

    starts: tuple[np.ndarray, ...]  # per band: positions in keys[band] where a common key begins
    first: np.ndarray  # per band: its first row (rows are in band order, then start order)
    counts: np.ndarray  # (rows, owners): how many units of each owner hold the row's key

    @classmethod
    def of(cls, keys: np.ndarray, owners: np.ndarray, owner_count: int,
           budget: int | None = None, min_size: int | None = None) -> Common:
        if min_size is None:
            min_size = max(_COMMON_MIN, owner_count // _COMMON_SHARE)
        if budget is None:
            budget = keys.nbytes // 4
        groups = []  # (units, band, start) of each key shared by min_size units or more
        for band in range(len(keys)):
            k = keys[band]
            if not len(k):
                continue
            starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
            sizes = np.diff(np.r_[starts, len(k)])
            big = sizes >= min_size
            groups += zip(sizes[big].tolist(), [band] * int(big.sum()), starts[big].tolist(),
                          strict=True)
        groups.sort(key=lambda g: -g[0])
        # An owner's count in a row is the units of the owner holding the key: one byte
        # holds it unless a draft repeats a sentence 256 times (a ledger's "无" lines).
        for dtype in _COUNT_TYPES:
            chosen = sorted(groups[:budget // max(1, dtype.itemsize * owner_count)],
                            key=lambda g: g[1:])
            counts = _rows(chosen, owners, owner_count, dtype)
            if counts is not None:
                break
        per_band = np.bincount([band for _, band, _ in chosen], minlength=len(keys))
        first = np.r_[0, np.cumsum(per_band)[:-1]].astype(np.int64)
        starts = np.split(np.array([start for *_, start in chosen], np.int64), first[1:])
        return cls(tuple(starts), first, counts)

    def total(self, rows: np.ndarray) -> np.ndarray:
        """The sum of `rows` (int64, one count per owner). Summed a stretch at a time in a
        type that stretch cannot overflow: 705 rows of 10,000 owners in 1.0 ms as bytes
        into 16 bits, against 2.2 ms as 16 bits into 32."""
        wide = _WIDER.get(self.counts.dtype)
        if wide is None:
            return self.counts[rows].sum(axis=0, dtype=np.int64)
        step = np.iinfo(wide).max // np.iinfo(self.counts.dtype).max
        total = np.zeros(self.counts.shape[1], np.int64)
        for at in range(0, len(rows), step):
            total += self.counts[rows[at:at + step]].sum(axis=0, dtype=wide)
        return total

    def rows(self, band: int, lo: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, taken): the rows of the query keys of `band` that are common keys, and
        which query keys those are, for query keys found at `lo` (n units each)."""
        starts = self.starts[band]
        if not len(starts):
            return _NONE, _NONE
        at = np.minimum(np.searchsorted(starts, lo), len(starts) - 1)
        # n > 0: a key that is not stored has its insertion point as lo, which can be
        # where a common key begins
        taken = (n > 0) & (starts[at] == lo)
        return self.first[band] + at[taken], taken


_NONE = np.empty(0, np.int64)
_COUNT_TYPES = (np.dtype(np.uint8), np.dtype(np.uint16), np.dtype(np.int64))
_WIDER = {np.dtype(np.uint8): np.dtype(np.uint16), np.dtype(np.uint16): np.dtype(np.uint32)}


def _rows(groups: list[tuple[int, int, int]], owners: np.ndarray, owner_count: int,
          dtype: np.dtype) -> np.ndarray | None:
    """The rows of `groups` (units, band, start) as `dtype`; None when a count does not fit."""
    counts = np.zeros((len(groups), owner_count), dtype)
    most = np.iinfo(dtype).max
    for row, (size, band, start) in enumerate(groups):
        count = np.bincount(owners[band][start:start + size], minlength=owner_count)
        if count.max() > most:
            return None
        counts[row] = count
    return counts
