"""LSH over MinHash signatures in a few flat numpy arrays.

The banding is datasketch's (`MinHashLSH` picks bands x rows for the Jaccard threshold);
the storage is ours: per band, a sorted uint64 array of band keys and the int32 owner
of each (the reference whose unit it is), looked up with `searchsorted`. About 12 bytes
per unit and band, against the hundreds that dict-of-set buckets take, and loaded from
disk as a few arrays.
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

    @classmethod
    def build(cls, keys: np.ndarray, rows: int, owner: np.ndarray) -> BandStore:
        """From the unsorted keys of units 0..n-1 (band_keys) and each unit's owner;
        `keys` is sorted in place."""
        owners = np.empty(keys.shape, np.int32)
        for band in range(len(keys)):
            order = np.argsort(keys[band], kind="stable")
            keys[band] = keys[band][order]
            owners[band] = owner[order]
        return cls(rows, keys, owners)

    @property
    def bands(self) -> int:
        return len(self.keys)

    def hits(self, sigs: np.ndarray) -> np.ndarray:
        """The owners of the stored units colliding with the query signatures, once per
        query unit, stored unit and band they collide in (so an owner's count says how
        strongly it matched)."""
        query = band_keys(sigs, self.bands, self.rows)
        found = []
        for band in range(self.bands):
            lo = np.searchsorted(self.keys[band], query[band], "left")
            n = np.searchsorted(self.keys[band], query[band], "right") - lo
            total = int(n.sum())
            if total:
                # positions lo[i] .. lo[i] + n[i] - 1 of every query key, flattened
                starts = np.repeat(lo - np.cumsum(n) + n, n)
                found.append(self.owners[band][starts + np.arange(total)])
        return np.concatenate(found) if found else np.empty(0, np.int32)
