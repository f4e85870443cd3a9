"""汇总表.xlsx: sheets, headers, counts, order, links and layout, read back with openpyxl."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from factories import submission
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from review.categories import CATEGORIES
from review.model import Finding, Review, Unit
from review.pipeline import run_batch
from review.rules.loader import configure, load_rules
from review.workspace.config import Workspace
from review.workspace.init import create_workspace
from review.write import summary
from review.write.summary import (
    OVERVIEW_LEAD,
    OVERVIEW_TAIL,
    EarlierRound,
    RatioBands,
    boilerplate_bands,
    display_width,
    resolve_annotated,
    write_summary,
)

GENERATED = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=8)))
QUOTE = "深入开展调查研究，\n切实解决群众“急难愁盼”问题"


def finding(category: str, severity: str = "warning", **kw) -> Finding:
    values = {
        "rule": f"test.{category}",
        "category": category,
        "dimension": CATEGORIES[category][1],
        "severity": severity,
        "message": "未见具体安排",
        "quote": "",
        "start": 0,
        "end": 8,
    }
    values.update(kw)
    return Finding(**values)


def reviewed(unit: str, score: float, verdict: str, findings=(), *, known: bool = True,
             dims: dict[str, float] | None = None):
    name = f"{unit}主题教育实施方案.docx"
    return Review(
        submission=submission(unit, name, known=known),
        status="reviewed",
        doc_type="implementation_plan" if dims else None,
        dimension_scores=dims or {},
        score=score,
        verdict=verdict,
        findings=list(findings),
        annotated=f"outbox/第1轮/{unit}/{unit}主题教育实施方案.审阅.docx",
    )


def make_reviews() -> list[Review]:
    return [
        reviewed("新华社区", 91, "pass", known=False),
        Review(
            submission=submission("城关镇", "城关镇学习计划.pdf"),
            status="unreadable",
            error="PDF 为扫描件，没有文字层，请报送 Word 版本",
        ),
        reviewed(
            "河口镇",
            72.5,
            "revise",
            [
                finding(
                    "copied_template",
                    quote=QUOTE,
                    start=2000,
                    end=2000 + len(QUOTE),
                    message="此段与《县委实施方案》高度相似",
                    suggestion="结合本镇实际重写",
                ),
                finding("missing_required_action", "error"),
            ],
            dims={"规定动作": 25, "自选动作": 10, "时间进度": 15, "问题导向": 10, "照搬照抄": 7.5,
                  "分级分类": 5, "规范提法": 5, "文风": 5},
        ),
        reviewed("东岭乡", 60, "revise", [finding("boilerplate", "info", quote="高度重视")]),
        reviewed(
            "西坪镇",
            40,
            "redo",
            [
                finding("missing_required_action", "error"),
                finding("missing_required_action", "error", start=30, end=40),
                # Text from a draft that looks like a formula, with a stray control character.
                finding("placeholder_left", message="=XX单位\x07未替换", quote="XX"),
            ],
        ),
    ]


@pytest.fixture
def outbox(tmp_path) -> Path:
    return tmp_path / "ws" / "outbox" / "第1轮"


@pytest.fixture
def book(outbox):
    path = outbox / "汇总表.xlsx"
    write_summary(
        path,
        make_reviews(),
        campaign="2023",
        round_name="第1轮",
        outbox_dir=outbox,
        generated_at=GENERATED,
    )
    return load_workbook(path)


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_sheets(book):
    assert book.sheetnames == ["总览", "问题明细", "轮次对比", "催报", "雷同分析", "说明"]


def test_overview_headers_only_show_categories_in_the_batch(book):
    headers = [c.value for c in book["总览"][1]]
    # In CATEGORIES order, whatever order they occur in.
    used = ["规定动作缺项", "照搬上级文件或范文", "模板占位符未替换", "空话套话"]
    assert headers == [*OVERVIEW_LEAD, *used, *OVERVIEW_TAIL]


def test_overview_sorted_by_verdict_then_score(book):
    rows = table(book["总览"])
    assert [r["单位"] for r in rows] == ["西坪镇", "东岭乡", "河口镇", "新华社区", "城关镇"]
    assert [r["结论"] for r in rows] == ["退回重做", "修改完善", "修改完善", "通过", None]
    assert [r["状态"] for r in rows][-1] == "无法读取"


def test_overview_values_and_counts(book):
    rows = {r["单位"]: r for r in table(book["总览"])}
    hekou = rows["河口镇"]
    assert hekou["是否在名册"] == "是"
    assert hekou["单位类别"] == "镇（街道）"
    assert hekou["层级"] == "科级领导班子"
    assert hekou["文件"] == "河口镇主题教育实施方案.docx"
    assert hekou["材料类型"] == "实施方案"
    assert hekou["状态"] == "已审阅"
    assert hekou["得分"] == 72.5
    assert hekou["失分维度"] == "规定动作 25/35；照搬照抄 7.5/15"
    assert hekou["照搬上级文件或范文"] == 1
    assert hekou["规定动作缺项"] == 1
    assert hekou["空话套话"] is None  # blank, not 0
    assert (hekou["问题总数"], hekou["必须修改"]) == (2, 1)

    xiping = rows["西坪镇"]
    assert (xiping["规定动作缺项"], xiping["问题总数"], xiping["必须修改"]) == (2, 3, 2)

    chengguan = rows["城关镇"]
    assert chengguan["说明"] == "PDF 为扫描件，没有文字层，请报送 Word 版本"
    assert chengguan["得分"] is None and chengguan["审阅文件"] is None
    assert (chengguan["问题总数"], chengguan["必须修改"]) == (0, 0)

    xinhua = rows["新华社区"]
    assert xinhua["是否在名册"] == "否"
    assert xinhua["单位类别"] is None and xinhua["层级"] is None


def test_overview_styles(book):
    ws = book["总览"]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    assert all(c.font.b for c in ws[1])
    fills = {ws.cell(r, 1).value: ws.cell(r, col["结论"]).fill.fgColor.rgb for r in range(2, 6)}
    assert fills["西坪镇"].endswith("FFC7CE")
    assert fills["河口镇"].endswith("FFEB9C")
    unknown_row = next(r for r in range(2, 7) if ws.cell(r, 1).value == "新华社区")
    assert ws.cell(unknown_row, col["是否在名册"]).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(unknown_row, 1).fill.fgColor.rgb.endswith("FCE4D6")
    assert ws.cell(unknown_row, col["结论"]).fill.fgColor.rgb.endswith("C6EFCE")
    assert ws.cell(6, col["说明"]).alignment.wrap_text


def test_overview_layout(book):
    ws = book["总览"]
    assert ws.freeze_panes == "A2"
    last = ws.cell(1, ws.max_column).column_letter
    assert ws.auto_filter.ref == f"A1:{last}6"
    # CJK text counts double: 单位 "新华社区" needs 8 columns, 文件 names far more.
    assert ws.column_dimensions["A"].width >= 8
    assert ws.column_dimensions["E"].width >= display_width("河口镇主题教育实施方案.docx")


def test_hyperlink_is_relative_to_the_workbook(book):
    ws = book["总览"]
    headers = [c.value for c in ws[1]]
    link_col = headers.index("审阅文件") + 1
    row = next(r for r in range(2, 7) if ws.cell(r, 1).value == "河口镇")
    cell = ws.cell(row, link_col)
    assert cell.value == "河口镇主题教育实施方案.审阅.docx"
    assert cell.hyperlink.target == "河口镇/河口镇主题教育实施方案.审阅.docx"


def test_hyperlink_from_a_workbook_elsewhere(tmp_path, outbox):
    path = tmp_path / "reports" / "汇总表.xlsx"
    write_summary(path, make_reviews(), campaign="2023", round_name="第1轮", outbox_dir=outbox)
    ws = load_workbook(path)["总览"]
    targets = {c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
    assert "../ws/outbox/第1轮/河口镇/河口镇主题教育实施方案.审阅.docx" in targets


def test_resolve_annotated_lines_up_shared_segments(tmp_path):
    annotated = "outbox/第1轮/河口镇/a.审阅.docx"
    expected = tmp_path / "outbox" / "第1轮" / "河口镇" / "a.审阅.docx"
    assert resolve_annotated(tmp_path / "outbox" / "第1轮", annotated) == expected
    assert resolve_annotated(tmp_path / "outbox", annotated) == expected


def test_details(book):
    ws = book["问题明细"]
    assert [c.value for c in ws[1]] == [
        "单位",
        "文件",
        "类别",
        "维度",
        "严重程度",
        "规则",
        "问题说明",
        "原文",
        "修改建议",
        "位置",
    ]
    rows = table(ws)
    assert len(rows) == 6
    assert [r["单位"] for r in rows] == ["西坪镇"] * 3 + ["东岭乡"] + ["河口镇"] * 2
    copied = next(r for r in rows if r["类别"] == "照搬上级文件或范文")
    assert copied["原文"] == QUOTE  # newline kept
    assert copied["严重程度"] == "建议修改"
    assert copied["维度"] == "照搬照抄"
    assert copied["修改建议"] == "结合本镇实际重写"
    assert copied["位置"] == f"2000–{2000 + len(QUOTE)}"
    assert {r["严重程度"] for r in rows} == {"必须修改", "建议修改", "提示"}
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J7"
    quote_row = next(c.row for c in ws["H"] if c.value == QUOTE)
    assert ws.cell(quote_row, 8).alignment.wrap_text  # 原文 wraps
    assert ws.cell(quote_row, 8).alignment.vertical == "top"
    assert not ws.cell(quote_row, 1).alignment.wrap_text  # 单位 does not
    must = [r for r in ws.iter_rows(min_row=2) if r[4].value == "必须修改"]
    assert must and all(r[4].font.b and r[4].font.color.rgb.endswith("9C0006") for r in must)
    assert not any(r[4].font.b for r in ws.iter_rows(min_row=2) if r[4].value != "必须修改")


def test_details_beyond_excels_row_limit_are_counted_not_dropped(outbox, monkeypatch):
    monkeypatch.setattr(summary, "_EXCEL_MAX_ROWS", 5)  # Excel's is 1,048,576
    path = outbox / "汇总表.xlsx"
    write_summary(path, make_reviews(), campaign="2023", round_name="第1轮", outbox_dir=outbox)
    rows = list(load_workbook(path)["问题明细"].iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[-1][0] == "（另有 3 条问题超出 Excel 的行数上限，未列出，请查看 results.json）"


def test_draft_text_never_becomes_a_formula(book):
    ws = book["问题明细"]
    cell = next(
        c
        for row in ws.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    )
    assert cell.value == "=XX单位未替换"  # control character dropped
    assert cell.data_type == "s"


def test_about_sheet(book):
    values = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r and r[0]}
    assert values["主题教育"] == "2023"
    assert values["轮次"] == "第1轮"
    assert values["生成时间"] == "2026-11-23 10:00"
    assert values["材料总数"] == 5
    assert (values["已审阅"], values["无法读取"]) == (4, 1)
    assert (values["退回重做"], values["修改完善"], values["通过"]) == (1, 2, 1)
    assert values["未在名册的单位材料"] == 1
    assert (values["问题总数"], values["必须修改的问题"]) == (6, 3)


def test_empty_batch(outbox):
    path = outbox / "汇总表.xlsx"
    write_summary(path, [], campaign="2023", round_name="第1轮", outbox_dir=outbox)
    ws = load_workbook(path)["总览"]
    assert [c.value for c in ws[1]] == [*OVERVIEW_LEAD, *OVERVIEW_TAIL]
    assert ws.max_row == 1


def test_written_atomically(outbox, book):
    assert os.listdir(outbox) == ["汇总表.xlsx"]


def test_display_width():
    assert display_width("ab") == 2
    assert display_width("河口镇") == 6
    assert display_width("（１）") == 6  # full-width forms count double too
    assert display_width("短\n更长一些") == 8


# ---- conditional colours, 轮次对比, 催报 --------------------------------------------------


def shown_fill(ws, ref: str) -> str | None:
    """The fill Excel shows on `ref` from the sheet's conditional formats: of the rules
    whose range holds the cell and whose condition holds, the one of highest priority."""
    cell = ws[ref]
    hits = []
    for cf in ws.conditional_formatting:
        if ref not in cf.sqref:
            continue
        top = next(iter(cf.sqref.ranges)).min_row
        for rule in cf.rules:
            if _holds(ws, rule, cell, top):
                hits.append(rule)
    if not hits:
        return None
    return min(hits, key=lambda r: r.priority).dxf.fill.fgColor.rgb[-6:]


def _holds(ws, rule, cell, top: int) -> bool:
    if rule.type == "cellIs":
        value, limit = cell.value or 0, float(rule.formula[0])  # Excel reads a blank as 0
        return {"greaterThanOrEqual": value >= limit, "greaterThan": value > limit,
                "lessThan": value < limit}[rule.operator]
    # The one expression these sheets use: a column of the same row equal to a text.
    column, row, text = re.fullmatch(r'\$([A-Z]+)(\d+)="(.*)"', rule.formula[0]).groups()
    return ws[f"{column}{cell.row - top + int(row)}"].value == text


def rounds(previous: float, now: float, *, identical=False, unrevised=0, findings=6) -> dict:
    return {"previous_round": "第1轮", "previous_path": "inbox/第1轮/x/上轮稿.docx",
            "previous_score": previous, "score_change": round(now - previous, 1),
            "identical": identical, "unchanged_ratio": 1.0 if identical else 0.4,
            "previous_findings": findings, "resolved": findings - unrevised - 1, "changed": 1,
            "unrevised": unrevised, "new": 2}


def second_round() -> list[Review]:
    def draft(unit, score, verdict, rounds_=None, *, copy=None, boiler=None, status="reviewed"):
        r = reviewed(unit, score, verdict)
        r.submission.round = "第2轮"
        r.rounds, r.copy_ratio, r.boilerplate_ratio = rounds_, copy, boiler
        if status == "unreadable":
            r = Review(submission=r.submission, status="unreadable", error="文件为空，请重新报送")
        return r

    twice = draft("西坪镇", 81, "revise", rounds(75, 81))
    twice.submission.rel_path = "inbox/第2轮/西坪镇/西坪镇学习计划.docx"
    hekou = draft("河口镇", 70, "revise", rounds(70, 70, identical=True, unrevised=5),
                  copy=np.float64(0.55))  # ratios may come out of numpy
    hekou.findings = [finding("placeholder_left", quote="<XX>单位&某某", message="占位符未替换")]
    return [
        hekou,
        draft("东岭乡", 62, "revise", rounds(74, 62, unrevised=2), copy=0.35, boiler=0.62),
        draft("石桥乡", 88, "pass", rounds(61, 88), copy=0.1, boiler=0.35),
        draft("新华社区", 50, "redo", rounds(70, 50)),
        draft("柳溪村", 90, "pass"),  # first draft: no earlier round to compare with
        draft("城关镇", None, None, status="unreadable"),
        twice,
        draft("西坪镇", None, None, status="unreadable"),
        draft("外来单位", None, None, status="unreadable"),
    ]


ROSTER = [
    Unit("河口镇", ["河口镇党委"], "town", "section_leadership"),
    Unit("东岭乡", [], "town", "section_leadership"),
    Unit("桃园村", ["桃园村党支部"], "village", "branch"),
    Unit("石桥乡", [], "town", "section_leadership"),
    Unit("城关镇", [], "town", "section_leadership"),
    Unit("新华社区", [], "village", "branch"),
    Unit("柳溪村", ["柳溪村党支部"], "village", "branch"),
    Unit("县人民医院", ["清河县人民医院"], "health", "section_leadership"),
    Unit("西坪镇", [], "town", "section_leadership"),
]


@pytest.fixture
def round2(outbox):
    path = outbox / "汇总表.xlsx"
    reviews = second_round()
    reviews[-1].submission.unit_known = False
    write_summary(path, reviews, campaign="2023", round_name="第2轮", outbox_dir=outbox,
                  generated_at=GENERATED, roster=ROSTER,
                  earlier=EarlierRound("第1轮", frozenset({"桃园村", "城关镇", "河口镇"})),
                  bands=RatioBands(0.25, 0.6))
    return load_workbook(path)


def test_ratio_colours_are_conditional_formats_on_the_ratio_columns(round2):
    ws = round2["总览"]
    headers = [c.value for c in ws[1]]
    letter = {h: get_column_letter(i) for i, h in enumerate(headers, start=1)}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)
            if ws.cell(r, headers.index("状态") + 1).value == "已审阅"}
    ranges = {str(cf.sqref) for cf in ws.conditional_formatting}
    last = ws.max_row
    for header in ("雷同率", "套话率", "分数变化"):
        assert f"{letter[header]}2:{letter[header]}{last}" in ranges
    copy, boiler = letter["雷同率"], letter["套话率"]
    assert shown_fill(ws, f"{copy}{rows['河口镇']}") == "FFC7CE"  # 55 %: red
    assert shown_fill(ws, f"{copy}{rows['东岭乡']}") == "FFEB9C"  # 35 %: amber
    assert shown_fill(ws, f"{copy}{rows['石桥乡']}") is None  # 10 %
    assert shown_fill(ws, f"{copy}{rows['柳溪村']}") is None  # blank
    # 套话率 follows the bands passed in (the workspace's density rules), not the copy ones.
    assert shown_fill(ws, f"{boiler}{rows['东岭乡']}") == "FFC7CE"  # 62 % ≥ 60 %
    assert shown_fill(ws, f"{boiler}{rows['石桥乡']}") == "FFEB9C"  # 35 % ≥ 25 %
    change = letter["分数变化"]
    assert shown_fill(ws, f"{change}{rows['东岭乡']}") == "F8CBAD"
    assert shown_fill(ws, f"{change}{rows['石桥乡']}") == "C6EFCE"
    assert shown_fill(ws, f"{change}{rows['河口镇']}") is None  # unchanged score
    # Nothing is painted on the cells themselves: the colour must follow an edited value.
    assert ws[f"{copy}{rows['河口镇']}"].fill.fgColor.rgb in (None, "00000000")
    assert ws[f"{copy}{rows['河口镇']}"].number_format == "0%"


def test_markup_characters_in_draft_text_read_back_as_written(round2):
    (row,) = table(round2["问题明细"])
    assert (row["单位"], row["原文"]) == ("河口镇", "<XX>单位&某某")


def test_spaces_around_a_quote_are_kept_and_repeated_texts_all_written(outbox):
    """Leading and trailing spaces are part of what a unit wrote; a text that repeats down
    a column is written in every row it is in, whatever the order of the rows."""
    findings = [finding("boilerplate", "info", quote="  高度重视 ", start=0, end=8),
                finding("boilerplate", "info", quote="高度重视", start=10, end=14),
                finding("boilerplate", "info", quote="  高度重视 ", start=20, end=28)]
    path = outbox / "汇总表.xlsx"
    write_summary(path, [reviewed("东岭乡", 60, "revise", findings),
                         reviewed("西坪镇", 55, "revise", findings[:1])],
                  campaign="2023", round_name="第1轮", outbox_dir=outbox)
    rows = table(load_workbook(path)["问题明细"])
    assert [(r["单位"], r["原文"]) for r in rows] == [
        ("西坪镇", "  高度重视 "), ("东岭乡", "  高度重视 "), ("东岭乡", "高度重视"),
        ("东岭乡", "  高度重视 ")]
    # openpyxl keeps the spaces either way; Excel and LibreOffice drop them unless the
    # text says so.
    with zipfile.ZipFile(path) as package:
        details = package.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert details.count('<t xml:space="preserve">  高度重视 </t>') == 3
    assert details.count("<t>高度重视</t>") == 1


def test_rounds_sheet_puts_unchanged_and_worse_drafts_first(round2):
    rows = table(round2["轮次对比"])
    assert [(r["单位"], r["材料"]) for r in rows] == [
        ("河口镇", "河口镇主题教育实施方案.docx"),  # sent back unchanged
        ("新华社区", "新华社区主题教育实施方案.docx"),  # −20
        ("东岭乡", "东岭乡主题教育实施方案.docx"),  # −12
        ("西坪镇", "西坪镇学习计划.docx"),  # +6
        ("石桥乡", "石桥乡主题教育实施方案.docx"),  # +27
    ]
    hekou, dongling = rows[0], rows[2]
    assert hekou["是否原样报送"] == "是" and hekou["与上稿相同文字占比"] == 1.0
    assert (hekou["上轮"], hekou["上轮材料"], hekou["上轮得分"], hekou["本轮得分"]) == (
        "第1轮", "上轮稿.docx", 70, 70)
    assert dongling["分数变化"] == -12 and dongling["本轮结论"] == "修改完善"
    assert (dongling["上轮意见数"], dongling["已修改"], dongling["改后仍有问题"],
            dongling["未改动"], dongling["新发现"]) == (6, 3, 1, 2, 2)
    assert dongling["是否原样报送"] == "否"


def test_rounds_sheet_colours(round2):
    ws = round2["轮次对比"]
    headers = [c.value for c in ws[1]]
    change = get_column_letter(headers.index("分数变化") + 1)
    last = get_column_letter(len(headers))
    # Row 2 (河口镇, unchanged) is red across the row; the others only where the score moved.
    assert {shown_fill(ws, f"{c}2") for c in ("A", change, last)} == {"FFC7CE"}
    assert shown_fill(ws, "A3") is None
    assert [shown_fill(ws, f"{change}{r}") for r in range(3, 7)] == [
        "F8CBAD", "F8CBAD", "C6EFCE", "C6EFCE"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{last}6"


def test_rounds_sheet_without_an_earlier_round(book):
    rows = list(book["轮次对比"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "本轮为第一轮，或各单位均无上一轮材料，暂无对比。"
    assert not list(book["轮次对比"].conditional_formatting)


def test_chase_sheet_lists_exactly_the_missing_and_unreadable_units(round2):
    rows = table(round2["催报"])
    assert [(r["单位名称"], r["本轮状态"]) for r in rows] == [
        ("桃园村", "未报送"),
        ("县人民医院", "未报送"),
        ("城关镇", "报送文件无法读取，需重新报送"),
        ("外来单位", "报送文件无法读取，需重新报送"),
    ]
    # 西坪镇 sent one unreadable and one readable draft: it has something to review.
    taoyuan, hospital, chengguan, stranger = rows
    assert (taoyuan["类别"], taoyuan["层级"], taoyuan["上轮是否报送"]) == ("村（社区）", "党支部", "是")
    assert (hospital["类别"], hospital["层级"], hospital["上轮是否报送"]) == (
        "卫健系统", "科级领导班子", "否")
    assert taoyuan["说明"] is None
    assert chengguan["说明"] == "城关镇主题教育实施方案.docx：文件为空，请重新报送"
    assert chengguan["上轮是否报送"] == "是"
    assert stranger["说明"].startswith("单位名称未能与名册对应。")


def test_chase_sheet_without_an_earlier_round_has_no_such_column(outbox):
    path = outbox / "汇总表.xlsx"
    write_summary(path, make_reviews(), campaign="2023", round_name="第1轮", outbox_dir=outbox,
                  roster=[Unit("城关镇", [], "town", "section_leadership"), Unit("桃园村")])
    ws = load_workbook(path)["催报"]
    assert [c.value for c in ws[1]] == ["单位名称", "类别", "层级", "本轮状态", "说明"]
    assert [r["单位名称"] for r in table(ws)] == ["桃园村", "城关镇"]


def test_chase_sheet_when_everyone_sent(outbox):
    path = outbox / "汇总表.xlsx"
    sent = [reviewed("河口镇", 90, "pass"), reviewed("东岭乡", 70, "revise")]
    write_summary(path, sent, campaign="2023", round_name="第1轮", outbox_dir=outbox,
                  roster=[Unit("河口镇"), Unit("东岭乡")])
    rows = list(load_workbook(path)["催报"].iter_rows(values_only=True))
    assert rows[1:] == [("名册中的 2 个单位本轮均已报送，报送的材料均可读取。", None, None, None, None)]


def test_about_sheet_counts_the_new_sheets(round2):
    values = {r[0]: r[1] for r in round2["说明"].iter_rows(values_only=True) if r and r[0]}
    assert values["与上轮对比的材料"] == 5
    assert (values["名册单位数"], values["未报送的单位"], values["材料均无法读取的单位"]) == (9, 2, 2)
    notes = " ".join(r[1] for r in round2["说明"].iter_rows(values_only=True) if r[1] and not r[0])
    assert "“套话率”达到 25% 标黄、达到 60% 标红" in notes and "“上轮是否报送”指第1轮" in notes


def test_boilerplate_bands_follow_the_configured_rules():
    shipped = [r.rule for r in load_rules()]
    assert boilerplate_bands(shipped) == RatioBands(0.3, 0.6)
    changed = configure(load_rules(), [], {}, {"style.boilerplate.dense": {"min_ratio": 0.2},
                                               "style.boilerplate.mostly": {"min_ratio": 0.5}})
    assert boilerplate_bands(changed) == RatioBands(0.2, 0.5)
    assert boilerplate_bands([]) == RatioBands(0.3, 0.6)


def test_a_large_batch_has_every_finding_row(outbox):
    """1,000 drafts with 20 findings each (the time it takes is `review bench batch`'s
    汇总表 stage, not asserted here)."""
    quote = QUOTE * 3
    many = []
    for i in range(1000):
        findings = [finding(c, "error" if n % 3 == 0 else "warning", quote=quote,
                            message="本段与《县委实施方案》雷同（相似度 93%），疑似照搬。", start=n * 50,
                            end=n * 50 + 30, suggestion="结合本单位实际重写。")
                    for n, c in enumerate(list(CATEGORIES)[:20])]
        many.append(reviewed(f"单位{i:04d}", 40 + i % 60, "revise", findings))
    path = outbox / "汇总表.xlsx"
    write_summary(path, many, campaign="2023", round_name="第1轮", outbox_dir=outbox,
                  roster=[Unit(f"单位{i:04d}") for i in range(1010)])
    # openpyxl takes longer to read 20,000 rows back than to write them: count them in the
    # sheet's XML instead (the small workbooks above check what the cells hold).
    with zipfile.ZipFile(path) as package:
        details = package.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert details.count("<row ") == 20_001
    last = details[details.rindex('<row r="20001">'):]
    assert "单位0959" in last and quote in last and "结合本单位实际重写。" in last


PLAN = """{unit}主题教育实施方案
为深入开展主题教育，结合{unit}实际，制定本方案。
一、理论学习。9月18日至22日举办读书班，由党委书记领学《习近平著作选读》第一卷。
二、调查研究。班子成员每人围绕老街改造开展调研，10月底前形成调研报告1篇。
三、推动发展。11月底前为群众办3件实事，新增停车位60个。
四、检视整改。对照检视问题清单逐项整改，12月15日前全部完成。"""


def test_chase_and_rounds_from_a_batch_with_aliases(tmp_path):
    """Drafts named by their units' aliases are not chased; what a unit sent in round 1
    shows in round 2's 催报 and 轮次对比."""
    root = tmp_path / "ws"
    create_workspace(root, campaign="2023", reviewer="县委第三指导组")
    (root / "units.csv").write_text(
        "单位名称,别名,类别,层级\n"
        "河口镇,中共河口镇委员会,town,section_leadership\n"
        "桃园村,桃园村党支部,village,branch\n"
        "县教育局,清河县教育局,agency,section_leadership\n", encoding="utf-8")
    first = root / "inbox" / "第1轮"
    (first / "中共河口镇委员会_实施方案.txt").write_text(PLAN.format(unit="河口镇"), encoding="utf-8")
    (first / "桃园村党支部_实施方案.txt").write_text(PLAN.format(unit="桃园村"), encoding="utf-8")
    run_batch(Workspace.load(root), "第1轮")
    book = load_workbook(root / "outbox" / "第1轮" / "汇总表.xlsx")
    assert [(r["单位名称"], r["本轮状态"]) for r in table(book["催报"])] == [("县教育局", "未报送")]
    assert "上轮是否报送" not in [c.value for c in book["催报"][1]]

    second = root / "inbox" / "第2轮"
    second.mkdir()
    shutil.copy2(first / "中共河口镇委员会_实施方案.txt", second / "中共河口镇委员会_实施方案.txt")
    (second / "清河县教育局_实施方案.docx").write_bytes(b"")
    run_batch(Workspace.load(root), "第2轮")
    book = load_workbook(root / "outbox" / "第2轮" / "汇总表.xlsx")
    chase = table(book["催报"])
    assert [(r["单位名称"], r["本轮状态"], r["上轮是否报送"]) for r in chase] == [
        ("桃园村", "未报送", "是"), ("县教育局", "报送文件无法读取，需重新报送", "否")]
    assert "清河县教育局_实施方案.docx" in chase[1]["说明"]
    (compared,) = table(book["轮次对比"])
    assert (compared["单位"], compared["上轮"], compared["是否原样报送"]) == ("河口镇", "第1轮", "是")
    assert compared["分数变化"] == 0 and compared["与上稿相同文字占比"] == 1


