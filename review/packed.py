"""Values the main process holds for every draft of a batch until one worker needs them
(a draft's parse and analysis, its copy report): pickled and compressed, a tenth of their
size when open. Only what this program packed, in this batch, is ever unpacked."""

from __future__ import annotations

import pickle
import zlib
from typing import Any


def pack(value: Any) -> bytes:
    # Level 1: most of the gain for a fraction of the time of higher levels, paid once per
    # draft on the worker that made the value.
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> Any:
    return pickle.loads(zlib.decompress(blob))
