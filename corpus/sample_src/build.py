"""Build the bundled sample workspace from the text sources in this folder.

Run from the repository root:

    python corpus/sample_src/build.py

It regenerates corpus/sample_workspace/ (review.toml, units.csv, inbox/, outbox/,
corpus/, rules/) from the *.md sources beside this script. The output is deterministic:
.docx files get fixed core properties and fixed zip timestamps, so rebuilding gives
byte-identical files. PDFs are made by LibreOffice, whose output embeds a creation time;
an existing PDF is kept when its text layer equals the new one, so a rebuild does not
churn it.

Source markup (see README.md in this folder):

    <!-- out: inbox/第1轮/河口镇/x.docx ; headings: styles|numbering ; encoding: gb18030 ; newline: crlf -->
    # 标题                    document title (style "Title", centered)
    ## 一、指导思想            level-1 heading
    ### （一）理论学习         level-2 heading
    >> 中共河口镇委员会        right-aligned line (signature / date)
    | a | b | c |             table row; first row is the header; a `|---|` row is ignored
    **粗体**                  bold run inside a paragraph or cell
    <br>                      paragraph break inside a table cell
    ^^                        (a whole cell) merged vertically with the cell above
    blank lines separate paragraphs; every other line is one body paragraph
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "sample_workspace"

AUTHOR = "示例单位"
CREATED = dt.datetime(2023, 9, 10, 9, 0, 0)
MODIFIED = dt.datetime(2023, 9, 18, 16, 30, 0)
ZIP_TIME = (2023, 9, 18, 16, 30, 0)

BODY_FONT = "仿宋"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"

REVIEW_TOML = """# 审阅工作区配置
campaign = "2023"
reviewer = "县委第三指导组"

