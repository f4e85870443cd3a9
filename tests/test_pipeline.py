"""End to end: the bundled sample workspace and a batch of bad files, through the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from pdf_factory import image_only_pdf, soffice_convert
from typer.testing import CliRunner

from review.cli import app
from review.data import data_path
from review.ingest.docx import read_tree
from review.ingest.parse import parse
from review.write.comments import read_comments
from review.write.results import validate

runner = CliRunner()
HAS_SOFFICE = shutil.which("soffice") is not None


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("ws") / "示例"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    before = _hashes(root / "inbox")
    result = runner.invoke(app, ["run", str(root)])
    assert result.exit_code == 0, result.output
    assert _hashes(root / "inbox") == before, "the inbox must never change"
    data = json.loads((root / "outbox" / "第1轮" / "results.json").read_text(encoding="utf-8"))
    return root, data


def _doc(data: dict, unit: str) -> dict:
    return next(d for d in data["documents"] if d["unit"] == unit)


def test_results_json_follows_the_schema(sample):
    _, data = sample
    validate(data)
    assert data["campaign"] == "2023" and data["round"] == "第1轮"
    assert len(data["documents"]) == len(list((sample[0] / "inbox" / "第1轮").rglob("*.*"))) - 0


def test_every_readable_draft_gets_an_annotated_word_file(sample):
    root, data = sample
    for d in data["documents"]:
        if d["status"] == "reviewed":
            assert d["annotated"].endswith(".审阅.docx")
            assert (root / d["annotated"]).is_file()
        else:
            assert d["annotated"] is None


def test_each_comment_encloses_exactly_its_quote(sample):
    root, data = sample
    checked = 0
    for d in data["documents"]:
        if d["status"] != "reviewed":
            continue
        comments = read_comments((root / d["annotated"]).read_bytes())
        anchored = [c.anchored for c in comments]
        for f in d["findings"]:
            if f["quote"]:
                assert f["quote"] in anchored, (d["unit"], f["quote"])
                checked += 1
        # the first comment is the overall verdict, on the title
        assert comments[0].text.startswith("【审阅结论】")
        assert f"{d['score']:g} 分" in comments[0].text
    assert checked >= 10


# Every fault planted in the sample drafts, by finding category: (unit, rule).
PLANTED = {
    "missing_required_action": [("河口镇", "plan.measures.development"),
                                ("柳溪村", "level.branch.ten_ones")],
    "thin_required_action": [("柳溪村", "plan.measures.research.thin"),
                             ("河口镇", "plan.measures.rectification.thin")],
    "missing_section": [("清河县第一中学", "selfexam.part.causes")],
    "too_few_items": [("县人民医院", "level.leadership.problem_list_count"),
                      ("城关街道", "level.leadership.problem_list_count")],
    "missing_category_content": [("柳溪村", "category.village.rural_regulation")],  # 农村工作条例
    "no_local_features": [("柳溪村", "plan.local_features"), ("河口镇", "plan.local_features")],
    "vague_problem": [("清河县第一中学", "selfexam.problem.vague")],
    "achievement_as_problem": [("清河县第一中学", "selfexam.problem.achievement")],  # 虽然……但……
    "rectification_no_target": [("县人民医院", "rectify.target")],
    "rectification_no_measure": [("城关街道", "rectify.measures"),  # only 进一步加强学习
                                 ("清河县第一中学", "selfexam.measures.vague")],
    "rectification_no_owner": [("县人民医院", "rectify.owner")],
    "rectification_no_deadline": [("县人民医院", "rectify.deadline"), ("县城投集团", "rectify.deadline")],
    "placeholder_left": [("柳溪村", "copying.placeholder")],
    "foreign_name": [("柳溪村", "copying.foreign_name"), ("石桥乡", "copying.foreign_name")],
    "wrong_campaign_term": [("河口镇", "terms.campaign_2019_in_2023")],
    "schedule_inconsistent": [("石桥乡", "plan.schedule.in_period")],  # 2024年3月底前
    "boilerplate": [("清河县第一中学", "style.boilerplate"), ("清河县第一中学", "style.boilerplate.dense")],
}


@pytest.mark.parametrize("category", PLANTED)
def test_faults_planted_in_the_sample_are_found(sample, category):
    _, data = sample
    for unit, rule in PLANTED[category]:
        found = [f for f in _doc(data, unit)["findings"] if f["rule"] == rule]
        assert found and all(f["category"] == category for f in found), (unit, rule)


def test_boilerplate_ratio_marks_the_stock_phrase_draft_not_the_concrete_ones(sample):
    _, data = sample
    assert _doc(data, "清河县第一中学")["boilerplate_ratio"] > 0.3
    for unit in ("县委办公室", "县教育局", "星火科技有限公司"):
        assert _doc(data, unit)["boilerplate_ratio"] < 0.10, unit


def test_good_drafts_have_no_error_or_warning(sample):
    _, data = sample
    for unit in ("县委办公室", "县教育局"):
        serious = [f for f in _doc(data, unit)["findings"] if f["severity"] in ("error", "warning")]
        assert serious == [], unit


def test_copies_are_found_with_their_sources(sample):
    _, data = sample
    village, town, stranger = _doc(data, "柳溪村"), _doc(data, "河口镇"), _doc(data, "石桥乡")
    assert village["copy_ratio"] > 0.8  # the county plan with 县 → 村
    template = [f for f in village["findings"] if f["category"] == "copied_template"]
    assert template and all(f["source"]["path"].startswith("corpus/templates/") for f in template)
    assert any(f["category"] == "copied_prior" for f in town["findings"])  # its 2019 plan
    copied = [f for f in stranger["findings"] if f["category"] == "copied_peer"]
    assert {f["source"]["unit"] for f in copied} == {"河口镇"}
    # the file's name says whose it is: the unit is not named again in front of it
    assert all("本批材料《河口镇主题教育实施方案.docx》" in f["message"] for f in copied)
    school = _doc(data, "清河县第一中学")
    assert any(f["source"]["path"].startswith("corpus/fanwen/") for f in school["findings"]
               if f["category"] == "copied_template")
    for good in ("县委办公室", "县教育局"):
        assert not [f for f in _doc(data, good)["findings"] if f["category"].startswith("copied")]
    hospital = _doc(data, "县人民医院")
    owners = [f["message"] for f in hospital["findings"] if f["rule"] == "rectify.owner"]
    assert any(m.startswith("第 2 项") for m in owners) and any(m.startswith("第 5 项") for m in owners)


def test_good_drafts_pass(sample):
    _, data = sample
    for unit in ("县委办公室", "县教育局"):
        assert _doc(data, unit)["verdict"] == "pass"


def test_unreadable_and_unknown_units_are_rows_not_failures(sample):
    _, data = sample
    broken = _doc(data, "东风社区")
    assert broken["status"] == "unreadable"
    assert "损坏" in broken["error"] and "请" in broken["error"]
    stranger = _doc(data, "石桥乡")
    assert stranger["unit_known"] is False and stranger["status"] == "reviewed"


def test_pdf_and_text_drafts_come_back_as_word(sample):
    root, data = sample
    for unit in ("县城投集团", "柳溪村", "城关街道"):
        d = _doc(data, unit)
        assert Path(d["path"]).suffix in (".pdf", ".txt")
        rebuilt, _ = read_tree(docx.Document(str(root / d["annotated"])))
        original = parse(root / d["path"]).document
        assert rebuilt.text == original.text
        assert len(rebuilt.tables()) == len(original.tables())


def test_summary_workbook_has_a_row_per_draft(sample):
    root, data = sample
    wb = load_workbook(root / "outbox" / "第1轮" / "汇总表.xlsx")
    overview = wb["总览"]
    units = {row[0] for row in overview.iter_rows(min_row=2, values_only=True)}
    assert units == {d["unit"] for d in data["documents"]}
    assert wb["问题明细"].max_row - 1 == sum(len(d["findings"]) for d in data["documents"])


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice（soffice）未安装")
def test_libreoffice_converts_every_annotated_file(sample, tmp_path):
    root, data = sample
    files = [str(root / d["annotated"]) for d in data["documents"] if d["annotated"]]
    pdfs = soffice_convert(files, "pdf", tmp_path)
    assert all(p.stat().st_size > 1000 for p in pdfs)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdfs[0]),
                        str(tmp_path / "page")], check=True, timeout=120)
        assert list(tmp_path.glob("page*.png"))


def _workspace(tmp_path: Path) -> Path:
    assert runner.invoke(app, ["init", str(tmp_path / "ws"), "--reviewer", "县委第三指导组"]).exit_code == 0
    return tmp_path / "ws"


def test_a_batch_of_bad_files_completes_and_explains_each(tmp_path):
    root = _workspace(tmp_path)
    inbox = root / "inbox" / "第1轮"
    good = docx.Document()
    good.add_paragraph("甲单位主题教育实施方案")
    good.add_paragraph("一、理论学习。二、调查研究。三、推动发展。四、检视整改。2023年9月启动。")
    good.save(str(inbox / "甲单位_实施方案.docx"))
    bad = {
        "乙单位_空文件.docx": b"",
        "丙单位_加密.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
        + "EncryptionInfo".encode("utf-16-le"),
        "丁单位_扫描件.pdf": image_only_pdf(),
        "戊单位_改名.pdf": (inbox / "甲单位_实施方案.docx").read_bytes(),
        "己单位_表格.xlsx": b"PK\x03\x04rest",
        "庚单位_乱码.txt": bytes(range(256)) * 4,
    }
    for name, data in bad.items():
        (inbox / name).write_bytes(data)
    (root / "corpus" / "templates" / "县委方案.docx").write_bytes(b"PK\x03\x04broken")
    before = _hashes(inbox)
    result = runner.invoke(app, ["run", str(root)])
    assert result.exit_code == 0, result.output
    assert "参考材料无法读取" in result.output and "县委方案.docx" in result.output
    assert _hashes(inbox) == before
    data = json.loads((root / "outbox" / "第1轮" / "results.json").read_text(encoding="utf-8"))
    validate(data)
    by_unit = {d["unit"]: d for d in data["documents"]}
    assert by_unit["甲单位"]["status"] == "reviewed"
    expected = {"乙单位": "为空", "丙单位": "密码", "丁单位": "文字层", "戊单位": "扩展名",
                "己单位": "不支持", "庚单位": "文本"}
    for unit, words in expected.items():
        row = by_unit[unit]
        assert row["status"] == "unreadable", unit
        assert words in row["error"], (unit, row["error"])


@pytest.mark.soffice
@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice（soffice）未安装")
def test_legacy_doc_is_converted_and_annotated(tmp_path):
    root = _workspace(tmp_path)
    src = tmp_path / "src.docx"
    d = docx.Document()
    d.add_paragraph("辛单位主题教育实施方案")
    d.add_paragraph("由XX同志负责理论学习。")
    d.save(str(src))
    (legacy,) = soffice_convert([src], "doc", tmp_path)
    shutil.copy(legacy, root / "inbox" / "第1轮" / "辛单位_实施方案.doc")
    assert runner.invoke(app, ["run", str(root)]).exit_code == 0
    data = json.loads((root / "outbox" / "第1轮" / "results.json").read_text(encoding="utf-8"))
    row = data["documents"][0]
    assert row["status"] == "reviewed"
    comments = read_comments((root / row["annotated"]).read_bytes())
    assert "XX" in [c.anchored for c in comments]


def test_usage_errors_exit_2_with_a_chinese_message(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "工作区目录不存在" in result.output
    root = _workspace(tmp_path)
    result = runner.invoke(app, ["run", str(root), "--round", "第9轮"])
    assert result.exit_code == 2 and "第9轮" in result.output
    (root / "review.toml").write_text('campaign = "2023"\nreviewr = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(root)])
    assert result.exit_code == 2 and "reviewr" in result.output


def test_demo_copies_and_runs_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "审阅示例" / "outbox" / "第1轮" / "汇总表.xlsx").is_file()
    assert "汇总表" in result.output


def test_rules_commands():
    listed = runner.invoke(app, ["rules", "list", "--doc-type", "problem_list"])
    assert listed.exit_code == 0 and "rectify.owner" in listed.output
    assert "plan.measures.research" not in listed.output
    assert runner.invoke(app, ["rules", "check"]).exit_code == 0
    assert runner.invoke(app, ["rules", "test"]).exit_code == 0
    explained = runner.invoke(app, ["rules", "explain", "rectify.owner"])
    assert explained.exit_code == 0 and "整改无责任主体" in explained.output
    unknown = runner.invoke(app, ["rules", "explain", "rectify.nobody"])
    assert unknown.exit_code == 2 and "rectify.owner" in unknown.output


def test_summary_shows_the_copy_ratio(sample):
    root, data = sample
    ws = load_workbook(root / "outbox" / "第1轮" / "汇总表.xlsx")["总览"]
    headers = [c.value for c in ws[1]]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    ratio = rows["柳溪村"][headers.index("雷同率")]
    assert ratio == _doc(data, "柳溪村")["copy_ratio"] and ratio > 0.8


def test_peer_pairs_and_clusters_sheet(sample):
    root, data = sample
    ws = load_workbook(root / "outbox" / "第1轮" / "汇总表.xlsx")["雷同分析"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    top = rows[0]
    assert {top[0], top[2]} == {"河口镇", "石桥乡"} and top[4] > 0.5 and top[6] == "第1群"
    town = _doc(data, "河口镇")["copy"]
    assert town["sources"][0]["unit"] == "石桥乡"
    assert any(s["set"] == "prior" and s["unit"] == "河口镇" for s in town["sources"])
    assert town["excluding_quotes"] <= _doc(data, "河口镇")["copy_ratio"]
