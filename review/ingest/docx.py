""".docx → Document, keeping for every paragraph the XML element it came from.

The annotator re-reads the copy it writes with `read_tree`, so the reader and the
writer agree on paragraph order and on which characters each run holds. That agreement
is what lets a comment land on exactly the characters a finding quotes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from review.ingest import package
from review.ingest.limits import LIMITS, Limits
from review.model import Block, Cell, Document, Paragraph, Table, UnreadableError

W_P, W_TBL, W_TR, W_TC, W_R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
W_SDT, W_SDTCONTENT = qn("w:sdt"), qn("w:sdtContent")

# Paragraph children whose runs are part of the visible text.
_RUN_CONTAINERS = {
    qn(t)
    for t in ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:fldSimple",
              "w:bdo", "w:dir", "w:sdt", "w:sdtContent")
}
# Run children that carry one visible character each.
_CHAR_ELEMENTS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
                  qn("w:noBreakHyphen"): "-"}
_W_T, _W_BR, _W_TYPE = qn("w:t"), qn("w:br"), qn("w:type")
_W_FLDCHAR, _W_FLDCHARTYPE = qn("w:fldChar"), qn("w:fldCharType")
# Run children that make a run unsafe to cut in two.
_ATOMIC = {qn(t) for t in ("w:fldChar", "w:instrText", "w:drawing", "w:pict", "w:object",
                           "w:footnoteReference", "w:endnoteReference", "w:sym", "w:ptab")}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


@dataclass
class RunSpan:
    """One run's share of a paragraph's text."""

    element: etree._Element
    start: int
    end: int
    splittable: bool  # plain text run outside any complex field


def paragraph_runs(p: etree._Element) -> list[RunSpan]:
    """The runs of paragraph `p` that contribute text, with their offsets into its text.

    Deleted text (w:del, w:moveFrom) is left out as Word shows the accepted draft; runs of a
    complex field's result are kept but marked unsplittable so comments never cut a field.
    """
    spans: list[RunSpan] = []
    offset = 0
    field_depth = 0
    for r in _iter_runs(p):
        chars = run_text(r)
        for fc in r.iter(_W_FLDCHAR):
            kind = fc.get(_W_FLDCHARTYPE)
            field_depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        atomic = any(child.tag in _ATOMIC for child in r)
        if chars:
            spans.append(RunSpan(r, offset, offset + len(chars), not atomic and field_depth == 0))
            offset += len(chars)
    return spans


def _iter_runs(parent: etree._Element):
    for child in parent:
        if child.tag == W_R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _iter_runs(child)


def child_text(child: etree._Element) -> str | None:
    """The text a run child shows, or None for children that show none (a page break is
    layout, not text)."""
    if child.tag == _W_T:
        return child.text or ""
    if child.tag == _W_BR and child.get(_W_TYPE) == "page":
        return None
    return _CHAR_ELEMENTS.get(child.tag)


def run_text(r: etree._Element) -> str:
    return "".join(t for child in r if (t := child_text(child)) is not None)


def paragraph_text(p: etree._Element) -> str:
    return "".join(run_text(s.element) for s in paragraph_runs(p))


def _is_bold(r: etree._Element) -> bool:
    b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return b is not None and b.get(qn("w:val"), "true") not in ("0", "false", "off")


def _bold_lead(spans: list[RunSpan]) -> int:
    """Characters of bold text at the paragraph's start, ignoring leading blanks."""
    lead = 0
    for span in spans:
        text = run_text(span.element)
        if _is_bold(span.element):
            lead = span.end
        elif text.strip() or lead:
            break
    return lead


def _style_info(p: etree._Element, styles: dict[str, tuple[str, int | None]]):
    """(style name, heading level) from the paragraph's style or its own outline level."""
    ppr = p.find(qn("w:pPr"))
    name, level = None, None
    if ppr is not None:
        ps = ppr.find(qn("w:pStyle"))
        if ps is not None:
            name, level = styles.get(ps.get(qn("w:val")), (ps.get(qn("w:val")), None))
        outline = ppr.find(qn("w:outlineLvl"))
        if outline is not None and outline.get(qn("w:val"), "9").isdigit():
            lvl = int(outline.get(qn("w:val")))
            if lvl < 9:
                level = lvl + 1
    return name, level


