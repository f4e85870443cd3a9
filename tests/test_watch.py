"""`review watch`: drafts reviewed once each, only after they are complete; files that are
renamed, vanish or are broken; Ctrl-C; a restart that redoes nothing."""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from review.data import data_path
from review.workspace.watch import Settler, round_of

SAMPLE = data_path("corpus", "sample_workspace", "inbox", "第1轮")
SETTLE = 1.0


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_file_is_ready_only_after_it_stops_changing(tmp_path):
    clock, path = Clock(), tmp_path / "方案.docx"
    settler = Settler(2.0, clock)
    path.write_bytes(b"first half")
    settler.touch(path)
    clock.now += 1.5
    assert settler.ready() == []
    with open(path, "ab") as fh:  # still being written: the wait starts again
        fh.write(b" and the rest")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    clock.now += 1.5
    assert settler.ready() == []
    clock.now += 1.9
    assert settler.ready() == []
    clock.now += 0.2
    assert settler.ready() == [path]
    assert settler.ready() == [] and len(settler) == 0  # handed out once


def test_a_file_that_vanishes_is_forgotten(tmp_path):
    clock, path = Clock(), tmp_path / "方案.docx"
    settler = Settler(1.0, clock)
    path.write_bytes(b"x")
    settler.touch(path)
    path.unlink()
    clock.now += 5
    assert settler.ready() == [] and len(settler) == 0
    settler.touch(tmp_path / "never-there.docx")
    assert len(settler) == 0


def test_round_of_skips_lock_temp_and_loose_files(tmp_path):
    inbox = tmp_path / "inbox"
    assert round_of(inbox / "第2轮" / "河口镇" / "方案.docx", inbox) == "第2轮"
    assert round_of(inbox / "第2轮" / "~$方案.docx", inbox) is None  # Word's lock file
    assert round_of(inbox / "第2轮" / ".~lock.方案.docx#", inbox) is None  # LibreOffice's
    assert round_of(inbox / "第2轮" / "方案.docx.crdownload", inbox) is None
    assert round_of(inbox / "方案.docx", inbox) is None  # not in a round folder
    assert round_of(tmp_path / "elsewhere" / "方案.docx", inbox) is None


class Watcher:
    """`review watch` in a subprocess, its output read line by line."""

    def __init__(self, root: Path, *args: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from review.cli import app; app()", "watch", str(root),
             "--settle", str(SETTLE), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 90) -> str:
        """The first line so far with `text`, waiting for it if need be."""
        for line in self.seen:
            if text in line:
                return line
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, f"watch exited: {self.seen}"
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in {timeout} s: {self.seen}")

    def quiet_for(self, seconds: float) -> list[str]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.seen.append(self.lines.get(timeout=0.1))
            except queue.Empty:
                pass
        return self.seen

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=60)
        self.quiet_for(0.5)
        return code


def _write_slowly(path: Path, data: bytes, pieces: int = 5, pause: float = 0.4) -> None:
    """A copy that takes longer than the settle time but never pauses that long."""
    step = len(data) // pieces + 1
    with open(path, "wb") as fh:
        for i in range(0, len(data), step):
            fh.write(data[i:i + step])
            fh.flush()
            time.sleep(pause)


