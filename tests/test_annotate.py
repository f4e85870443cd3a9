"""Comments land on exactly the quoted characters, in Word files and rebuilt ones."""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from docx.shared import Pt
from pdf_factory import convert_to_pdf

from review.ingest.docx import read_tree
from review.model import Cell, Document, Paragraph, Table
from review.write.annotate import Note, annotate
from review.write.comments import read_comments


def _draft() -> bytes:
    d = docx.Document()
    d.add_paragraph("河口镇主题教育实施方案")
    p = d.add_paragraph("为深入开展主题教育，")
    bold = p.add_run("结合本镇实际")
    bold.bold = True
    big = p.add_run("，制定本方案。")
    big.font.size = Pt(18)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "问题表现", "责任人"
    t.cell(1, 0).text, t.cell(1, 1).text = "理论学习不够深入", "张明"
    d.add_paragraph("由XX同志负责。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _note(doc: Document, quote: str, text: str) -> Note:
    start = doc.text.index(quote)
    return Note(start, start + len(quote), text)


@pytest.fixture()
def draft():
    data = _draft()
    document, _ = read_tree(docx.Document(io.BytesIO(data)))
    return data, document


QUOTES = ["开展主题教育，结合本镇", "镇实际，制定", "学习不够", "XX", "本方案。\n问题"]


def test_comment_ranges_enclose_exactly_the_quotes(draft):
    data, document = draft
    notes = [_note(document, q, f"意见{i}") for i, q in enumerate(QUOTES)]
    out = annotate(document, data, notes, author="县委第三指导组")
    comments = read_comments(out)
    assert [c.anchored for c in comments] == QUOTES
    assert [c.text for c in comments] == [f"意见{i}" for i in range(len(QUOTES))]
    assert {c.author for c in comments} == {"县委第三指导组"}


def test_annotating_keeps_text_and_formatting(draft):
    data, document = draft
    notes = [_note(document, q, "意见") for q in QUOTES]
    out = docx.Document(io.BytesIO(annotate(document, data, notes, author="督导组")))
    reread, _ = read_tree(out)
    assert reread.text == document.text
    runs = out.paragraphs[1].runs
    bold_text = "".join(r.text for r in runs if r.bold)
    big_text = "".join(r.text for r in runs if r.font.size == Pt(18))
    assert bold_text == "结合本镇实际"
    assert big_text == "，制定本方案。"


def test_multiline_comment_text_becomes_paragraphs(draft):
    data, document = draft
    out = annotate(
        document, data, [_note(document, "XX", "【占位符】说明\n修改建议：改")], author="督导组"
    )
    comment = docx.Document(io.BytesIO(out)).comments
    only = next(iter(comment))
    assert [p.text for p in only.paragraphs] == ["【占位符】说明", "修改建议：改"]


def test_the_units_own_comments_stay_and_ours_take_new_ids():
    own = docx.Document(io.BytesIO(_draft()))
    first = own.paragraphs[0].runs
    own.add_comment(first, text="请办公室核稿", author="河口镇党委办", initials="党办")
    buf = io.BytesIO()
    own.save(buf)
    reread, _ = read_tree(docx.Document(io.BytesIO(buf.getvalue())))
    out = annotate(reread, buf.getvalue(), [_note(reread, "XX", "意见"), _note(reread, "学习", "二")],
                   author="督导组")
    comments = read_comments(out)
    assert [(c.author, c.text, c.anchored) for c in comments] == [
        ("河口镇党委办", "请办公室核稿", "河口镇主题教育实施方案"),
        ("督导组", "意见", "XX"), ("督导组", "二", "学习")]
    assert len({c.id for c in comments}) == 3
    mine = next(iter(docx.Document(io.BytesIO(out)).comments))
    assert mine.initials == "党办"


def test_rebuilt_document_carries_comments_too():
    table = Table(
        rows=[
            [Cell([Paragraph("问题表现")]), Cell([Paragraph("责任人")])],
            [Cell([Paragraph("会议多")]), Cell([Paragraph("")])],
        ]
    )
    document = Document(
        [
            Paragraph("城关街道问题清单", style="Title"),
            Paragraph("一、总体情况", heading_level=1),
            table,
            Paragraph("由某某负责。"),
        ],
        "txt",
    )
    notes = [_note(document, "会议多", "缺责任人"), _note(document, "某某", "占位符")]
    out = annotate(document, None, notes, author="督导组")
    assert [c.anchored for c in read_comments(out)] == ["会议多", "某某"]
    reread, _ = read_tree(docx.Document(io.BytesIO(out)))
    assert "城关街道问题清单" in reread.text and reread.tables()[0].rows[1][0].text == "会议多"


def test_rebuilt_table_keeps_its_merged_cells():
    # A ledger read from a PDF: a title row across all columns, and one problem spanning
    # two rows of measures; cells after each merge must still land in their own places.
    title, problem = Cell([Paragraph("整改台账")]), Cell([Paragraph("学习不深入")])
    rows = [
        [title, title, title],
        [problem, Cell([Paragraph("每周学习")]), Cell([Paragraph("张明")])],
        [problem, Cell([Paragraph("撰写心得")]), Cell([Paragraph("李华")])],
        [Cell([Paragraph("会议多")]), Cell([Paragraph("精简会议")]), Cell([Paragraph("王强")])],
    ]
    document = Document([Table(rows=rows)], "pdf")
    out = annotate(document, None, [_note(document, "李华", "缺时限")], author="督导组")
    assert [c.anchored for c in read_comments(out)] == ["李华"]
    reread, _ = read_tree(docx.Document(io.BytesIO(out)))
    got = reread.tables()[0].rows
    assert [[c.text for c in row] for row in got] == [[c.text for c in row] for row in rows]
    assert got[0][0] is got[0][2] and got[1][0] is got[2][0] and got[1][1] is not got[2][1]
    assert reread.text == document.text


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装")
def test_libreoffice_opens_the_annotated_file(draft, tmp_path):
    data, document = draft
    notes = [_note(document, q, "意见") for q in QUOTES]
    path = tmp_path / "批注.docx"
    path.write_bytes(annotate(document, data, notes, author="督导组"))
    pdf = convert_to_pdf(path, tmp_path)
    assert pdf.stat().st_size > 1000


def test_marks_are_highlighted_without_changing_text(draft):
    data, document = draft
    start = document.text.index("结合本镇实际")
    note = Note(start, start + 6, "雷同", ((start, start + 2), (start + 4, start + 6)))
    out = docx.Document(io.BytesIO(annotate(document, data, [note], author="督导组")))
    runs = out.paragraphs[1].runs
    assert "".join(r.text for r in runs if r.font.highlight_color is not None) == "结合实际"
    assert all(r.bold for r in runs if r.font.highlight_color is not None)
    assert read_tree(out)[0].text == document.text
