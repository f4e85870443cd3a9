"""Read a PDF draft into a `Document`.

PDFs carry positioned glyphs, not paragraphs, so this module rebuilds what the unit typed:
lines are rejoined into paragraphs, running headers/footers and page numbers are dropped,
ruled tables become `Table` blocks (a table broken over a page is joined again), and CJK
text loses the spaces that letter-spaced layouts put between characters.

Only `_scan_page` touches pdfplumber, and `_read_pages` turns every library error into an
`UnreadableError`. Everything after works on plain data, so a bug in the layout logic
surfaces as a bug instead of being reported to a unit as a broken file.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psexceptions import PSException
from pdfplumber.utils import chars_to_textmap
from pdfplumber.utils.exceptions import PdfminerException

from review.ingest import sniff
from review.ingest.limits import LIMITS, Limits
from review.model import Block, Cell, Document, Paragraph, Table, UnreadableError

# Gaps up to this share of the font size stay inside a word; CJK letter-spacing beyond it
# is caught by _CJK_GAP afterwards.
X_TOLERANCE_RATIO = 0.3
# Headers and footers sit in the page margins. Word and LibreOffice place them up to ~10%
# from the edge on A4/Letter, and requiring repetition keeps a wide band safe.
MARGIN_BAND = 0.12
HEADING_SIZE_RATIO = 1.15
HEADING_MAX_CHARS = 80
TITLE_LINE_GAP = 1.0
BOLD_HEADING_MAX_CHARS = 30
# A draft whose glyphs mostly lack a Unicode mapping extracts as "(cid:123)" noise.
CID_SHARE_LIMIT = 0.5
# Reflow thresholds, in multiples of the font size: a wrapped line ends within two
# characters of the right edge (line-breaking rules push a character over) and starts at
# most a first-line indent in; a new paragraph is indented by at least half a character.
WRAP_SLACK = 2.0
WRAP_MAX_INDENT = 4.0
INDENT = 0.5
MAX_MARGIN_RATIO = 1.5

_CJK = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
_CJK_GAP = re.compile(rf"(?<=[{_CJK}“”‘’—…·])\s+(?=[{_CJK}“”‘’—…·])")
_NUMBERING = re.compile(
    r"(?:[一二三四五六七八九十百]+[、．.]"
    r"|[（(][一二三四五六七八九十百\d]+[)）]"
    r"|\d+[.．、](?!\d)"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分])"
)
_DASHES = "-—–－~～"
_PAGE_NUMBER = re.compile(
    rf"[{_DASHES}]*\d+[{_DASHES}]*"
    r"|第\d+页(?:[,，/]?共\d+页)?"
    r"|共\d+页[,，/]?第\d+页"
    r"|\d+/\d+"
    r"|page\d+(?:of\d+)?",
    re.IGNORECASE,
)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)

_NOT_PDF = (
    "文件扩展名为 .pdf，但内容不是 PDF（可能是改了扩展名的其他文件）。"
    "请报送真正的 PDF 或 Word 原稿。"
)
_ENCRYPTED = (
    "PDF 文件设置了打开密码（已加密），无法读取。请取消密码后重新报送，或报送未加密的 PDF、Word 原稿。"
)
_TRUNCATED = (
    "PDF 文件不完整（文件末尾缺失，可能是传输或拷贝中断），无法读取。"
    "请重新导出 PDF 或报送 Word 原稿。"
)
_CORRUPT = "PDF 文件已损坏，无法读取。请重新导出 PDF 或报送 Word 原稿。"
_NO_PAGES = "PDF 文件中没有任何页面，无法审阅。请重新导出 PDF 或报送 Word 原稿。"
_NO_TEXT = "PDF 没有文字层（可能是扫描件或图片），无法审阅。请报送 Word 原稿或可复制文字的 PDF。"
_GARBLED = (
    "PDF 中的文字无法正确提取（字体缺少编码信息，提取出来是乱码）。请报送 Word 原稿或重新导出 PDF。"
)


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    # Characters of the line's text set in bold from its start: a bold run-in heading.
    bold_lead: int = 0
    # Distances to the left/right edge of the text area the line belongs to (page or cell).
    indent: float = 0.0
    slack: float = 0.0


@dataclass(frozen=True)
class _RawTable:
    """A ruled table as found: grid of cell boxes (None where no box covers a slot)."""

    grid: list[list[tuple[float, float, float, float] | None]]
    lines: dict[tuple[float, float, float, float], list[_Line]]
    top: float


@dataclass(frozen=True)
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    tables: list[_RawTable]
    char_count: int
    cid_count: int


@dataclass
class _PlacedTable:
    table: Table
    top: float
    last_page: int  # grows when the continuation on the next page is merged in


def parse(path: Path, limits: Limits = LIMITS) -> Document:
    return parse_data(_read_bytes(path), limits)


def parse_data(data: bytes, limits: Limits = LIMITS) -> Document:
    _check_container(data)
    pages = _read_pages(data, limits.max_pdf_pages)
    _check_text_layer(pages)
    pages = _drop_running_lines(pages)
    blocks = _assemble(pages)
    return Document(blocks, source_format="pdf", pages=len(pages))


def _read_bytes(path: Path) -> bytes:
    # One read into memory: the original is never held open, locked or written.
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"文件无法打开（{exc.strerror or exc}），请检查后重新报送。") from exc


def _check_container(data: bytes) -> None:
    if not data:
        raise UnreadableError(sniff.EMPTY)
    # Readers accept a little junk before the header, so do we.
    if b"%PDF-" not in data[:1024]:
        raise UnreadableError(_NOT_PDF)
    # pdfminer quietly recovers objects from a cut-off file, which would review half a draft.
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableError(_TRUNCATED)


def _read_pages(data: bytes, max_pages: int) -> list[_Page]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_page_count(pdf.doc, max_pages)
            scans = [_scan_page(page) for page in pdf.pages]
    except UnreadableError:
        raise
    except Exception as exc:  # any library failure here means the file itself is bad
        raise UnreadableError(_library_error_message(exc)) from exc
    return [_layout_page(scan) for scan in scans]


def _check_page_count(document: PDFDocument, limit: int) -> None:
    # Walk the page tree only as far as the limit: laying out a page is the expensive part,
    # and counting every page of a crafted million-page tree would cost as much.
    counted = sum(1 for _ in islice(PDFPage.create_pages(document), limit + 1))
    if counted <= limit:
        return
    declared = _declared_pages(document)
    figure = f"共 {declared} 页" if declared and declared > limit else f"超过 {limit} 页"
    raise UnreadableError(
        f"PDF {figure}，超过单份材料 {limit} 页的上限，未审阅。请确认是否误报了汇编或附件材料；"
        f"确需审阅的，请拆分为每份不超过 {limit} 页后分别报送。"
    )


def _declared_pages(document: PDFDocument) -> int | None:
    """The page count the file states about itself (the page tree's /Count)."""
    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
    except (KeyError, TypeError, PSException):
        return None
    return count if isinstance(count, int) else None


def _library_error_message(exc: Exception) -> str:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        return _ENCRYPTED
    return _CORRUPT


@dataclass(frozen=True)
class _Scan:
    """What pdfplumber found on a page, as plain data."""

    number: int
    width: float
    height: float
    chars: list[dict]
    table_cells: list[list[tuple[float, float, float, float]]]


def _scan_page(page) -> _Scan:
    # Lattice table finding is slow; only pages with drawn lines can hold ruled tables.
    ruled = page.lines or page.rects or page.curves
    scan = _Scan(
        number=page.page_number,
        width=float(page.width),
        height=float(page.height),
        chars=dedupe(page.chars),
        table_cells=[t.cells for t in page.find_tables()] if ruled else [],
    )
    page.close()  # drop pdfplumber's per-page object cache; long drafts add up
    return scan


def dedupe(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """The characters without their copies: word processors fake bold type, and some
    exporters lay the text layer twice, by drawing a character again within a point of
    itself. pdfplumber's dedupe_chars does this by clustering and costs as much as reading
    the page; a grid of `tolerance`-sized cells finds the same copies in one pass."""
    kept: list[dict] = []
    grid: dict[tuple, list[dict]] = {}
    for c in chars:
        key = (c["text"], c["fontname"], round(c["size"], 2), c["upright"])
        gx, gy = int(c["x0"] // tolerance), int(c["doctop"] // tolerance)
        near = (o for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                for o in grid.get((key, gx + dx, gy + dy), ()))
        if any(abs(o["x0"] - c["x0"]) <= tolerance and abs(o["doctop"] - c["doctop"]) <= tolerance
               for o in near):
            continue
        grid.setdefault((key, gx, gy), []).append(c)
        kept.append(c)
    return kept


def _layout_page(scan: _Scan) -> _Page:
    grids = [g for g in map(_grid, scan.table_cells) if _cell_count(g) > 1]
    boxes = [_bbox_of(g) for g in grids]
    body = [c for c in scan.chars if not any(_contains(b, c) for b in boxes)]
    return _Page(
        number=scan.number,
        width=scan.width,
        height=scan.height,
        lines=_lines(body, scan.number),
        tables=[_raw_table(g, scan.chars, scan.number) for g in grids],
        char_count=sum(1 for c in scan.chars if not c["text"].isspace()),
        cid_count=sum(1 for c in scan.chars if c["text"].startswith("(cid:")),
    )


def _grid(cells):
    """Cell boxes by (row, column) slot; a merged box fills every slot it covers."""
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})

    def covering(x, top):
        # Probe just inside the slot's top-left corner, so shared edges don't tie.
        for cell in cells:
            if cell[0] <= x + 0.5 < cell[2] and cell[1] <= top + 0.5 < cell[3]:
                return cell
        return None

    return [[covering(x, top) for x in xs] for top in tops]


def _cell_count(grid) -> int:
    return len({cell for row in grid for cell in row if cell is not None})


def _bbox_of(grid):
    cells = [cell for row in grid for cell in row if cell is not None]
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _contains(bbox, char) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3]


