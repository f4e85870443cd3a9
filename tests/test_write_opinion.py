"""The 审阅意见书: what the unit reads in it, and that it looks like an official letter."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path, PurePosixPath

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt
from factories import submission
from lxml import etree
from pdf_factory import soffice_convert
from pypdf import PdfReader

from review.categories import DIMENSION_ORDER, VERDICTS
from review.data import data_path
from review.model import Finding, Review
from review.pipeline import run_batch
from review.score import scheme_for
from review.workspace.config import Workspace
from review.write.opinion import render_opinion

REVIEWER = "县委第三指导组"
TODAY = date(2026, 11, 23)
LONG_QUOTE = ("镇党委班子举办读书班，9月、10月、11月、12月每月集中学习研讨2天，"
              "全程不少于8天，通读《习近平著作选读》")


def _finding(category: str, dimension: str, severity: str, message: str, quote: str = "",
             suggestion: str | None = None) -> Finding:
    return Finding(rule=f"test.{category}", category=category, dimension=dimension, severity=severity,
                   message=message, quote=quote, start=0, end=len(quote), suggestion=suggestion)


FINDINGS = [
    _finding("missing_required_action", "规定动作", "error", "方案未安排“推动发展”这项规定动作。",
             suggestion="列出推动发展的具体任务、责任人和完成时间。"),
    _finding("copied_peer", "照搬照抄", "error",
             "本段与本批材料《石桥乡_主题教育实施方案.docx》雷同（相似度 94%），疑似相互照抄。"
             "对方原文：“乡党委班子举办读书班，9月至12月每月集中学习研讨2天，通读《习近平著作选读》第一卷、第二卷”",
             quote=LONG_QUOTE, suggestion="写出本单位自己的做法、问题和数据"),
    _finding("placeholder_left", "照搬照抄", "error", "出现未替换的模板占位符“××”。", quote="××"),
    _finding("schedule_inconsistent", "时间进度", "warning",
             "时间安排中的“2024年3月底前”超出了主题教育期限。", quote="2024年3月底前"),
    _finding("unrevised", "轮次", "warning", "上轮意见未修改：出现未替换的模板占位符“XX”。", quote="XX"),
    _finding("boilerplate", "文风", "info", "“在县委的坚强领导下……”是套话空话。", quote="在县委的坚强领导下"),
    _finding("boilerplate", "文风", "info", "“掀起学习热潮……”是套话空话。", quote="掀起学习热潮"),
    _finding("wrong_campaign_term", "规范提法", "info", "提法“守初心”属于上一批次。", quote="守初心"),
]
DIMENSIONS = {"规定动作": 27, "分级分类": 5, "自选动作": 10, "时间进度": 11, "问题导向": 10,
              "照搬照抄": 3, "规范提法": 5, "文风": 5}
COPY = {
    "excluding_quotes": 0.6877, "largest_source": 0.7863,
    "sources": [
        {"path": "inbox/第1轮/石桥乡_主题教育实施方案.docx", "unit": "石桥乡", "set": "peer",
         "ratio": 0.7863},
        {"path": "corpus/templates/县委主题教育实施方案.docx", "unit": None, "set": "template",
         "ratio": 0.3717},
        {"path": "corpus/prior/河口镇_2019年实施方案.docx", "unit": "河口镇", "set": "prior", "ratio": 0.004},
    ],
    "sections": [{"title": "一、指导思想", "ratio": 0.9537}, {"title": "二、目标任务", "ratio": 0.0}],
}
ROUNDS = {"previous_round": "第1轮", "previous_path": "inbox/第1轮/河口镇/河口镇主题教育实施方案.docx",
          "previous_score": 58.0, "score_change": 18.0, "identical": False, "unchanged_ratio": 0.74,
          "previous_findings": 12, "resolved": 8, "changed": 2, "unrevised": 1, "new": 3}


def _review(**changes) -> Review:
    values = dict(
        submission=submission("河口镇", "河口镇主题教育实施方案.docx"), status="reviewed",
        doc_type="implementation_plan", score=76.0, verdict="revise", dimension_scores=DIMENSIONS,
        findings=FINDINGS, copy_ratio=0.7863, copy=COPY, boilerplate_ratio=0.1234, rounds=ROUNDS,
        drafts=2, annotated="outbox/第2轮/河口镇/河口镇主题教育实施方案.审阅.docx",
    )
    values.update(changes)
    return Review(**values)


def _letter(review: Review, **changes) -> docx.document.Document:
    options = dict(campaign_id="2023", round_name="第2轮", reviewer=REVIEWER, letter_date=TODAY,
                   deadline=date(2026, 12, 1))
    options.update(changes)
    return docx.Document(io.BytesIO(render_opinion(review, **options)))


def _outline(letter) -> list[tuple[str, str, str]]:
    """(section heading, dimension heading, text) of every non-empty body paragraph; the
    right-aligned signature is a section of its own."""
    section = group = ""
    out = []
    for p in letter.paragraphs:
        if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            section, group = "落款", ""
        if _style(p) == "Heading1":
            section, group = p.text, ""
        elif _style(p) == "Heading2":
            group = p.text
        elif p.text:
            out.append((section, group, p.text))
    return out


def _style(paragraph) -> str | None:
    # The style id straight from the XML: python-docx's paragraph.style searches all styles.
    return paragraph._p.style


def _section(letter, name: str) -> str:
    return "\n".join(text for section, _, text in _outline(letter) if section.endswith(name))


def _headings(letter) -> list[str]:
    return [p.text for p in letter.paragraphs if _style(p) == "Heading1"]


def _shown(message: str) -> str:
    """The part of a message the letter repeats word for word (a copy finding's source
    passage is shortened)."""
    return message.split("对方原文：")[0].rstrip("。")


def _check_content(letter, review: Review) -> None:
    """What every letter owes its reader, whatever the draft."""
    texts = [p.text for p in letter.paragraphs]
    assert review.submission.unit in texts[0] and texts[0].endswith("的审阅意见")
    assert f"报送单位：{review.submission.unit}" in texts
    scheme = scheme_for(review.doc_type).dimensions
    rows = [[c.text for c in row.cells] for row in letter.tables[0].rows]
    assert rows[0] == ["维度", "满分", "得分", "失分"]
    dims = [d for d in DIMENSION_ORDER if d in scheme]
    assert [r[0] for r in rows[1:-1]] == dims
    for row, d in zip(rows[1:-1], dims, strict=True):
        full, got, lost = (float(x) for x in row[1:])
        assert (full, got) == (scheme[d], review.dimension_scores[d])
        assert lost == pytest.approx(full - got)
    assert rows[-1][0] == "合计" and float(rows[-1][2]) == review.score
    outline = _outline(letter)
    for f in review.findings:
        item = re.compile(rf"\d+\. {re.escape(_shown(f.message))}")
        if f.source and f.severity != "info":
            # Passages copied from one source make one item that counts them.
            same = sum(g.source is not None and g.category == f.category
                       and g.source["path"] == f.source["path"] for g in review.findings)
            if same > 1:
                name = PurePosixPath(f.source["path"]).name
                item = re.compile(rf"\d+\. 有{same}处文字与.*《{re.escape(name)}》")
        placed = [(s, g) for s, g, text in outline if item.match(text)]
        if f.severity == "info":
            assert not placed, f.message
        else:
            section = "必须修改的问题" if f.severity == "error" else "建议修改的问题"
            group = "上轮意见落实" if f.dimension == "轮次" else f.dimension
            assert any(s.endswith(section) and group in g for s, g in placed), f.message
    assert (review.copy is not None) == any(h.endswith("照搬照抄情况") for h in _headings(letter))
    assert (review.rounds is not None) == any(h.endswith("与上轮对比") for h in _headings(letter))


def test_header_names_the_unit_the_material_and_the_round():
    letter = _letter(_review())
    texts = [p.text for p in letter.paragraphs]
    assert texts[0] == "关于《河口镇实施方案》的审阅意见"
    for line in ("报送单位：河口镇", "单位类别：镇（街道），科级领导班子",
                 "材料名称：河口镇主题教育实施方案.docx", "审阅轮次：第2轮（第2稿）",
                 f"审阅单位：{REVIEWER}", "审阅日期：2026年11月23日"):
        assert line in texts
    opening = next(t for t in texts if t.startswith("按照"))
    assert "学习贯彻习近平新时代中国特色社会主义思想主题教育" in opening and "第2轮" in opening
    assert texts[-2:] == [REVIEWER, "2026年11月23日"]
    assert [p.alignment for p in letter.paragraphs[-2:]] == [WD_ALIGN_PARAGRAPH.RIGHT] * 2


def test_content_follows_the_review():
    review = _review()
    letter = _letter(review)
    _check_content(letter, review)
    assert _headings(letter) == ["一、总体评价", "二、得分情况", "三、必须修改的问题", "四、建议修改的问题",
                                 "五、照搬照抄情况", "六、与上轮对比", "七、修改要求"]


def test_overall_states_the_numbers_of_the_review():
    overall = _section(_letter(_review()), "总体评价")
    assert "本稿得分76分（满分100分），审阅结论为“修改完善”" in overall
    assert "共提出意见8条，其中必须修改3条、建议修改2条、提示性意见3条" in overall
    # 照搬照抄 kept 3 of 15 marks, 规定动作 27 of 35: the share lost decides the weakest
    assert "得分率最低的是“照搬照抄”（满分15分，得3分）和“时间进度”（满分15分，得11分）" in overall


def test_findings_are_grouped_by_dimension_and_numbered():
    outline = _outline(_letter(_review()))
    must = [(g, t) for s, g, t in outline if s == "三、必须修改的问题"]
    assert [g for g, _ in must] == ["（一）规定动作（1条）", "（二）照搬照抄（2条）", "（二）照搬照抄（2条）"]
    assert [t[:3] for _, t in must] == ["1. ", "1. ", "2. "]
    assert must[0][1] == ("1. 方案未安排“推动发展”这项规定动作。"
                          "修改建议：列出推动发展的具体任务、责任人和完成时间。")
    copied = must[1][1]
    # the quote is shortened and cited by its words, never by a page that moves with edits
    assert f"（见批注：原文“{LONG_QUOTE[:40]}……”）" in copied
    assert "对方原文：“乡党委班子举办读书班" in copied
    assert copied.endswith("修改建议：写出本单位自己的做法、问题和数据。")
    advice = [(g, t) for s, g, t in outline if s == "四、建议修改的问题"]
    assert [g for g, _ in advice][:2] == ["（一）时间进度（1条）", "（二）上轮意见落实（1条）"]
    assert advice[-1][1] == ("另有提示性意见3条（空话套话2条、使用其他批次/过时提法1条），不再逐条列出，"
                             "详见《河口镇主题教育实施方案.审阅.docx》中的批注。")
    assert "页" not in "".join(t for _, _, t in outline)


def test_copy_section_names_sources_and_ratios():
    copying = _section(_letter(_review()), "照搬照抄情况")
    assert "雷同的文字占全文的79%，扣除对中央文件、总要求等规范表述的引用后为69%" in copying
    assert "1. 本批材料《石桥乡_主题教育实施方案.docx》（石桥乡），雷同文字占全文的79%。" in copying
    assert "2. 上级文件《县委主题教育实施方案.docx》，雷同文字占全文的37%。" in copying
    assert "3. 往年材料《河口镇_2019年实施方案.docx》（河口镇），雷同文字占全文的不足1%。" in copying
    assert "“一、指导思想”部分（95%）" in copying and "二、目标任务" not in copying
    assert "套话空话约占全文的12%。" in copying


def test_without_copy_detection_there_is_no_copy_section():
    letter = _letter(_review(copy=None, copy_ratio=None))
    assert not any("照搬照抄情况" in h for h in _headings(letter))
    # the boilerplate share still reaches the reader
    assert "套话空话约占全文的12%。" in _section(letter, "总体评价")


def test_rounds_section_counts_what_became_of_last_rounds_comments():
    rounds = _section(_letter(_review()), "与上轮对比")
    assert "第1轮得分58分，本稿得分76分，提高18分。" in rounds
    assert ("第1轮共提出意见12条，其中已修改8条，修改后仍有问题2条，原文未改动1条；本稿新发现问题3条。"
            "与上稿相同的文字占74%。") in rounds
    same = dict(ROUNDS, identical=True, score_change=0.0, unchanged_ratio=1.0)
    rounds = _section(_letter(_review(rounds=same)), "与上轮对比")
    assert rounds == "本稿与第1轮报送的材料完全相同，未作任何修改。第1轮提出的12条意见均未落实。"
    assert not any("与上轮对比" in h for h in _headings(_letter(_review(rounds=None))))


def test_request_gives_the_deadline_as_a_chinese_date():
    request = _section(_letter(_review()), "修改要求")
    assert request == ("请对照上述意见逐条修改完善，于2026年12月1日前将修改稿报送县委第三指导组。"
                       "各处问题的具体位置和修改建议，详见《河口镇主题教育实施方案.审阅.docx》中的批注。")
    request = _section(_letter(_review(), deadline=None, annotated_name="河口镇方案.审阅.docx"), "修改要求")
    assert "在下一轮审阅前将修改稿报送县委第三指导组" in request and "月" not in request
    assert "详见《河口镇方案.审阅.docx》中的批注" in request


def test_a_clean_draft_gets_a_short_letter():
    dims = dict(scheme_for("implementation_plan").dimensions)
    review = _review(findings=[], dimension_scores=dims, score=100.0, verdict="pass", rounds=None,
                     copy=dict(COPY, sources=[], sections=[], excluding_quotes=0.0, largest_source=0.0),
                     copy_ratio=0.0, boilerplate_ratio=0.0, drafts=None)
    letter = _letter(review)
    _check_content(letter, review)
    assert "审阅轮次：第2轮" in [p.text for p in letter.paragraphs]
    assert "审阅结论为“通过”。审阅未发现需要修改的问题。各维度均未失分。" in _section(letter, "总体评价")
    assert _section(letter, "必须修改的问题") == "本稿未发现必须修改的问题。"
    assert _section(letter, "建议修改的问题") == "本稿未发现建议修改的问题。"
    assert _section(letter, "照搬照抄情况") == "经与参考材料比对，未发现雷同的文字。\n未发现成段的套话空话。"
    assert "将定稿报送" in _section(letter, "修改要求")


def test_an_unreadable_draft_has_no_letter():
    review = Review(submission=submission("东风社区", "实施方案.docx"), status="unreadable", error="文件为空")
    with pytest.raises(ValueError, match="不能生成审阅意见书"):
        render_opinion(review, campaign_id="2023", round_name="第1轮", reviewer=REVIEWER,
                       letter_date=TODAY)


def _east_asia(run) -> str | None:
    rpr = run.element.rPr
    fonts = None if rpr is None else rpr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_layout_is_an_official_document():
    letter = _letter(_review())
    section = letter.sections[0]
    page = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
            section.left_margin, section.right_margin)
    assert [round(x.mm, 1) for x in page] == [210, 297, 37, 35, 28, 26]
    title = letter.paragraphs[0].runs[0]
    assert (_east_asia(title), title.font.size) == ("方正小标宋简体", Pt(22))
    for p in letter.paragraphs[1:]:
        expected = {"Heading1": "黑体", "Heading2": "楷体_GB2312"}.get(_style(p), "仿宋_GB2312")
        for run in p.runs:
            assert (_east_asia(run), run.font.size) == (expected, Pt(16)), p.text
    cells = [run for row in letter.tables[0].rows for c in row.cells for run in c.paragraphs[0].runs]
    assert {_east_asia(r) for r in cells} == {"黑体", "仿宋_GB2312"}
    assert {r.font.size for r in cells} == {Pt(12)}
    normal = letter.styles["Normal"].paragraph_format
    assert Pt(28) <= normal.line_spacing <= Pt(29) and normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.first_line_indent == Pt(32)
    footer = section.footer.paragraphs[0]
    assert footer.text == "— 1 —"
    assert footer._p.xpath("string(.//w:instrText)").strip() == "PAGE"
    fonts = etree.fromstring(letter.part.part_related_by(RT.FONT_TABLE).blob)
    alt = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
           for f in fonts.findall(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert alt["方正小标宋简体"] == "宋体" and alt["仿宋_GB2312"] == "仿宋"


# ---------------------------------------------------------------- the sample, end to end


@pytest.fixture(scope="module")
def sample_rounds(tmp_path_factory) -> tuple[list[Review], list[Review]]:
    """The sample workspace reviewed in 第1轮, then the same drafts sent again as 第2轮."""
    root = tmp_path_factory.mktemp("opinion") / "示例"
    shutil.copytree(data_path("corpus", "sample_workspace"), root)
    workspace = Workspace.load(root)
    first = run_batch(workspace, "第1轮").reviews
    shutil.copytree(root / "inbox" / "第1轮", root / "inbox" / "第2轮")
    second = run_batch(workspace, "第2轮").reviews
    return ([r for r in first if r.status == "reviewed"], [r for r in second if r.status == "reviewed"])


def test_every_sample_draft_gets_a_faithful_letter(sample_rounds):
    first, _ = sample_rounds
    assert len(first) == 10
    for review in first:
        letter = _letter(review, round_name="第1轮")
        _check_content(letter, review)
        header = [p.text for p in letter.paragraphs]
        assert "审阅轮次：第1轮（第1稿）" in header
        assert f"报送单位：{review.submission.unit}" in header
        overall = _section(letter, "总体评价")
        assert f"本稿得分{review.score:g}分" in overall and VERDICTS[review.verdict] in overall


def test_a_draft_sent_again_unchanged_is_called_out(sample_rounds):
    _, second = sample_rounds
    hekou = next(r for r in second if r.submission.unit == "河口镇")
    letter = _letter(hekou)
    _check_content(letter, hekou)
    assert _section(letter, "与上轮对比").startswith("本稿与第1轮报送的材料完全相同，未作任何修改。")


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice（soffice）未安装")
def test_libreoffice_prints_the_letter(tmp_path):
    path = tmp_path / "河口镇审阅意见.docx"
    path.write_bytes(render_opinion(_review(), campaign_id="2023", round_name="第2轮",
                                    reviewer=REVIEWER, letter_date=TODAY, deadline=date(2026, 12, 1)))
    pdf = soffice_convert([path], "pdf", tmp_path)[0]
    reader = PdfReader(pdf)
    first = reader.pages[0].extract_text()
    assert "河口镇" in first and "审阅意见" in first
    assert "2026年12月1日" in "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    width, height = (float(x) * 25.4 / 72 for x in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (210, 297)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "page")], check=True, timeout=120)
        assert list(Path(tmp_path).glob("page*.png"))
