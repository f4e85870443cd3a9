"""The peer index's band keys, made where the drafts are read.

The peer index — the round's own drafts as references — is built again on every run.
Masking and signing the drafts is most of that: 1.35 s of CPU for 1,000 drafts, on the
main process while the workers waited. So the worker that reads a draft signs it
(copying.peer_keys), the read cache keeps the keys with the rest of the draft's read, and
the index is built from keys it is given; only a draft read without them is signed here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from review.similarity.index import ref_band_keys
from review.similarity.model import Reference, Settings


class BandKeys:
    """`keys_of` for build_index: the band keys `given` by reference id — ref_band_keys
    under these settings and masks, made elsewhere — or computed here where none were
    given; and the same keys when a reference is asked for again (collisions.recall)."""

    def __init__(self, settings: Settings, masks: tuple[str, ...],
                 given: Mapping[str, np.ndarray] | None = None):
        self.settings = settings
        self.masks = masks
        self._keys = dict(given or {})

    def __call__(self, ref: Reference) -> np.ndarray:
        keys = self._keys.get(ref.id)
        if keys is None:
            keys = self._keys[ref.id] = ref_band_keys(ref, self.settings, self.masks)
        return keys
