"""The 审阅意见书: one reviewed draft's opinion letter, a Word file sent to the unit.

The annotated draft says what is wrong sentence by sentence; the letter is the page the
guidance team signs and sends with it: verdict and score, the score sheet, the problems
to fix grouped by dimension, copying, what became of last round's comments and when the
revision is due. Every figure in it comes from the Review. The layout follows the
official-document standard GB/T 9704: A4 with its margins, 仿宋 三号 body text on a
22-line grid, headings 黑体 then 楷体, page numbers as “— 1 —”.
"""

from __future__ import annotations

import copy
import io
import re
from collections import Counter
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import PurePosixPath

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from review.campaigns import campaign
from review.categories import (
    CATEGORIES,
    DIMENSION_ORDER,
    DOC_TYPES,
    LEVELS,
    UNIT_CATEGORIES,
    VERDICTS,
)
from review.ingest.docx import W_P, W_R, W_TBL, W_TC, W_TR
from review.model import Finding, Review
from review.score import scheme_for
from review.write.styles import prune_styles
from review.write.wordtext import append_text

W_SECTPR = qn("w:sectPr")

TITLE_FONT, BODY_FONT, HEADING_FONT, GROUP_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
# The GB/T 9704 fonts come with font packs that many office PCs lack; the font table names
# the Windows font Word should use instead (w:altName), so the letter never falls back to
# a Latin default.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", GROUP_FONT: "楷体"}

TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE = Pt(22), Pt(16), Pt(12), Pt(14)
# 22 lines fill the 225 mm-high text block, as GB/T 9704 sets it.
LINE_PITCH, TABLE_LINE = Pt(28.95), Pt(20)
INDENT = Pt(32)  # two characters of 三号 text

QUOTE_CHARS = 40  # how much of a flagged passage the letter repeats to find it by
# A copy finding's message ends with the source's whole passage, which the annotated file
# shows in full; the letter shortens it like any other quotation.
SOURCE_QUOTE = re.compile(r"对方原文：“(.+)”$", re.S)
# Sections at least this much copied are named: below it copying is scattered, not a block.
SECTION_NOTED = 0.3

SOURCE_SETS = {"template": "上级文件", "fanwen": "范文", "peer": "本批材料", "history": "往轮材料",
               "prior": "往年材料"}
# Dimensions findings can carry that no scheme scores, as a reader knows them.
GROUP_TITLES = {"轮次": "上轮意见落实"}
# What the unit is asked to do, and what to send back, by verdict.
REQUESTS = {
    "pass": ("请参考上述意见进一步完善", "定稿"),
    "revise": ("请对照上述意见逐条修改完善", "修改稿"),
    "redo": ("请对照上述意见重新起草", "修改稿"),
}


def render_opinion(
    review: Review,
    *,
    campaign_id: str,
    round_name: str,
    reviewer: str,
    letter_date: date,
    deadline: date | None = None,
    annotated_name: str | None = None,
) -> bytes:
    """The 审阅意见书 of one reviewed draft, as .docx bytes.

    `reviewer` signs the letter and receives the revision; `deadline` is when the revision
    is due (without it the unit is asked to send it before the next round);
    `annotated_name` is the file name of the annotated draft the letter refers to,
    by default that of `review.annotated`.
    """
    if review.status != "reviewed":
        raise ValueError(f"{review.submission.rel_path} 未能审阅（{review.status}），不能生成审阅意见书")
    if annotated_name is None and review.annotated:
        annotated_name = PurePosixPath(review.annotated).name
    scheme = scheme_for(review.doc_type or review.submission.doc_type).dimensions
    letter = _Letter()
    title = _title(review)
    letter.title(title)
    for line in _header(review, round_name, reviewer, letter_date):
        letter.line(line)
    letter.blank()
    letter.para(f"按照{campaign(campaign_id).name}有关要求，{reviewer}对你单位{round_name}报送的"
                f"{_material(review)}进行了审阅。现将审阅意见反馈如下。")
    letter.heading("总体评价")
    letter.para(_overall(review, scheme))
    letter.heading("得分情况")
    letter.table(["维度", "满分", "得分", "失分"], _score_rows(review, scheme))
    _findings(letter, "必须修改的问题", [f for f in review.findings if f.severity == "error"])
    _findings(letter, "建议修改的问题", [f for f in review.findings if f.severity == "warning"])
    infos = [f for f in review.findings if f.severity == "info"]
    if infos:
        letter.para(_info_line(infos, annotated_name))
    if review.copy is not None:
        letter.heading("照搬照抄情况")
        _copying(letter, review)
    if review.rounds is not None:
        letter.heading("与上轮对比")
        letter.para(_rounds(review.rounds, review.score))
    letter.heading("修改要求")
    letter.para(_request(review, reviewer, deadline, annotated_name))
    letter.closing([reviewer, cn_date(letter_date)])
    return letter.save(title, reviewer, letter_date)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ----------------------------------------------------------------------------- wording


