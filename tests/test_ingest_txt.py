import codecs
import hashlib
import random

import pytest

from review.ingest import txt
from review.model import Paragraph, Table, UnreadableError

DRAFT = "关于开展主题教育的实施方案\n一、总体要求\n坚持学思用贯通、知信行统一，确保取得实效。\n"
DRAFT_PARAGRAPHS = [
    "关于开展主题教育的实施方案",
    "一、总体要求",
    "坚持学思用贯通、知信行统一，确保取得实效。",
]


def parse_bytes(tmp_path, data: bytes):
    path = tmp_path / "draft.txt"
    path.write_bytes(data)
    return txt.parse(path)


def texts(doc):
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def unreadable_message(tmp_path, data: bytes) -> str:
    with pytest.raises(UnreadableError) as caught:
        parse_bytes(tmp_path, data)
    return str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        DRAFT.encode("utf-8"),
        codecs.BOM_UTF8 + DRAFT.encode("utf-8"),
        codecs.BOM_UTF16_LE + DRAFT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + DRAFT.encode("utf-16-be"),
        DRAFT.encode("utf-16-le"),
        DRAFT.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + DRAFT.encode("utf-32-le"),
        DRAFT.encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32", "gb"],
)
def test_encodings_read_to_the_same_text(tmp_path, data):
    doc = parse_bytes(tmp_path, data)
    assert texts(doc) == DRAFT_PARAGRAPHS
    assert doc.source_format == "txt"
    assert doc.title.text == "关于开展主题教育的实施方案"


def test_gb18030_only_characters(tmp_path):
    # 𠀀 needs GB18030's four-byte form; GBK/GB2312 decoders would fail on it.
    text = "㐀䶮𠀀字检查"
    assert texts(parse_bytes(tmp_path, text.encode("gb18030"))) == [text]


def test_line_endings_indentation_and_blank_lines(tmp_path):
    data = "标题\r\n\r\n　　第一段正文。  \r　　第二段正文。\t\n\n   \n结尾\n".encode()
    doc = parse_bytes(tmp_path, data)
    assert texts(doc) == ["标题", "第一段正文。", "第二段正文。", "结尾"]
    assert doc.text == "标题\n第一段正文。\n第二段正文。\n结尾"
    assert all(p.heading_level is None and p.page is None for p in doc.paragraphs())


def test_tab_separated_lines_form_a_padded_table(tmp_path):
    data = (
        "整改清单如下：\n"
        "序号\t问题\t措施\t时限\n"
        "1\t学习不深入\t制定学习计划\t6月底\n"
        "　　2\t调研不扎实\t深入基层调研\n"
        "以上措施按期完成。\n"
    ).encode()
    doc = parse_bytes(tmp_path, data)
    first, table, last = doc.blocks
    assert first.text == "整改清单如下：" and last.text == "以上措施按期完成。"
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [
        ["序号", "问题", "措施", "时限"],
        ["1", "学习不深入", "制定学习计划", "6月底"],
        ["2", "调研不扎实", "深入基层调研", ""],
    ]


def test_lone_tab_line_stays_a_paragraph(tmp_path):
    doc = parse_bytes(tmp_path, "填报单位：\t河口镇党委\n正文。\n".encode())
    assert texts(doc) == ["填报单位：\t河口镇党委", "正文。"]
    assert doc.tables() == []


def test_markdown_pipe_table(tmp_path):
    data = (
        "| 问题 | 整改措施 | 责任人 |\n"
        "|---|:---:|---:|\n"
        "| 学风不实 | 每月集中学习 | 张三 |\n"
        "| 调研不深 | 蹲点调研 |\n"
        "\n"
        "正文继续。\n"
    ).encode()
    doc = parse_bytes(tmp_path, data)
    table, paragraph = doc.blocks
    assert [[c.text for c in row] for row in table.rows] == [
        ["问题", "整改措施", "责任人"],
        ["学风不实", "每月集中学习", "张三"],
        ["调研不深", "蹲点调研", ""],
    ]
    assert paragraph.text == "正文继续。"
    assert doc.text.split("\n")[:3] == ["问题", "整改措施", "责任人"]


def test_empty_file(tmp_path):
    assert "文件为空" in unreadable_message(tmp_path, b"")


def test_whitespace_only_file(tmp_path):
    assert "没有任何文字" in unreadable_message(tmp_path, " \r\n　\t\n".encode())


def test_binary_junk_is_not_text(tmp_path):
    junk = random.Random(7).randbytes(4096)
    assert "不是文本文件" in unreadable_message(tmp_path, junk)


def test_control_characters_without_nuls_are_not_text(tmp_path):
    assert "不是文本文件" in unreadable_message(tmp_path, bytes(range(1, 32)) * 50)


def test_word_file_renamed_to_txt(tmp_path):
    message = unreadable_message(tmp_path, b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    assert "Word" in message and "扩展名" in message


def test_unknown_encoding(tmp_path):
    message = unreadable_message(tmp_path, b"\xff\x80\xff\x80 plan \x80\xff")
    assert "编码无法识别" in message and "UTF-8" in message


def test_parsing_leaves_the_file_untouched(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("gb18030"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    txt.parse(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
