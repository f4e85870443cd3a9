"""Running a round again: kept reviews, what makes a draft be reviewed again, the run lock,
and a batch killed midway."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.data import data_path
from review.errors import ConfigError
from review.pipeline import run_batch
from review.workspace.config import Workspace

ROUND = "第1轮"
DRAFTS = 11  # in the sample workspace's 第1轮


def _run(root: Path, **kwargs):
    return run_batch(Workspace.load(root), ROUND, **kwargs)


def _documents(root: Path) -> list[dict]:
    data = json.loads((root / "outbox" / ROUND / "results.json").read_text(encoding="utf-8"))
    return data["documents"]


def _hashes(root: Path, folder: str) -> dict[str, str]:
    base = root / folder
    return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    """The sample workspace after one complete run."""
    root = tmp_path_factory.mktemp("reviewed") / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    assert len(_run(root).reviewed_now) == DRAFTS
    return root


@pytest.fixture
def ws(reviewed, tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(reviewed, root)
    return root


def test_running_again_reviews_nothing_and_changes_nothing(ws):
    before, annotated = _documents(ws), _hashes(ws, "outbox")
    result = _run(ws)
    assert result.reviewed_now == [] and len(result.reviews) == DRAFTS
    assert _documents(ws) == before
    after = _hashes(ws, "outbox")
    for name in annotated:
        if name.endswith(".审阅.docx"):
            assert after[name] == annotated[name], name


def test_a_new_draft_is_reviewed_with_the_draft_it_copies(ws):
    liuxi = ws / "inbox" / ROUND / "柳溪村党支部_主题教育实施方案.txt"
    copied = liuxi.read_text(encoding="gb18030").replace("柳溪村", "桃园村")  # sent as GBK
    (ws / "inbox" / ROUND / "桃园村_主题教育实施方案.txt").write_text(copied, encoding="utf-8")
    result = _run(ws)
    # The newcomer and the draft it copied; every other unit keeps its review.
    assert sorted(Path(p).name for p in result.reviewed_now) == [
        "柳溪村党支部_主题教育实施方案.txt", "桃园村_主题教育实施方案.txt"]
    docs = {d["unit"]: d for d in _documents(ws)}
    assert len(docs) == DRAFTS + 1
    peer_sources = {f["source"]["unit"] for f in docs["柳溪村"]["findings"]
                    if f["category"] == "copied_peer"}
    assert "桃园村" in peer_sources


def test_a_late_copy_does_not_take_the_passages_of_drafts_reviewed_before_it(ws):
    # 东风社区 sends 河口镇's plan late. Where a passage of another draft (石桥乡 shares most
    # of 河口镇's text) matches both equally, its comment keeps naming 河口镇, received
    # first, though 东风社区's path sorts first: only the newcomer and the draft it copies
    # are reviewed again.
    from review.ingest.parse import parse

    before = {d["path"]: d["findings"] for d in _documents(ws)}
    hekou = ws / "inbox" / ROUND / "河口镇" / "河口镇主题教育实施方案.docx"
    copied = parse(hekou).document.text.replace("河口镇", "东风社区")
    (ws / "inbox" / ROUND / "东风社区_主题教育实施方案.txt").write_text(copied, encoding="utf-8")
    result = _run(ws)
    assert sorted(Path(p).name for p in result.reviewed_now) == [
        "东风社区_主题教育实施方案.txt", "河口镇主题教育实施方案.docx"]
    after = {d["path"]: d["findings"] for d in _documents(ws)}
    hekou_path = hekou.relative_to(ws).as_posix()
    assert {p: f for p, f in after.items() if p in before and p != hekou_path} == {
        p: f for p, f in before.items() if p != hekou_path}


def test_changed_rules_or_settings_review_everything_again(ws):
    toml = ws / "review.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[rules.weights]\n"rectify.owner" = 9\n',
                    encoding="utf-8")
    assert len(_run(ws).reviewed_now) == DRAFTS
    assert _run(ws).reviewed_now == []
    # The team rewords a shipped rule in the workspace's rules/ folder.
    shipped = data_path("rules", "copying", "placeholders.yaml").read_text(encoding="utf-8")
    (ws / "rules").mkdir(exist_ok=True)
    (ws / "rules" / "placeholders.yaml").write_text(
        shipped.replace("message: ", "message: 【请注意】", 1), encoding="utf-8")
    assert len(_run(ws).reviewed_now) == DRAFTS


def test_a_deleted_annotated_file_is_written_again(ws):
    doc = next(d for d in _documents(ws) if d["unit"] == "河口镇")
    (ws / doc["annotated"]).unlink()
    result = _run(ws)
    assert result.reviewed_now == [doc["path"]]
    assert (ws / doc["annotated"]).is_file()


def test_temporary_files_of_a_killed_run_are_cleaned_up(ws):
    unit_dir = ws / "outbox" / ROUND / "河口镇"
    leftover = unit_dir / ".河口镇主题教育实施方案.审阅.docx.4242.0badc0de.tmp"
    leftover.write_bytes(b"half a file")
    theirs = unit_dir / "会议记录.tmp"  # not ours: left alone
    theirs.write_bytes(b"x")
    _run(ws)
    assert not leftover.exists() and theirs.exists()


def test_force_reviews_everything(ws):
    assert len(_run(ws, force=True).reviewed_now) == DRAFTS


def _parsed(monkeypatch, module) -> list[str]:
    """Names of the files `module` has parsed from now on."""
    names: list[str] = []
    real = module.parse

    def counting(path, *args, **kwargs):
        names.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(module, "parse", counting)
    return names


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Names of the drafts the run parses."""
    import review.pipeline as pipeline

    return _parsed(monkeypatch, pipeline)