def _num(x: float) -> str:
    return f"{round(x, 1) + 0.0:g}"  # + 0.0 turns -0.0 into 0.0


def _pct(ratio: float) -> str:
    if ratio > 0 and round(ratio * 100) == 0:
        return "不足1%"  # "0%" would read as none at all
    return f"{ratio:.0%}"


def _cn_ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def _order(dimension: str) -> int:
    return DIMENSION_ORDER.index(dimension) if dimension in DIMENSION_ORDER else len(DIMENSION_ORDER)


def _doc_label(review: Review) -> str:
    doc_type = review.doc_type or review.submission.doc_type
    return "报送材料" if doc_type == "other" else DOC_TYPES.get(doc_type, "报送材料")


def _title(review: Review) -> str:
    return f"关于《{review.submission.unit}{_doc_label(review)}》的审阅意见"


def _material(review: Review) -> str:
    return f"《{PurePosixPath(review.submission.rel_path).stem}》"


def _header(review: Review, round_name: str, reviewer: str, letter_date: date) -> list[str]:
    sub = review.submission
    lines = [f"报送单位：{sub.unit}"]
    kinds = [UNIT_CATEGORIES.get(sub.unit_category or ""), LEVELS.get(sub.level or "")]
    if any(kinds):
        lines.append(f"单位类别：{'，'.join(k for k in kinds if k)}")
    lines.append(f"材料名称：{PurePosixPath(sub.rel_path).name}")
    drafts = f"（第{review.drafts}稿）" if review.drafts else ""
    lines += [f"审阅轮次：{round_name}{drafts}", f"审阅单位：{reviewer}", f"审阅日期：{cn_date(letter_date)}"]
    return lines


def _overall(review: Review, scheme: dict[str, float]) -> str:
    text = (f"本稿得分{_num(review.score)}分（满分{_num(sum(scheme.values()))}分），"
            f"审阅结论为“{VERDICTS[review.verdict]}”。")
    counts = Counter(f.severity for f in review.findings)
    if review.findings:
        parts = [f"{label}{counts[s]}条" for s, label in
                 (("error", "必须修改"), ("warning", "建议修改"), ("info", "提示性意见")) if counts[s]]
        text += f"共提出意见{len(review.findings)}条，其中{'、'.join(parts)}。"
    else:
        text += "审阅未发现需要修改的问题。"
    text += _weakest(review, scheme)
    if review.copy is None and review.boilerplate_ratio is not None:
        text += _boilerplate(review.boilerplate_ratio)
    return text


def _weakest(review: Review, scheme: dict[str, float]) -> str:
    """The one or two dimensions that lost the largest share of their marks."""
    lost = {d: full - review.dimension_scores[d] for d, full in scheme.items()}
    weak = sorted((d for d in scheme if lost[d] > 0),
                  key=lambda d: (-lost[d] / scheme[d], -lost[d], _order(d)))[:2]
    if not weak:
        return "各维度均未失分。"
    named = "和".join(f"“{d}”（满分{_num(scheme[d])}分，得{_num(review.dimension_scores[d])}分）"
                     for d in weak)
    return f"得分率最低的是{named}。"


def _boilerplate(ratio: float) -> str:
    return f"套话空话约占全文的{_pct(ratio)}。" if ratio else "未发现成段的套话空话。"


def _score_rows(review: Review, scheme: dict[str, float]) -> list[list[str]]:
    rows = []
    for d in sorted(scheme, key=_order):
        got = review.dimension_scores[d]
        rows.append([d, _num(scheme[d]), _num(got), _num(scheme[d] - got)])
    full = sum(scheme.values())
    rows.append(["合计", _num(full), _num(review.score), _num(full - review.score)])
    return rows


def _short(quote: str) -> str:
    """The flagged passage on one line, shortened, with inner quotation marks turned into
    single ones so they nest inside the letter's “”."""
    text = re.sub(r"\s+", " ", quote).strip().replace("“", "‘").replace("”", "’")
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "……"


