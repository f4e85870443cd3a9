"""The .docx reader: body order, tables, tracked changes, fields, headings, bad files."""

from __future__ import annotations

import copy
import hashlib
import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from review.ingest.parse import parse
from review.model import Paragraph, Table, UnreadableError


def _save(document, path):
    document.save(str(path))
    return path


def test_paragraphs_and_tables_in_body_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("清河县河口镇主题教育实施方案", style="Title")
    d.add_heading("一、总体要求", level=1)
    d.add_paragraph("坚持学思想、强党性、重实践、建新功。")
    t = d.add_table(rows=2, cols=3)
    for i, text in enumerate(["问题表现", "整改措施", "责任人"]):
        t.cell(0, i).text = text
    t.cell(1, 0).text = "会议多"
    t.cell(1, 1).text = "合并同类会议"
    t.cell(1, 2).text = "张明"
    d.add_paragraph("二、组织领导")
    doc = parse(_save(d, tmp_path / "方案.docx")).document

    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Paragraph", "Table", "Paragraph"]
    assert doc.blocks[1].heading_level == 1
    assert doc.title.text == "清河县河口镇主题教育实施方案"
    table = doc.blocks[3]
    assert [c.text for c in table.rows[1]] == ["会议多", "合并同类会议", "张明"]
    assert doc.text.index("坚持学思想") < doc.text.index("会议多") < doc.text.index("二、组织领导")
    for p in doc.paragraphs():
        assert doc.text[p.start : p.end] == p.text


def test_merged_cells_read_as_one_cell(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "问题表现", "整改措施"
    merged = t.cell(1, 0).merge(t.cell(2, 0))
    merged.text = "理论学习不深入"
    t.cell(1, 1).text, t.cell(2, 1).text = "每周集中学习", "撰写心得"
    doc = parse(_save(d, tmp_path / "清单.docx")).document
    table = doc.tables()[0]
    assert table.rows[1][0] is table.rows[2][0]
    assert doc.text.count("理论学习不深入") == 1


def test_nested_table_text_is_kept(tmp_path):
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "内层甲", "内层乙"
    doc = parse(_save(d, tmp_path / "嵌套.docx")).document
    assert "内层甲" in doc.text and "内层乙" in doc.text
    assert len(doc.tables()) == 2


def _paragraph_with_xml(d, inner_xml: str) -> None:
    """Append a paragraph written as raw WordprocessingML (tracked changes, fields…)."""
    p = parse_xml(f"<w:p {nsdecls('w')}>{inner_xml}</w:p>")
    d.element.body.insert(len(d.element.body) - 1, p)  # before the final w:sectPr


def test_tracked_changes_hyperlinks_and_fields(tmp_path):
    d = docx.Document()
    _paragraph_with_xml(
        d,
        "<w:r><w:t>保留</w:t></w:r>"
        '<w:ins w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        "<w:hyperlink><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>7</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    doc = parse(_save(d, tmp_path / "修订.docx")).document
    assert doc.paragraphs()[0].text == "保留插入链接文字7"


def test_headers_and_footers_stay_out_of_the_body(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：内部资料"
    d.sections[0].footer.paragraphs[0].text = "第 1 页"
    d.add_paragraph("正文内容。")
    doc = parse(_save(d, tmp_path / "页眉.docx")).document
    assert doc.text == "正文内容。"


def test_outline_level_in_style_marks_headings(tmp_path):
    d = docx.Document()
    d.add_heading("一级标题", level=1)
    d.add_heading("二级标题", level=2)
    d.add_paragraph("正文")
    doc = parse(_save(d, tmp_path / "标题.docx")).document
    levels = [p.heading_level for p in doc.paragraphs()]
    assert levels == [1, 2, None]


def _docx_bytes(text="内容") -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("空.docx", b"", "为空"),
        ("截断.docx", _docx_bytes()[:600], "损坏"),
        ("伪装.docx", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n", "PDF"),
        ("旧版.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 Word"),
        (
            "加密.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 64
            + "EncryptionInfo".encode("utf-16-le"),
            "密码",
        ),
        ("图片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "不支持"),
    ],
)
def test_bad_files_are_unreadable_with_a_chinese_reason(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    with pytest.raises(UnreadableError) as info:
        parse(path)
    assert words in str(info.value)
    assert "请" in str(info.value)  # it tells the unit what to do
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_zip_without_word_body_is_reported(tmp_path):
    path = tmp_path / "表格.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableError, match="没有 Word 正文"):
        parse(path)


def test_corrupt_xml_inside_docx_is_reported(tmp_path):
    good = _docx_bytes()
    src = zipfile.ZipFile(io.BytesIO(good))
    path = tmp_path / "坏XML.docx"
    with zipfile.ZipFile(path, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            z.writestr(copy.copy(item), data)
    with pytest.raises(UnreadableError):
        parse(path)


def test_iter_paragraphs_counts_merged_cells_once():
    from review.model import Cell, Document

    shared = Cell([Paragraph("合并")])
    doc = Document(
        [Table(rows=[[shared, Cell([Paragraph("甲")])], [shared, Cell([Paragraph("乙")])]])], "docx"
    )
    assert [p.text for p in doc.paragraphs()] == ["合并", "甲", "乙"]
