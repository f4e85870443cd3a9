"""Files written so a reader sees the old version or the new one, never half of one."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: Path, data: bytes | Iterable[bytes], durable: bool = True) -> None:
    """Replace `path` with `data` so readers see the old file or the new one, never half.
    `data` may come in pieces, written as they come (if making one fails, the old file
    stays). `durable` also waits until the data is on disk before the rename, so even a
    power cut leaves one of the two (a cache, which checks its entries, can do without).

    The temporary file sits in the same directory because os.replace is only atomic
    within one file system (outboxes often live on network shares).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        # os.open with 0o666 honours the umask, so the result gets the same permissions as
        # any other file the reviewer creates (tempfile would make it private, 0o600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        with os.fdopen(fd, "wb") as fh:
            for piece in [data] if isinstance(data, bytes) else data:
                fh.write(piece)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        # On Windows the usual cause is the previous 汇总表 still open in Excel or WPS.
        raise PermissionError(
            f"无法写入“{path}”：没有写入权限，或该文件正被 Excel、WPS 等程序打开，请关闭后重试。"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_LEFTOVER = re.compile(r"^\..+\.\d+\.[0-9a-f]{8}\.tmp$")


def remove_leftovers(folder: Path) -> int:
    """Delete the temporary files a killed run left under `folder` (only names
    write_atomically makes) and return how many there were. Call it holding the workspace
    lock: another run's temporary files are live."""
    removed = 0
    for path in Path(folder).rglob(".*.tmp") if Path(folder).is_dir() else ():
        if _LEFTOVER.match(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
