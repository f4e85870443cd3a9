"""Table headers as units write them, and the rectification items read from whole tables.

Header variants and the field each should map to are in data/headers.tsv.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from review.ingest.docx import open_docx, read_tree
from review.ingest.txt import parse_text
from review.model import Cell, Document, Paragraph, Table
from review.nlp.analysis import analyze
from review.nlp.items import field_of_header

HEADERS_FILE = Path(__file__).parent / "data" / "headers.tsv"
FIELDS = {"number", "aspect", "cause", "target", "measures", "co_owner", "owner", "deadline", "status",
          "note", "problem", "-"}


def _header_rows() -> list[tuple[str, str, str | None]]:
    rows = []
    for line in HEADERS_FILE.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        header, expected, *reason = line.split("\t")
        rows.append((header.replace("\\n", "\n"), expected, reason[0] if reason else None))
    return rows


HEADER_ROWS = _header_rows()


def test_header_file_is_well_formed():
    assert len(HEADER_ROWS) >= 100
    assert {expected for _, expected, _ in HEADER_ROWS} <= FIELDS
    headers = [header for header, _, _ in HEADER_ROWS]
    assert len(headers) == len(set(headers)), "duplicate header rows"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(header, expected, id=header.replace("\n", "⏎"),
                     marks=[pytest.mark.xfail(reason=reason, strict=True)] if reason else [])
        for header, expected, reason in HEADER_ROWS
    ],
)
def test_field_of_header(header, expected):
    assert (field_of_header(header) or "-") == expected


# -- whole tables ---------------------------------------------------------------------------

TITLE = "县教育局党组主题教育检视问题整改方案"


def cell(*paragraphs: str) -> Cell:
    return Cell([Paragraph(p) for p in paragraphs])


def table(*rows) -> Table:
    return Table(rows=[[c if isinstance(c, Cell) else cell(c) for c in row] for row in rows])


def items_of(*blocks):
    return analyze(Document([Paragraph(TITLE), *blocks], "docx")).items


def fields(item) -> dict[str, str]:
    return {name: span.text for name, span in item.fields.items()}


HEADER = ["序号", "存在问题", "整改措施", "责任领导", "完成时限"]


def test_each_row_is_an_item_with_its_fields():
    items = items_of(table(
        HEADER,
        ["1", "理论学习不够系统深入", "制定党组理论学习中心组年度学习计划", "张明", "2023年10月底"],
        ["2", "调查研究不够经常", "建立班子成员联系学校制度", "李华", "2023年11月底"],
        ["3", "为基层减负落实不到位", "精简会议文件，整合督查检查", "王强", "长期坚持"],
    ))
    assert len(items) == 3
    assert fields(items[0]) == {"number": "1", "problem": "理论学习不够系统深入",
                                "measures": "制定党组理论学习中心组年度学习计划", "owner": "张明",
                                "deadline": "2023年10月底"}
    assert [fields(i)["deadline"] for i in items] == ["2023年10月底", "2023年11月底", "长期坚持"]
    assert all(i.source == "table" and i.kind == "problem" for i in items)


def test_header_row_repeated_after_a_page_break_is_skipped():
    items = items_of(table(
        HEADER,
        ["1", "理论学习不够系统深入", "制定年度学习计划", "张明", "2023年10月底"],
        ["2", "调查研究不够经常", "建立联系学校制度", "李华", "2023年11月底"],
        HEADER,
        ["3", "为基层减负落实不到位", "精简会议文件", "王强", "长期坚持"],
    ))
    assert [fields(i)["problem"] for i in items] == ["理论学习不够系统深入", "调查研究不够经常",
                                                     "为基层减负落实不到位"]


def test_problem_cell_merged_over_two_rows_is_one_item():
    merged = cell("服务群众意识不强，窗口办事效率不高")
    items = items_of(table(
        HEADER,
        ["1", merged, "推行“一窗通办”", "王强", "2023年10月底"],
        ["", merged, "开展窗口作风专项整治", "李华", "2023年12月底"],
        ["2", "调研成果转化不够", "建立调研成果转化台账", "张明", "2023年11月底"],
    ))
    assert len(items) == 2
    first = fields(items[0])
    assert first["problem"] == "服务群众意识不强，窗口办事效率不高"
    assert first["measures"] == "推行“一窗通办”\n开展窗口作风专项整治"
    assert first["owner"] == "王强\n李华"
    assert fields(items[1])["problem"] == "调研成果转化不够"


def test_table_without_a_problem_column_gives_no_items():
    study_plan = table(
        ["序号", "学习时间", "学习内容", "学习形式", "主讲人"],
        ["1", "9月上旬", "《习近平著作选读》第一卷", "集中学习", "党组书记"],
        ["2", "9月下旬", "《论党的自我革命》", "专题研讨", "党组成员"],
    )
    assert items_of(study_plan) == []


def test_blank_rows_and_rows_without_a_problem_are_not_items():
    items = items_of(table(
        HEADER,
        ["1", "理论学习不够系统深入", "制定年度学习计划", "张明", "2023年10月底"],
        ["2", "", "（待补充）", "", ""],
        ["", "", "", "", ""],
    ))
    assert [fields(i)["problem"] for i in items] == ["理论学习不够系统深入"]


def test_headers_typed_over_lines_with_spaces_and_remarks():
    items = items_of(table(
        [cell("序", "号"), "问 题 表 现", "原因\n剖析", "整改举措", "配合单位", "责任领导（签字）",
         cell("完成", "时限"), "备  注"],
        ["1", "学用结合不紧", "学习浮于表面", "开展专题研讨", "办公室", "张明", "2023年10月", ""],
    ))
    assert len(items) == 1
    assert set(items[0].fields) == {"number", "problem", "cause", "measures", "co_owner", "owner",
                                    "deadline", "note"}
    assert fields(items[0])["co_owner"] == "办公室"


def test_tab_separated_text_table():
    document = parse_text(
        f"{TITLE}\n"
        "问题描述\t具体举措\t牵头单位\t配合单位\t时间节点\n"
        "会议多、文件多\t合并同类会议，压减发文数量\t办公室\t各科室\t2023年12月\n"
        "调研走过场\t建立蹲点调研制度\t政策法规科\t\t长期坚持\n"
    )
    items = analyze(document).items
    assert [fields(i)["owner"] for i in items] == ["办公室", "政策法规科"]
    assert fields(items[0])["co_owner"] == "各科室"
    assert fields(items[1])["co_owner"] == ""


def test_word_table_with_vertically_merged_problem_cell(tmp_path):
    doc = DocxDocument()
    doc.add_paragraph(TITLE)
    rows = [HEADER,
            ["1", "理论学习不够系统深入", "制定年度学习计划", "张明", "2023年10月底"],
            ["2", "", "开展专题读书班", "李华", "2023年11月底"],
            ["3", "为基层减负落实不到位", "精简会议文件", "王强", "长期坚持"]]
    word_table = doc.add_table(rows=len(rows), cols=len(HEADER))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                word_table.cell(r, c).text = value
    word_table.cell(1, 1).merge(word_table.cell(2, 1))
    buffer = io.BytesIO()
    doc.save(buffer)
    document, _ = read_tree(open_docx(buffer))
    items = analyze(document).items
    assert [fields(i)["problem"] for i in items] == ["理论学习不够系统深入", "为基层减负落实不到位"]
    assert fields(items[0])["measures"] == "制定年度学习计划\n开展专题读书班"


def test_combined_problem_and_cause_column_is_the_problem_column():
    items = items_of(table(
        ["序号", "问题及原因分析", "整改措施", "责任人", "完成时限"],
        ["1", "学习不够深入，根源在于思想上重视不够", "制定学习计划", "张明", "2023年10月"],
        ["2", "调研不够经常，根源在于宗旨意识淡化", "建立联系点制度", "李华", "2023年11月"],
    ))
    assert len(items) == 2


def test_lead_unit_with_helpers_in_brackets_is_the_owner():
    items = items_of(table(
        ["序号", "存在问题", "整改措施", "牵头单位（配合单位）", "完成时限"],
        ["1", "惠企政策兑现慢", "建立惠企资金直达机制", "财政局（发改局、工信局）", "2023年12月"],
    ))
    assert fields(items[0]).get("owner") == "财政局（发改局、工信局）"
