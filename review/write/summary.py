"""`outbox/<round>/汇总表.xlsx`: the batch summary the guidance team works from.

Three sheets: 总览 (one row per draft, worst first), 问题明细 (one row per finding) and
说明 (what the batch is and how it came out). Every figure is computed from the reviews
passed in; nothing is typed in by hand.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from review.categories import CATEGORIES, DOC_TYPES, LEVELS, SEVERITIES, UNIT_CATEGORIES, VERDICTS
from review.model import Review
from review.score import scheme_for
from review.write.atomic import write_atomically
from review.write.results import category_counts

STATUS_LABELS = {"reviewed": "已审阅", "unreadable": "无法读取"}

# Worst first: the team reads the top of the sheet before the meeting, so drafts to send
# back lead; unreadable drafts come last as a separate to-do (ask the unit to resend).
_VERDICT_RANK = {"redo": 0, "revise": 1, "pass": 2, None: 3}
_UNREADABLE_RANK = 4

# Excel's own "bad / neutral / good" cell styles, which reviewers already recognise.
_VERDICT_STYLE = {
    "redo": ("FFC7CE", "9C0006"),
    "revise": ("FFEB9C", "9C5700"),
    "pass": ("C6EFCE", "006100"),
}
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_UNKNOWN_UNIT_FILL = PatternFill("solid", fgColor="FCE4D6")
_ALERT_FONT = Font(bold=True, color="9C0006")

_EXCEL_CELL_LIMIT = 32767  # characters; Excel refuses to open a file with a longer cell
_MIN_WIDTH, _MAX_WIDTH, _MAX_WRAP_WIDTH = 6, 40, 60


@dataclass(frozen=True)
class Link:
    """A cell that opens another file; `target` is relative to the workbook."""

    text: str
    target: str


def write_summary(
    path: Path,
    reviews: list[Review],
    *,
    campaign: str,
    round_name: str,
    outbox_dir: Path,
    generated_at: datetime | None = None,
    peers: list[PeerRow] = (),
) -> None:
    """Write 汇总表.xlsx atomically.

    `outbox_dir` is the folder the annotated files were written under (normally
    `<workspace>/outbox/<round>`); links to them are made relative to the workbook so they
    keep working when the whole outbox folder is copied to another machine.
    Pass the same `generated_at` as results.json so the two agree.
    """
    moment = generated_at or datetime.now().astimezone()
    ordered = sorted(reviews, key=overview_sort_key)
    wb = build_workbook(
        ordered,
        campaign=campaign,
        round_name=round_name,
        generated_at=moment,
        link_for=lambda annotated: relative_link(Path(path), Path(outbox_dir), annotated),
        peers=peers,
    )
    buf = io.BytesIO()
    wb.save(buf)
    write_atomically(Path(path), buf.getvalue())


def build_workbook(
    reviews: list[Review],
    *,
    campaign: str,
    round_name: str,
    generated_at: datetime,
    link_for: Callable[[str], str],
    peers: list[PeerRow] = (),
) -> Workbook:
    """The workbook for reviews already in display order (see overview_sort_key)."""
    wb = Workbook()
    overview = wb.active
    overview.title = "总览"
    categories = batch_categories(reviews)
    _fill_table(
        overview,
        overview_headers(categories),
        [overview_row(r, categories, link_for) for r in reviews],
        wrap={"说明"},
    )
    _style_overview(overview, reviews)

    details = wb.create_sheet("问题明细")
    _fill_table(
        details, DETAIL_HEADERS, detail_rows(reviews), wrap={"问题说明", "原文", "修改建议"}
    )
    _style_details(details)

    similar = wb.create_sheet("雷同分析")
    _fill_table(similar, PEER_HEADERS, [list(row) for row in peers], wrap=set())
    for (cell,) in similar.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "0%"

    about = wb.create_sheet("说明")
    for row in about_rows(reviews, campaign=campaign, round_name=round_name, moment=generated_at):
        about.append([_cell_value(v) for v in row])
    for cell in about[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for (cell,) in about.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(vertical="top", wrap_text=True, horizontal="left")
    _fit_widths(about, wrap={"B"})
    return wb


# ---- 雷同分析 ---------------------------------------------------------------------------

PEER_HEADERS = ["单位甲", "文件甲", "单位乙", "文件乙", "相似度", "共同文字（字）", "雷同群"]


@dataclass(frozen=True)
class PeerRow:
    """Two drafts of the batch that share passages; drafts linked this way form a 雷同群."""

    unit_a: str
    file_a: str
    unit_b: str
    file_b: str
    similarity: float
    shared_chars: int
    cluster: str  # "第1群" … or "" when the pair is below the cluster threshold

    def __iter__(self):
        return iter((self.unit_a, self.file_a, self.unit_b, self.file_b, self.similarity,
                     self.shared_chars, self.cluster))


# ---- 总览 -----------------------------------------------------------------------------

OVERVIEW_LEAD = [
    "单位", "是否在名册", "单位类别", "层级", "文件", "材料类型", "状态", "得分", "结论", "失分维度",
    "雷同率", "套话率",
]
# A draft this much copied (or boilerplate) is marked in red: more of it than its own text.
COPY_ALERT = 0.5
OVERVIEW_TAIL = ["问题总数", "必须修改", "稿次", "上轮得分", "分数变化", "已修改", "未修改", "新增问题",
                 "说明", "审阅文件"]


def overview_sort_key(review: Review) -> tuple:
    if review.status == "unreadable":
        rank = _UNREADABLE_RANK
    else:
        rank = _VERDICT_RANK.get(review.verdict, _VERDICT_RANK[None])
    score = review.score if review.score is not None else float("inf")
    return (rank, score, review.submission.unit, review.submission.rel_path)


def batch_categories(reviews: list[Review]) -> list[str]:
    """Categories that occur in this batch, in CATEGORIES order: one column each.

    Columns for the 25 categories that mostly never fire would push the useful ones off
    screen.
    """
    return list(category_counts([f for r in reviews for f in r.findings]))


def overview_headers(categories: list[str]) -> list[str]:
    return [*OVERVIEW_LEAD, *(category_label(c) for c in categories), *OVERVIEW_TAIL]


def overview_row(
    review: Review, categories: list[str], link_for: Callable[[str], str]
) -> list[Any]:
    sub = review.submission
    counts = category_counts(review.findings)
    must_fix = sum(1 for f in review.findings if f.severity == "error")
    link = None
    if review.annotated:
        link = Link(PurePosixPath(review.annotated).name, link_for(review.annotated))
    return [
        sub.unit,
        "是" if sub.unit_known else "否",
        UNIT_CATEGORIES.get(sub.unit_category, sub.unit_category) if sub.unit_category else None,
        LEVELS.get(sub.level, sub.level) if sub.level else None,
        PurePosixPath(sub.rel_path).name,
        doc_type_label(review.doc_type or sub.doc_type),
        STATUS_LABELS.get(review.status, review.status),
        review.score,
        VERDICTS.get(review.verdict) if review.verdict else None,
        lost_dimensions(review),
        review.copy_ratio,
        review.boilerplate_ratio,
        # Blank rather than 0 so the categories a draft actually has stand out.
        *(counts.get(c) for c in categories),
        len(review.findings),
        must_fix,
        review.drafts,
        *_round_cells(review.rounds),
        review.error,
        link,
    ]


def _round_cells(rounds: dict | None) -> list[Any]:
    """Previous score, change, resolved, unrevised, new — blank for a first draft."""
    if not rounds:
        return [None] * 5
    return [rounds["previous_score"], rounds["score_change"], rounds["resolved"],
            rounds["unrevised"], rounds["new"]]


def lost_dimensions(review: Review) -> str | None:
    """"规定动作 25/35；时间进度 9/15": the dimensions below full marks, where points went."""
    if review.doc_type is None or not review.dimension_scores:
        return None
    full = scheme_for(review.doc_type).dimensions
    lost = [f"{d} {v:g}/{full[d]:g}" for d, v in review.dimension_scores.items()
            if d in full and v < full[d]]
    return "；".join(lost) or None


def relative_link(workbook: Path, outbox_dir: Path, annotated: str) -> str:
    """Link from the workbook to an annotated file, relative, with "/" separators."""
    target = resolve_annotated(outbox_dir, annotated)
    rel = os.path.relpath(target, workbook.parent)
    return PurePosixPath(*Path(rel).parts).as_posix()


def resolve_annotated(outbox_dir: Path, annotated: str) -> Path:
    """Absolute location of a workspace-relative annotated path ("outbox/<round>/…").

    Only the outbox folder is known here, not the workspace root, so the two are lined up
    on the segments they share ("outbox/第1轮") instead of assuming how deep it sits.
    """
    parts = PurePosixPath(annotated).parts
    tail = outbox_dir.parts
    for n in range(min(len(tail), len(parts)), 0, -1):
        if tuple(tail[-n:]) == parts[:n]:
            return outbox_dir.joinpath(*parts[n:])
    return outbox_dir.joinpath(*parts)


def _style_overview(ws: Worksheet, reviews: list[Review]) -> None:
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for row_idx, review in enumerate(reviews, start=2):
        if not review.submission.unit_known:
            # The unit's name did not match units.csv: its category and level are unknown,
            # so category-specific requirements could not be applied and a person must look.
            for cell in ws[row_idx]:
                cell.fill = _UNKNOWN_UNIT_FILL
            ws.cell(row_idx, col["是否在名册"]).font = _ALERT_FONT
        if review.status == "unreadable":
            ws.cell(row_idx, col["状态"]).font = _ALERT_FONT
        style = _VERDICT_STYLE.get(review.verdict) if review.status == "reviewed" else None
        if style:
            cell = ws.cell(row_idx, col["结论"])
            cell.fill = PatternFill("solid", fgColor=style[0])
            cell.font = Font(color=style[1], bold=True)
        ws.cell(row_idx, col["得分"]).number_format = "0.0"
        for header, value in (("雷同率", review.copy_ratio), ("套话率", review.boilerplate_ratio)):
            ratio = ws.cell(row_idx, col[header])
            ratio.number_format = "0%"
            if value is not None and value >= COPY_ALERT:
                ratio.font = _ALERT_FONT
        if ws.cell(row_idx, col["必须修改"]).value:
            ws.cell(row_idx, col["必须修改"]).font = _ALERT_FONT


# ---- 问题明细 -------------------------------------------------------------------------

DETAIL_HEADERS = [
    "单位", "文件", "类别", "维度", "严重程度", "规则", "问题说明", "原文", "修改建议", "位置",
]


def detail_rows(reviews: list[Review]) -> list[list[Any]]:
    rows = []
    for review in reviews:
        name = PurePosixPath(review.submission.rel_path).name
        for f in sorted(review.findings, key=lambda f: (f.start, f.end, f.category, f.rule)):
            rows.append([
                review.submission.unit,
                name,
                category_label(f.category),
                f.dimension,
                SEVERITIES.get(f.severity, f.severity),
                f.rule,
                f.message,
                f.quote or None,
                f.suggestion,
                f"{f.start}–{f.end}",
            ])
    return rows


def _style_details(ws: Worksheet) -> None:
    severity_col = DETAIL_HEADERS.index("严重程度") + 1
    for row in ws.iter_rows(min_row=2, min_col=severity_col, max_col=severity_col):
        if row[0].value == SEVERITIES["error"]:
            row[0].font = _ALERT_FONT


# ---- 说明 -----------------------------------------------------------------------------


def about_rows(
    reviews: list[Review], *, campaign: str, round_name: str, moment: datetime
) -> list[list[Any]]:
    status = Counter(r.status for r in reviews)
    verdicts = Counter(r.verdict for r in reviews if r.status == "reviewed")
    unknown = sum(1 for r in reviews if not r.submission.unit_known)
    findings = [f for r in reviews for f in r.findings]
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return [
        ["项目", "内容"],
        ["主题教育", campaign],
        ["轮次", round_name],
        ["生成时间", moment.strftime("%Y-%m-%d %H:%M")],
        ["材料总数", len(reviews)],
        ["已审阅", status["reviewed"]],
        ["无法读取", status["unreadable"]],
        *([label, verdicts[v]] for v, label in VERDICTS.items()),
        ["未在名册的单位材料", unknown],
        ["问题总数", len(findings)],
        ["必须修改的问题", sum(1 for f in findings if f.severity == "error")],
        [],
        ["填表说明", "“总览”按结论排序：退回重做、修改完善、通过，最后是无法读取的材料；"
                     "同一结论内得分低的在前。"],
        ["", "“是否在名册”为“否”的行已标色：该单位名称未能与名册（units.csv）对应，"
             "单位类别和层级不明，按类别的要求可能未检查，请核对单位名称或补充名册后重新审阅。"],
        ["", "“审阅文件”链接指向带批注的 Word 文件，复制时请保持 outbox 文件夹结构不变。"],
    ]


# ---- shared cell helpers --------------------------------------------------------------


def category_label(category: str) -> str:
    return CATEGORIES[category][0] if category in CATEGORIES else category


def doc_type_label(doc_type: str) -> str:
    return DOC_TYPES.get(doc_type, doc_type)


def display_width(text: str) -> int:
    """Columns the text needs in Excel: CJK and full-width characters take two."""
    lines = str(text).split("\n")
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
               for line in lines)


def _cell_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Quotes come straight from units' files, which can hold control characters that
    # openpyxl refuses and overlong text that Excel refuses.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > _EXCEL_CELL_LIMIT:
        value = value[: _EXCEL_CELL_LIMIT - 1] + "…"
    return value


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    cell = ws.cell(row, column)
    if isinstance(value, Link):
        cell.value = _cell_value(value.text)
        cell.hyperlink = value.target
        cell.style = "Hyperlink"
        return
    cell.value = _cell_value(value)
    if isinstance(cell.value, str) and cell.value.startswith("="):
        # Text from a draft must never become a live formula in the team's workbook.
        cell.data_type = "s"


def _fill_table(ws: Worksheet, headers: list[str], rows: list[list[Any]], wrap: set[str]) -> None:
    for c, header in enumerate(headers, start=1):
        cell = ws.cell(1, c, header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
    wrap_cols = {i for i, h in enumerate(headers, start=1) if h in wrap}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in wrap_cols)
    # Header stays visible while scrolling hundreds of rows; the filter lets the team pick
    # one category or verdict.
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    _fit_widths(ws, wrap={get_column_letter(i) for i in wrap_cols}, header_row=True)


def _fit_widths(ws: Worksheet, wrap: set[str], header_row: bool = False) -> None:
    for column in ws.iter_cols():
        letter = get_column_letter(column[0].column)
        widths = [display_width(c.value) for c in column if c.value is not None]
        if header_row and column[0].value is not None:
            # Room for the filter drop-down arrow next to the header text.
            widths.append(display_width(column[0].value) + 3)
        cap = _MAX_WRAP_WIDTH if letter in wrap else _MAX_WIDTH
        ws.column_dimensions[letter].width = min(max([_MIN_WIDTH, *widths]) + 2, cap)
