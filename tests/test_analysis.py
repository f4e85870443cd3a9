"""Normalization with its offset map, sentences, numbered headings, rectification items."""

from __future__ import annotations

from review.ingest.txt import parse_text
from review.model import Document, Paragraph
from review.nlp.analysis import analyze
from review.nlp.sections import heading_of
from review.nlp.sentences import split_sentences
from review.normalize import normalize


def test_traditional_pinyin_and_widths_map_back_to_the_original():
    raw = "第二批主題教育開(kāi)展以來,見習(xí)記者共１２３人"
    norm = normalize(raw)
    assert norm.text == "第二批主题教育开展以来，见习记者共123人"
    s = norm.text.index("开展")
    a, b = norm.raw_span(s, s + 2)
    assert raw[a:b] == "開(kāi)展"
    s = norm.text.index("123")
    a, b = norm.raw_span(s, s + 3)
    assert raw[a:b] == "１２３"


def test_parentheses_that_are_not_pinyin_survive():
    assert normalize("由XX(某某)负责(a)").text == "由XX（某某）负责（a）"


def test_sentences_do_not_split_inside_titles_or_quotes():
    text = "学习《论党的自我革命。摘编》。他说：“要实干。要担当。”然后散会！\n一是学习；二是调研"
    assert [s.text for s in split_sentences(text)] == [
        "学习《论党的自我革命。摘编》。",
        "他说：“要实干。要担当。”然后散会！",
        "一是学习；",
        "二是调研",
    ]


def _heading(text: str, **para):
    return heading_of(Paragraph(text, **para), text)


def test_numbering_ranks_and_run_in_headings():
    assert _heading("第一部分 总体要求") == (0, 9)
    assert _heading("一、总体要求") == (1, 6)
    assert _heading("（一）理论学习。要读原著。") == (2, 8)
    assert _heading("1.集中学习") == (3, 6)
    assert _heading("（1）个人自学") == (4, 7)
    assert _heading("①读书班") == (5, 4)
    assert _heading("2023年9月召开动员会。") is None
    assert _heading("10.5万元用于培训。") is None
    assert _heading("一、" + "很长" * 30 + "。") is None


def test_styles_and_bold_make_headings():
    assert _heading("总体要求", heading_level=1) == (0.5, 4)  # just above 一、
    assert _heading("（二）调查研究", heading_level=1) == (2, 7)  # numbering decides the rank
    assert _heading("理论学习。坚持每周集中学习。", bold_lead=5) == (6, 5)
    assert _heading("组织领导", bold_lead=4) == (6, 4)
    assert _heading("坚持每周集中学习。", bold_lead=2) is None


def test_headings_found_in_plain_paragraphs():
    doc = Document([Paragraph("河口镇实施方案"), Paragraph("一、总体要求"),
                    Paragraph("（一）理论学习。举办读书班。"), Paragraph("正文。")], "docx")
    analysis = analyze(doc)
    assert [(h.rank, h.text) for h in analysis.headings] == [(1, "一、总体要求"), (2, "（一）理论学习。")]
    assert [s.path for s in analysis.sentences] == [
        (), ("一、总体要求",), ("一、总体要求", "（一）理论学习。"), ("一、总体要求", "（一）理论学习。"),
        ("一、总体要求", "（一）理论学习。"),
    ]


def test_items_from_a_table_with_header_variants():
    doc = parse_text("序号\t存在问题\t具体举措\t牵头领导\t时间节点\n"
                     "1\t会议多\t合并会议\t张明\t2023年12月\n"
                     "2\t调研少\t\t\t长期坚持\n")
    items = analyze(doc).items
    assert len(items) == 2
    assert items[0].fields["owner"].text == "张明"
    assert items[1].fields["measures"].text == ""
    assert items[1].fields["deadline"].text == "长期坚持"


def test_items_from_prose():
    doc = parse_text("问题1：会议多。\n整改措施：合并会议。\n责任人：张明\n完成时限：12月底\n"
                     "问题2：调研少。\n整改措施：每月下基层。\n责任人：李四\n")
    items = analyze(doc).items
    assert [i.fields["problem"].text for i in items] == ["问题1：会议多。", "问题2：调研少。"]
    assert "deadline" not in items[1].fields


def test_enumerated_points_take_their_section_kind():
    doc = parse_text(
        "县一中对照检查材料\n一、查摆问题\n（一）理论学习方面\n一是学习不深入，2023年只参加3次集中学习；"
        "二是学用脱节。\n二、原因剖析\n一是理想信念有所松懈；二是宗旨意识淡化。\n"
        "三、整改措施\n一是每周自学4小时；二是每月走访2户家庭。"
    )
    points = analyze(doc).points
    assert [(p.kind, p.fields[p.kind].text[:4]) for p in points] == [
        ("problem", "一是学习"), ("problem", "二是学用"), ("cause", "一是理想"), ("cause", "二是宗旨"),
        ("measure", "一是每周"), ("measure", "二是每月"),
    ]
    assert points[0].section == ("一、查摆问题", "（一）理论学习方面")


def test_points_one_per_paragraph_are_items_too():
    doc = parse_text("一、查摆问题\n一是学习不深入，全年只参加3次集中学习。\n二是调研不够。\n二、整改措施\n"
                     "一是每周自学4小时。")
    points = analyze(doc).points
    assert [(p.kind, p.start) for p in points][:1] == [("problem", doc.text.index("一是学习"))]
    assert [p.kind for p in points] == ["problem", "problem", "measure"]


def test_paragraphs_are_points_where_a_section_enumerates_nothing():
    doc = parse_text(
        "对照检查材料\n一、查摆的主要问题\n（一）理论学习方面\n"
        "理论学习不够深入，满足于读读文件、看看报纸，学习效果还不够理想。\n"
        "（二）工作作风方面\n对照要求，主要存在以下问题：\n一是调研不够，全年只下基层2次；二是会议偏多。\n"
        "二、整改措施\n坚持每周自学4小时，12月底前撰写学习体会2篇，由支部书记张明督促落实。"
    )
    points = analyze(doc).points
    assert [(p.kind, p.fields[p.kind].text[:6]) for p in points] == [
        ("problem", "理论学习不够"), ("problem", "一是调研不够"), ("problem", "二是会议偏多"),
        ("measure", "坚持每周自学"),
    ]