[thresholds]
pass_score = 85
redo_score = 60
"""

# 单位名称, 别名 (;-separated), 类别, 层级
UNITS = [
    ("河口镇", "河口镇党委;中共河口镇委员会", "town", "section_leadership"),
    ("城关街道", "城关街道党工委;城关街道办事处", "town", "section_leadership"),
    ("柳溪村", "柳溪村党支部", "village", "branch"),
    ("东风社区", "东风社区党支部", "village", "branch"),
    ("桃园村", "桃园村党支部", "village", "branch"),
    ("县委办公室", "中共清河县委办公室;县委办", "agency", "section_leadership"),
    ("县教育局", "清河县教育局", "agency", "section_leadership"),
    ("星火科技有限公司", "星火科技党支部;星火科技", "private_org", "branch"),
    ("县城投集团", "清河县城市建设投资集团有限公司;城投集团", "soe", "section_leadership"),
    ("清河县第一中学", "县一中;清河一中", "education", "branch"),
    ("县人民医院", "清河县人民医院", "health", "section_leadership"),
]

# The broken draft: the first BROKEN_BYTES bytes of the docx built from BROKEN_FROM.
BROKEN_PATH = "inbox/第1轮/东风社区_实施方案.docx"
BROKEN_FROM = "02_县委实施方案_模板.md"
BROKEN_BYTES = 600

KEEP_FILES = ["outbox/.gitkeep", "rules/.gitkeep"]


# --------------------------------------------------------------------------- parsing


@dataclass
class Para:
    kind: str  # "title" | "h1" | "h2" | "body" | "right"
    text: str


@dataclass
class TableBlock:
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    path: Path
    out: str
    headings: str = "styles"
    encoding: str = "utf-8"
    newline: str = "\n"
    orient: str = "portrait"
    blocks: list = field(default_factory=list)


FRONT = re.compile(r"^<!--(.*)-->\s*$")


def parse_source(path: Path) -> Source:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not FRONT.match(lines[0]):
        sys.exit(f"{path.name}: first line must be the front matter <!-- out: ... -->")
    opts = {}
    for part in FRONT.match(lines[0]).group(1).split(";"):
        if part.strip():
            key, _, value = part.partition(":")
            opts[key.strip()] = value.strip()
    if "out" not in opts:
        sys.exit(f"{path.name}: front matter has no 'out:'")
    unknown = set(opts) - {"out", "headings", "encoding", "newline", "orient"}
    if unknown:
        sys.exit(f"{path.name}: unknown front-matter keys {sorted(unknown)}")
    src = Source(
        path=path,
        out=opts["out"],
        headings=opts.get("headings", "styles"),
        encoding=opts.get("encoding", "utf-8"),
        newline={"crlf": "\r\n", "lf": "\n"}[opts.get("newline", "lf")],
        orient=opts.get("orient", "portrait"),
    )
    if src.orient not in ("portrait", "landscape"):
        sys.exit(f"{path.name}: orient must be 'portrait' or 'landscape'")
    if src.headings not in ("styles", "numbering"):
        sys.exit(f"{path.name}: headings must be 'styles' or 'numbering'")

    table: TableBlock | None = None
    for line in lines[1:]:
        line = line.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                continue
            if table is None:
                table = TableBlock()
                src.blocks.append(table)
            table.rows.append(cells)
            continue
        table = None
        if not line.strip():
            continue
        if line.startswith("### "):
            src.blocks.append(Para("h2", line[4:].strip()))
        elif line.startswith("## "):
            src.blocks.append(Para("h1", line[3:].strip()))
        elif line.startswith("# "):
            src.blocks.append(Para("title", line[2:].strip()))
        elif line.startswith(">> "):
            src.blocks.append(Para("right", line[3:].strip()))
        else:
            src.blocks.append(Para("body", line.strip()))
    for block in src.blocks:
        if isinstance(block, TableBlock):
            width = len(block.rows[0])
            for row in block.rows:
                if len(row) != width:
                    sys.exit(f"{path.name}: table row has {len(row)} cells, header has {width}: {row}")
    return src


def runs_of(text: str) -> list[tuple[str, bool]]:
    """Split '**bold**' markup into (text, bold) runs."""
    parts = text.split("**")
    if len(parts) % 2 == 0:
        sys.exit(f"unbalanced ** in: {text}")
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def plain(text: str) -> str:
    return text.replace("**", "")


# --------------------------------------------------------------------------- docx


def set_fonts(rpr_owner, east_asia: str, size_pt: float | None = None, bold: bool | None = None):
    """Set Latin + East Asian font on a style or run (w:rFonts w:eastAsia)."""
    font = rpr_owner.font
    font.name = LATIN_FONT
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def first_line_indent_chars(paragraph_format_owner, chars: int):
    ppr = paragraph_format_owner._element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * 320))


def setup_styles(doc, landscape: bool = False):
    styles = doc.styles
    # Document defaults (w:docDefaults) carry the East Asian font too, so text with no
    # style still renders in 仿宋.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)
    rfonts.set(qn("w:cs"), LATIN_FONT)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT, 16)
    pf = normal.paragraph_format
    pf.line_spacing = Pt(28)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)

    title = styles["Title"]
    set_fonts(title, TITLE_FONT, 22, bold=False)
    title.font.color.rgb = None
    tppr = title.element.get_or_add_pPr()
    for bdr in tppr.findall(qn("w:pBdr")):
        tppr.remove(bdr)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(16)
    title.paragraph_format.line_spacing = Pt(36)

    for name, font in (("Heading 1", HEADING1_FONT), ("Heading 2", HEADING2_FONT)):
        st = styles[name]
        set_fonts(st, font, 16, bold=False)
        st.font.color.rgb = None
        st.font.italic = False
        st.paragraph_format.space_before = Pt(0)
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.line_spacing = Pt(28)
        first_line_indent_chars(st, 2)

    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    else:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = Cm(3.7)
    section.bottom_margin = Cm(3.5)
    section.left_margin = Cm(2.8)
    section.right_margin = Cm(2.6)


def add_runs(paragraph, text: str, font: str | None = None):
    for chunk, bold in runs_of(text):
        run = paragraph.add_run(chunk)
        if bold:
            run.bold = True
        if font:
            set_fonts(run, font)


def add_cell_text(cell, text: str, header: bool):
    pieces = [t.strip() for t in text.split("<br>")]
    first = True
    for piece in pieces:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.paragraph_format.line_spacing = Pt(20)
        if header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for chunk, bold in runs_of(piece):
            run = paragraph.add_run(chunk)
            run.font.size = Pt(12)
            if header:
                set_fonts(run, HEADING1_FONT)
            elif bold:
                run.bold = True


def add_table(doc, block: TableBlock, usable_width: int):
    rows, cols = len(block.rows), len(block.rows[0])
    table = doc.add_table(rows=rows, cols=cols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # a 序号 column is narrow; the rest share the width, long-text columns get more
    weights = []
    for c, head in enumerate(block.rows[0]):
        if head == "序号":
            weights.append(0.5)
        else:
            longest = max(len(plain(row[c])) for row in block.rows)
            weights.append(1.0 if longest <= 16 else 2.0)
    total = sum(weights)
    widths = [int(usable_width * w / total) for w in weights]
    for c, width in enumerate(widths):
        table.columns[c].width = width
        for r in range(rows):
            table.cell(r, c).width = width
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            if text == "^^":
                continue
            add_cell_text(table.cell(r, c), text, header=(r == 0))
    # vertical merges: a "^^" cell joins the nearest non-"^^" cell above it
    for c in range(cols):
        r = 1
        while r < rows:
            if block.rows[r][c] == "^^":
                top = r - 1
                end = r
                while end + 1 < rows and block.rows[end + 1][c] == "^^":
                    end += 1
                table.cell(top, c).merge(table.cell(end, c))
                r = end + 1
            else:
                r += 1
    return table


def build_docx(src: Source) -> bytes:
    doc = Document()
    setup_styles(doc, landscape=src.orient == "landscape")
    title_text = ""
    for block in src.blocks:
        if isinstance(block, TableBlock):
            section = doc.sections[0]
            usable = section.page_width - section.left_margin - section.right_margin
            add_table(doc, block, usable)
            continue
        if block.kind == "title":
            title_text = plain(block.text)
            p = doc.add_paragraph(style="Title")
            add_runs(p, block.text)
        elif block.kind in ("h1", "h2"):
            if src.headings == "styles":
                p = doc.add_paragraph(style="Heading 1" if block.kind == "h1" else "Heading 2")
                add_runs(p, block.text)
            else:
                # plain paragraph: only the literal 一、/（一） numbering and direct formatting
                p = doc.add_paragraph()
                first_line_indent_chars(p, 2)
                add_runs(p, block.text, font=HEADING1_FONT if block.kind == "h1" else HEADING2_FONT)
        elif block.kind == "right":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            add_runs(p, block.text)
        else:
            p = doc.add_paragraph()
            first_line_indent_chars(p, 2)
            add_runs(p, block.text)

    cp = doc.core_properties
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.created = CREATED
    cp.modified = MODIFIED
    cp.last_printed = CREATED
    cp.revision = 1
    cp.title = title_text
    cp.subject = ""
    cp.keywords = ""
    cp.comments = ""
    cp.category = ""

    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and member order so output is byte-stable."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        order = src.namelist()
        # [Content_Types].xml first, as Word writes it; otherwise keep python-docx's order
        names = sorted(order, key=lambda n: (n != "[Content_Types].xml", order.index(n)))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


# --------------------------------------------------------------------------- txt / pdf


def build_txt(src: Source) -> bytes:
    lines: list[str] = []
    for block in src.blocks:
        if isinstance(block, TableBlock):
            for row in block.rows:
                lines.append("\t".join("" if c == "^^" else plain(c).replace("<br>", " ") for c in row))
            lines.append("")
            continue
        text = plain(block.text)
        if block.kind == "title":
            lines += [text, ""]
        elif block.kind == "right":
            lines.append(text)
        elif block.kind in ("h1", "h2"):
            lines.append(text)
        else:
            lines.append("　　" + text)
    while lines and not lines[-1]:
        lines.pop()
    return (src.newline.join(lines) + src.newline).encode(src.encoding)


def pdf_text(data: bytes) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "x.pdf"
        p.write_bytes(data)
        try:
            return subprocess.run(
                ["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True, text=True
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None


def build_pdf(src: Source, existing: Path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit(
            f"{src.path.name}: building {src.out} needs LibreOffice (soffice) on PATH to convert "
            "docx to PDF. Install LibreOffice, or keep the committed PDF."
        )
    docx_bytes = build_docx(src)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "doc.docx").write_bytes(docx_bytes)
        profile = (tmp_path / "profile").as_uri()
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(tmp_path / "doc.docx")],
            capture_output=True, text=True, timeout=180,
        )
        pdf = tmp_path / "doc.pdf"
        if proc.returncode != 0 or not pdf.exists():
            sys.exit(f"{src.path.name}: soffice failed to convert to PDF:\n{proc.stdout}\n{proc.stderr}")
        data = pdf.read_bytes()
    # keep the committed PDF when its text is unchanged (LibreOffice stamps a creation time)
    if existing.exists():
        old_text, new_text = pdf_text(existing.read_bytes()), pdf_text(data)
        if old_text is not None and old_text == new_text:
            return existing.read_bytes()
    return data


# --------------------------------------------------------------------------- main


def write(rel: str, data: bytes, written: list[str]):
    target = OUT / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    written.append(rel)


def main() -> int:
    sources = [parse_source(p) for p in sorted(HERE.glob("*.md")) if p.name != "README.md"]
    outs = [s.out for s in sources]
    dupes = {o for o in outs if outs.count(o) > 1}
    if dupes:
        sys.exit(f"two sources write the same output: {sorted(dupes)}")

    # keep old PDFs aside for the "unchanged text" comparison, then start clean
    old_pdfs: dict[str, bytes] = {}
    if OUT.exists():
        for s in sources:
            if s.out.endswith(".pdf") and (OUT / s.out).exists():
                old_pdfs[s.out] = (OUT / s.out).read_bytes()
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)

    written: list[str] = []
    write("review.toml", REVIEW_TOML.encode("utf-8"), written)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["单位名称", "别名", "类别", "层级"])
    w.writerows(UNITS)
    write("units.csv", buf.getvalue().encode("utf-8-sig"), written)

    for rel in KEEP_FILES:
        write(rel, b"", written)

    built: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for s in sources:
            ext = Path(s.out).suffix.lower()
            if ext == ".docx":
                data = build_docx(s)
            elif ext == ".txt":
                data = build_txt(s)
            elif ext == ".pdf":
                previous = Path(tmp) / "prev.pdf"
                if s.out in old_pdfs:
                    previous.write_bytes(old_pdfs[s.out])
                elif previous.exists():
                    previous.unlink()
                data = build_pdf(s, previous)
            else:
                sys.exit(f"{s.path.name}: unsupported output type {ext}")
            built[s.out] = data
            write(s.out, data, written)

    # the broken draft: a docx cut off after BROKEN_BYTES bytes (a truncated zip)
    donor = next(s for s in sources if s.path.name == BROKEN_FROM)
    write(BROKEN_PATH, build_docx(donor)[:BROKEN_BYTES], written)

    for rel in sorted(written):
        size = (OUT / rel).stat().st_size
        print(f"{size:8d}  {rel}")
    print(f"{len(written)} files in {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
