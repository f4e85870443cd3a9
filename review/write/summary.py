"""`outbox/<round>/汇总表.xlsx`: the batch summary the guidance team works from.

Sheets: 总览 (one row per draft, worst first), 问题明细 (one row per finding), 轮次对比
(each draft against the unit's draft of the round before, unchanged and worse first), 催报
(roster units with nothing readable this round), 雷同分析 (drafts that share text) and 说明
(what the batch is, how it came out, how to read the colours). Every figure is computed
from the reviews passed in; nothing is typed in by hand.

Speed: openpyxl spends about 20 µs on every cell it writes, whatever its styling, and more
on each style it is given, so a 1,000-draft batch (tens of thousands of findings) took a
minute. Here openpyxl writes, in write-only mode, everything but the data rows — sheets,
column widths, frozen header, filters, conditional formats, styles, print setup — and the
hyperlink cells; the other cells of the data rows are serialised by `_Rows` and joined to
the saved sheets by `_splice`. Colours that depend on a value (ratios, score changes,
unchanged resubmissions) are conditional formats, so they follow the values when the team
sorts, filters or corrects a cell.
"""

from __future__ import annotations

import dataclasses
import io
import math
import numbers
import os
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from review.categories import CATEGORIES, DOC_TYPES, LEVELS, SEVERITIES, UNIT_CATEGORIES, VERDICTS
from review.model import Review, Unit
from review.score import scheme_for
from review.workspace.status import missing_units
from review.write.atomic import write_atomically
from review.write.results import category_counts

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from review.rules.schema import Rule

STATUS_LABELS = {"reviewed": "已审阅", "unreadable": "无法读取"}

# Worst first: the team reads the top of the sheet before the meeting, so drafts to send
# back lead; unreadable drafts come last as a separate to-do (ask the unit to resend).
_VERDICT_RANK = {"redo": 0, "revise": 1, "pass": 2, None: 3}
_UNREADABLE_RANK = 4

# (fill, font colour): Excel's own "bad / neutral / good" cell styles, which reviewers
# already recognise, and an orange between bad and neutral for a score that went down.
_BAD = ("FFC7CE", "9C0006")
_NEUTRAL = ("FFEB9C", "9C5700")
_GOOD = ("C6EFCE", "006100")
_WORSE = ("F8CBAD", "843C0C")
_VERDICT_COLOURS = {"redo": _BAD, "revise": _NEUTRAL, "pass": _GOOD}

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ALERT_FONT = ("9C0006", True)  # (colour, bold) of a _Look
_UNKNOWN_UNIT_FILL = "FCE4D6"
_CHANGE_FORMAT = "+0.0;-0.0;0"  # a score change shows its sign
# Rows grow when a wrapped cell holds several lines; the other cells of the row then stay
# beside the start of that text instead of sinking to the bottom edge.
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP_WRAP_LEFT = Alignment(vertical="top", wrap_text=True, horizontal="left")

_EXCEL_CELL_LIMIT = 32767  # characters; Excel refuses to open a file with a longer cell
_EXCEL_MAX_ROWS = 1_048_576
_MIN_WIDTH, _MAX_WIDTH, _MAX_WRAP_WIDTH = 6, 40, 60
_REPEATED_TEXT = 64  # characters: a longer text (a quote, a message) seldom repeats
# Characters XML 1.0 cannot carry at all (openpyxl's own list stops at the C0 controls).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Link:
    """A cell that opens another file; `target` is relative to the workbook."""

    text: str
    target: str


@dataclass(frozen=True)
class RatioBands:
    """A ratio from `warn` on is shown amber, from `alert` on red."""

    warn: float
    alert: float