def test_a_re_run_reads_only_the_files_it_has_not_seen(ws, opened):
    # The copy join needs every draft's text; drafts read before come from .review/cache.
    (ws / "inbox" / ROUND / "桃园村_主题教育实施方案.txt").write_text(
        "桃园村主题教育实施方案\n一、工作目标\n组织全体党员集中学习。\n", encoding="utf-8")
    before = {d["path"]: d["score"] for d in _documents(ws)}
    _run(ws)
    assert opened == ["桃园村_主题教育实施方案.txt"]
    after = {d["path"]: d["score"] for d in _documents(ws)}
    assert {k: after[k] for k in before} == before
    opened.clear()
    _run(ws, force=True)  # --force starts from the files again
    assert len(opened) == DRAFTS + 1


def test_a_re_run_detects_copies_only_for_the_drafts_a_newcomer_is_aligned_with(ws, monkeypatch):
    import review.copying as copying

    detected: list[str] = []
    real = copying.detect

    def counting(draft, *args, **kwargs):
        detected.append(Path(draft.id).name)
        return real(draft, *args, **kwargs)

    monkeypatch.setattr(copying, "detect", counting)
    liuxi = ws / "inbox" / ROUND / "柳溪村党支部_主题教育实施方案.txt"
    copied = liuxi.read_text(encoding="gb18030").replace("柳溪村", "桃园村")
    (ws / "inbox" / ROUND / "桃园村_主题教育实施方案.txt").write_text(copied, encoding="utf-8")
    _run(ws)
    assert "桃园村_主题教育实施方案.txt" in detected and "柳溪村党支部_主题教育实施方案.txt" in detected
    # The round now has DRAFTS readable drafts; those the newcomer is not aligned with kept
    # the reports of the first run.
    assert len(detected) < DRAFTS
    kept = {d["path"]: (d["findings"], d["copy_ratio"]) for d in _documents(ws)}
    detected.clear()
    _run(ws, force=True)
    assert len(detected) == DRAFTS  # --force detects all again; the reports are the same
    assert {d["path"]: (d["findings"], d["copy_ratio"]) for d in _documents(ws)} == kept


