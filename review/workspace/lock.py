"""One run at a time per workspace: `.review/run.lock`.

The lock is the operating system's (flock on POSIX, msvcrt on Windows), held on an open
file, so it goes away with the process however the process ends — a run killed with
SIGKILL or a machine that lost power leaves a file behind but never a stale lock. The
file's content only tells the next run who holds it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from review.errors import ConfigError

LOCK_NAME = ".review/run.lock"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


# Workspaces this process holds, with the lock file's descriptor: `review watch` holds its
# workspace and runs batches that take the same lock, which must then be a no-op rather
# than a conflict with itself.
_held: dict[Path, int] = {}


def _forget_in_child() -> None:
    # A forked worker shares the parent's lock; if it kept the descriptor, the lock would
    # outlive a parent killed with SIGKILL for as long as the orphaned worker lives.
    for fd in _held.values():
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


@contextmanager
def workspace_lock(root: Path, what: str) -> Iterator[None]:
    """Hold the workspace for a run; `what` ("review run", "review watch") is shown to a
    second run that finds it taken. Re-entrant within one process."""
    path = (Path(root) / LOCK_NAME).resolve()
    if path in _held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if not _try_lock(fd):
            holder = _holder(fd)
            raise ConfigError(
                f"工作区 {root} 正被另一个审阅进程使用（{holder}），两次审阅不能同时写同一个工作区。"
                "请等它结束后再运行；如果是 review watch 在运行，请在其窗口按 Ctrl+C 停止。"
            )
        os.ftruncate(fd, 0)
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        os.write(fd, f"{what}\npid {os.getpid()}\n{stamp}\n".encode())
        _held[path] = fd
        try:
            yield
        finally:
            _held.pop(path, None)
    finally:
        os.close(fd)  # closing the file releases the lock


def _holder(fd: int) -> str:
    try:
        lines = os.pread(fd, 512, 0).decode("utf-8", "replace").splitlines()
    except (OSError, AttributeError):  # no pread on Windows
        lines = []
    if len(lines) >= 3:
        return f"{lines[0]}，进程号 {lines[1].removeprefix('pid ')}，开始于 {lines[2]}"
    return "另一个 review 命令"