def _style_table(document) -> dict[str, tuple[str, int | None]]:
    table: dict[str, tuple[str, int | None]] = {}
    for style in document.styles:
        try:
            name = style.name or style.style_id
        except (KeyError, AttributeError):
            continue
        m = _HEADING_STYLE.match(name or "")
        level = int(m.group(1)) if m else None
        if level is None and style.element is not None:
            outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if outline is not None and outline.get(qn("w:val"), "9").isdigit():
                lvl = int(outline.get(qn("w:val")))
                level = lvl + 1 if lvl < 9 else None
        table[style.style_id] = (name, level)
    return table


class _Reader:
    def __init__(self, styles):
        self.styles = styles
        self.elements: dict[int, etree._Element] = {}  # id(Paragraph) -> w:p

    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in container:
            if child.tag == W_P:
                out.append(self.paragraph(child))
            elif child.tag == W_TBL:
                out.append(self.table(child))
            elif child.tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def paragraph(self, p: etree._Element) -> Paragraph:
        name, level = _style_info(p, self.styles)
        spans = paragraph_runs(p)
        text = "".join(run_text(s.element) for s in spans)
        para = Paragraph(text=text, style=name, heading_level=level, bold_lead=_bold_lead(spans))
        self.elements[id(para)] = p
        return para

    def table(self, tbl: etree._Element) -> Table:
        rows: list[list[Cell]] = []
        above: dict[int, Cell] = {}  # grid column -> cell, to resolve vertical merges
        for tr in tbl.iter(W_TR):
            if _ancestor_table(tr) is not tbl:
                continue
            row: list[Cell] = []
            col = 0
            for tc in _row_cells(tr):
                tcpr = tc.find(qn("w:tcPr"))
                span, continues = 1, False
                if tcpr is not None:
                    gs = tcpr.find(qn("w:gridSpan"))
                    if gs is not None and (gs.get(qn("w:val")) or "1").isdigit():
                        span = max(1, int(gs.get(qn("w:val"))))
                    vm = tcpr.find(qn("w:vMerge"))
                    continues = vm is not None and vm.get(qn("w:val"), "continue") == "continue"
                if continues and col in above:
                    cell = above[col]
                else:
                    cell = Cell(blocks=self.blocks(tc))
                for k in range(span):
                    row.append(cell)
                    above[col + k] = cell
                col += span
            rows.append(row)
        return Table(rows=rows)


def _ancestor_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != W_TBL:
        parent = parent.getparent()
    return parent


def _row_cells(tr: etree._Element):
    for child in tr:
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, qn("w:customXml")):
            content = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from (c for c in content if c.tag == W_TC)


def read_tree(document) -> tuple[Document, list[etree._Element]]:
    """Read an open python-docx document: the Document and, in the same order as
    `Document.paragraphs()`, the w:p element behind each paragraph."""
    reader = _Reader(_style_table(document))
    blocks = reader.blocks(document.element.body)
    doc = Document(blocks, source_format="docx")
    return doc, [reader.elements[id(p)] for p in doc.paragraphs()]


def load(data: bytes, limits: Limits = LIMITS):
    """Open a Word package with python-docx once `package.check` has passed it: the open
    document and the bytes it was opened from (macro parts removed), which is what the
    annotated copy must be made from."""
    package.check(data, limits)
    clean = package.without_macros(data)
    try:
        document = docx.Document(io.BytesIO(clean))
    except (PackageNotFoundError, KeyError, etree.XMLSyntaxError, *package.ZIP_ERRORS) as exc:
        raise UnreadableError(
            "Word 文件内容已损坏，无法读取。请用 Word 或 WPS 打开检查后另存为 .docx 重新报送。"
        ) from exc
    # python-docx takes whatever XML the main part holds; a root in another namespace, or
    # one without a body, has no text to read (fuzzing found it failing deep in the reader).
    root = document.element
    if root.tag != qn("w:document") or root.find(qn("w:body")) is None:
        raise UnreadableError(
            "Word 文件的正文部分（word/document.xml）结构异常，不是 Word 正文的格式，无法读取。"
            "请用 Word 或 WPS 打开检查后另存为 .docx 重新报送。"
        )
    return document, clean


def open_docx(source: Path | BinaryIO):
    """Open a .docx with python-docx, turning every way it can fail into UnreadableError."""
    if isinstance(source, Path):
        data = source.read_bytes()
    else:
        source.seek(0)
        data = source.read()
    return load(data)[0]


def parse(path: Path) -> Document:
    doc, _ = read_tree(open_docx(path))
    return doc
