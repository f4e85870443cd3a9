"""Section trees of whole drafts, as a reader outlines them (cases in data/section_trees.yaml).

Each case is built into a .docx with python-docx (and, for `pdf` cases, exported by
LibreOffice), read with `review.ingest.parse.parse`, analysed, and its heading outline
and the section paths of a few sentences compared with what the case expects.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pdf_factory import soffice_convert

from review.ingest.parse import parse
from review.nlp.analysis import Analysis, analyze
from review.nlp.sections import Section

CASES_FILE = Path(__file__).parent / "data" / "section_trees.yaml"
CASES: list[dict] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
FORMATS = ("docx-styled", "docx-plain", "pdf")
HAS_SOFFICE = shutil.which("soffice") is not None
NO_SOFFICE = "LibreOffice (soffice) not on PATH: pdf section-tree cases need it to export the drafts"

CJK_FONT = "Noto Serif CJK SC"
# 公文-like sizes: the title well above the body, styled headings large enough (≥ 1.15 ×
# body) that a PDF shows them as large print; Heading 3 is bold at body size.
STYLE_SIZES = {"Normal": 12, "Title": 22, "Heading 1": 16, "Heading 2": 14, "Heading 3": 12}


# -- building the drafts ------------------------------------------------------------------

def _setup_styles(doc) -> None:
    for name, size in STYLE_SIZES.items():
        style = doc.styles[name]
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), CJK_FONT)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font would override it
        style.font.size = Pt(size)
    # Chinese drafts indent each body paragraph's first line by two characters.
    doc.styles["Normal"].paragraph_format.first_line_indent = Pt(24)
    title = doc.styles["Title"].paragraph_format
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.first_line_indent = Pt(0)


def _add_table(doc, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def build_docx(case: dict, path: Path) -> Path:
    """The case's `paragraphs` markup as a Word draft (see the top of the YAML file)."""
    doc = DocxDocument()
    _setup_styles(doc)
    lines = case["paragraphs"].rstrip("\n").split("\n")
    doc.add_paragraph(lines[0], style="Title")
    rows: list[list[str]] = []
    for line in lines[1:]:
        if line.startswith("T|"):
            rows.append([cell.strip() for cell in line[2:].split("|")])
            continue
        if rows:
            _add_table(doc, rows)
            rows = []
        if line[:3] in ("H1|", "H2|", "H3|"):
            doc.add_paragraph(line[3:].strip(), style=f"Heading {line[1]}")
        elif line.startswith("B|"):
            bold, _, rest = line[2:].partition("|")
            para = doc.add_paragraph()
            para.add_run(bold).bold = True
            if rest:
                para.add_run(rest)
        else:
            doc.add_paragraph(line)
    if rows:
        _add_table(doc, rows)
    doc.save(path)
    return path


# -- reading the outline back -------------------------------------------------------------

def outline(section: Section, depth: int = 0) -> list[str]:
    lines = []
    for child in section.children:
        lines.append("  " * depth + child.title)
        lines += outline(child, depth + 1)
    return lines


def expected_outline(case: dict) -> list[str]:
    return [line for line in (case.get("tree") or "").split("\n") if line.strip()]


def check(case: dict, analysis: Analysis) -> None:
    actual = outline(analysis.sections.root)
    assert actual == expected_outline(case), "actual outline:\n" + "\n".join(actual)
    by_text: dict[str, list[tuple[str, ...]]] = {}
    for sentence in analysis.sentences:
        by_text.setdefault(sentence.text, []).append(sentence.path)
    for text, path in (case.get("paths") or {}).items():
        assert text in by_text, f"no sentence {text!r}; sentences: {list(by_text)}"
        assert by_text[text] == [tuple(path)], text


# -- the cases ----------------------------------------------------------------------------

def _params(fmt: str):
    for case in CASES:
        if case["format"] != fmt:
            continue
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        if fmt == "pdf":
            marks += [pytest.mark.soffice, pytest.mark.skipif(not HAS_SOFFICE, reason=NO_SOFFICE)]
        yield pytest.param(case, id=case["name"], marks=marks)


def test_case_file_is_well_formed():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert len(CASES) >= 30
    for fmt in FORMATS:
        assert sum(c["format"] == fmt for c in CASES) >= 10, fmt
    for case in CASES:
        assert set(case) <= {"name", "format", "paragraphs", "tree", "paths", "xfail"}, case["name"]
        assert case["format"] in FORMATS, case["name"]
        markup = case["paragraphs"].split("\n")
        styled = any(line[:3] in ("H1|", "H2|", "H3|") for line in markup)
        if case["format"] == "docx-styled":
            assert styled, f"{case['name']}: a docx-styled case uses Heading styles"
        if case["format"] == "docx-plain":
            assert not styled, f"{case['name']}: a docx-plain case has no Heading styles"
        for line in expected_outline(case):
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, f"{case['name']}: odd indentation in tree: {line!r}"


@pytest.mark.parametrize("case", _params("docx-styled"))
def test_docx_styled(case, tmp_path):
    check(case, analyze(parse(build_docx(case, tmp_path / "draft.docx")).document))


@pytest.mark.parametrize("case", _params("docx-plain"))
def test_docx_plain(case, tmp_path):
    check(case, analyze(parse(build_docx(case, tmp_path / "draft.docx")).document))


@pytest.fixture(scope="module")
def pdf_drafts(tmp_path_factory) -> dict[str, Path]:
    """Every pdf case exported by LibreOffice in one soffice run, by case name."""
    if not HAS_SOFFICE:
        pytest.skip(NO_SOFFICE)
    folder = tmp_path_factory.mktemp("section_pdfs")
    cases = [c for c in CASES if c["format"] == "pdf"]
    sources = [build_docx(c, folder / f"{c['name']}.docx") for c in cases]
    pdfs = soffice_convert(sources, "pdf", folder)
    return {c["name"]: p for c, p in zip(cases, pdfs, strict=True)}


@pytest.mark.parametrize("case", _params("pdf"))
def test_pdf(case, pdf_drafts):
    check(case, analyze(parse(pdf_drafts[case["name"]]).document))
