"""The round's band keys, kept from one run to the next.

The peer index — the round's own drafts as references — is built again on every run.
Masking and signing the drafts is most of that: about 4.6 s of CPU for 1,000 drafts, on
the main process while the workers wait. A draft that did not change has the same band
keys, so a run keeps every draft's keys by its digest, and the next takes back those of
the drafts that are still the same.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from review.similarity.detect import ref_digest, settings_digest
from review.similarity.index import ref_band_keys
from review.similarity.model import Reference, Settings

Keys = dict[str, np.ndarray]  # settings and reference digests -> ref_band_keys


class BandKeys:
    """`keys_of` for build_index: the band keys the last run kept where the reference, the
    settings and the masks are the same; else those `given` by reference id (ref_band_keys
    under the same settings and masks, computed elsewhere: by the worker that read the
    draft); else computed here. `kept` holds every reference it was asked for, for the
    next run, and for asking again (collisions.recall)."""

    def __init__(self, settings: Settings, masks: tuple[str, ...],
                 previous: Mapping[str, np.ndarray] | None = None,
                 given: Mapping[str, np.ndarray] | None = None):
        self.settings = settings
        self.masks = masks
        # Taken out as they are kept: what is left once the index is built is no
        # reference's any more, and goes.
        self._previous = dict(previous or {})
        self._given = dict(given or {})
        self.kept: Keys = {}
        self._prefix = settings_digest(settings, masks)

    def __call__(self, ref: Reference) -> np.ndarray:
        key = self._prefix + ref_digest(ref)
        keys = self.kept.get(key)
        if keys is None:
            keys = self._previous.pop(key, None)
        if keys is None:
            keys = self._given.pop(ref.id, None)
        if keys is None:
            keys = ref_band_keys(ref, self.settings, self.masks)
        self.kept[key] = keys
        return keys

    def built(self) -> None:
        """Let go of the keys no reference was asked for."""
        self._previous.clear()
        self._given.clear()