def test_a_re_run_looks_up_only_the_new_draft_in_the_copy_indexes(ws, monkeypatch):
    import review.similarity.collisions as collisions
    import review.similarity.passages as passages

    looked_up: list[str] = []
    real, real_keys = passages.candidate_refs, collisions.key_hits

    def counting(index, prepared, *args):
        looked_up.append(prepared.mt.masked[:20])
        return real(index, prepared, *args)

    def counting_keys(index, keys):  # a newcomer, by the keys its reader made
        looked_up.append(keys.tobytes()[:20])
        return real_keys(index, keys)

    monkeypatch.setattr(passages, "candidate_refs", counting)
    monkeypatch.setattr(collisions, "candidate_refs", counting)
    monkeypatch.setattr(collisions, "key_hits", counting_keys)
    liuxi = ws / "inbox" / ROUND / "柳溪村党支部_主题教育实施方案.txt"
    copied = liuxi.read_text(encoding="gb18030").replace("柳溪村", "桃园村") + "\n桃园村补充一段。"
    (ws / "inbox" / ROUND / "桃园村_主题教育实施方案.txt").write_text(copied, encoding="utf-8")
    _run(ws)
    # the newcomer against the corpus and the peers, and once more as a peer of the others;
    # the first run's drafts are not looked up again
    assert len(looked_up) == 3
    kept = {d["path"]: (d["findings"], d["copy_ratio"], d.get("copy")) for d in _documents(ws)}
    _run(ws, force=True)  # looks every draft up, and finds what the re-run took back
    assert len(looked_up) == 3 + 2 * sum("copy" in d for d in _documents(ws))
    assert {d["path"]: (d["findings"], d["copy_ratio"], d.get("copy")) for d in _documents(ws)} == kept


def test_a_re_run_masks_and_signs_only_the_new_draft_for_the_peer_index(ws, monkeypatch):
    import review.copying as copying
    import review.similarity.bandcache as bandcache

    signed: list[str] = []  # the texts' first lines
    real = bandcache.ref_band_keys

    def counting(ref, *args):
        signed.append(ref.text.partition("\n")[0])
        return real(ref, *args)

    # where the draft is read (copying.peer_keys), or else for the index (BandKeys)
    monkeypatch.setattr(copying, "ref_band_keys", counting)
    monkeypatch.setattr(bandcache, "ref_band_keys", counting)
    new = "桃园村_主题教育实施方案.txt"
    liuxi = ws / "inbox" / ROUND / "柳溪村党支部_主题教育实施方案.txt"
    copied = liuxi.read_text(encoding="gb18030").replace("柳溪村", "桃园村") + "\n桃园村补充一段。"
    (ws / "inbox" / ROUND / new).write_text(copied, encoding="utf-8")
    _run(ws)
    assert signed == [copied.partition("\n")[0]]
    kept = {d["path"]: (d["findings"], d["copy_ratio"], d.get("copy")) for d in _documents(ws)}
    signed.clear()
    _run(ws, force=True)  # signs every draft again, and finds what the re-run took back
    assert len(signed) == DRAFTS  # the readable drafts, the newcomer among them
    assert {d["path"]: (d["findings"], d["copy_ratio"], d.get("copy")) for d in _documents(ws)} == kept


def test_a_re_run_reads_only_the_corpus_files_that_changed(ws, monkeypatch):
    import review.copying as copying

    parsed = _parsed(monkeypatch, copying)
    before = _documents(ws)
    _run(ws, force=True)  # reads every corpus file, and keeps their texts
    assert len(parsed) == 3 and _documents(ws) == before
    parsed.clear()
    _run(ws)
    assert parsed == []
    fanwen = next((ws / "corpus" / "fanwen").iterdir())
    fanwen.write_text(fanwen.read_text(encoding="utf-8") + "\n补充一段新的范文内容。", encoding="utf-8")
    _run(ws)
    assert parsed == [fanwen.name]
    assert len(list((ws / ".review" / "cache" / "corpus").glob("*.pkl"))) == 3  # the old text went