# A draft this much copied is marked red: more of it than its own text (report.html marks
# both ratios from this one).
COPY_ALERT = 0.5
# Amber from the share at which two drafts count as one 雷同群 (review.pipeline's
# PEER_CLUSTERED, which cannot be imported here: the pipeline imports this module).
COPY_WARN = 0.3
COPY_BANDS = RatioBands(COPY_WARN, COPY_ALERT)
# 套话率 bands when the workspace runs no boilerplate density rule: the shipped rules'
# values (rules/style/boilerplate.yaml, 建议修改 from 30 %, 必须修改 from 60 %).
BOILERPLATE_BANDS = RatioBands(0.3, 0.6)


def boilerplate_bands(rules: Iterable[Rule]) -> RatioBands:
    """套话率 colours at the thresholds the workspace's density rules judge drafts by
    (review.toml can change them), so an amber or red cell matches a comment in the draft:
    amber from the lowest threshold, red from the lowest one of a 必须修改 rule."""
    thresholds = [(r.severity, float(r.check.params.get("min_ratio", BOILERPLATE_BANDS.warn)))
                  for r in rules
                  if r.check.type == "python" and r.check.name == "boilerplate_density"]
    if not thresholds:
        return BOILERPLATE_BANDS
    warn = min(t for _, t in thresholds)
    alert = min((t for s, t in thresholds if s == "error"), default=max(BOILERPLATE_BANDS.alert, warn))
    return RatioBands(warn, alert)


@dataclass(frozen=True)
class EarlierRound:
    """The nearest earlier round that was reviewed, and the units that sent it anything."""

    name: str
    units: frozenset[str]


def write_summary(
    path: Path,
    reviews: list[Review],
    *,
    campaign: str,
    round_name: str,
    outbox_dir: Path,
    generated_at: datetime | None = None,
    peers: Sequence[PeerRow] = (),
    roster: Sequence[Unit] | None = None,
    earlier: EarlierRound | None = None,
    bands: RatioBands = BOILERPLATE_BANDS,
) -> None:
    """Write 汇总表.xlsx atomically.

    `outbox_dir` is the folder the annotated files were written under (normally
    `<workspace>/outbox/<round>`); links to them are made relative to the workbook so they
    keep working when the whole outbox folder is copied to another machine.
    Pass the same `generated_at` as results.json so the two agree. `roster` (units.csv)
    is what 催报 checks the batch against; `earlier` says who sent the round before;
    `bands` are the 套话率 colour thresholds (boilerplate_bands).
    """
    moment = generated_at or datetime.now().astimezone()
    data = build_workbook(
        sorted(reviews, key=overview_sort_key),
        campaign=campaign,
        round_name=round_name,
        generated_at=moment,
        link_for=lambda annotated: relative_link(Path(path), Path(outbox_dir), annotated),
        peers=peers,
        roster=roster,
        earlier=earlier,
        bands=bands,
    )
    write_atomically(Path(path), data)


def build_workbook(
    reviews: list[Review],
    *,
    campaign: str,
    round_name: str,
    generated_at: datetime,
    link_for: Callable[[str], str],
    peers: Sequence[PeerRow] = (),
    roster: Sequence[Unit] | None = None,
    earlier: EarlierRound | None = None,
    bands: RatioBands = BOILERPLATE_BANDS,
) -> bytes:
    """The .xlsx file for reviews already in display order (see overview_sort_key)."""
    wb = Workbook(write_only=True)
    rows: dict[str, _Rows] = {}

    categories = batch_categories(reviews)
    rows["总览"] = _write_overview(
        wb.create_sheet("总览"), overview_headers(categories),
        [overview_row(r, categories, link_for) for r in reviews], reviews, bands)

    rows["问题明细"] = _write_details(wb.create_sheet("问题明细"), detail_rows(reviews))

    compared = sorted((r for r in reviews if r.rounds), key=rounds_sort_key)
    rows["轮次对比"] = _write_rounds(wb.create_sheet("轮次对比"), compared)

    chase = chase_rows(reviews, roster, earlier)
    rows["催报"] = _write_chase(wb.create_sheet("催报"), chase, roster, earlier)

    rows["雷同分析"] = _write_table(wb.create_sheet("雷同分析"), PEER_HEADERS,
                                [list(row) for row in peers], formats={"相似度": "0%"})

    _write_about(wb.create_sheet("说明"), about_rows(
        reviews, campaign=campaign, round_name=round_name, moment=generated_at,
        compared=len(compared), chase=chase, roster=roster, earlier=earlier, bands=bands))

    buf = io.BytesIO()
    wb.save(buf)
    return _splice(buf.getvalue(), rows)


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