def _item(n: int, finding: Finding) -> str:
    # The reference goes by the quoted words, not a page: pages move as the unit edits.
    message = SOURCE_QUOTE.sub(lambda m: f"对方原文：“{_short(m.group(1))}”", finding.message.strip())
    text = f"{n}. {message.rstrip('。；;')}"
    if finding.quote.strip():
        text += f"（见批注：原文“{_short(finding.quote)}”）"
    text += "。"
    if finding.suggestion:
        suggestion = finding.suggestion.strip()
        text += f"修改建议：{suggestion}" + ("" if suggestion.endswith(("。", "！", "？")) else "。")
    return text


def _groups(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Findings by dimension in the reading order of DIMENSION_ORDER; within a dimension
    they stay in the draft's order."""
    groups: dict[str, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: _order(f.dimension)):
        groups.setdefault(f.dimension, []).append(f)
    return groups


def _findings(letter: _Letter, heading: str, findings: list[Finding]) -> None:
    letter.heading(heading)
    if not findings:
        letter.para(f"本稿未发现{heading}。")
        return
    for dimension, members in _groups(findings).items():
        letter.group(f"{GROUP_TITLES.get(dimension, dimension)}（{len(members)}条）")
        for n, entry in enumerate(_by_source(members), 1):
            letter.para(_item(n, entry) if isinstance(entry, Finding) else _copied_item(n, entry))


def _by_source(findings: list[Finding]) -> list[Finding | list[Finding]]:
    """Findings in order, with the passages copied from one source gathered at the first:
    a reviewer writes "与某材料雷同 9 处", not nine paragraphs quoting it."""
    entries: list[Finding | list[Finding]] = []
    seen: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        path = (f.source or {}).get("path")
        if path is None:
            entries.append(f)
        elif (f.category, path) in seen:
            seen[(f.category, path)].append(f)
        else:
            seen[(f.category, path)] = [f]
            entries.append(seen[(f.category, path)])
    return [e[0] if isinstance(e, list) and len(e) == 1 else e for e in entries]


def _copied_item(n: int, passages: list[Finding]) -> str:
    first = passages[0]
    source = first.source
    unit = f"（{source['unit']}）" if source.get("unit") else ""
    sims = sorted(p.source["similarity"] for p in passages if p.source.get("similarity") is not None)
    spread = ""
    if sims:
        spread = (f"，相似度{_pct(sims[0])}" if sims[0] == sims[-1]
                  else f"，相似度{_pct(sims[0])}至{_pct(sims[-1])}")
    text = (f"{n}. 有{len(passages)}处文字与{SOURCE_SETS.get(source.get('set'), '参考材料')}"
            f"《{PurePosixPath(source['path']).name}》{unit}雷同{spread}，疑似{CATEGORIES[first.category][0]}"
            f"（见批注，首处原文“{_short(first.quote)}”）。")
    if first.suggestion:
        suggestion = first.suggestion.strip()
        text += f"修改建议：{suggestion}" + ("" if suggestion.endswith(("。", "！", "？")) else "。")
    return text


def _info_line(infos: list[Finding], annotated_name: str | None) -> str:
    counts = Counter(CATEGORIES[f.category][0] for f in infos)
    parts = "、".join(f"{label}{n}条" for label, n in counts.most_common())
    where = f"《{annotated_name}》中的批注" if annotated_name else "批注文件"
    return f"另有提示性意见{len(infos)}条（{parts}），不再逐条列出，详见{where}。"


def _copying(letter: _Letter, review: Review) -> None:
    copy, ratio = review.copy, review.copy_ratio or 0.0
    if not ratio and not copy["sources"]:
        letter.para("经与参考材料比对，未发现雷同的文字。")
    else:
        letter.para(f"经与参考材料比对，本稿与已有材料雷同的文字占全文的{_pct(ratio)}，扣除对中央文件、"
                    f"总要求等规范表述的引用后为{_pct(copy['excluding_quotes'])}；与单篇材料的雷同比例"
                    f"最高为{_pct(copy['largest_source'])}。")
    if copy["sources"]:
        letter.para("主要雷同来源：")
        for n, source in enumerate(copy["sources"], 1):
            letter.para(f"{n}. {_source(source)}")
    noted = [s for s in copy["sections"] if s["ratio"] >= SECTION_NOTED]
    if noted:
        letter.para("雷同文字集中在："
                    + "、".join(f"“{s['title']}”部分（{_pct(s['ratio'])}）" for s in noted) + "。")
    if review.boilerplate_ratio is not None:
        letter.para(_boilerplate(review.boilerplate_ratio))


def _source(source: dict) -> str:
    kind = SOURCE_SETS.get(source["set"], "参考材料")
    unit = f"（{source['unit']}）" if source.get("unit") else ""
    return f"{kind}《{PurePosixPath(source['path']).name}》{unit}，雷同文字占全文的{_pct(source['ratio'])}。"


def _rounds(rounds: dict, score: float) -> str:
    before, opinions = rounds["previous_round"], rounds["previous_findings"]
    if rounds["identical"]:
        text = f"本稿与{before}报送的材料完全相同，未作任何修改。"
        return text + (f"{before}提出的{opinions}条意见均未落实。" if opinions else "")
    text = ""
    if rounds["previous_score"] is not None:
        change = rounds["score_change"] or 0
        moved = (f"提高{_num(change)}分" if change > 0 else f"下降{_num(-change)}分" if change < 0
                 else "与上轮持平")
        text += f"{before}得分{_num(rounds['previous_score'])}分，本稿得分{_num(score)}分，{moved}。"
    text += (f"{before}共提出意见{opinions}条，其中已修改{rounds['resolved']}条，修改后仍有问题"
             f"{rounds['changed']}条，原文未改动{rounds['unrevised']}条；本稿新发现问题{rounds['new']}条。"
             f"与上稿相同的文字占{_pct(rounds['unchanged_ratio'])}。")
    if rounds["unrevised"]:
        text += "未改动的意见已在批注中逐条标出，请逐条落实。"
    return text


def _request(review: Review, reviewer: str, deadline: date | None, annotated_name: str | None) -> str:
    ask, what = REQUESTS[review.verdict]
    when = f"于{cn_date(deadline)}前" if deadline else "在下一轮审阅前"
    text = f"{ask}，{when}将{what}报送{reviewer}。"
    if annotated_name:
        text += f"各处问题的具体位置和修改建议，详见《{annotated_name}》中的批注。"
    return text


# ----------------------------------------------------------------------------- layout


def _font(target, name: str) -> None:
    """Use `name` for Chinese and Latin text alike. python-docx's font.name writes only
    w:ascii/w:hAnsi, Word picks Chinese glyphs from w:eastAsia, and a theme font left on
    the element would override both."""
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), name)
    # Quotation marks and dashes are shared by both scripts; this keeps them Chinese.
    rfonts.set(qn("w:hint"), "eastAsia")


