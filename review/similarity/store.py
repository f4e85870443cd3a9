"""The reference index on disk, keyed by a hash of everything it was built from.

`cached_index` returns the stored index when the references, masks and settings are the
same as last time, so a second run does not rebuild it. Files are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, replace
from pathlib import Path

from review.similarity.index import ReferenceIndex, build_index
from review.similarity.model import Reference, Settings

FORMAT = 1


def index_key(refs: Iterable[Reference], settings: Settings, masks: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([FORMAT, asdict(settings), list(masks)], ensure_ascii=False).encode())
    for r in refs:
        meta = [r.id, r.set, r.doc, r.unit, list(r.masks), [list(s) for s in r.sentences]]
        h.update(json.dumps(meta, ensure_ascii=False).encode())
        h.update(hashlib.sha256(r.text.encode()).digest())
    return h.hexdigest()[:32]


def _path(directory: Path, key: str) -> Path:
    return Path(directory) / f"copy-index-{key}.pkl"


def save_index(index: ReferenceIndex, directory: Path) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = _path(directory, index.key)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_index(directory: Path, key: str) -> ReferenceIndex | None:
    path = _path(Path(directory), key)
    if not path.exists():
        return None
    try:
        with open(path, "rb") as fh:
            index = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return None  # unreadable or from an older layout: rebuild
    return index if isinstance(index, ReferenceIndex) and index.key == key else None


def cached_index(refs: Iterable[Reference], directory: Path, settings: Settings | None = None,
                 masks: tuple[str, ...] = ()) -> ReferenceIndex:
    refs = tuple(refs)
    settings = settings or Settings()
    key = index_key(refs, settings, masks)
    index = load_index(directory, key)
    if index is None:
        index = replace(build_index(refs, settings, masks), key=key)
        save_index(index, directory)
    return index