def _write_overview(ws: WriteOnlyWorksheet, headers: list[str], rows: list[list[Any]],
                    reviews: list[Review], bands: RatioBands) -> _Rows:
    col = {h: i for i, h in enumerate(headers)}
    verdict_looks = {v: _Look(font=(c[1], True), fill=c[0]) for v, c in _VERDICT_COLOURS.items()}

    def looks(n: int, base: list[_Look]) -> dict[int, _Look]:
        review = reviews[n]
        out = {}
        if not review.submission.unit_known:
            # The unit's name did not match units.csv: its category and level are unknown,
            # so category-specific requirements could not be applied and a person must look.
            out = {c: dataclasses.replace(look, fill=_UNKNOWN_UNIT_FILL) for c, look in enumerate(base)}
        alerts = ["必须修改"] if any(f.severity == "error" for f in review.findings) else []
        alerts += ["是否在名册"] if not review.submission.unit_known else []
        alerts += ["状态"] if review.status == "unreadable" else []
        for header in alerts:
            out[col[header]] = dataclasses.replace(out.get(col[header], base[col[header]]),
                                                   font=_ALERT_FONT)
        if review.status == "reviewed" and review.verdict in verdict_looks:
            out[col["结论"]] = verdict_looks[review.verdict]
        return out

    written = _write_table(ws, headers, rows, wrap={"说明"},
                           formats={"得分": "0.0", "雷同率": "0%", "套话率": "0%", "上轮得分": "0.0",
                                    "分数变化": _CHANGE_FORMAT},
                           looks=looks)
    last = len(rows) + 1
    _ratio_colours(ws, _column_range(headers, "雷同率", last), COPY_BANDS)
    _ratio_colours(ws, _column_range(headers, "套话率", last), bands)
    _change_colours(ws, _column_range(headers, "分数变化", last))
    return written


# ---- 问题明细 -------------------------------------------------------------------------

DETAIL_HEADERS = [
    "单位", "文件", "类别", "维度", "严重程度", "规则", "问题说明", "原文", "修改建议", "位置",
]
_DETAIL_WRAP = {"问题说明", "原文", "修改建议"}


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


def _write_details(ws: WriteOnlyWorksheet, rows: list[list[Any]]) -> _Rows:
    room = _EXCEL_MAX_ROWS - 2  # the header, and a line saying what did not fit
    if len(rows) > room + 1:
        left = len(rows) - room
        rows = [*rows[:room], [f"（另有 {left} 条问题超出 Excel 的行数上限，未列出，请查看 results.json）"]]
    severity = DETAIL_HEADERS.index("严重程度")
    alert = {severity: _Look(font=_ALERT_FONT)}

    def looks(n: int, base: list[_Look]) -> dict[int, _Look] | None:
        return alert if rows[n][severity:severity + 1] == [SEVERITIES["error"]] else None

    return _write_table(ws, DETAIL_HEADERS, rows, wrap=_DETAIL_WRAP, looks=looks)


