"""The per-draft time and memory bounds (review.ingest.guard): what a file's headers cannot
give away — a PDF stream that inflates to gigabytes, a page that takes a minute — is
stopped while it is read, becomes the draft's unreadable row, and leaves the process as it
was for the next draft.

Every case is built at test time and the limits are set small, so each test takes seconds.
"""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from pdf_factory import soffice_convert

from hostile import files
from review.data import data_path
from review.ingest.convert import soffice
from review.ingest.guard import bounded
from review.ingest.limits import MB, Limits
from review.ingest.parse import parse
from review.model import UnreadableError
from review.pipeline import run_batch
from review.workspace.config import Workspace

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the memory bound is Linux's RLIMIT_DATA")

ROUND = "第1轮"
MEMORY_WORDS = ["读取时超出内存上限", "另存为 .docx", "重新报送"]


def _read(path, limits: Limits):
    return bounded(lambda: parse(path, limits), limits)


@pytest.fixture
def process_state():
    """The process-wide state a bounded read must give back: the data limit, the SIGALRM
    handler and the real-time timer."""
    before = (resource.getrlimit(resource.RLIMIT_DATA), signal.getsignal(signal.SIGALRM))
    yield
    assert (resource.getrlimit(resource.RLIMIT_DATA), signal.getsignal(signal.SIGALRM)) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_pdf_stream_bomb_is_stopped_at_the_memory_limit(tmp_path, process_state):
    path = tmp_path / "流炸弹.pdf"
    path.write_bytes(files.stream_bomb_pdf(4096))  # 4 MB on disk, 4 GiB inflated
    assert path.stat().st_size < 5 * MB
    limits = Limits(max_parse_memory_bytes=256 * MB)
    start = time.monotonic()
    with pytest.raises(UnreadableError) as caught:
        _read(path, limits)
    assert time.monotonic() - start < 20
    message = str(caught.value)
    assert "（256 MB）" in message and all(w in message for w in MEMORY_WORDS), message
    # Lifted afterwards: twice the budget can be had again.
    block = bytearray(512 * MB)
    assert len(block) == 512 * MB


def test_memory_built_up_in_many_small_objects_is_stopped_too(process_state):
    def hoard():
        kept = []
        while True:
            kept.append(str(len(kept)) * 8)

    with pytest.raises(UnreadableError, match="超出内存上限（128 MB）"):
        bounded(hoard, Limits(max_parse_memory_bytes=128 * MB))
    assert len(bytearray(256 * MB)) == 256 * MB


def _long_docx(paragraphs: int) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>第{i}条 理论学习中心组每月集中学习一次，形成学习记录。</w:t></w:r></w:p>"
                   for i in range(paragraphs))
    return files.with_document(
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {files.WML}><w:body>{body}</w:body></w:document>'
        .encode())


_READ_IN_CHILD = """
import sys
from pathlib import Path
from review.ingest.guard import bounded
from review.ingest.limits import MB, Limits
from review.ingest.parse import parse
from review.model import UnreadableError
limits = Limits(max_parse_memory_bytes=int(sys.argv[2]) * MB)
try:
    print(len(bounded(lambda: parse(Path(sys.argv[1]), limits), limits).document.paragraphs()))
except UnreadableError as exc:
    print(exc)
"""


def test_a_word_file_over_the_memory_limit_says_memory_not_damage(tmp_path):
    # libxml2 runs out while building the tree and reports it as a syntax error, which the
    # reader would otherwise call a damaged file. 400,000 paragraphs: 44 MB of XML, within
    # the unzipped limit, far more than 16 MB as a tree. Read in a fresh process: the bound
    # sits on top of the memory a process holds, and a long test session holds freed heap
    # it can reuse, which would make a 16 MB bound a loose one.
    path = tmp_path / "长文件.docx"
    path.write_bytes(_long_docx(400_000))

    def read(budget_mb: int) -> str:
        return subprocess.run([sys.executable, "-c", _READ_IN_CHILD, str(path), str(budget_mb)],
                              capture_output=True, text=True, encoding="utf-8", check=True,
                              timeout=300).stdout.strip()

    assert read(16).startswith("文件过大或结构异常，读取时超出内存上限（16 MB）")
    # The same budget reads an ordinary draft.
    path.write_bytes(_long_docx(300))
    assert read(16) == "300"


