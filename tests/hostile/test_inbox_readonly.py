"""Nothing in inbox/ is ever changed, by any kind of run.

One workspace goes through every way a reviewer runs the tool — a first batch, a re-run, a
`review run --force` on worker processes, a run stopped by a broken review.toml, a run
where one draft's review fails, a run interrupted midway (Ctrl-C), the run that completes
it, and a `review watch` session that takes in a new draft — and after each, every entry
under the test's folder is compared with what it was: each file's bytes, mode and mtime,
each folder's mode and mtime (a temporary file made and removed in the inbox would still
show there), each link's target. Only outbox/ and .review/ may differ. The inbox also holds
hostile drafts and a link to a file outside the workspace, which stays unread.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hostile import files
from review.data import data_path
from review.errors import ConfigError
from review.pipeline import run_batch
from review.workspace.config import Workspace
from review.workspace.watch import watch

ROUND = "第1轮"
SECRET = "外部机密文件-5d2e"
TOOL_OWNED = ("ws/outbox", "ws/.review")


def _entry(path: Path) -> tuple:
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path), st.st_mode)
    if stat.S_ISDIR(st.st_mode):
        return ("dir", st.st_mode, st.st_mtime_ns)
    return ("file", hashlib.sha256(path.read_bytes()).hexdigest(), st.st_mode, st.st_mtime_ns)


def _snapshot(top: Path) -> dict[str, tuple]:
    entries = {}
    for folder, dirs, names in os.walk(top):  # never through a link
        for name in dirs + names:
            path = Path(folder) / name
            entries[path.relative_to(top).as_posix()] = _entry(path)
    # The workspace folder's own mtime moves when the first run creates .review/; anything
    # else created in it would show up as an entry of its own.
    entries["ws"] = entries["ws"][:2]
    return entries


def _changed(before: dict, after: dict) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _only_tool_output_changed(before: dict, after: dict, also: set[str] = frozenset()) -> set[str]:
    changed = _changed(before, after)
    stray = {p for p in changed - also
             if not any(p == owned or p.startswith(owned + "/") for owned in TOOL_OWNED)}
    assert not stray, sorted(stray)
    return changed


@pytest.fixture(scope="module")
def top(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("readonly")
    (top / "elsewhere").mkdir()
    (top / "elsewhere" / "secret.txt").write_text(SECRET, encoding="utf-8")
    root = top / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    round_dir = root / "inbox" / ROUND
    hostile = {
        "甲单位_压缩炸弹.docx": files.zip_bomb(),
        "乙单位_截断.docx": files.truncated(files.good_docx()),
        "丙单位_宏.docm": files.docm(),
        "丁单位_扫描件.pdf": files.scanned_pdf(),
        "戊单位_空文件.txt": b"",
    }
    for name, data in hostile.items():
        (round_dir / name).write_bytes(data)
    (round_dir / "己单位_链接.txt").symlink_to(top / "elsewhere" / "secret.txt")
    # Read-only files, as a USB stick copy often leaves them: modes must survive too.
    os.chmod(round_dir / "石桥乡_主题教育实施方案.docx", 0o444)
    return top


def _batch(top: Path, **kwargs):
    return run_batch(Workspace.load(top / "ws"), ROUND, **kwargs)


def _rows(top: Path) -> dict[str, dict]:
    data = json.loads((top / "ws" / "outbox" / ROUND / "results.json").read_text(encoding="utf-8"))
    return {d["path"].removeprefix(f"inbox/{ROUND}/"): d for d in data["documents"]}


# The steps share one workspace and run in order, each starting from where the last left it.


def test_a_first_batch(top):
    before = _snapshot(top)
    result = _batch(top)
    assert _only_tool_output_changed(before, _snapshot(top))
    assert len(result.reviewed_now) == len(result.reviews)
    link = _rows(top)["己单位_链接.txt"]
    assert link["status"] == "unreadable" and "收件箱以外" in link["error"]
    for folder in ("outbox", ".review"):
        for path in (top / "ws" / folder).rglob("*"):
            assert not path.is_file() or SECRET.encode() not in path.read_bytes(), path


def test_a_re_run(top):
    before = _snapshot(top)
    assert _batch(top).reviewed_now == []
    _only_tool_output_changed(before, _snapshot(top))


def test_a_forced_run_on_worker_processes(top):
    before = _snapshot(top)
    done = subprocess.run(
        [sys.executable, "-c", "from review.cli import app; app()", "run", str(top / "ws"),
         "--force", "--workers", "2"],
        capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _only_tool_output_changed(before, _snapshot(top))


def test_a_run_stopped_by_a_broken_review_toml(top):
    toml = top / "ws" / "review.toml"
    good = toml.read_bytes()
    toml.write_text('campaign = "2023"\n[limits]\nmax_file_mb = "很大"\n', encoding="utf-8")
    try:
        before = _snapshot(top)
        with pytest.raises(ConfigError, match="max_file_mb"):
            _batch(top)
        assert _changed(before, _snapshot(top)) == set()
    finally:
        toml.write_bytes(good)


def test_a_run_where_one_drafts_review_fails(top, monkeypatch):
    import review.pipeline as pipeline

    real = pipeline.review_draft

    def failing(read, *args, **kwargs):
        if "石桥乡" in read.submission.rel_path:
            raise RuntimeError("a rule crashed")
        return real(read, *args, **kwargs)

    monkeypatch.setattr(pipeline, "review_draft", failing)
    before = _snapshot(top)
    _batch(top, force=True)
    _only_tool_output_changed(before, _snapshot(top))
    assert _rows(top)["石桥乡_主题教育实施方案.docx"]["status"] == "unreadable"


def test_a_run_interrupted_midway_and_the_run_that_completes_it(top, monkeypatch):
    import review.pipeline as pipeline

    # Other limits: no stored review stands, so the interrupted run has every draft to do.
    with (top / "ws" / "review.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[limits]\nparse_timeout_seconds = 100\n")
    real, calls = pipeline.check_draft, []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the reviewer's Ctrl-C, halfway through the reviews
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "check_draft", interrupted)
    before = _snapshot(top)
    with pytest.raises(KeyboardInterrupt):
        _batch(top)
    _only_tool_output_changed(before, _snapshot(top))
    monkeypatch.setattr(pipeline, "check_draft", real)
    before = _snapshot(top)
    result = _batch(top)
    assert 0 < len(result.reviewed_now) < len(result.reviews)  # only what the killed run left
    _only_tool_output_changed(before, _snapshot(top))


def test_a_watch_session_taking_in_a_new_draft(top):
    root, inbox = top / "ws", top / "ws" / "inbox" / ROUND
    lines: queue.Queue[str] = queue.Queue()
    stop = threading.Event()
    session = threading.Thread(target=watch, args=(root,), kwargs=dict(
        settle=1.0, polling=True, interval=0.2, log=lines.put, stop=stop))

    def wait_for(text: str) -> None:
        seen = []
        while True:
            line = lines.get(timeout=120)
            seen.append(line)
            if text in line:
                return

    before = _snapshot(top)
    session.start()
    try:
        wait_for("正在监视")
        new = inbox / "庚单位_主题教育实施方案.docx"
        new.write_bytes(files.good_docx())
        arrived = _snapshot(top)  # the unit's new draft, as it arrived
        wait_for("《庚单位_主题教育实施方案.docx》")
    finally:
        stop.set()
        session.join(timeout=120)
    assert not session.is_alive()
    # Up to the arrival only the tool wrote, besides the unit's draft landing in the round
    # folder; after it, the new draft and that folder stayed exactly as they arrived.
    landed = {new.relative_to(top).as_posix(), inbox.relative_to(top).as_posix()}
    _only_tool_output_changed(before, arrived, also=landed)
    _only_tool_output_changed(arrived, _snapshot(top))
    assert _rows(top)["庚单位_主题教育实施方案.docx"]["status"] == "reviewed"