def _splice(xlsx: bytes, rows: dict[str, _Rows]) -> bytes:
    """The saved workbook with each sheet's data rows (row 2 on) joined to what openpyxl
    wrote in those rows (hyperlink cells, which follow the row's other cells: a Link is
    always in a table's last column)."""
    rows = {title: sheet_rows for title, sheet_rows in rows.items() if len(sheet_rows)}
    if not rows:
        return xlsx
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    parts = {_sheet_part(source, title): sheet_rows for title, sheet_rows in rows.items()}
    out = io.BytesIO()
    # Level 3: a quarter of the default's time on a large 问题明细, for a file 20 % larger.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename not in parts:
                target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=3)
                continue
            # Rendered and streamed into the entry a thousand rows at a time (_Rows).
            sheet, sheet_rows = data.decode("utf-8"), parts[info.filename]
            large = _UTF8_MAX * (len(sheet) + _xml_bound(sheet_rows)) > zipfile.ZIP64_LIMIT
            with target.open(info.filename, "w", force_zip64=large) as entry:
                for piece in _joined_rows(sheet, sheet_rows.xml()):
                    entry.write(piece.encode("utf-8"))
    return out.getvalue()


_UTF8_MAX = 4  # bytes a character
_CELL_XML = 200  # characters of a cell's markup besides its text, with room to spare
_ESCAPED = 5  # "&" becomes "&amp;"


def _xml_bound(rows: _Rows) -> int:
    """At least as many characters as the rows' XML has, found without rendering it."""
    return _ESCAPED * rows.text_chars + _CELL_XML * len(rows.base) * len(rows)