def _calc_installed() -> bool:
    soffice = shutil.which("soffice")
    return soffice is not None and any(
        (Path(soffice).resolve().parent / name).exists() for name in ("libsclo.so", "sclo.dll"))


@pytest.mark.soffice
@pytest.mark.skipif(not _calc_installed(),
                    reason="LibreOffice Calc 未安装，无法用另一个电子表格程序打开汇总表")
def test_libreoffice_calc_opens_every_sheet(round2, outbox, tmp_path):
    """The data rows are written as SpreadsheetML directly (fast), so a second spreadsheet
    program must read the file as openpyxl does: every sheet, every row, every value."""
    profile = (tmp_path / "lo-profile").resolve().as_uri()
    # Filter options: comma, double quote, UTF-8, from row 1, …, and -1: every sheet to its
    # own file, named <file>-<sheet>.csv.
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path), str(outbox / "汇总表.xlsx")],
                   check=True, capture_output=True, timeout=300)
    sheets = {p.stem.split("-", 1)[1]: list(csv.reader(p.open(encoding="utf-8")))
              for p in tmp_path.glob("*.csv")}
    book = round2
    assert set(sheets) == set(book.sheetnames)
    for name in book.sheetnames:
        expected = [["" if v is None else v for v in row]
                    for row in book[name].iter_rows(values_only=True)]
        got = sheets[name]
        assert len(got) == len(expected), name
        for row_calc, row_openpyxl in zip(got, expected, strict=True):
            texts = [v for v in row_openpyxl if isinstance(v, str) and v]
            assert all(t.replace("\r", "") in ",".join(row_calc) for t in texts), (name, row_calc)


def test_the_bound_on_a_sheets_size_holds_for_the_worst_cells():
    """The sheet's XML is rendered while it is written into the zip, so whether the entry
    needs ZIP64 is decided from a bound on its size: it must never be below the XML's."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("问题明细")
    rows = summary._write_table(ws, ["甲", "乙", "丙"], [
        ["&" * 500, "<>" * 300, None],
        ["=SUM(A1)", 12345678901234567890, -1.2345678901234567e-300],
        ["字" * 100, "", 0.5],
    ])
    book.save(io.BytesIO())  # a write-only sheet must be saved, or it complains when collected
    rendered = sum(len(cells) for cells in rows.xml())
    assert summary._xml_bound(rows) >= rendered > 0
