"""The reference index on disk, keyed by a hash of everything it was built from.

`cached_index` returns the stored index when the references, masks and settings are the
same as last time, so a second run does not rebuild it. The file is one uncompressed
.npz: the band store and unit table as numpy arrays, the sentence spans as one int32
array, and the references' texts and metadata as UTF-8 JSON — nothing pickled, so
loading is a few large reads. Files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from review.similarity.bands import BandStore
from review.similarity.index import ReferenceIndex, build_index
from review.similarity.model import Names, Reference, Settings

FORMAT = 4  # 3: shingles hashed by shingles.stable_hash, no longer CRC32; 4: band owners


def index_key(refs: Iterable[Reference], settings: Settings, masks: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([FORMAT, asdict(settings), list(masks)], ensure_ascii=False).encode())
    for r in refs:
        meta = [r.id, r.set, r.doc, r.unit, list(r.masks), [list(s) for s in r.sentences]]
        h.update(json.dumps(meta, ensure_ascii=False).encode())
        h.update(hashlib.sha256(r.text.encode()).digest())
    return h.hexdigest()[:32]


def _path(directory: Path, key: str) -> Path:
    return Path(directory) / f"copy-index-{key}.npz"


def _arrays(index: ReferenceIndex) -> dict[str, np.ndarray]:
    meta = {
        "format": FORMAT, "key": index.key, "settings": asdict(index.settings),
        "masks": list(index.masks), "rows": index.bands.rows,
        "refs": [{"id": r.id, "text": r.text, "set": r.set, "doc": r.doc, "unit": r.unit,
                  "masks": list(r.masks)} for r in index.refs],
    }
    spans = [s for r in index.refs for s in r.sentences]
    return {
        "meta": np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8),
        "sentences": np.array(spans, np.int32).reshape(-1, 2),
        "sentence_counts": np.array([len(r.sentences) for r in index.refs], np.int64),
        "keys": index.bands.unit_keys(),
        "owners": index.bands.owners,
    }


def save_index(index: ReferenceIndex, directory: Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = _path(directory, index.key)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **_arrays(index))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _index(data, key: str) -> ReferenceIndex | None:
    meta = json.loads(data["meta"].tobytes().decode())
    if meta["format"] != FORMAT or meta["key"] != key:
        return None
    spans = list(map(tuple, data["sentences"].tolist()))
    ends = np.cumsum(data["sentence_counts"]).tolist()
    refs = tuple(
        Reference(m["id"], m["text"], tuple(spans[end - n:end]), m["set"], m["doc"], m["unit"],
                  tuple(m["masks"]))
        for m, end, n in zip(meta["refs"], ends, data["sentence_counts"].tolist(), strict=True)
    )
    bands = BandStore.of(meta["rows"], data["keys"], data["owners"], len(refs))
    return ReferenceIndex(Settings(**meta["settings"]), Names(meta["masks"]), refs, bands, key)


def load_index(directory: Path, key: str) -> ReferenceIndex | None:
    path = _path(Path(directory), key)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return _index(data, key)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None  # unreadable or from an older layout: rebuild


def cached_index(refs: Iterable[Reference], directory: Path, settings: Settings | None = None,
                 masks: tuple[str, ...] = ()) -> ReferenceIndex:
    refs = tuple(refs)
    settings = settings or Settings()
    key = index_key(refs, settings, masks)
    index = load_index(directory, key)
    if index is None:
        index = replace(build_index(refs, settings, masks), key=key)
        save_index(index, directory)
    # the caller's names, which the batch's other indexes hold too (Names.of)
    return replace(index, masks=Names.of(masks))
