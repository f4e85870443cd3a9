import hashlib
import io
import re
import shutil

import pdf_factory as factory
import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from review.ingest import pdf
from review.model import Paragraph, Table, UnreadableError

CJK_GAP = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def draft_pdf(tmp_path_factory):
    """A Word draft as units write them, exported to PDF by LibreOffice once per session."""
    folder = tmp_path_factory.mktemp("draft")
    return factory.convert_to_pdf(factory.build_docx(folder / "实施方案.docx"), folder)


@pytest.fixture(scope="session")
def draft(draft_pdf):
    return pdf.parse(draft_pdf)


@pytest.fixture(scope="session")
def naive_pages(draft_pdf):
    """Plain pdfplumber text per page: proves the draft has the problems being fixed."""
    with pdfplumber.open(draft_pdf) as document:
        return [page.extract_text() for page in document.pages]


def body_texts(doc):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def table_texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def write(tmp_path, data: bytes):
    path = tmp_path / "draft.pdf"
    path.write_bytes(data)
    return path


def unreadable_message(path) -> str:
    with pytest.raises(UnreadableError) as caught:
        pdf.parse(path)
    return str(caught.value)


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not on PATH")
class TestWordDraftExportedToPdf:
    def test_letter_spaced_cjk_comes_out_without_inner_spaces(self, draft, naive_pages):
        assert CJK_GAP.search(naive_pages[0])
        assert factory.SPACED in body_texts(draft)
        assert not any(CJK_GAP.search(p.text) for p in draft.paragraphs())

    def test_wrapped_lines_are_one_paragraph(self, draft, naive_pages):
        texts = body_texts(draft)
        assert factory.INTRO in texts
        assert factory.FILLER.format(n=2) in texts
        # The long paragraph runs over a page break and must still come out whole.
        first, last = "第1句强调", "第30句强调"
        assert not any(first in page and last in page for page in naive_pages)
        assert factory.LONG in texts

    def test_running_header_footer_and_page_numbers_are_dropped(self, draft, naive_pages):
        assert all(factory.FOOTER_TEXT in page and factory.HEADER_TEXT in page for page in naive_pages)
        assert "— 2 —" in naive_pages[1]
        assert factory.HEADER_TEXT not in draft.text
        assert factory.FOOTER_TEXT not in draft.text
        assert not re.search(r"—\s*\d+\s*—", draft.text)

    def test_only_the_larger_type_title_is_a_heading(self, draft, naive_pages):
        # The centred title is set over two lines; it is still one heading.
        assert factory.TITLE not in naive_pages[0]
        title = draft.title
        assert (title.text, title.heading_level) == (factory.TITLE, 1)
        levels = {p.text: p.heading_level for p in draft.paragraphs()}
        # Numbered headings in body type are the numbering stage's job.
        assert levels[factory.SECTION] is None
        assert levels[factory.INTRO] is None

    def test_small_table_in_reading_order(self, draft):
        blocks = draft.blocks
        table = next(b for b in blocks if isinstance(b, Table))
        label, remark = factory.REMARK
        assert table_texts(table) == [*factory.SMALL_TABLE, [label, remark, remark]]
        position = blocks.index(table)
        assert blocks[position - 1].text == factory.SUBSECTION
        assert blocks[position + 1].text == factory.FILLER.format(n=1)
        assert table.page == 1 and all(p.page == 1 for row in table.rows for p in row[0].blocks)
        # Table text is only in the table, never repeated as body paragraphs.
        assert "形成调研报告" not in body_texts(draft)

    def test_merged_cell_is_one_cell_counted_once(self, draft):
        last_row = draft.tables()[0].rows[-1]
        assert last_row[1] is last_row[2]
        assert draft.text.count(factory.REMARK[1]) == 1

    def test_table_continued_over_a_page_break_is_one_table(self, draft, naive_pages):
        header = " ".join(factory.LONG_TABLE_HEADER)
        assert sum(header in page for page in naive_pages) >= 2
        tables = draft.tables()
        assert len(tables) == 2
        assert table_texts(tables[1]) == [factory.LONG_TABLE_HEADER, *factory.long_table_rows()]
        assert draft.blocks[-1].text == factory.CLOSING

    def test_document_pages_and_paragraph_pages(self, draft, naive_pages):
        assert draft.source_format == "pdf"
        assert draft.pages == len(naive_pages) >= 3
        pages = [p.page for p in draft.paragraphs()]
        assert pages[0] == 1 and pages == sorted(pages)
        assert pages[-1] == draft.pages

    def test_parsing_leaves_the_file_untouched(self, draft_pdf):
        before = hashlib.sha256(draft_pdf.read_bytes()).hexdigest()
        pdf.parse(draft_pdf)
        assert hashlib.sha256(draft_pdf.read_bytes()).hexdigest() == before