def _raw_table(grid, chars, page_number: int) -> _RawTable:
    box = _bbox_of(grid)
    inside = [c for c in chars if _contains(box, c)]
    cells = {cell for row in grid for cell in row if cell is not None}
    lines = {cell: _lines([c for c in inside if _contains(cell, c)], page_number) for cell in cells}
    return _RawTable(grid=grid, lines=lines, top=box[1])


def _lines(chars, page_number: int) -> list[_Line]:
    if not chars:
        return []
    textmap = chars_to_textmap(chars, x_tolerance_ratio=X_TOLERANCE_RATIO)
    lines = []
    for raw in textmap.extract_text_lines(strip=True, return_chars=True):
        text = fix_cjk_spacing(raw["text"])
        glyphs = [c for c in raw["chars"] if not c["text"].isspace()]
        if not text or not glyphs:
            continue
        lines.append(
            _Line(
                text=text,
                x0=raw["x0"],
                x1=raw["x1"],
                top=raw["top"],
                bottom=raw["bottom"],
                size=statistics.median(c["size"] for c in glyphs),
                bold=all(_BOLD_FONT.search(c["fontname"]) for c in glyphs),
                page=page_number,
                bold_lead=_bold_lead(text, glyphs),
            )
        )
    return lines


def _bold_lead(text: str, glyphs) -> int:
    """How many characters of `text` the leading bold glyphs cover. `text` lost only spaces
    against the glyphs, so counting non-space characters lines the two up."""
    bold = 0
    for glyph in glyphs:
        if not _BOLD_FONT.search(glyph["fontname"]):
            break
        bold += 1
    if bold == 0:
        return 0
    seen = 0
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == bold:
                return i + 1
    return len(text)


