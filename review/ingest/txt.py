"""Read a plain-text draft into a `Document`.

Units save .txt files from Notepad, WPS or WeChat in whatever encoding their machine
defaults to, so the encoding is worked out from the bytes: a byte-order mark, the NUL
pattern of UTF-16, strict UTF-8, and finally GB18030 (a superset of GBK and GB2312).
Each non-empty line is a paragraph; runs of tab-separated or `| a | b |` lines are tables.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from review.ingest import sniff
from review.model import Block, Cell, Document, Paragraph, Table, UnreadableError

# Longest BOMs first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Share of characters a real draft is made of; bytes misread as UTF-16 land all over the
# code space instead.
PLAUSIBLE_SHARE = 0.9
_COMMON = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u2190-\u25ff\u3000-\u303f"
    r"\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
# Text has a few stray control characters at most (form feeds, DOS end-of-file marks).
CONTROL_SHARE_LIMIT = 0.05
_ALLOWED_CONTROLS = "\t\n\r\f\x1a"

_BLANK = "文件中没有任何文字（只有空格或空行），请检查后重新报送。"
_BINARY = (
    "文件扩展名为 .txt，但内容不是文本文件（是二进制数据，可能是改了扩展名的其他文件）。"
    "请报送 Word 原稿或另存为 UTF-8 编码的文本文件。"
)
_UNKNOWN_ENCODING = (
    "文本文件编码无法识别（不是 UTF-8、GBK/GB18030 或 UTF-16）。"
    "请用记事本或 WPS 打开后另存为 UTF-8 后重新报送。"
)
_PIPE_RULE = re.compile(r":?-+:?")
MIN_TAB_TABLE_ROWS = 2


def parse(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableError(f"文件无法打开（{exc.strerror or exc}），请检查后重新报送。") from exc
    return parse_text(decode(data))


def parse_text(text: str) -> Document:
    """Plain text → Document: one paragraph per line, tab or pipe rows as tables."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = _blocks(lines)
    if not blocks:
        raise UnreadableError(_BLANK)
    return Document(blocks, source_format="txt")


def decode(data: bytes) -> str:
    """The file's text, or UnreadableError saying why it is not readable text."""
    if not data:
        raise UnreadableError(sniff.EMPTY)
    text = _decode_known(data)
    if text is None:
        raise UnreadableError(_UNKNOWN_ENCODING)
    if _control_share(text) > CONTROL_SHARE_LIMIT:
        raise UnreadableError(_BINARY)
    return text


def _decode_known(data: bytes) -> str | None:
    """The text in the first encoding that fits, None if none does; raises for binary data."""
    found = sniff.kind(data)
    if found != "other":  # a file units sent with a wrong .txt extension
        raise UnreadableError(
            f"文件扩展名为 .txt，但内容实际是{sniff.describe(found, data)}。"
            "请改回正确的扩展名，或另存为 UTF-8 编码的文本文件后重新报送。"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    if b"\x00" in data:
        raise UnreadableError(_BINARY)
    return _strict(data, "utf-8") or _strict(data, "gb18030")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM, in whichever byte order reads as real text.

    Such text has NULs (ASCII characters, and CJK ones like 一 U+4E00), but where they fall
    depends on the characters, so the byte order is judged by the decoded result instead.
    """
    if b"\x00" not in data or len(data) % 2:
        return None
    candidates = [_strict(data, encoding) for encoding in ("utf-16-le", "utf-16-be")]
    scored = [(_plausible_share(text), text) for text in candidates if text is not None]
    share, text = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return text if share >= PLAUSIBLE_SHARE else None


def _plausible_share(text: str) -> float:
    return len(_COMMON.findall(text)) / len(text) if text else 0.0


def _control_share(text: str) -> float:
    controls = sum(
        1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS
    )
    return controls / len(text) if text else 0.0


@dataclass(frozen=True)
class _Row:
    kind: str  # "tab" or "pipe"
    cells: list[str]


def _table_row(line: str) -> _Row | None:
    if line.startswith("|") and line.endswith("|") and len(line) > 1:
        cells = [cell.strip() for cell in line[1:-1].split("|")]
        return _Row("pipe", cells) if len(cells) >= 2 else None
    cells = [cell.strip() for cell in line.split("\t")]
    return _Row("tab", cells) if len(cells) >= 2 else None


def _same_table(row: _Row, first: _Row) -> bool:
    # A row may lack a trailing cell or carry one extra note; more than that is a new table.
    return row.kind == first.kind and abs(len(row.cells) - len(first.cells)) <= 1


def _blocks(raw_lines: list[str]) -> list[Block]:
    """Paragraphs and tables, in order."""
    blocks: list[Block] = []
    pending: list[tuple[_Row, str]] = []
    # Indentation (spaces, full-width spaces, tabs) is layout, and a leading tab must not
    # read as an empty first cell.
    for line in (raw.strip() for raw in raw_lines):
        row = _table_row(line)
        if row and _is_rule(row):
            continue
        if row and pending and _same_table(row, pending[0][0]):
            pending.append((row, line))
            continue
        blocks += _flush(pending)
        pending = [(row, line)] if row else []
        if line and not row:
            blocks.append(Paragraph(line))
    blocks += _flush(pending)
    return blocks


def _is_rule(row: _Row) -> bool:
    """The |---|:---:| line under a markdown header row: markup, not content."""
    return row.kind == "pipe" and all(_PIPE_RULE.fullmatch(cell) for cell in row.cells)


def _flush(pending: list[tuple[_Row, str]]) -> list[Block]:
    if not pending:
        return []
    # A lone tab-separated line is usually a label and its value, not a table.
    if pending[0][0].kind == "tab" and len(pending) < MIN_TAB_TABLE_ROWS:
        return [Paragraph(line) for _, line in pending]
    width = max(len(row.cells) for row, _ in pending)
    rows = [
        [Cell([Paragraph(text)]) for text in row.cells + [""] * (width - len(row.cells))]
        for row, _ in pending
    ]
    return [Table(rows=rows)]