@pytest.mark.soffice
@pytest.mark.skipif(not soffice(), reason="LibreOffice（soffice）未安装")
def test_libreoffice_still_converts_under_the_smallest_memory_bound(tmp_path):
    # soffice inherits the reading process's data limit, so the bound holds it too; at the
    # smallest budget review.toml allows it must still convert an ordinary .doc.
    source = tmp_path / "源.docx"
    source.write_bytes(files.good_docx())
    (legacy,) = soffice_convert([source], "doc", tmp_path)
    assert subprocess.run([sys.executable, "-c", _READ_IN_CHILD, str(legacy), "256"],
                          capture_output=True, text=True, encoding="utf-8", check=True,
                          timeout=300).stdout.strip() == str(len(files.PLAN))


def test_a_page_that_takes_too_long_is_stopped_on_time(tmp_path, process_state):
    path = tmp_path / "慢.pdf"
    path.write_bytes(files.slow_pdf())  # about a minute unbounded
    start = time.monotonic()
    with pytest.raises(UnreadableError) as caught:
        _read(path, Limits(max_parse_seconds=1))
    assert 1 <= time.monotonic() - start < 5
    assert str(caught.value).startswith("读取超过 1 秒仍未完成"), caught.value
    assert "另存为 .docx 后重新报送" in str(caught.value)


def test_a_read_that_finishes_in_time_leaves_no_timer_behind(process_state):
    assert bounded(lambda: "读完了", Limits(max_parse_seconds=0.2)) == "读完了"
    time.sleep(0.4)  # a timer left running would end the process (SIGALRM's default)


def test_other_failures_pass_through_unchanged(tmp_path, process_state):
    def broken():
        raise ValueError("a parser bug")

    with pytest.raises(ValueError, match="a parser bug"):
        bounded(broken, Limits(max_parse_seconds=5))
    path = tmp_path / "损坏.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n")
    with pytest.raises(UnreadableError, match="PDF 文件已损坏"):
        _read(path, Limits())


def test_a_timer_someone_else_set_is_left_to_them():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        bounded(lambda: time.sleep(0.3), Limits(max_parse_seconds=0.1))  # not ours to cut short
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 29 < remaining <= 30 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_outside_the_main_thread_the_read_runs_unbounded(process_state):
    # signal.signal() raises in any other thread, and a process-wide memory cap would bind
    # the sibling threads: the guard must not try either there.
    outcome = []

    def read():
        outcome.append(bounded(lambda: time.sleep(0.3) or "读完了", Limits(max_parse_seconds=0.1)))

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert outcome == ["读完了"]


@pytest.mark.parametrize("workers", [1, 2], ids=["this-process", "pool-workers"])
def test_the_batch_goes_on_past_a_bomb_and_a_slow_page(tmp_path, workers):
    root = tmp_path / "工作区"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    # The bomb reaches 256 MB in 1–3 s (zlib inflates ~100–200 MB/s here), well within 5 s;
    # the slow page would take a minute.
    with (root / "review.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[limits]\nparse_timeout_seconds = 5\nparse_memory_mb = 256\n")
    round_dir = root / "inbox" / ROUND
    (round_dir / "甲单位_流炸弹.pdf").write_bytes(files.stream_bomb_pdf(4096))
    (round_dir / "乙单位_慢.pdf").write_bytes(files.slow_pdf())
    before = resource.getrlimit(resource.RLIMIT_DATA)
    start = time.monotonic()
    result = run_batch(Workspace.load(root), ROUND, workers=workers)
    assert time.monotonic() - start < 120
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    rows = {d["path"].removeprefix(f"inbox/{ROUND}/"): d
            for d in json.loads(result.results_path.read_text(encoding="utf-8"))["documents"]}
    bomb, slow = rows.pop("甲单位_流炸弹.pdf"), rows.pop("乙单位_慢.pdf")
    assert bomb["status"] == "unreadable" and "超出内存上限（256 MB）" in bomb["error"], bomb["error"]
    assert slow["status"] == "unreadable" and "读取超过 5 秒仍未完成" in slow["error"], slow["error"]
    # Every sample draft is still reviewed (its one broken file stays unreadable, for its own reason).
    assert len(rows) == sum(1 for p in (root / "inbox" / ROUND).rglob("*") if p.is_file()) - 2
    for rel, row in rows.items():
        assert row["status"] == ("unreadable" if "东风社区" in rel else "reviewed"), (rel, row["error"])
