"""Problem and rectification items: from tables, from labelled prose, from enumerations.

Items carry their fields as normalized spans so rules can say which cell is empty and
anchor a comment on the problem it belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from review.model import Cell, Paragraph, Table, iter_paragraphs
from review.nlp.sections import SectionIndex
from review.nlp.sentences import POINT_START, enumeration_markers
from review.nlp.spans import Span, trimmed

ItemKind = str  # "problem" | "measure" | "cause" | "criticism" | "other"


@dataclass
class Item:
    start: int
    end: int
    fields: dict[str, Span] = field(default_factory=dict)
    source: str = "table"  # "table", "prose" or "enumeration"
    kind: ItemKind = "problem"
    section: tuple[str, ...] = ()


# Header words → field, tried in this order: "问题类别" is an aspect and "整改时限" a
# deadline although both also contain words of other fields. Words mapped to None name
# columns that are no field of an item ("问题来源" would otherwise read as a problem).
FIELD_HEADERS: list[tuple[str | None, tuple[str, ...]]] = [
    (None, ("来源", "线索")),
    ("number", ("序号", "编号", "序列")),
    ("aspect", ("类别", "方面", "类型", "领域", "分类", "归类")),
    ("cause", ("原因", "根源")),
    ("target", ("目标", "预期成效", "预期效果", "要达到", "整改要求", "整改标准", "完成标准")),
    ("measures", ("措施", "举措", "办法", "整改任务", "具体做法", "工作任务", "整改方案", "整改内容",
                  "如何改")),
    ("co_owner", ("配合", "协办", "协助", "参与单位", "协同")),
    ("owner", ("责任", "牵头", "负责", "分管领导", "包保", "承办", "主责", "领办")),
    ("deadline", ("时限", "期限", "完成时间", "时间节点", "截止", "进度安排", "时间安排", "完成日期",
                  "整改时间", "计划时间", "办结时间", "时间")),
    ("status", ("状态", "进展", "完成情况", "进度", "落实情况", "整改情况", "整改结果", "是否", "销号",
                "成效")),
    ("problem", ("问题", "表现", "差距", "不足", "事项", "查摆", "检视", "短板")),
    ("note", ("备注", "说明")),
]
RECTIFY_FIELDS = ("target", "measures", "owner", "deadline")
_BRACKETED = re.compile(r"[（(【\[].*?[）)】\]]")
_JOINED = re.compile(r"[及和与、]")


def _lookup(header: str) -> str | None:
    for name, words in FIELD_HEADERS:
        if any(w in header for w in words):
            return name
    return None


def field_of_header(header: str) -> str | None:
    """The item field a table column holds, judged from its header as a reader would:
    the words outside brackets first ("牵头单位（配合单位）" is the owner), then the first of
    joined names ("问题及原因分析" is the problem column)."""
    h = re.sub(r"[\s：:/*]", "", header)
    outside = _BRACKETED.sub("", h)
    for candidate in (_JOINED.split(outside, maxsplit=1)[0], outside, h):
        if candidate and (name := _lookup(candidate)) is not None:
            return name
    return None


def table_items(table: Table, to_norm, text: str) -> list[Item]:
    if len(table.rows) < 2:
        return []
    columns = {i: field_of_header(cell.text) for i, cell in enumerate(table.rows[0])}
    named = set(columns.values()) - {None}
    if "problem" not in named or not named & set(RECTIFY_FIELDS):
        return []
    header = [c.text for c in table.rows[0]]
    groups: list[list[list[Cell]]] = []  # the rows of one item: a merged 问题 cell spans them
    for row in table.rows[1:]:
        if [c.text for c in row] == header:
            continue  # a header row repeated after a page break
        problem_cell = next((c for i, c in enumerate(row) if columns.get(i) == "problem"), None)
        previous = groups[-1][-1] if groups else None
        if previous is not None and problem_cell is not None and any(
            c is problem_cell for i, c in enumerate(previous) if columns.get(i) == "problem"
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
    items = (_item_from_rows(rows, columns, to_norm, text) for rows in groups)
    return [item for item in items if item is not None]


def _item_from_rows(rows, columns, to_norm, text: str) -> Item | None:
    per_field: dict[str, list[Paragraph]] = {}
    seen: set[int] = set()
    first = last = None
    for row in rows:
        for i, cell in enumerate(row):
            if id(cell) in seen:
                continue
            seen.add(id(cell))
            paragraphs = list(iter_paragraphs(cell.blocks))
            if not paragraphs:
                continue
            s, e = to_norm(paragraphs[0].start), to_norm(paragraphs[-1].end)
            first = s if first is None else min(first, s)
            last = e if last is None else max(last, e)
            if name := columns.get(i):
                per_field.setdefault(name, []).extend(paragraphs)
    fields: dict[str, Span] = {}
    for name, paragraphs in per_field.items():
        s, e = to_norm(paragraphs[0].start), to_norm(paragraphs[-1].end)
        joined = "\n".join(text[to_norm(p.start):to_norm(p.end)] for p in paragraphs)
        fields[name] = Span(s, e, joined)
    problem = fields.get("problem")
    if first is None or problem is None or not problem.text.strip():
        return None
    return Item(first, last, fields, "table")


# "问题1：……整改目标：……整改措施：……责任人：……完成时限：……"
_PROSE_ITEM = re.compile(
    r"(?m)^\s*(?:问题\s*[\d一二三四五六七八九十]+|[（(]?[\d一二三四五六七八九十]+[）)、.．])\s*[:：]?"
)
_PROSE_LABEL = re.compile(
    r"(问题表现|存在问题|整改目标|目标|整改措施|措施|责任领导|责任人|责任单位|牵头领导|牵头单位|"
    r"完成时限|整改时限|时间节点|完成时间|时限)\s*[:：]"
)


def prose_items(text: str) -> list[Item]:
    items: list[Item] = []
    starts = [m.start() for m in _PROSE_ITEM.finditer(text)]
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        chunk = text[s:e]
        labels = list(_PROSE_LABEL.finditer(chunk))
        if len({field_of_header(m.group(1)) for m in labels} & set(RECTIFY_FIELDS)) < 2:
            continue  # an ordinary numbered paragraph, not a rectification item
        fields: dict[str, Span] = {}
        if head := trimmed(text, s, s + labels[0].start()):
            fields["problem"] = head
        for j, m in enumerate(labels):
            value_end = s + (labels[j + 1].start() if j + 1 < len(labels) else len(chunk))
            value = trimmed(text, s + m.end(), value_end)
            if value is not None:
                value = trimmed(text, value.start, value.start + len(value.text.rstrip("。；;")))
            fields.setdefault(field_of_header(m.group(1)), value or Span(s + m.end(), s + m.end(), ""))
        items.append(Item(s, e, fields, "prose"))
    return items


_KIND_WORDS = [
    ("criticism", ("批评意见", "相互批评", "批评")),
    ("cause", ("原因", "根源", "剖析")),
    ("measure", ("措施", "整改", "方向", "打算", "举措", "努力")),
    ("problem", ("问题", "不足", "差距", "查摆", "检视", "短板")),
]


def kind_of_section(path: tuple[str, ...]) -> ItemKind:
    """What the points of a section are, judged from the nearest heading that says."""
    for title in reversed(path):
        for kind, words in _KIND_WORDS:
            if any(w in title for w in words):
                return kind
    return "other"


# A paragraph shorter than this, or ending in a colon, introduces points rather than being one;
# one opening like this sums the section up.
_MIN_PARAGRAPH_POINT = 20
_CLOSING = ("总之", "综上", "以上", "总的来说")


def enumerated_items(text: str, sections: SectionIndex) -> list[Item]:
    """Points of the problem, cause and measure sections: inline enumerations ("一是……二是……")
    and paragraphs opening with 一是, or — in a section that enumerates nothing — each body
    paragraph (the 县一中 way: a heading per aspect, the problem written as a paragraph)."""
    marked: list[Item] = []
    plain: list[tuple[Span, tuple[str, ...]]] = []
    line_start = 0
    for line in text.split("\n"):
        markers = enumeration_markers(line) or ([0] if POINT_START.match(line.lstrip()) else [])
        if markers == [0] and line[:1].isspace():
            markers = [len(line) - len(line.lstrip())]
        bounds = [line_start + m for m in markers] + [line_start + len(line)]
        for a, b in zip(bounds, bounds[1:], strict=False) if markers else ():
            span = trimmed(text, a, b)
            if span is not None:
                marked.append(_point(span, sections.at(a).path))
        if not markers and (span := _body_of(text, line_start, line_start + len(line), sections)):
            plain.append((span, sections.at(span.start).path))
        line_start += len(line) + 1
    enumerating = {p.section for p in marked}
    paragraphs = [_point(span, path) for span, path in plain
                  if path not in enumerating and kind_of_section(path) != "other"]
    return sorted(marked + paragraphs, key=lambda p: p.start)


def _point(span: Span, path: tuple[str, ...]) -> Item:
    kind = kind_of_section(path)
    return Item(span.start, span.end, {"problem" if kind == "problem" else kind: span},
                "enumeration", kind, path)


def _body_of(text: str, start: int, end: int, sections: SectionIndex) -> Span | None:
    """A line's body text when it could be a point by itself: the heading (or a run-in
    heading's part) cut off, long enough, not a lead-in ending in a colon."""
    section = sections.at(start)
    heading = section.heading
    if heading is not None and start <= heading.start < end:
        start = heading.end
    span = trimmed(text, start, end)
    if (span is None or len(span.text) < _MIN_PARAGRAPH_POINT or span.text.endswith(("：", ":"))
            or span.text.startswith(_CLOSING)):
        return None
    return span
