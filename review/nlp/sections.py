"""The section tree of a draft, from headings as a reader sees them.

A heading is a paragraph with a Word heading style or outline level, one opening with the
公文 numbering hierarchy 第一部分 > 一、 > （一） > 1. > （1） > ①, or one opening with a
bold run-in phrase ("（一）理论学习。要……" / "**理论学习。**要……"). Numbering decides
rank when present, so a draft that styles some headings and numbers others still nests
the way it reads.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from review.model import Document, Paragraph
from review.nlp.spans import Span

_CN = "一二三四五六七八九十"
NUMBERING = [
    (0, re.compile(rf"^第[{_CN}]+(?:部分|章|篇)")),
    # "一、二季度重点学习……" names quarters, not a heading
    (1, re.compile(rf"^[{_CN}]+[、．.](?![{_CN}]+(?:季度|月|年级|级|等奖|类))")),
    (2, re.compile(rf"^[（(][{_CN}]+[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?![\d月年日])")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
    (5, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
]
BOLD_RANK = 6  # an unnumbered bold run-in heading sits below any numbered one
HEADING_MAX = 40  # longer "headings" are numbered body paragraphs
# A numbered line ending like this is an entry of a list (书目, 篇目), not a heading.
_LIST_END = ("；", "，", "、", ";", ",")
# Enumeration points, bold or not, are content: "**一是政治判断力有待提升。**……"
_POINT = re.compile(rf"^(?:[{_CN}]{{1,2}}是|第[{_CN}]{{1,2}}[，、]|首先|其次|再次|最后)")


@dataclass
class Heading:
    # 0 第一部分 … 5 ①, 6 bold run-in. An unnumbered styled heading ranks just above the
    # numbering of its level (Heading 1 → 0.5), so 一、 typed under it nests inside it.
    rank: float
    start: int  # normalized offsets of the heading text (the run-in part only)
    end: int
    text: str


@dataclass
class Section:
    heading: Heading | None  # None for the document root
    start: int  # where the section's text begins (its heading) …
    end: int  # … and ends (the next heading of the same or higher rank)
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @cached_property
    def path(self) -> tuple[str, ...]:
        node, out = self, []
        while node is not None and node.heading is not None:
            out.append(node.heading.text)
            node = node.parent
        return tuple(reversed(out))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def numbering_rank(text: str) -> int | None:
    for rank, pattern in NUMBERING:
        if pattern.match(text):
            return rank
    return None


def heading_of(para: Paragraph, text: str) -> tuple[float, int] | None:
    """(rank, length of the heading part) if paragraph text `text` is or opens with a heading.

    `text` is the paragraph's normalized text; its style and bold lead come from `para`.
    """
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    rank = numbering_rank(stripped)
    stop = re.search(r"[。：:！？]", stripped)
    run_in = stop.start() + 1 if stop else len(stripped)
    if para.heading_level:
        return (rank if rank is not None else para.heading_level - 0.5), len(text.rstrip())
    if rank is not None:
        if run_in > HEADING_MAX or (not stop and stripped.endswith(_LIST_END)):
            return None
        return rank, lead + run_in
    if _POINT.match(stripped):
        return None
    # The bold may stop just before the full stop: "**理论学习**。坚持……"
    if para.bold_lead and para.bold_lead < 0.9 * len(text) and stop and stop.start() <= para.bold_lead:
        return BOLD_RANK, lead + run_in
    if para.bold_lead >= len(text.rstrip()) and len(stripped) <= HEADING_MAX and not stop:
        return BOLD_RANK, len(text.rstrip())  # a short paragraph in bold on its own
    return None


def _is_list_entry(text: str) -> bool:
    stripped = text.strip()
    return numbering_rank(stripped) is not None and stripped.endswith(_LIST_END)


def find_headings(document: Document, norm_text: str, to_norm) -> list[Heading]:
    """Headings among the body paragraphs (table cells hold content, not structure)."""
    out: list[Heading] = []
    title = document.title
    list_rank = None  # numbering rank of the list the previous paragraph belonged to
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            list_rank = None
            continue
        s, e = to_norm(block.start), to_norm(block.end)
        text = norm_text[s:e]
        if block is title and numbering_rank(text.strip()) is None:
            continue  # a numbered first line is a heading of an untitled draft
        if _is_list_entry(text):
            list_rank = numbering_rank(text.strip())
            continue
        if list_rank is not None and numbering_rank(text.strip()) == list_rank:
            continue  # the last entry of a list ends with 。 but is no heading either
        list_rank = None
        found = heading_of(block, text)
        if found:
            rank, length = found
            part = norm_text[s:s + length].strip()
            hs = s + norm_text[s:s + length].find(part)
            out.append(Heading(rank, hs, hs + len(part), part))
    return out


def build_tree(headings: list[Heading], text_length: int) -> Section:
    root = Section(None, 0, text_length)
    stack = [root]
    for h in headings:
        while len(stack) > 1 and stack[-1].heading.rank >= h.rank:
            stack.pop().end = h.start
        node = Section(h, h.start, text_length, parent=stack[-1])
        stack[-1].children.append(node)
        stack.append(node)
    return root


class SectionIndex:
    """Which section holds an offset: the deepest section whose heading precedes it."""

    def __init__(self, root: Section):
        self.root = root
        self._sections = [s for s in root.walk() if s.heading is not None]
        self._starts = [s.start for s in self._sections]

    def at(self, offset: int) -> Section:
        i = bisect_right(self._starts, offset) - 1
        node = self._sections[i] if i >= 0 else self.root
        while node.heading is not None and not node.start <= offset < node.end:
            node = node.parent
        return node

    def find(self, words: tuple[str, ...] | list[str]) -> list[Section]:
        """Sections whose heading contains any of `words` — for rules scoped to a section."""
        return [s for s in self._sections if any(w in s.title for w in words)]

    def text_of(self, section: Section, text: str) -> Span:
        return Span(section.start, section.end, text[section.start:section.end])
