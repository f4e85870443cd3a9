"""Two rounds of the sample workspace: what was fixed, what came back unchanged, and the
history that remembers it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from review.cli import app
from review.data import data_path
from review.write.comments import read_comments

runner = CliRunner()
ROUND1 = "inbox/第1轮"


def _round2(root: Path) -> None:
    """Round 2 as units send it back: 城关街道 fixed its vague measure, 柳溪村 sent the same
    file again, 县人民医院 named one missing owner of two, 河口镇 renamed its file only."""
    r1, r2 = root / ROUND1, root / "inbox" / "第2轮"
    r2.mkdir()
    text = (r1 / "城关街道_领导班子检视问题清单.txt").read_text(encoding="utf-8")
    fixed = text.replace("进一步加强学习，提高认识，增强学用结合的自觉性。",
                         "每季度围绕街道拆迁安置、老旧小区改造各开展1次专题研讨，12月底前形成2份调研报告。")
    assert fixed != text
    (r2 / "城关街道_领导班子检视问题清单.txt").write_text(fixed, encoding="utf-8")
    shutil.copy2(r1 / "柳溪村党支部_主题教育实施方案.txt", r2 / "柳溪村党支部_主题教育实施方案.txt")
    (r2 / "县人民医院").mkdir()
    hospital = docx.Document(r1 / "县人民医院" / "县人民医院领导班子主题教育检视问题清单.docx")
    owner = hospital.tables[0].rows[2].cells[4]
    assert owner.text == ""
    owner.paragraphs[0].add_run("分管副院长王强")
    hospital.save(r2 / "县人民医院" / "县人民医院领导班子主题教育检视问题清单（修改稿）.docx")
    (r2 / "河口镇").mkdir()
    # A unit new in round 2 sends 县一中's round-1 material with the school's name changed.
    school = docx.Document(r1 / "县一中_主题教育专题组织生活会对照检查材料.docx")
    for para in school.paragraphs:
        for run in para.runs:
            run.text = run.text.replace("第一中学", "第二中学")
    school.save(r2 / "县二中_主题教育专题组织生活会对照检查材料.docx")
    town = "河口镇主题教育实施方案"
    shutil.copy2(r1 / "河口镇" / f"{town}.docx", r2 / "河口镇" / f"{town}v2.docx")


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("rounds") / "ws"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    assert runner.invoke(app, ["run", str(root)]).exit_code == 0
    _round2(root)
    result = runner.invoke(app, ["run", str(root), "--round", "第2轮"])
    assert result.exit_code == 0, result.output
    data = json.loads((root / "outbox" / "第2轮" / "results.json").read_text(encoding="utf-8"))
    return root, {d["unit"]: d for d in data["documents"]}


def test_fixed_draft_resolves_its_comment(rounds):
    _, docs = rounds
    street = docs["城关街道"]
    assert "rectify.measures" not in {f["rule"] for f in street["findings"]}
    assert street["rounds"]["resolved"] >= 1 and street["rounds"]["score_change"] > 0
    assert street["rounds"]["previous_round"] == "第1轮" and street["drafts"] == 2


def test_unchanged_draft_is_said_to_be_unchanged(rounds):
    root, docs = rounds
    village = docs["柳溪村"]
    r = village["rounds"]
    assert r["identical"] and r["unchanged_ratio"] == 1.0
    assert r["resolved"] == 0 and r["unrevised"] == r["previous_findings"] > 10
    unrevised = [f for f in village["findings"] if f["category"] == "unrevised"]
    assert len(unrevised) == r["unrevised"]
    assert all(f["message"].startswith("上轮意见未修改") for f in unrevised)
    assert village["drafts"] == 2  # sent twice, even if unchanged
    comments = read_comments((root / village["annotated"]).read_bytes())
    assert any("完全相同" in c.text for c in comments)


def test_partly_fixed_draft(rounds):
    _, docs = rounds
    hospital = docs["县人民医院"]
    owners = [f["message"] for f in hospital["findings"] if f["rule"] == "rectify.owner"]
    assert [m[:5] for m in owners] == ["第 5 项"]
    r = hospital["rounds"]
    assert r["resolved"] >= 1 and r["unrevised"] >= 1 and 0.9 < r["unchanged_ratio"] < 1
    quotes = [f["quote"] for f in hospital["findings"] if f["category"] == "unrevised"]
    assert any("急诊绿色通道" in q for q in quotes)  # item 5, still without an owner


def test_renamed_file_pairs_with_its_earlier_draft(rounds):
    _, docs = rounds
    town = docs["河口镇"]
    assert town["rounds"]["identical"]
    assert town["rounds"]["previous_path"].endswith("河口镇主题教育实施方案.docx")


def test_a_draft_copied_from_another_units_earlier_round_is_found(rounds):
    _, docs = rounds
    copied = [f for f in docs["县二中"]["findings"]
              if f["category"] == "copied_peer" and f["source"]["set"] == "history"]
    assert copied and all(f["source"]["path"].startswith("inbox/第1轮/县一中") for f in copied)
    assert {f["source"]["unit"] for f in copied} == {"清河县第一中学"}


def test_summary_shows_the_rounds(rounds):
    root, docs = rounds
    ws = load_workbook(root / "outbox" / "第2轮" / "汇总表.xlsx")["总览"]
    rows = list(ws.iter_rows(values_only=True))
    table = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    street = table["城关街道"]
    assert street["稿次"] == 2 and street["上轮得分"] < street["得分"]
    assert street["分数变化"] == docs["城关街道"]["rounds"]["score_change"]
    assert table["柳溪村"]["未修改"] == docs["柳溪村"]["rounds"]["unrevised"]


def test_rerunning_a_round_records_nothing_twice(rounds):
    import sqlite3

    root, _ = rounds
    db = root / ".review" / "history.sqlite"
    count = "SELECT COUNT(*) FROM reviews"
    before = sqlite3.connect(db).execute(count).fetchone()[0]
    assert runner.invoke(app, ["run", str(root), "--round", "第2轮"]).exit_code == 0
    assert sqlite3.connect(db).execute(count).fetchone()[0] == before


def test_rerunning_a_round_prepares_no_earlier_round_text_again(rounds, tmp_path, monkeypatch):
    # Every run of round 2 compares its drafts with round 1's: their texts, normalized and
    # split into sentences, are kept by the text (1,000 earlier drafts took 2.1 s a run).
    import review.copying as copying

    root = tmp_path / "ws"
    shutil.copytree(rounds[0], root)
    before = (root / "outbox" / "第2轮" / "results.json").read_text(encoding="utf-8")
    normalized: list[str] = []
    real = copying.normalize
    monkeypatch.setattr(copying, "normalize", lambda raw: normalized.append(raw) or real(raw))
    assert runner.invoke(app, ["run", str(root), "--round", "第2轮", "--force"]).exit_code == 0
    assert len(normalized) == 10  # round 1's readable drafts, prepared again by --force
    normalized.clear()
    assert runner.invoke(app, ["run", str(root), "--round", "第2轮"]).exit_code == 0
    assert normalized == []
    after = (root / "outbox" / "第2轮" / "results.json").read_text(encoding="utf-8")
    assert json.loads(after)["documents"] == json.loads(before)["documents"]


def test_status_lists_each_round_and_who_has_not_sent(rounds):
    root, _ = rounds
    (root / "inbox" / "第2轮" / "城关街道_补充说明.txt").write_text("补充说明。", encoding="utf-8")
    result = runner.invoke(app, ["status", str(root)])
    assert result.exit_code == 0, result.output
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines()
             if line.count("│") >= 6 and "轮" in line.split("│")[1]}
    first = [c.strip() for c in lines["第1轮"].split("│")[2:7]]
    assert first == ["11", "10", "1", "0", "1"]  # 东风社区 unreadable; only 桃园村 sent nothing
    assert "城关街道_补充说明.txt" in result.output  # waiting for the next run
    assert "催报名单" in result.output and "桃园村" in result.output