def _declare_fallbacks(word) -> None:
    """Name each GB/T 9704 font's substitute in the font table (w:altName) and mark it as a
    GB2312 font (w:charset 86), which is what Word's substitution goes by."""
    part = word.part
    rel = next(r for r in part.rels.values() if r.reltype == RT.FONT_TABLE)
    table = etree.fromstring(rel.target_part.blob)
    for name, alternative in FALLBACKS.items():
        font = etree.SubElement(table, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "roman"})
    # The template's font table is an opaque part to python-docx: replace it with ours.
    blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
    new = Part(rel.target_part.partname, CT.WML_FONT_TABLE, blob, part.package)
    part.drop_rel(rel.rId)
    part.relate_to(new, RT.FONT_TABLE)


def _styles(word) -> None:
    normal = word.styles["Normal"]
    _font(normal, BODY_FONT)
    normal.font.size = BODY_SIZE
    # Chinese line breaking and punctuation rules follow the language, not the font.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = LINE_PITCH, Pt(0), Pt(0)
    fmt.first_line_indent = INDENT
    # Outline levels from Word's own heading styles give the reader the navigation pane.
    for style_name, font in (("Heading 1", HEADING_FONT), ("Heading 2", GROUP_FONT)):
        style = word.styles[style_name]
        _font(style, font)
        style.font.size, style.font.bold = BODY_SIZE, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(0)


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The page number's line then sits about 7 mm under the text block.
    section.footer_distance = Mm(21)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.paragraph_format.line_spacing = 1.0
    _run(footer, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _page_field(footer)
    _run(footer, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _page_field(paragraph) -> None:
    """A PAGE field as begin / instruction / separate / result / end runs: the form every
    Word and WPS version updates."""

    def mark(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE).element.append(char)

    mark("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE).element.append(instr)
    mark("separate")
    _run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    mark("end")


def _run(paragraph, text: str, font: str, size):
    run = paragraph.add_run(text)
    _font(run, font)
    run.font.size = size
    return run


# The styles the letter uses (as styles.xml names them: Word's built-in names are lower
# case there).
_USED_STYLES = {"normal", "heading 1", "heading 2", "table grid"}


@lru_cache(maxsize=1)
def _template() -> bytes:
    """An empty letter — styles, fonts, page, footer — built once per process."""
    word = docx.Document()
    _styles(word)
    _declare_fallbacks(word)
    _page(word.sections[0])
    prune_styles(word, _USED_STYLES, latent=False)
    # The template's body starts with an empty paragraph: the letter starts with its title.
    body = word.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def _model_paragraph(font: str, size, style: str | None, indent: bool, align, text: bool):
    """A letter paragraph of one kind, formatted by python-docx once per process: letters
    copy it, as formatting each paragraph anew costs more than writing the rest of the
    letter."""
    word = docx.Document(io.BytesIO(_template()))
    p = word.add_paragraph(style=style)
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, "", font, size)
    return word.element.body.findall(W_P)[-1]


@lru_cache(maxsize=16)
def _model_table(rows: int, cols: int):
    """The score sheet's grid, formatted once per process for each size, cells empty."""
    word = docx.Document(io.BytesIO(_template()))
    table = word.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The first column holds the dimension names; the 156 mm text block is shared out.
    widths = [Mm(60)] + [Mm(96 / (cols - 1))] * (cols - 1)
    for r, row in enumerate(table.rows):
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Pt(0)
            p.paragraph_format.line_spacing = TABLE_LINE
            # A score sheet split over two pages is hard to read: keep its rows together.
            p.paragraph_format.keep_with_next = r < rows - 1
            _run(p, "", HEADING_FONT if r == 0 else BODY_FONT, TABLE_SIZE)
    return word.element.body.find(W_TBL)


class _Letter:
    """A Word document written top to bottom, numbering its headings 一、 and （一）."""

    def __init__(self):
        self.word = docx.Document(io.BytesIO(_template()))
        self._end = self.word.element.body.find(W_SECTPR)  # the body's content goes before it
        self._headings = self._groups = 0

    def _paragraph(self, text: str, font: str, size, *, style: str | None = None,
                   indent: bool = True, align=None) -> Paragraph:
        p = copy.deepcopy(_model_paragraph(font, size, style, indent, align, bool(text)))
        if text:
            append_text(p.find(W_R), text)
        self._end.addprevious(p)
        return Paragraph(p, self.word)

    def title(self, text: str) -> None:
        self._paragraph(text, TITLE_FONT, TITLE_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.blank()

    def blank(self) -> None:
        self._paragraph("", BODY_FONT, BODY_SIZE)

    def line(self, text: str) -> None:
        self._paragraph(text, BODY_FONT, BODY_SIZE, indent=False)

    def para(self, text: str) -> None:
        self._paragraph(text, BODY_FONT, BODY_SIZE)

    def closing(self, lines: list[str]) -> None:
        """Signature lines after a blank one, right-aligned four characters in from the margin
        (GB/T 9704), and kept on one page with the paragraph before them."""
        self.word.paragraphs[-1].paragraph_format.keep_with_next = True
        made = [self._paragraph("", BODY_FONT, BODY_SIZE)]
        for line in lines:
            p = self._paragraph(line, BODY_FONT, BODY_SIZE, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = 2 * INDENT
            made.append(p)
        for p in made[:-1]:
            p.paragraph_format.keep_with_next = True

    def heading(self, text: str) -> None:
        self._headings += 1
        self._groups = 0
        self._paragraph(f"{_cn_ordinal(self._headings)}、{text}", HEADING_FONT, BODY_SIZE,
                        style="Heading 1")

    def group(self, text: str) -> None:
        self._groups += 1
        self._paragraph(f"（{_cn_ordinal(self._groups)}）{text}", GROUP_FONT, BODY_SIZE,
                        style="Heading 2")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        grid = copy.deepcopy(_model_table(1 + len(rows), len(header)))
        for tr, values in zip(grid.iterchildren(W_TR), [header, *rows], strict=True):
            for tc, value in zip(tr.iterchildren(W_TC), values, strict=True):
                append_text(tc.find(f"{W_P}/{W_R}"), value)
        self._end.addprevious(grid)

    def save(self, title: str, reviewer: str, letter_date: date) -> bytes:
        # Word's 属性 dialog shows these; the template's own say “python-docx”, 2013.
        props = self.word.core_properties
        props.title, props.author, props.last_modified_by = title, reviewer, reviewer
        props.created = props.modified = datetime.combine(letter_date, time())
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()