def fix_cjk_spacing(text: str) -> str:
    """Remove the gaps that letter-spaced layouts leave between CJK characters."""
    return _CJK_GAP.sub("", text)


def _check_text_layer(pages: list[_Page]) -> None:
    if not pages:
        raise UnreadableError(_NO_PAGES)
    chars = sum(p.char_count for p in pages)
    if chars == 0:
        raise UnreadableError(_NO_TEXT)
    if sum(p.cid_count for p in pages) / chars > CID_SHARE_LIMIT:
        raise UnreadableError(_GARBLED)


def _drop_running_lines(pages: list[_Page]) -> list[_Page]:
    """Drop page numbers and headers/footers repeated across pages."""
    repeated = _repeated_margin_keys(pages)
    kept = []
    for page in pages:
        lines = [
            line for i, line in enumerate(page.lines) if not _is_running(line, i, page, repeated)
        ]
        kept.append(replace(page, lines=lines))
    return kept


def _in_margin(line: _Line, page: _Page) -> bool:
    band = page.height * MARGIN_BAND
    return line.bottom <= band or line.top >= page.height - band


def _running_key(text: str) -> str:
    # Headers differ between pages only in their numbers ("第 3 页", dates of the page).
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _repeated_margin_keys(pages: list[_Page]) -> set[str]:
    if len(pages) < 2:
        return set()
    seen = Counter()
    for page in pages:
        seen.update({_running_key(line.text) for line in page.lines if _in_margin(line, page)})
    return {key for key, count in seen.items() if count >= 2 and count > len(pages) / 2}