def test_the_same_bytes_under_another_name_take_that_names_doc_type_from_the_cache(ws, opened):
    from review.nlp.doctype import named_type

    plan = ws / "inbox" / ROUND / "河口镇" / "河口镇主题教育实施方案.docx"
    again = ws / "inbox" / ROUND / "河口镇" / "河口镇领导班子检视问题清单.docx"
    again.write_bytes(plan.read_bytes())
    _run(ws)
    assert opened == []  # read from the cache
    docs = {d["path"]: d for d in _documents(ws)}
    named = named_type(again.name)
    assert named is not None and named != docs[plan.relative_to(ws).as_posix()]["doc_type"]
    assert docs[again.relative_to(ws).as_posix()]["doc_type"] == named


class _Planted:
    """Unpickling this touches a file: what a planted cache entry could do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_cache_entry_not_signed_by_this_account_is_never_unpickled(ws, opened, tmp_path):
    import pickle

    entries = sorted((ws / ".review" / "cache" / "reads").rglob("*.pkl"))
    assert len(entries) == DRAFTS - 1  # all but the sample's unreadable draft
    marker = tmp_path / "planted-code-ran"
    entries[0].write_bytes(os.urandom(32) + pickle.dumps(_Planted(marker)))
    before = _documents(ws)
    _run(ws)
    assert not marker.exists()
    assert len(opened) == 1  # the planted entry's draft was read again
    assert _documents(ws) == before


def test_a_cache_deleted_while_the_run_reads_it_fails_only_those_drafts(tmp_path):
    # Between reading and reviewing, a draft's analysis and copy report live only in the
    # workspace's cache. Someone clearing .review/ mid-run costs those drafts their review,
    # with a row saying to run again, and not the batch.
    root = tmp_path / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    seen = []

    def progress(stage, found):
        seen.append(stage)
        if stage == "比对" and seen.count(stage) == DRAFTS:  # the last draft's copies are in
            shutil.rmtree(root / ".review" / "cache")

    result = run_batch(Workspace.load(root), ROUND, on_progress=progress)
    lost = [r for r in result.reviews if r.error and "在运行中被删除" in r.error]
    assert len(lost) == DRAFTS - 1  # all but the sample's unreadable draft
    assert all("请重新运行 review run" in r.error for r in lost)
    assert len(_run(root).reviewed_now) == DRAFTS - 1  # ... and the next run reviews them


def test_a_second_run_is_refused_until_the_holder_is_gone(ws):
    script = ("import sys, time\nfrom pathlib import Path\n"
              "from review.workspace.lock import workspace_lock\n"
              "with workspace_lock(Path(sys.argv[1]), 'review watch'):\n"
              "    print('locked', flush=True)\n    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(ws)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(ConfigError, match=f"正被另一个审阅进程使用（review watch，进程号 {holder.pid}"):
        _run(ws)
    holder.send_signal(signal.SIGKILL)  # killed: its lock goes with it, no stale state
    holder.wait()
    assert (ws / ".review" / "run.lock").exists()
    assert _run(ws).reviewed_now == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_a_batch_killed_midway_completes_on_the_next_run(reviewed, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    db = root / ".review" / "history.sqlite"
    run = subprocess.Popen([sys.executable, "-c", "from review.cli import app; app()", "run", str(root)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ, "COLUMNS": "120"})
    recorded = 0
    deadline = time.monotonic() + 120
    while recorded < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    recorded = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
            except sqlite3.OperationalError:  # the schema is being created
                pass
    assert run.poll() is None, "the run finished before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    with sqlite3.connect(db) as conn:
        killed_at = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    assert 3 <= killed_at < DRAFTS
    assert not (root / "outbox" / ROUND / "results.json").exists()

    result = _run(root)
    assert len(result.reviewed_now) == DRAFTS - killed_at  # what was recorded is kept
    with sqlite3.connect(db) as conn:
        per_file = conn.execute("SELECT s.rel_path, COUNT(r.id) FROM submissions s "
                                "LEFT JOIN reviews r ON r.submission_id = s.id GROUP BY s.id").fetchall()
    assert len(per_file) == DRAFTS and all(n == 1 for _, n in per_file)
    # The same results as a run that was never interrupted.
    clean = {d["path"]: (d["status"], d["score"], len(d["findings"])) for d in _documents(reviewed)}
    assert {d["path"]: (d["status"], d["score"], len(d["findings"])) for d in _documents(root)} == clean
    leftovers = [p for p in (root / "outbox").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_each_unit_gets_its_letter_and_a_second_draft_gets_its_own(ws):
    docs = _documents(ws)
    letters = {d["unit"]: d["opinion"] for d in docs if d["status"] == "reviewed"}
    assert letters["河口镇"] == "outbox/第1轮/河口镇/审阅意见.docx"
    assert all((ws / p).is_file() for p in letters.values())
    assert not any("opinion" in d for d in docs if d["status"] == "unreadable")
    assert (ws / "outbox" / ROUND / "report.html").is_file()

    folder = ws / "inbox" / ROUND / "河口镇"
    shutil.copy(ws / "inbox" / ROUND / "城关街道_领导班子检视问题清单.txt", folder / "河口镇检视问题清单.txt")
    _run(ws)
    letters = sorted(p.name for p in (ws / "outbox" / ROUND / "河口镇").glob("审阅意见*.docx"))
    assert letters == ["审阅意见（河口镇主题教育实施方案）.docx", "审阅意见（河口镇检视问题清单）.docx"]


LEDGER = """星火科技有限公司主题教育检视问题整改清单
一、理论学习不够深入
问题：支部学习以读文件为主，研讨不深。整改措施：每月开展1次专题研讨，由支部书记领学。整改目标：2023年底前形成研讨成果3篇。责任单位：星火科技。完成时限：2023年10月31日前。
二、服务群众不够主动
问题：走访困难职工不够经常。整改措施：建立困难职工台账，每季度走访1次。整改目标：2023年底前走访覆盖全部困难职工。责任单位：星火科技。完成时限：2023年12月31日前。
"""


def _ledger_alone(root: Path, extra_units: int = 0) -> Path:
    """The sample workspace with only LEDGER in its round, and `extra_units` more villages
    in its roster."""
    inbox = root / "inbox" / ROUND
    shutil.rmtree(inbox)
    inbox.mkdir()
    (inbox / "星火科技有限公司_检视问题清单.txt").write_text(LEDGER, encoding="utf-8")
    with (root / "units.csv").open("a", encoding="utf-8") as roster:
        roster.writelines(f"新建第{n}村,新建第{n}村党支部,village,branch\n" for n in range(extra_units))
    return root


def test_a_draft_reviewed_from_the_read_cache_still_knows_the_roster(tmp_path):
    """The read cache keeps no roster names (a county's would be most of each entry): the
    review puts them back, so "星火科技" — the roster's alias of 星火科技有限公司, named
    by no owner word — counts as each item's owner."""
    root = tmp_path / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    _run(_ledger_alone(root))
    (ledger,) = _documents(root)
    assert ledger["doc_type"] == "problem_list"
    assert [f["rule"] for f in ledger["findings"] if f["rule"] == "rectify.owner"] == []


def test_read_cache_entries_do_not_grow_with_the_roster(tmp_path):
    sizes = []
    for extra in (0, 3000):
        root = tmp_path / f"ws{extra}"
        shutil.copytree(data_path("corpus", "sample_workspace"), root)
        _run(_ledger_alone(root, extra))
        (entry,) = (root / ".review" / "cache" / "reads").rglob("*.pkl")
        sizes.append(entry.stat().st_size)
    assert sizes[1] < sizes[0] * 1.1, sizes
