"""What a run of a round computes per draft and the next run can reuse: each draft's parse
and analysis (so a re-run, or `review watch` adding drafts one by one, reads and analyses
only the files it has not seen) and each draft's copy report (so it detects copies only
for the drafts whose inputs changed).

An entry is found by an id the caller makes (for a read, the sha256 of the file's bytes
and its extension; for a copy report, the digest of its inputs) and is valid only for the
`key` it was written under (the tool, the rules and word lists, the campaign period, the
roster's names). Entries are pickled, which would let whoever can write to a shared
workspace run code on the reviewer's machine; so each file is signed with a key private
to the user's account, and an entry whose signature does not check out is never
unpickled, just computed again.

Within a run the cache is also how the workers hand the main process's share of memory
back: a worker writes a draft's analysis or copy report here and returns only its
figures, and the worker that reviews the draft reads it back. So a cache carries the key
it signs with, taken where the run started: every worker, local or on a cluster machine
with another home folder, signs and checks with the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from review.write.atomic import write_atomically

_SIGNATURE = hashlib.sha256().digest_size
SECRET_FILE = Path.home() / ".cache" / "review" / "reads.key"


@lru_cache(maxsize=1)
def _secret(path: Path = SECRET_FILE) -> bytes | None:
    """The account's signing key, made on first use (readable by the owner only); None
    where the home folder cannot be written, and then nothing is cached."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(32))
    except FileExistsError:
        pass  # another process made it first: use theirs
    except OSError:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


class EntryLost(LookupError):
    """An entry this run wrote and needs again is gone (someone cleared .review/ while the
    run went on). The message is Chinese, for the draft's row; the next run redoes it."""


def _signing_key() -> bytes:
    """The account's key; where there is none, one for this run only (its entries are
    then computed again by the next run, but the run's workers can still share them)."""
    return _secret() or secrets.token_bytes(32)


@dataclass(frozen=True)
class SignedCache:
    folder: Path  # one folder per round
    key: str
    secret: bytes = field(default_factory=_signing_key, repr=False)

    def _path(self, draft_id: str) -> Path:
        return self.folder / f"{draft_id}.pkl"

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.secret, self.key.encode() + payload, hashlib.sha256).digest()

    def get(self, draft_id: str) -> Any | None:
        try:
            data = self._path(draft_id).read_bytes()
        except OSError:
            return None
        signature, payload = data[:_SIGNATURE], data[_SIGNATURE:]
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None  # another key (tool, rules, roster), another account, or tampered
        try:
            return pickle.loads(payload)
        except Exception:  # written by an older version of the classes: read the file again
            return None

    def put(self, draft_id: str, value: Any) -> bool:
        """Whether the entry was written: a cache that cannot be written (disk full, read-only
        workspace) only costs time, and the caller keeps the value itself."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            # Not synced: an entry a power cut tears fails its signature and is computed again.
            write_atomically(self._path(draft_id), self._sign(payload) + payload, durable=False)
        except OSError:
            return False
        return True

    def keep_only(self, draft_ids: set[str]) -> int:
        """Delete every entry but these (files no longer in the round, reports of inputs
        that changed); how many went."""
        removed = 0
        for path in self.folder.glob("*.pkl") if self.folder.is_dir() else ():
            if path.stem not in draft_ids:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
