"""Builders for PDF test inputs: a Word draft converted by LibreOffice, and tiny PDFs by hand."""

from __future__ import annotations

import subprocess
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# Set in 22 pt and centred, so it breaks over two lines like a real 公文 title.
TITLE = "关于开展学习贯彻新时代中国特色社会主义思想主题教育的实施方案"
# Long enough to wrap over several lines, so the parser has to rejoin them.
INTRO = (
    "为深入学习贯彻新时代中国特色社会主义思想，根据上级党委统一部署，结合本单位实际，"
    "现就在全体党员中开展主题教育制定如下实施方案。本次主题教育坚持学思用贯通、知信行统一，"
    "把理论学习、调查研究、推动发展、检视整改等有机融合、一体推进，确保取得实实在在的成效。"
)
SPACED = "坚持把学习贯彻作为首要任务，通过读原著学原文悟原理，推动理论学习往深里走往实里走。"
# Long enough (about a page) that it must continue across a page break.
LONG = "".join(
    f"第{n}句强调要把主题教育同推动中心工作结合起来，以学促干、以干践学，防止学用脱节。" for n in range(1, 31)
)
SECTION = "一、总体要求"
SUBSECTION = "（一）学习内容"
FILLER = (
    "各党支部要结合工作实际，认真组织党员开展集中学习和个人自学，围绕重点课题深入基层、"
    "深入群众开展调查研究，形成高质量调研报告，推动解决群众急难愁盼问题，第{n}项工作按时完成。"
)
FOOTER_TEXT = "某某县委主题教育领导小组办公室"
HEADER_TEXT = "主题教育工作材料"
SMALL_TABLE = [
    ["序号", "工作任务", "责任人"],
    ["1", "开展集中学习研讨，围绕重点课题每月至少组织一次专题学习并形成研讨记录", "张三"],
    ["2", "形成调研报告", "李四"],
]
# A last row whose remark spans the two right-hand columns.
REMARK = ["备注", "每月底前报送进展情况"]
LONG_TABLE_HEADER = ["编号", "整改事项", "完成时限"]
LONG_TABLE_ROWS = 45
CLOSING = "以上整改事项由各责任单位按时限完成。"


def long_table_rows() -> list[list[str]]:
    return [[str(i), f"整改事项第{i}条", f"{i}月底"] for i in range(1, LONG_TABLE_ROWS + 1)]


def _add_page_field(paragraph) -> None:
    # A real PAGE field, as units' Word templates have, rendered as "— N —".
    paragraph.add_run("— ")
    run = paragraph.add_run()
    begin, instr, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, end):
        run._r.append(element)
    paragraph.add_run(" —")


def _letter_space(paragraph, points: int) -> None:
    # Wide character spacing is what makes naive extraction read "主 题 教 育".
    for run in paragraph.runs:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(points * 20))
        run._r.get_or_add_rPr().append(spacing)


def _add_table(doc, rows: list[list[str]], repeat_header: bool = False):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    if repeat_header:
        header_flag = OxmlElement("w:tblHeader")
        table.rows[0]._tr.get_or_add_trPr().append(header_flag)
    return table


def build_docx(path: Path) -> Path:
    doc = DocxDocument()
    for style in ("Normal", "Heading 1"):
        rpr = doc.styles[style].element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    doc.styles["Normal"].font.size = Pt(12)
    doc.styles["Heading 1"].font.size = Pt(22)
    doc.styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Chinese drafts indent each paragraph's first line by two characters.
    doc.styles["Normal"].paragraph_format.first_line_indent = Pt(24)
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.text = FOOTER_TEXT
    _add_page_field(section.footer.add_paragraph())
    section.header.paragraphs[0].text = HEADER_TEXT

    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(INTRO)
    _letter_space(doc.add_paragraph(SPACED), 6)
    doc.add_paragraph(SECTION)
    doc.add_paragraph(SUBSECTION)
    small = _add_table(doc, SMALL_TABLE)
    remark = small.add_row()
    remark.cells[0].text = REMARK[0]
    remark.cells[1].merge(remark.cells[2]).text = REMARK[1]
    for n in range(1, 4):
        doc.add_paragraph(FILLER.format(n=n))
    doc.add_paragraph(LONG)
    doc.add_paragraph("二、整改清单")
    _add_table(doc, [LONG_TABLE_HEADER, *long_table_rows()], repeat_header=True)
    doc.add_paragraph(CLOSING)
    doc.save(path)
    return path


def soffice_convert(files: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert `files` with LibreOffice to `target` ("pdf", "doc"…) in one soffice run."""
    # A private profile keeps this conversion apart from any other soffice running here.
    profile = (outdir / "lo-profile").resolve().as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [outdir / f"{Path(f).stem}.{target}" for f in files]


def convert_to_pdf(docx_path: Path, outdir: Path) -> Path:
    return soffice_convert([docx_path], "pdf", outdir)[0]


def _serialize(objects: list[bytes]) -> bytes:
    # Hand-assembled so each test PDF holds exactly the one defect it is about.
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


# Monospaced, so tests can place a line's right end: every glyph is 0.6 x 12 pt wide.
_COURIER = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"
GLYPH_WIDTH = 7.2


def _pages_pdf(contents: list[bytes], font: bytes = _COURIER) -> bytes:
    # Objects: 1 catalog, 2 page tree, 3 font, then a (page, content) pair per page.
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(contents),
        font,
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return _serialize(objects)


def _text_ops(lines: list[tuple[float, float, str]]) -> bytes:
    """Content stream placing each (x, y-from-top, text) line in 12 pt type."""
    ops = [
        b"BT /F1 12 Tf 1 0 0 1 %.1f %.1f Tm (%s) Tj ET" % (x, 842 - y, t.encode("latin-1"))
        for x, y, t in lines
    ]
    return b"\n".join(ops)


def text_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF with ASCII text lines in Courier at the given positions, one list per page."""
    return _pages_pdf([_text_ops(lines) for lines in pages])


def image_only_pdf() -> bytes:
    """A page with nothing but a filled rectangle: what a scan looks like to a text parser."""
    return _pages_pdf([b"0.5 g 72 400 300 200 re f"])


def unmapped_font_pdf() -> bytes:
    """Text in a composite font without a ToUnicode map: extraction yields (cid:N) noise."""
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H"
        b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /DW 1000 >>] >>"
    )
    return _pages_pdf([b"BT /F1 12 Tf 72 700 Td <0041004200430044> Tj ET"], font)
