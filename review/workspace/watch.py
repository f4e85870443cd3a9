"""`review watch`: review drafts as they arrive in inbox/<round>/.

watchdog reports changes (inotify and its kin locally; polling for network shares, which
send no notifications). A file is read only once it has stopped changing — same size and
modification time for `settle` seconds — because a draft copied from a USB stick or saved
over the network arrives in pieces, and a half-written .docx is not a draft. Each settled
round is then run as a batch: the batch keeps every review that still holds, so a watch
restarted after Ctrl-C, a crash or a reboot does no finished work again.

watchdog's threads only queue paths; everything else (the history database, whose
connection belongs to one thread, and the batch) runs on the calling thread.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from review.categories import VERDICTS
from review.errors import ConfigError
from review.history.store import History
from review.model import Review
from review.workspace.config import Workspace
from review.workspace.discover import is_ignored
from review.workspace.lock import workspace_lock
from review.workspace.status import round_status


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when the file was last seen changing


class Settler:
    """Files that have stopped changing: unchanged size and mtime for `settle` seconds
    since the last change seen. A file that vanishes meanwhile is forgotten."""

    def __init__(self, settle: float, clock: Callable[[], float] = time.monotonic):
        self.settle = settle
        self._clock = clock
        self._seen: dict[Path, _Seen] = {}

    def touch(self, path: Path) -> None:
        """Something happened to `path`: wait for it to be quiet again."""
        stat = _stat(path)
        if stat is None:
            self._seen.pop(path, None)
        else:
            self._seen[path] = _Seen(*stat, self._clock())

    def ready(self) -> list[Path]:
        """The files quiet for `settle` seconds, removed from the watch list."""
        now = self._clock()
        done = []
        for path, seen in list(self._seen.items()):
            stat = _stat(path)
            if stat is None:
                del self._seen[path]
            elif stat != (seen.size, seen.mtime_ns):
                self._seen[path] = _Seen(*stat, now)
            elif now - seen.since >= self.settle:
                del self._seen[path]
                done.append(path)
        return sorted(done)

    def __len__(self) -> int:
        return len(self._seen)

    def __contains__(self, path: Path) -> bool:
        return path in self._seen

    def waiting(self) -> set[Path]:
        return set(self._seen)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns) if path.is_file() else None


class _Queue(FileSystemEventHandler):
    """Puts every path an event names on a queue; a folder moved in names its files."""

    def __init__(self, paths: queue.Queue[Path]):
        self.paths = paths

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write", "deleted"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(raw.decode() if isinstance(raw, bytes) else raw)
            if event.is_directory and event.event_type in ("created", "moved"):
                for child in path.rglob("*"):
                    self.paths.put(child)
            elif not event.is_directory:
                self.paths.put(path)


def round_of(path: Path, inbox: Path) -> str | None:
    """The round folder a draft under `inbox` belongs to, None for files outside one and
    for lock and temp files anywhere on the way."""
    try:
        parts = path.relative_to(inbox).parts
    except ValueError:
        return None
    if len(parts) < 2 or any(is_ignored(Path(p)) for p in parts):
        return None
    return parts[0]


def draft_line(review: Review, note: str = "") -> str:
    """The one log line for a draft just reviewed."""
    sub = review.submission
    head = f"{datetime.now():%H:%M:%S} {sub.round} {sub.unit}《{Path(sub.rel_path).name}》"
    if review.status == "unreadable":
        return f"{head}无法读取：{review.error}{note}"
    errors = sum(f.severity == "error" for f in review.findings)
    return (f"{head}{VERDICTS[review.verdict]}，{review.score:g} 分，意见 {len(review.findings)} 条"
            f"（必须修改 {errors} 条）{note}")


def _recent(folder: Path, settle: float) -> set[Path]:
    """Files under `folder` modified within the last `settle` seconds: a polling observer
    may not have reported them yet."""
    now = time.time()
    recent = set()
    for path in folder.rglob("*") if folder.is_dir() else ():
        try:
            if path.is_file() and now - path.stat().st_mtime < settle:
                recent.add(path)
        except OSError:
            continue
    return recent


def _waiting_rounds(workspace: Workspace) -> list[str]:
    """Rounds with drafts that arrived while nobody was watching."""
    with History.open(workspace.root) as history:
        return [r.round for r in round_status(workspace, history) if r.pending]


def watch(root: Path, *, settle: float = 3.0, polling: bool = False, interval: float = 1.0,
          log: Callable[[str], None] = print, stop: threading.Event | None = None) -> None:
    """Watch `root`'s inbox until `stop` is set or Ctrl-C; review each draft once it has
    settled. Holds the workspace lock throughout, so no `review run` interleaves."""
    from review.pipeline import run_batch  # the pipeline loads models; the CLI starts fast

    stop = stop or threading.Event()
    workspace = Workspace.load(root)
    inbox = workspace.inbox
    if not inbox.is_dir():
        raise ConfigError(f"找不到 {inbox}。请先用 review init 创建工作区，或检查目录是否正确。")
    with workspace_lock(workspace.root, "review watch"):

        def review_round(round_name: str, arrived: set[str]) -> None:
            # Files of the round still being written wait for their own turn.
            while not paths.empty():
                settler.touch(paths.get_nowait())
            busy = settler.waiting() | _recent(inbox / round_name, settle)
            for path in busy - settler.waiting():
                settler.touch(path)
            try:
                ws = Workspace.load(root)  # review.toml or units.csv may have been edited
                result = run_batch(ws, round_name, exclude=busy)
            except (ConfigError, PermissionError) as exc:
                log(f"{datetime.now():%H:%M:%S} {round_name} 未能完成审阅：{exc}"
                    "（修正后，下一份材料到达时会重试）")
                return
            for review in result.reviews:
                rel = review.submission.rel_path
                if rel in result.reviewed_now:
                    note = "" if not arrived or rel in arrived else "（受同批新到材料影响，已重新审阅）"
                    log(draft_line(review, note))
            if result.reviewed_now:
                log(f"{datetime.now():%H:%M:%S} {round_name} 汇总表已更新：{result.summary_path}")

        paths: queue.Queue[Path] = queue.Queue()
        settler = Settler(settle)
        observer = PollingObserver(timeout=interval) if polling else Observer()
        observer.schedule(_Queue(paths), str(inbox), recursive=True)
        observer.start()  # before catching up, so nothing arriving meanwhile is missed
        try:
            for round_name in _waiting_rounds(workspace):
                review_round(round_name, set())
            how = f"每 {interval:g} 秒轮询一次" if polling else "文件系统通知"
            log(f"正在监视 {inbox}（{how}；文件停止变化 {settle:g} 秒后审阅）。按 Ctrl+C 停止。")
            outside: set[Path] = set()
            while not stop.wait(min(0.5, settle / 4)):
                while not paths.empty():
                    settler.touch(paths.get_nowait())
                by_round: dict[str, set[str]] = {}
                for path in settler.ready():
                    round_name = round_of(path, inbox)
                    if round_name is not None:
                        rel = path.relative_to(workspace.root).as_posix()
                        by_round.setdefault(round_name, set()).add(rel)
                    elif path.parent == inbox and not is_ignored(path) and path not in outside:
                        outside.add(path)
                        log(f"{path.name} 直接放在了 inbox 下，不属于任何轮次，未审阅。"
                            "请移到 inbox/第N轮/ 文件夹中。")
                for round_name in sorted(by_round):
                    review_round(round_name, by_round[round_name])
        except KeyboardInterrupt:
            pass
        finally:
            observer.stop()
            observer.join()
    log("已停止监视。")