def _is_running(line: _Line, position: int, page: _Page, repeated: set[str]) -> bool:
    # A page number may sit just outside the band, but it is still the page's first/last line.
    edge = position in (0, len(page.lines) - 1)
    if (edge or _in_margin(line, page)) and is_page_number(line.text):
        return True
    return _in_margin(line, page) and _running_key(line.text) in repeated


def is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.fullmatch(re.sub(r"\s+", "", text)) is not None


def _assemble(pages: list[_Page]) -> list[Block]:
    left_gap, right_gap = _text_area_gaps(pages)
    stream: list[_Line | _PlacedTable] = []
    for page in pages:
        right = page.width - right_gap
        items = [_measured(line, left_gap, right) for line in page.lines]
        items += [
            _PlacedTable(_build_table(t, page.number), t.top, page.number) for t in page.tables
        ]
        stream += sorted(items, key=lambda item: item.top)
    stream = _merge_continued_tables(stream)
    return _to_blocks(stream, _body_style(pages))


def _text_area_gaps(pages: list[_Page]) -> tuple[float, float]:
    """Left and right page margins, taken from the body lines of the whole draft."""
    lines = [(line, page.width) for page in pages for line in page.lines]
    if not lines:
        return 0.0, 0.0
    # Measuring from both page edges lets landscape pages share the portrait margins.
    left = min(line.x0 for line, _ in lines)
    right = min(width - line.x1 for line, width in lines)
    # In a draft where no line wraps, the longest line is not the margin. Real right margins
    # are about as wide as left ones, so that bounds the guess.
    return left, min(right, left * MAX_MARGIN_RATIO)


def _measured(line: _Line, left: float, right: float) -> _Line:
    return replace(line, indent=line.x0 - left, slack=right - line.x1)


def _build_table(raw: _RawTable, page_number: int) -> Table:
    # One Cell object per box, shared by every slot a merged box covers (see model.Table).
    cells = {box: Cell(_cell_blocks(box, lines, page_number)) for box, lines in raw.lines.items()}
    rows = [
        [cells[box] if box else Cell([Paragraph("", page=page_number)]) for box in row]
        for row in raw.grid
    ]
    return Table(rows=rows, page=page_number)


def _cell_blocks(box, lines: list[_Line], page_number: int) -> list[Block]:
    if not lines:
        return [Paragraph("", page=page_number)]
    # Cell padding is not in the PDF; the closest line to the left border shows it.
    pad = max(0.0, min(line.x0 for line in lines) - box[0])
    measured = [_measured(line, box[0] + pad, box[2] - pad) for line in lines]
    return [Paragraph(_joined(group), page=page_number) for group in _reflow(measured)]


def _merge_continued_tables(stream: list) -> list:
    """Join a table that ends page N with one that opens page N+1 and has as many columns."""
    merged: list = []
    for item in stream:
        prev = merged[-1] if merged else None
        if (
            isinstance(item, _PlacedTable)
            and isinstance(prev, _PlacedTable)
            and item.table.page == prev.last_page + 1
            and len(item.table.rows[0]) == len(prev.table.rows[0])
        ):
            prev.table.rows += _without_repeated_header(prev.table, item.table)
            prev.last_page = item.last_page
            continue
        merged.append(item)
    return merged


def _without_repeated_header(first: Table, second: Table) -> list[list[Cell]]:
    # Word repeats a marked header row on every page; keep it once.
    if _row_texts(second.rows[0]) == _row_texts(first.rows[0]):
        return second.rows[1:]
    return second.rows


def _row_texts(row: list[Cell]) -> list[str]:
    return [cell.text for cell in row]


@dataclass(frozen=True)
class _Style:
    size: float
    bold: bool


