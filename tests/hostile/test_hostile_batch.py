"""The whole hostile set in one round of the sample workspace, through `run_batch`.

The batch must finish, give every hostile file its row with a Chinese reason and what to do,
still review the sample's good drafts, write nothing outside outbox/ (and the tool's own
.review/), and leave every inbox byte as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from hostile import files
from review.data import data_path
from review.ingest.limits import MB
from review.pipeline import run_batch
from review.workspace.config import Workspace

ROUND = "第1轮"
SECRET = "机密-外部实体-9c41"
GOOD = files.good_docx()

# file (relative to the round folder) → (status, words its error must hold)
EXPECTED = {
    "甲单位_压缩炸弹.docx": ("unreadable", ["解压后共", "200 MB 的上限"]),
    "乙单位_实体炸弹.docx": ("unreadable", ["DOCTYPE", "特制"]),
    "丙单位_外部实体.docx": ("unreadable", ["DOCTYPE", "特制"]),
    "丁单位_加密.docx": ("unreadable", ["打开密码", "取消密码"]),
    "戊单位_加密.pdf": ("unreadable", ["打开密码"]),
    "己单位_扫描件.pdf": ("unreadable", ["没有文字层"]),
    "庚单位_空文件.docx": ("unreadable", ["文件为空（0 字节）"]),
    "辛单位_改名.pdf": ("unreadable", ["扩展名为 .pdf", "Word 文档（.docx）"]),
    "壬单位_文本.docx": ("unreadable", ["扩展名为 .docx", "纯文本文件"]),
    "癸单位_整改台账.pdf": ("reviewed", []),  # 300 pages: the limit is inclusive
    "子单位_汇编.pdf": ("unreadable", ["共 301 页", "300 页的上限"]),
    "丑单位_宏.docm": ("reviewed", []),
    "寅单位_巨大.docx": ("unreadable", ["文件大小为 101 MB", "100 MB 的上限"]),
    "卯单位_截断.docx": ("unreadable", ["已损坏"]),
    "辰单位_截断.pdf": ("unreadable", ["不完整"]),
    "巳单位_压缩包路径.docx": ("unreadable", ["异常的路径"]),
    "午单位_..\\..\\..\\逃逸.docx": ("reviewed", []),
    "未单位..\\..\\/方案.docx": ("reviewed", []),  # a unit folder with traversal in its name
}


def _hostile(secret_uri: str) -> dict[str, bytes]:
    return {
        "甲单位_压缩炸弹.docx": files.zip_bomb(),
        "乙单位_实体炸弹.docx": files.billion_laughs(),
        "丙单位_外部实体.docx": files.external_entity(secret_uri),
        "丁单位_加密.docx": files.encrypted_docx(),
        "戊单位_加密.pdf": files.encrypted_pdf(),
        "己单位_扫描件.pdf": files.scanned_pdf(),
        "庚单位_空文件.docx": b"",
        "辛单位_改名.pdf": GOOD,
        "壬单位_文本.docx": files.TEXT_DRAFT,
        "癸单位_整改台账.pdf": files.pages_pdf(300),
        "子单位_汇编.pdf": files.pages_pdf(301),
        "丑单位_宏.docm": files.docm(),
        "卯单位_截断.docx": files.truncated(GOOD),
        "辰单位_截断.pdf": files.truncated(files.pages_pdf(2)),
        "巳单位_压缩包路径.docx": files.with_member("../../../outside.xml"),
        "午单位_..\\..\\..\\逃逸.docx": GOOD,
        "未单位..\\..\\/方案.docx": GOOD,
    }


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    top = tmp_path_factory.mktemp("hostile")
    secret = top / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    root = top / "工作区"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    round_dir = root / "inbox" / ROUND
    good_sample = sorted(p.relative_to(root).as_posix() for p in round_dir.rglob("*.*"))
    for name, data in _hostile(secret.as_uri()).items():
        path = round_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    with (round_dir / "寅单位_巨大.docx").open("wb") as fh:  # sparse: no disk used
        fh.truncate(101 * MB)
    before = _snapshot(top)
    result = run_batch(Workspace.load(root), ROUND)
    after = _snapshot(top)
    data = json.loads(result.results_path.read_text(encoding="utf-8"))
    rows = {d["path"].removeprefix(f"inbox/{ROUND}/"): d for d in data["documents"]}
    return root, top, before, after, rows, good_sample


def test_every_hostile_file_has_its_status_and_a_reason_saying_what_to_do(batch):
    *_, rows, _ = batch
    for name, (status, words) in EXPECTED.items():
        row = rows[name]
        assert row["status"] == status, (name, row["error"])
        if status == "unreadable":
            assert row["annotated"] is None
            for word in words:
                assert word in row["error"], (name, row["error"])
            assert "请" in row["error"] and "报送" in row["error"], (name, row["error"])


def test_the_samples_good_drafts_are_still_reviewed(batch):
    root, *_, rows, good_sample = batch
    for rel in good_sample:
        row = rows[rel.removeprefix(f"inbox/{ROUND}/")]
        expected = "unreadable" if "东风社区" in rel else "reviewed"  # the sample's broken file
        assert row["status"] == expected, (rel, row["error"])
        if expected == "reviewed":
            assert (root / row["annotated"]).is_file()


def test_nothing_outside_outbox_changed_and_the_inbox_is_untouched(batch):
    root, top, before, after, *_ = batch
    workspace = root.relative_to(top).as_posix()
    tool_owned = (f"{workspace}/outbox/", f"{workspace}/.review/")
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed and all(p.startswith(tool_owned) for p in changed), sorted(changed)
    inbox = f"{workspace}/inbox/"
    assert {p: h for p, h in before.items() if p.startswith(inbox)} == {
        p: h for p, h in after.items() if p.startswith(inbox)}


def test_every_output_lies_inside_the_rounds_outbox(batch):
    root, *_, rows, _ = batch
    outbox = (root / "outbox" / ROUND).resolve()
    for row in rows.values():
        if row["annotated"]:
            assert (root / row["annotated"]).resolve().is_relative_to(outbox), row["annotated"]
    for path in (root / "outbox").rglob("*"):
        assert path.resolve().is_relative_to(outbox) or path.name == ".gitkeep", path


def test_the_external_entitys_target_never_reaches_any_output(batch):
    root, *_ = batch
    for folder in (root / "outbox", root / ".review"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert SECRET.encode() not in data and SECRET.encode("utf-16-le") not in data, path


def test_macro_document_comes_back_as_a_plain_docx(batch):
    root, *_, rows, _ = batch
    annotated = root / rows["丑单位_宏.docm"]["annotated"]
    assert annotated.suffix == ".docx"
    with zipfile.ZipFile(io.BytesIO(annotated.read_bytes())) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
        assert b"macroEnabled" not in z.read("[Content_Types].xml")


def _one_draft_batch(tmp_path: Path, rel: str, data: bytes) -> dict:
    root = tmp_path / "工作区"
    shutil.copytree(data_path("corpus", "sample_workspace"), root,
                    ignore=shutil.ignore_patterns(ROUND))
    path = root / "inbox" / ROUND / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    result = run_batch(Workspace.load(root), ROUND)
    return json.loads(result.results_path.read_text(encoding="utf-8"))["documents"][0]


def test_control_characters_in_a_unit_folder_do_not_stop_the_batch(tmp_path):
    row = _one_draft_batch(tmp_path, "控制\x01字符单位/方案.docx", GOOD)
    assert row["status"] == "reviewed"


def test_a_long_chinese_file_name_does_not_stop_the_batch(tmp_path):
    row = _one_draft_batch(tmp_path, "长" * 78 + ".docx", GOOD)
    assert row["status"] == "reviewed"
