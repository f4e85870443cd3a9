"""A clean .docx rebuilt from a Document's blocks, for drafts that were not Word files.

Units receive comments in Word whatever they sent, so a PDF or text draft comes back as a
Word file with the same paragraphs and tables, in the official-document fonts.
"""

from __future__ import annotations

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from review.model import Block, Cell, Document, Paragraph, Table

BODY_FONT, HEADING_FONT = "仿宋", "黑体"


def set_east_asian_font(style_or_run, name: str) -> None:
    """python-docx sets only the Latin font; Chinese text needs w:eastAsia as well."""
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def new_word_document():
    word = docx.Document()
    normal = word.styles["Normal"]
    set_east_asian_font(normal, BODY_FONT)
    normal.font.size = Pt(14)
    for level in range(1, 4):
        style = word.styles[f"Heading {level}"]
        set_east_asian_font(style, HEADING_FONT)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.size = Pt(16 if level == 1 else 14)
    return word


def rebuild(document: Document):
    """(python-docx Document, w:p elements in `document.paragraphs()` order)."""
    word = new_word_document()
    # The template's body starts with one empty paragraph; drop it so the body holds
    # exactly our blocks.
    body = word.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    made: dict[int, etree._Element] = {}
    _fill(word, document.blocks, made, is_cell=False)
    return word, [made[id(p)] for p in document.paragraphs()]


def _fill(container, blocks: list[Block], made: dict[int, etree._Element], is_cell: bool):
    placeholder = container.paragraphs[0] if is_cell and container.paragraphs else None
    for block in blocks:
        if isinstance(block, Paragraph):
            if placeholder is not None:
                target, placeholder = placeholder, None
            else:
                target = container.add_paragraph()
            _write_paragraph(target, block)
            made[id(block)] = target._p
        else:
            _write_table(container, block, made)
    if placeholder is not None and blocks:
        # The cell's only blocks were tables; Word still needs a closing paragraph, which
        # the template's placeholder provides after them.
        placeholder._p.getparent().append(placeholder._p)


def _write_paragraph(target, para: Paragraph) -> None:
    if para.heading_level:
        target.style = f"Heading {min(para.heading_level, 3)}"
    elif para.style and para.style.lower() == "title":
        target.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = target.add_run(para.text)
    if para.style and para.style.lower() == "title":
        run.bold = True
        set_east_asian_font(run, HEADING_FONT)
        run.font.size = Pt(18)


def _write_table(container, table: Table, made) -> None:
    if not table.rows:
        return
    n_cols = max(len(r) for r in table.rows)
    out = container.add_table(rows=len(table.rows), cols=n_cols)
    out.style = "Table Grid"
    # Table.cell walks the whole table on every call, so a ledger of a few hundred cells
    # cost tens of milliseconds; the grid is read once, and again only after a merge.
    grid = out._cells
    placed: set[int] = set()
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if id(cell) in placed:
                continue
            placed.add(id(cell))
            r2, c2 = _extent(table, r, c, cell)
            target = grid[r * n_cols + c]
            if (r2, c2) != (r, c):
                target = target.merge(grid[r2 * n_cols + c2])
                grid = out._cells
            _fill(target, cell.blocks, made, is_cell=True)


def _extent(table: Table, r: int, c: int, cell: Cell) -> tuple[int, int]:
    """Bottom-right grid position of the rectangle a merged cell covers."""
    c2 = c
    while c2 + 1 < len(table.rows[r]) and table.rows[r][c2 + 1] is cell:
        c2 += 1
    r2 = r
    while r2 + 1 < len(table.rows) and c < len(table.rows[r2 + 1]) and table.rows[r2 + 1][c] is cell:
        r2 += 1
    return r2, c2