_SHEET_DATA = re.compile(r"<sheetData>(.*?)</sheetData>|<sheetData/>", re.S)
_ROW = re.compile(r'<row r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_ROWS_A_PIECE = 1024


def _joined_rows(sheet: str, rows: Iterable[str]) -> Iterator[str]:
    """The sheet's XML with `rows` (each row's cells) as its data, a thousand rows a piece."""
    match = _SHEET_DATA.search(sheet)
    written = {int(m[1]): m[2] or "" for m in _ROW.finditer(match[1] or "")}
    yield f'{sheet[:match.start()]}<sheetData><row r="1">{written.get(1, "")}</row>'
    rows = iter(rows)
    r = 2
    while piece := list(islice(rows, _ROWS_A_PIECE)):
        yield "".join(f'<row r="{n}">{cells}{written.get(n, "")}</row>'
                      for n, cells in enumerate(piece, start=r))
        r += len(piece)
    yield f"</sheetData>{sheet[match.end():]}"


def _sheet_part(package: zipfile.ZipFile, title: str) -> str:
    """The zip entry of the worksheet named `title`, found the way a reader finds it:
    workbook.xml names the sheet's relationship, whose target is the part."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rid = next(s.get(f"{rel_ns}id") for s in book.iter(f"{main}sheet") if s.get("name") == title)
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


# ---- 轮次对比 -------------------------------------------------------------------------

ROUNDS_HEADERS = [
    "单位", "材料", "材料类型", "上轮", "上轮材料", "上轮得分", "本轮得分", "分数变化", "本轮结论",
    "上轮意见数", "已修改", "改后仍有问题", "未改动", "新发现", "与上稿相同文字占比", "是否原样报送",
]
NO_EARLIER_ROUND = "本轮为第一轮，或各单位均无上一轮材料，暂无对比。"


def rounds_sort_key(review: Review) -> tuple:
    """Drafts sent back unchanged first, then those whose score fell (the largest fall
    first), then the rest by how many earlier comments were left as they were."""
    r = review.rounds
    change = r["score_change"] if r["score_change"] is not None else 0.0
    return (not r["identical"], change >= 0, change, -r["unrevised"],
            review.submission.unit, review.submission.rel_path)


def rounds_row(review: Review) -> list[Any]:
    r = review.rounds
    sub = review.submission
    return [
        sub.unit,
        PurePosixPath(sub.rel_path).name,
        doc_type_label(review.doc_type or sub.doc_type),
        r["previous_round"],
        PurePosixPath(r["previous_path"]).name if r["previous_path"] else None,
        r["previous_score"],
        review.score,
        r["score_change"],
        VERDICTS.get(review.verdict) if review.verdict else None,
        r["previous_findings"],
        r["resolved"],
        r["changed"],
        r["unrevised"],
        r["new"],
        r["unchanged_ratio"],
        "是" if r["identical"] else "否",
    ]


def _write_rounds(ws: WriteOnlyWorksheet, compared: list[Review]) -> _Rows:
    rows = [rounds_row(r) for r in compared]
    written = _write_table(ws, ROUNDS_HEADERS, rows or [[NO_EARLIER_ROUND]],
                           formats={"上轮得分": "0.0", "本轮得分": "0.0", "分数变化": _CHANGE_FORMAT,
                                    "与上稿相同文字占比": "0%"},
                           width_rows=rows)
    if rows:
        last = len(rows) + 1
        same = get_column_letter(ROUNDS_HEADERS.index("是否原样报送") + 1)
        # The whole row, so an unchanged resubmission stands out whichever column is read.
        ws.conditional_formatting.add(
            f"A2:{get_column_letter(len(ROUNDS_HEADERS))}{last}",
            FormulaRule(formula=[f'${same}2="是"'], stopIfTrue=True, **_colours(_BAD)))
        _change_colours(ws, _column_range(ROUNDS_HEADERS, "分数变化", last))
    return written


# ---- 催报 -----------------------------------------------------------------------------

CHASE_MISSING = "未报送"
CHASE_UNREADABLE = "报送文件无法读取，需重新报送"


def chase_rows(reviews: Sequence[Review], roster: Sequence[Unit] | None,
               earlier: EarlierRound | None) -> list[list[Any]]:
    """Units to ask for a draft: roster units that sent nothing (roster order), then units
    whose every draft this round was unreadable. 上轮是否报送 is there when an earlier round
    was reviewed."""
    drafts: dict[str, list[Review]] = defaultdict(list)
    for r in reviews:
        drafts[r.submission.unit].append(r)

    def row(name: str, category: str | None, level: str | None, state: str,
            note: str | None) -> list[Any]:
        cells = [name, UNIT_CATEGORIES.get(category, category) if category else None,
                 LEVELS.get(level, level) if level else None, state]
        if earlier is not None:
            cells.append("是" if name in earlier.units else "否")
        return [*cells, note]

    rows = [row(u.name, u.category, u.level, CHASE_MISSING, None)
            for u in missing_units(roster or (), drafts.keys())]
    order = {u.name: i for i, u in enumerate(roster or ())}
    unreadable = [name for name, sent in drafts.items()
                  if all(r.status == "unreadable" for r in sent)]
    for name in sorted(unreadable, key=lambda n: (order.get(n, len(order)), n)):
        sub = drafts[name][0].submission
        note = "；".join(f"{PurePosixPath(r.submission.rel_path).name}：{r.error}"
                         for r in drafts[name])
        if not sub.unit_known:
            note = f"单位名称未能与名册对应。{note}"
        rows.append(row(name, sub.unit_category, sub.level, CHASE_UNREADABLE, note))
    return rows


def chase_headers(earlier: EarlierRound | None) -> list[str]:
    return ["单位名称", "类别", "层级", "本轮状态", *(["上轮是否报送"] if earlier else []), "说明"]


def _write_chase(ws: WriteOnlyWorksheet, rows: list[list[Any]], roster: Sequence[Unit] | None,
                 earlier: EarlierRound | None) -> _Rows:
    headers = chase_headers(earlier)
    if rows:
        return _write_table(ws, headers, rows, wrap={"说明"})
    if roster:
        note = f"名册中的 {len(roster)} 个单位本轮均已报送，报送的材料均可读取。"
    else:
        note = "名册（units.csv）中没有单位，无法核对哪些单位未报送；本轮报送的材料均可读取。"
    return _write_table(ws, headers, [[note]], width_rows=[])


# ---- 说明 -----------------------------------------------------------------------------


def about_rows(
    reviews: list[Review], *, campaign: str, round_name: str, moment: datetime,
    compared: int = 0, chase: Sequence[list[Any]] = (), roster: Sequence[Unit] | None = None,
    earlier: EarlierRound | None = None, bands: RatioBands = BOILERPLATE_BANDS,
) -> list[list[Any]]:
    status = Counter(r.status for r in reviews)
    verdicts = Counter(r.verdict for r in reviews if r.status == "reviewed")
    unknown = sum(1 for r in reviews if not r.submission.unit_known)
    findings = [f for r in reviews for f in r.findings]
    states = Counter(row[3] for row in chase)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    earlier_note = (f"“上轮是否报送”指{earlier.name}。" if earlier
                    else "没有更早轮次的审阅结果，故未列“上轮是否报送”。")
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
        ["与上轮对比的材料", compared],
        *([["名册单位数", len(roster)], ["未报送的单位", states[CHASE_MISSING]]]
          if roster is not None else []),
        ["材料均无法读取的单位", states[CHASE_UNREADABLE]],
        [],
        ["填表说明", "“总览”按结论排序：退回重做、修改完善、通过，最后是无法读取的材料；"
                     "同一结论内得分低的在前。"],
        ["", "“是否在名册”为“否”的行已标色：该单位名称未能与名册（units.csv）对应，"
             "单位类别和层级不明，按类别的要求可能未检查，请核对单位名称或补充名册后重新审阅。"],
        ["", f"“雷同率”达到 {COPY_BANDS.warn:.0%} 标黄、达到 {COPY_BANDS.alert:.0%} 标红；"
             f"“套话率”达到 {bands.warn:.0%} 标黄、达到 {bands.alert:.0%} 标红（与审阅规则的阈值一致）。"
             "“分数变化”下降标橙、提高标绿。颜色随数值变化，排序、筛选或修改后仍然有效。"],
        ["", "“轮次对比”列出有上一轮材料的单位：原样报送（与上稿完全相同）的整行标红，排在最前；"
             "其后是得分下降的，降得多的在前。"],
        ["", "“催报”列出名册中本轮尚未报送材料的单位，以及报送文件均无法读取、需要重新报送的单位。"
             + earlier_note],
        ["", "“审阅文件”链接指向带批注的 Word 文件，复制时请保持 outbox 文件夹结构不变。"],
    ]


def _write_about(ws: WriteOnlyWorksheet, rows: list[list[Any]]) -> None:
    # A few dozen cells: openpyxl writes them itself.
    header, *body = rows
    widths = _column_widths(header, body, caps=[_MAX_WIDTH, _MAX_WRAP_WIDTH], header_extra=0)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_header_cell(ws, h) for h in header])
    for values in body:
        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(ws, _cell_value(value))
            cell.alignment = _TOP if i == 0 else _TOP_WRAP_LEFT
            cells.append(cell)
        ws.append(cells)


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
    # no XML file can carry and overlong text that Excel refuses.
    value = _XML_INVALID.sub("", value)
    if len(value) > _EXCEL_CELL_LIMIT:
        value = value[: _EXCEL_CELL_LIMIT - 1] + "…"
    return value


@dataclass(frozen=True)
class _Look:
    """How a cell looks, in plain values: rows look up their style by it, cell by cell."""

    font: tuple[str, bool] | None = None  # (colour, bold)
    fill: str | None = None  # solid fill colour
    number_format: str | None = None
    wrap: bool = False

    def apply(self, cell: WriteOnlyCell) -> None:
        cell.alignment = _TOP_WRAP if self.wrap else _TOP
        if self.font is not None:
            cell.font = Font(color=self.font[0], bold=self.font[1])
        if self.fill is not None:
            cell.fill = PatternFill("solid", fgColor=self.fill)
        if self.number_format is not None:
            cell.number_format = self.number_format


class _Rows:
    """The data rows of one sheet (row 2 on), rendered as SpreadsheetML only as `_splice`
    writes them: for 5,000 drafts × 40 findings, holding 问题明细 as XML took write_summary
    441 MB at its peak, holding its values 117 MB.

    Cells refer to the workbook's cell formats by number: each look is registered once,
    through a probe cell that is itself never written, when its row is added — the
    workbook's styles are saved before the rows are rendered. A Link cell is handed to
    openpyxl, which writes its hyperlink and relationship, in a row of its own that
    `_splice` joins to the row rendered here."""

    def __init__(self, ws: WriteOnlyWorksheet, base: list[_Look]):
        self.ws = ws
        self.base = base
        self._rows: list[tuple[list[Any], list[int], list[_Look]]] = []
        self._ids: dict[_Look, int] = {}
        self._base_ids = [self.style(look) for look in base]
        self._letters = [get_column_letter(i) for i in range(1, len(base) + 1)]
        self._appended = 1  # the header
        self.text_chars = 0  # of the rows' text, for `_splice`'s bound on the sheet's size

    def __len__(self) -> int:
        return len(self._rows)

    def style(self, look: _Look) -> int:
        if look not in self._ids:
            probe = WriteOnlyCell(self.ws)
            look.apply(probe)
            self._ids[look] = probe.style_id
        return self._ids[look]

    def add(self, values: list[Any], changed: dict[int, _Look] | None = None) -> None:
        """One row; `changed` gives the looks of the cells that differ from the columns'."""
        ids, looks = self._base_ids, self.base
        if changed:
            ids, looks = list(ids), list(looks)
            for c, look in changed.items():
                ids[c], looks[c] = self.style(look), look
        self._rows.append((values, ids, looks))
        links = []
        for c, value in enumerate(values):
            if type(value) is str:
                self.text_chars += len(value)
            elif isinstance(value, Link):
                links.append((c, value))
        if links:
            self._add_links(len(self._rows) + 1, links, looks)

    def xml(self) -> Iterator[str]:
        """Each row's cells, in order."""
        letters = self._letters
        # Unit, file, category, rule, suggestion: a short text repeats down its column
        # (10 distinct cells in 60 on 问题明细), and is made XML once.
        texts: dict[str, str] = {}
        for r, (values, ids, looks) in enumerate(self._rows, start=2):
            cells = []
            for c, value in enumerate(values):
                if type(value) is str:  # most cells: tested first, a fraction of isinstance's cost
                    text = texts.get(value)
                    if text is None:
                        text = _text_element(value)
                        if len(value) <= _REPEATED_TEXT:
                            texts[value] = text
                    cells.append(f'<c r="{letters[c]}{r}" s="{ids[c]}" t="inlineStr"><is>{text}</is></c>')
                elif isinstance(value, Link):
                    continue  # written by openpyxl (_add_links)
                elif value is not None or looks[c].fill is not None:
                    cells.append(_cell_xml(f"{letters[c]}{r}", ids[c], value))
            yield "".join(cells)

    def _add_links(self, r: int, links: list[tuple[int, Link]], looks: list[_Look]) -> None:
        # openpyxl numbers the rows it writes by their order: rows without a link are
        # appended empty up to this one (and need not be after the last link).
        while self._appended < r - 1:
            self.ws.append([])
            self._appended += 1
        row: list[Any] = []
        for c, link in links:
            cell = WriteOnlyCell(self.ws, _cell_value(link.text))
            cell.hyperlink = link.target
            cell.style = "Hyperlink"
            looks[c].apply(cell)
            row += [None] * (c - len(row)) + [cell]
        self.ws.append(row)
        self._appended += 1


def _cell_xml(ref: str, style: int, value: Any) -> str:
    # numpy's numbers count too: their own repr is no number a spreadsheet can read.
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if isinstance(value, numbers.Integral):
            return f'<c r="{ref}" s="{style}"><v>{int(value)}</v></c>'
        if math.isfinite(value):
            return f'<c r="{ref}" s="{style}"><v>{float(value)!r}</v></c>'
        value = None
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    return _text_xml(ref, style, str(value))


def _text_xml(ref: str, style: int, text: str) -> str:
    # An inline string is text whatever it starts with: a draft's "=…" is no formula.
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{_text_element(text)}</is></c>'


def _text_element(text: str) -> str:
    text = _cell_value(text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Only where it keeps something: on every cell it was a fifth of 问题明细's markup.
    if text != text.strip():
        return f'<t xml:space="preserve">{text}</t>'
    return f"<t>{text}</t>"


def _header_cell(ws: WriteOnlyWorksheet, header: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, header)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = _HEADER_ALIGN
    return cell


def _write_table(
    ws: WriteOnlyWorksheet,
    headers: list[str],
    rows: list[list[Any]],
    *,
    wrap: Collection[str] = (),
    formats: dict[str, str] | None = None,
    looks: Callable[[int, list[_Look]], dict[int, _Look] | None] | None = None,
    width_rows: list[list[Any]] | None = None,
) -> _Rows:
    """A header row and `rows` below it, the header frozen and filtered. `looks(n, base)`
    gives the cells of row n that look other than their column's `base` look; column
    widths come from `width_rows` (default: `rows`)."""
    base = [_Look(number_format=(formats or {}).get(h), wrap=h in wrap) for h in headers]
    caps = [_MAX_WRAP_WIDTH if h in wrap else _MAX_WIDTH for h in headers]
    widths = _column_widths(headers, rows if width_rows is None else width_rows, caps)
    # A write-only sheet writes its layout before its first row: all of it is set now.
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    # Header stays visible while scrolling hundreds of rows; the filter lets the team pick
    # one category or verdict.
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.append([_header_cell(ws, h) for h in headers])
    out = _Rows(ws, base)
    for n, values in enumerate(rows):
        out.add(values, looks(n, base) if looks else None)
    return out


def _column_widths(headers: list[str], rows: Iterable[list[Any]], caps: list[int],
                   header_extra: int = 3) -> list[float]:
    """Each column as wide as its widest cell, within its cap. `header_extra` leaves room
    for the filter drop-down arrow beside a header."""
    best = [display_width(h) + header_extra for h in headers]
    for i, cap in enumerate(caps):
        # Each distinct value once: a column repeats its units, files, labels and rules.
        for value in {values[i] for values in rows if len(values) > i}:
            if value is None:
                continue
            text = value.text if isinstance(value, Link) else str(value)
            # A character takes one column or two: most cells need no measuring.
            if len(text) * 2 <= best[i]:
                continue
            if "\n" not in text and len(text) >= cap:
                best[i] = cap
                break  # a column at its cap cannot get wider
            best[i] = max(best[i], display_width(text))
            if best[i] >= cap:
                break
    return [min(max(_MIN_WIDTH, b) + 2, cap) for b, cap in zip(best, caps, strict=True)]


def _column_range(headers: list[str], header: str, last_row: int) -> str:
    letter = get_column_letter(headers.index(header) + 1)
    return f"{letter}2:{letter}{max(last_row, 2)}"


def _colours(colours: tuple[str, str]) -> dict:
    fill, font = colours
    return {"fill": PatternFill("solid", fgColor=fill, bgColor=fill), "font": Font(color=font)}


def _ratio_colours(ws: WriteOnlyWorksheet, cells: str, bands: RatioBands) -> None:
    # Red first and final: a ratio past both thresholds shows red, not amber.
    ws.conditional_formatting.add(cells, CellIsRule(
        operator="greaterThanOrEqual", formula=[repr(bands.alert)], stopIfTrue=True,
        **_colours(_BAD)))
    ws.conditional_formatting.add(cells, CellIsRule(
        operator="greaterThanOrEqual", formula=[repr(bands.warn)], **_colours(_NEUTRAL)))


def _change_colours(ws: WriteOnlyWorksheet, cells: str) -> None:
    ws.conditional_formatting.add(cells, CellIsRule(operator="lessThan", formula=["0"],
                                                    **_colours(_WORSE)))
    ws.conditional_formatting.add(cells, CellIsRule(operator="greaterThan", formula=["0"],
                                                    **_colours(_GOOD)))