def _reviews(root: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(root / ".review" / "history.sqlite") as conn:
        return conn.execute("SELECT s.rel_path, s.sha256, r.status FROM reviews r "
                            "JOIN submissions s ON s.id = r.submission_id ORDER BY s.rel_path").fetchall()


@pytest.fixture
def workspace(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root,
                    ignore=shutil.ignore_patterns("第1轮"))
    (root / "inbox" / "第1轮").mkdir(parents=True)
    return root


def test_drafts_written_slowly_are_reviewed_once_each_after_they_are_complete(workspace):
    inbox = workspace / "inbox" / "第1轮"
    docx = (SAMPLE / "河口镇" / "河口镇主题教育实施方案.docx").read_bytes()
    # Drafts that share no text: a draft copying another would rightly have the other
    # reviewed again (a new 雷同 comment; tests/test_rerun.py covers that).
    txt = (SAMPLE / "城关街道_领导班子检视问题清单.txt").read_bytes()
    watcher = Watcher(workspace)
    watcher.wait_for("正在监视")
    (inbox / "河口镇").mkdir()
    _write_slowly(inbox / "河口镇" / "河口镇主题教育实施方案.docx", docx)
    _write_slowly(inbox / "城关街道_领导班子检视问题清单.txt", txt)
    watcher.wait_for("《河口镇主题教育实施方案.docx》")
    watcher.wait_for("《城关街道_领导班子检视问题清单.txt》")
    lines = watcher.quiet_for(3 * SETTLE)
    assert watcher.stop() == 0
    assert watcher.seen[-1] == "已停止监视。"

    for name in ("河口镇主题教育实施方案.docx", "城关街道_领导班子检视问题清单.txt"):
        assert sum(f"《{name}》" in line for line in lines) == 1, "\n".join(lines)
    # One review each, of the complete file (a half-written .docx would be unreadable).
    assert _reviews(workspace) == sorted([
        ("inbox/第1轮/城关街道_领导班子检视问题清单.txt", hashlib.sha256(txt).hexdigest(), "reviewed"),
        ("inbox/第1轮/河口镇/河口镇主题教育实施方案.docx", hashlib.sha256(docx).hexdigest(), "reviewed"),
    ])
    assert (workspace / "outbox" / "第1轮" / "汇总表.xlsx").is_file()
    assert not any(p.name.endswith(".tmp") for p in (workspace / "outbox").rglob("*"))


def test_polling_restart_renames_vanishing_and_broken_files(workspace):
    inbox = workspace / "inbox" / "第1轮"
    shutil.copy(SAMPLE / "柳溪村党支部_主题教育实施方案.txt", inbox / "柳溪村_主题教育实施方案.txt")
    first = Watcher(workspace, "--polling", "--interval", "0.2")
    first.wait_for("《柳溪村_主题教育实施方案.txt》")  # arrived while nobody was watching
    first.wait_for("正在监视")
    assert first.stop(signal.SIGTERM) == 0

    again = Watcher(workspace, "--polling", "--interval", "0.2")
    again.wait_for("正在监视")
    assert not any("《" in line for line in again.seen), again.seen  # nothing redone
    # Saved under a temporary name, then renamed: reviewed under its real name, once.
    part = inbox / "石桥乡_主题教育实施方案.docx.part"
    _write_slowly(part, (SAMPLE / "石桥乡_主题教育实施方案.docx").read_bytes(), pieces=3)
    part.rename(inbox / "石桥乡_主题教育实施方案.docx")
    # Half copied, then taken back.
    gone = inbox / "河口镇_实施方案.docx"
    gone.write_bytes(b"PK\x03\x04 half")
    gone.unlink()
    # A broken file: an unreadable row, and the watch goes on.
    (inbox / "东风社区_实施方案.docx").write_bytes(b"this is not a Word file")
    watcher_lines = [again.wait_for("《石桥乡_主题教育实施方案.docx》"),
                     again.wait_for("《东风社区_实施方案.docx》无法读取")]
    lines = again.quiet_for(3 * SETTLE)
    assert again.stop() == 0
    assert "修改完善" in watcher_lines[0] or "退回重做" in watcher_lines[0]
    assert not any("河口镇_实施方案" in line or ".part" in line for line in lines), lines
    assert sum("《石桥乡" in line for line in lines) == 1
    assert [(Path(p).name, s) for p, _, s in _reviews(workspace)] == [
        ("东风社区_实施方案.docx", "unreadable"), ("柳溪村_主题教育实施方案.txt", "reviewed"),
        ("石桥乡_主题教育实施方案.docx", "reviewed")]


def test_a_second_watch_is_refused(workspace):
    watcher = Watcher(workspace)
    watcher.wait_for("正在监视")
    second = subprocess.run([sys.executable, "-c", "from review.cli import app; app()", "watch",
                             str(workspace)], capture_output=True, text=True, timeout=60)
    assert watcher.stop() == 0
    assert second.returncode == 2 and "正被另一个审阅进程使用" in second.stderr
