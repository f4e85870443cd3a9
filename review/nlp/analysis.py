"""What the checks read: normalized text, sentences, headings and rectification items.

This is the first cut of the analysis layer; spans are in normalized-text offsets and
`Analysis.raw_span` maps them back to the draft's own characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from review.model import Cell, Document, Paragraph, Table, iter_paragraphs
from review.normalize import NormalizedText, normalize

_OPEN, _CLOSE = "《“‘「『（(", "》”’」』）)"
_SENTENCE_END = set("。！？；!?;")

# Numbering that starts a heading, outermost first: 一、 > （一） > 1. > （1） > ①
_NUMBERING = [
    (1, re.compile(r"^[一二三四五六七八九十]+[、．.]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
]
_HEADING_MAX = 40


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Heading:
    level: int
    start: int  # normalized offsets of the heading text (the run-in part only)
    end: int
    text: str


@dataclass
class Item:
    """One problem / rectification item with its fields (normalized spans)."""

    start: int
    end: int
    fields: dict[str, Span] = field(default_factory=dict)
    source: str = "table"  # "table" or "prose"


@dataclass
class Analysis:
    document: Document
    norm: NormalizedText
    sentences: list[Span]
    headings: list[Heading]
    items: list[Item]
    title: Span | None

    @property
    def text(self) -> str:
        return self.norm.text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.raw_span(start, end)

    def norm_offset(self, raw: int) -> int:
        return bisect_left(self.norm.starts, raw)


def split_sentences(text: str) -> list[Span]:
    """Sentences end at 。！？； or a line end — never inside 《》 or quotation marks."""
    spans: list[Span] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch == "\n" or (ch in _SENTENCE_END and depth == 0):
            end = i if ch == "\n" else i + 1
            if ch == "\n":
                depth = 0
            _add(spans, text, start, end)
            start = i + 1
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end]))


def heading_of(para_text: str, styled_level: int | None) -> tuple[int, int] | None:
    """(level, length of the heading part) when a paragraph is or starts with a heading."""
    stripped = para_text.strip()
    if not stripped:
        return None
    if styled_level:
        return styled_level, len(para_text.rstrip())
    for level, pattern in _NUMBERING:
        if pattern.match(stripped):
            lead = len(para_text) - len(para_text.lstrip())
            # A run-in heading ends at its first full stop: "（一）理论学习。要……"
            stop = re.search(r"[。：:]", stripped)
            length = stop.start() + 1 if stop else len(stripped)
            if length <= _HEADING_MAX:
                return level, lead + length
            return None
    return None


def _headings(doc: Document, norm: NormalizedText, to_norm) -> list[Heading]:
    out: list[Heading] = []
    for block in doc.blocks:  # headings live in the body, not in table cells
        if not isinstance(block, Paragraph):
            continue
        s = to_norm(block.start)
        e = to_norm(block.end)
        found = heading_of(norm.text[s:e], block.heading_level)
        if found:
            level, length = found
            out.append(Heading(level, s, s + length, norm.text[s:s + length].strip()))
    return out


# Column header words → item field. Order matters: "整改措施" must not be read as "问题".
_FIELD_HEADERS = [
    ("measures", ("整改措施", "措施", "具体举措", "整改举措")),
    ("target", ("整改目标", "目标")),
    ("owner", ("责任领导", "责任人", "责任单位", "牵头领导", "牵头单位", "责任部门", "责任主体")),
    ("deadline", ("完成时限", "整改时限", "时间节点", "完成时间", "时限")),
    ("status", ("整改状态", "进展", "完成情况")),
    ("cause", ("原因分析", "原因")),
    ("problem", ("问题表现", "存在问题", "问题描述", "问题清单", "具体问题", "问题")),
    ("number", ("序号", "编号")),
]


def field_of_header(header: str) -> str | None:
    h = re.sub(r"\s", "", header)
    for name, words in _FIELD_HEADERS:
        if any(w in h for w in words):
            return name
    return None


def _table_items(table: Table, to_norm, norm: NormalizedText) -> list[Item]:
    if len(table.rows) < 2:
        return []
    columns = {i: field_of_header(cell.text) for i, cell in enumerate(table.rows[0])}
    if "problem" not in columns.values() or len(set(columns.values()) - {None}) < 3:
        return []
    header = [c.text for c in table.rows[0]]
    groups: list[list[list[Cell]]] = []  # rows of one item: a merged 问题 cell spans them
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
    items = []
    for rows in groups:
        item = _item_from_rows(rows, columns, to_norm, norm)
        if item is not None:
            items.append(item)
    return items


def _item_from_rows(rows, columns, to_norm, norm: NormalizedText) -> Item | None:
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
            name = columns.get(i)
            if name:
                per_field.setdefault(name, []).extend(paragraphs)
    fields: dict[str, Span] = {}
    for name, paragraphs in per_field.items():
        s, e = to_norm(paragraphs[0].start), to_norm(paragraphs[-1].end)
        text = "\n".join(norm.text[to_norm(p.start):to_norm(p.end)] for p in paragraphs)
        fields[name] = Span(s, e, text)
    problem = fields.get("problem")
    if first is None or problem is None or not problem.text.strip():
        return None
    return Item(first, last, fields, "table")


# Prose items: "问题1：……整改目标：……整改措施：……责任人：……完成时限：……"
_PROSE_ITEM = re.compile(
    r"(?m)^\s*(?:问题\s*[\d一二三四五六七八九十]+|[（(]?[\d一二三四五六七八九十]+[）)、.．])\s*[:：]?"
)
_PROSE_LABEL = re.compile(
    r"(问题表现|存在问题|整改目标|目标|整改措施|措施|责任领导|责任人|责任单位|牵头领导|牵头单位|"
    r"完成时限|整改时限|时间节点|完成时间|时限)\s*[:：]"
)


def _prose_items(text: str) -> list[Item]:
    items: list[Item] = []
    starts = [m.start() for m in _PROSE_ITEM.finditer(text)]
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(text)
        chunk = text[s:e]
        labels = list(_PROSE_LABEL.finditer(chunk))
        names = {field_of_header(m.group(1)) for m in labels}
        if len(names & {"target", "measures", "owner", "deadline"}) < 2:
            continue  # an ordinary numbered paragraph, not a rectification item
        fields: dict[str, Span] = {}
        first_label = labels[0].start()
        head = chunk[:first_label].strip()
        fields["problem"] = Span(s, s + first_label, head)
        for j, m in enumerate(labels):
            name = field_of_header(m.group(1))
            vs = s + m.end()
            ve = s + (labels[j + 1].start() if j + 1 < len(labels) else len(chunk))
            value = text[vs:ve]
            trimmed = value.rstrip("\n 。；;")
            fields.setdefault(name, Span(vs, vs + len(trimmed), trimmed.strip()))
        items.append(Item(s, e, fields, "prose"))
    return items


def analyze(doc: Document) -> Analysis:
    norm = normalize(doc.text)

    def to_norm(raw: int) -> int:
        return bisect_left(norm.starts, raw)

    items: list[Item] = []
    for table in doc.tables():
        items.extend(_table_items(table, to_norm, norm))
    if not items:
        items = _prose_items(norm.text)
    title = None
    if doc.title is not None:
        s, e = to_norm(doc.title.start), to_norm(doc.title.end)
        title = Span(s, e, norm.text[s:e])
    return Analysis(doc, norm, split_sentences(norm.text), _headings(doc, norm, to_norm), items,
                    title)
