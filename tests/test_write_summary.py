"""汇总表.xlsx: sheets, headers, counts, order, links and layout, read back with openpyxl."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from factories import submission
from openpyxl import load_workbook

from review.categories import CATEGORIES
from review.model import Finding, Review
from review.write.summary import (
    OVERVIEW_LEAD,
    OVERVIEW_TAIL,
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
    assert book.sheetnames == ["总览", "问题明细", "雷同分析", "说明"]


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
    assert ws["H2"].alignment.wrap_text


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