def test_repeated_margin_lines_go_but_repeated_body_lines_stay(tmp_path):
    pages = [
        [
            (72, 40, f"Campaign report 2023 - part {n}"),
            (72, 300, f"Findings of page {n}."),
            (72, 400, "Same sentence on every page."),
            (280, 810, f"Page {n} of 3"),
        ]
        for n in (1, 2, 3)
    ]
    doc = pdf.parse(write(tmp_path, factory.text_pdf(pages)))
    assert body_texts(doc) == [
        text for n in (1, 2, 3) for text in (f"Findings of page {n}.", "Same sentence on every page.")
    ]
    assert doc.pages == 3


def test_fake_bold_text_drawn_twice_is_read_once(tmp_path):
    # Word's 加粗 on a font without a bold face, exported to PDF, draws each glyph twice
    # a fraction of a point apart; a text layer laid twice by a scanner does the same.
    line = "Each key task has an owner and a deadline."
    pages = [[(72, 100, line), (72.4, 100.3, line), (72, 130, "Plain line.")]]
    doc = pdf.parse(write(tmp_path, factory.text_pdf(pages)))
    assert body_texts(doc) == [line, "Plain line."]


def test_lines_are_reflowed_by_their_geometry(tmp_path):
    right_edge = 72 + 62 * factory.GLYPH_WIDTH

    def right_aligned(y, text):
        return (right_edge - len(text) * factory.GLYPH_WIDTH, y, text)

    full = "The branch committee studied the plan in three sessions and set"
    pages = [
        [
            (72, 200, full[:62]),
            (72, 214, "clear goals."),
            (72, 240, full[:62]),
            right_aligned(254, "Party Committee"),
            right_aligned(268, "2023-10-08"),
            (72, 282, "Annex: task list"),
            (72, 770, full[:62]),
        ],
        [(72, 100, "continued on the next page."), (290, 810, "2")],
    ]
    doc = pdf.parse(write(tmp_path, factory.text_pdf(pages)))
    assert [(p.text, p.page) for p in doc.paragraphs()] == [
        (full[:62] + " clear goals.", 1),
        (full[:62], 1),
        ("Party Committee", 1),
        ("2023-10-08", 1),
        ("Annex: task list", 1),
        (full[:62] + " continued on the next page.", 1),
    ]


@pytest.mark.parametrize(
    "text",
    ["— 3 —", "- 3 -", "3", "第 3 页", "第3页 共10页", "共10页 第3页", "3/10", "Page 3 of 10"],
)
def test_page_number_forms(text):
    assert pdf.is_page_number(text)


@pytest.mark.parametrize("text", ["一、总体要求", "2023年工作方案", "3月底前完成", "附件1"])
def test_not_page_numbers(text):
    assert not pdf.is_page_number(text)


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("主 题 教 育", "主题教育"),
        ("坚持 “两个确立”", "坚持“两个确立”"),
        ("请报送 Word 原稿", "请报送 Word 原稿"),
        ("review assistant", "review assistant"),
    ],
)
def test_cjk_spacing(raw, fixed):
    assert pdf.fix_cjk_spacing(raw) == fixed


def test_image_only_pdf_has_no_text_layer(tmp_path):
    path = write(tmp_path, factory.image_only_pdf())
    before = path.read_bytes()
    assert "没有文字层" in unreadable_message(path)
    assert path.read_bytes() == before


def test_truncated_pdf(tmp_path):
    data = factory.text_pdf([[(72, 100, "Hello")]])
    assert "不完整" in unreadable_message(write(tmp_path, data[: len(data) // 2]))


def test_corrupt_pdf(tmp_path):
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer <<>>\n%%EOF\n"
    assert "已损坏" in unreadable_message(write(tmp_path, data))


def test_empty_pdf(tmp_path):
    assert "文件为空" in unreadable_message(write(tmp_path, b""))


def test_other_content_with_pdf_extension(tmp_path):
    message = unreadable_message(write(tmp_path, b"PK\x03\x04 a zip, not a pdf"))
    assert "内容不是 PDF" in message


def encrypted(user_password: str, algorithm: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(factory.text_pdf([[(72, 100, "Hi")]]))))
    writer.encrypt(user_password, "owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdf(tmp_path, algorithm):
    message = unreadable_message(write(tmp_path, encrypted("secret", algorithm)))
    assert "已加密" in message and "未加密" in message


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    # Permission-only protection (no copying/printing) still lets anyone open the file.
    assert pdf.parse(write(tmp_path, encrypted("", "AES-128"))).text == "Hi"


def test_text_without_unicode_mapping_is_reported_as_garbled(tmp_path):
    assert "乱码" in unreadable_message(write(tmp_path, factory.unmapped_font_pdf()))