def _body_style(pages: list[_Page]) -> _Style:
    """Font size and weight of most of the body text, weighted by characters."""
    sizes: Counter[float] = Counter()
    bold = total = 0
    for line in (line for page in pages for line in page.lines):
        sizes[round(line.size, 1)] += len(line.text)
        bold += len(line.text) if line.bold else 0
        total += len(line.text)
    if not total:
        return _Style(size=0.0, bold=False)
    return _Style(size=sizes.most_common(1)[0][0], bold=bold > total / 2)


def _to_blocks(stream: list, style: _Style) -> list[Block]:
    groups: list[list[_Line] | Table] = []
    run: list[_Line] = []
    for item in stream:
        if isinstance(item, _Line):
            run.append(item)
            continue
        groups += _reflow(run)
        groups.append(item.table)
        run = []
    groups += _reflow(run)
    groups = _join_title_lines(groups, style)
    ranks = _heading_sizes([g for g in groups if isinstance(g, list)], style)
    return [
        g
        if isinstance(g, Table)
        else Paragraph(_joined(g), heading_level=_heading_level(g, style, ranks), page=g[0].page,
                       bold_lead=0 if style.bold else g[0].bold_lead)
        for g in groups
    ]


def _join_title_lines(groups: list, style: _Style) -> list:
    """A title set in large print over several centred lines is one heading."""
    joined: list = []
    for group in groups:
        prev = joined[-1] if joined else None
        if isinstance(group, list) and isinstance(prev, list):
            if _title_continues(prev[-1], group[0], style):
                joined[-1] = prev + group
                continue
        joined.append(group)
    return joined


def _title_continues(prev: _Line, nxt: _Line, style: _Style) -> bool:
    # Centred lines look indented and short, so reflow split them; what ties them is the
    # same large type, line-spaced rather than paragraph-spaced.
    return (
        prev.size >= style.size * HEADING_SIZE_RATIO
        and abs(nxt.size - prev.size) < 0.5
        and nxt.bold == prev.bold
        and nxt.page == prev.page
        and nxt.top - prev.bottom <= TITLE_LINE_GAP * prev.size
    )


def _reflow(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into paragraphs: a line continues the previous one only if that one wrapped."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and _continues(groups[-1][-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _continues(prev: _Line, nxt: _Line) -> bool:
    # A line stopping short of the right edge ended its paragraph (this covers short lines
    # ending in 。！？：；). A full line was wrapped by width, unless the next one visibly starts
    # a new paragraph: indented, numbered, or in another font size (a heading). A line that
    # starts far in and still reaches the edge is right-aligned (a signature or date).
    return (
        prev.slack <= WRAP_SLACK * prev.size
        and prev.indent <= WRAP_MAX_INDENT * prev.size
        and nxt.indent <= INDENT * nxt.size
        and not _NUMBERING.match(nxt.text)
        and abs(nxt.size - prev.size) < 0.5
    )


def _joined(lines: list[_Line]) -> str:
    text = lines[0].text
    for line in lines[1:]:
        # Only words in alphabetic scripts were separated by the line break.
        space = " " if text[-1].isascii() and line.text[0].isascii() else ""
        text += space + line.text
    return text


def _heading_sizes(groups: list[list[_Line]], style: _Style) -> list[float]:
    """Font sizes used by large-print headings, largest (= level 1) first."""
    return sorted({round(g[0].size, 1) for g in groups if _is_large(g, style)}, reverse=True)


def _is_large(group: list[_Line], style: _Style) -> bool:
    return (
        group[0].size >= style.size * HEADING_SIZE_RATIO
        and sum(len(line.text) for line in group) <= HEADING_MAX_CHARS
    )


def _is_bold_heading(group: list[_Line], style: _Style) -> bool:
    # Bold only stands out in a draft whose body is not bold itself.
    text = group[0].text
    return (
        not style.bold
        and len(group) == 1
        and group[0].bold
        and len(text) <= BOLD_HEADING_MAX_CHARS
        and text[-1] not in "。；，,;"
    )


def _heading_level(group: list[_Line], style: _Style, ranks: list[float]) -> int | None:
    if _is_large(group, style):
        return ranks.index(round(group[0].size, 1)) + 1
    if _is_bold_heading(group, style):
        return len(ranks) + 1
    return None
