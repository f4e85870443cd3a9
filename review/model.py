"""Plain data passed between the pipeline stages.

A parsed draft is a `Document`: body blocks in reading order, where every paragraph —
including those inside table cells — has an ordinal (`index`) in one flat traversal.
Writers use that ordinal to find the same paragraph again in the output .docx, and
`Document.text` (all paragraphs joined by "\\n") is the text that findings' offsets
point into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info"]
Status = Literal["reviewed", "unreadable"]
Verdict = Literal["pass", "revise", "redo"]


@dataclass
class Paragraph:
    text: str
    style: str | None = None
    heading_level: int | None = None  # from the source's own heading markup, 1 = top
    page: int | None = None  # 1-based page for PDFs
    bold_lead: int = 0  # length of the bold text the paragraph opens with: a run-in heading
    index: int = -1  # ordinal in Document.paragraphs(); set by Document
    start: int = -1  # offset of the paragraph in Document.text; set by Document

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Cell:
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in iter_paragraphs(self.blocks))


@dataclass
class Table:
    # A merged cell appears once per grid position it covers, as the same Cell object,
    # so rows read as a full grid while its paragraphs are counted once.
    rows: list[list[Cell]] = field(default_factory=list)
    page: int | None = None


Block = Paragraph | Table


def iter_paragraphs(blocks: list[Block]):
    """Every paragraph in reading order, descending into (nested) tables, once each."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            seen: set[int] = set()
            for row in block.rows:
                for cell in row:
                    if id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    yield from iter_paragraphs(cell.blocks)


def iter_tables(blocks: list[Block]):
    """Every table, outer before nested."""
    for block in blocks:
        if isinstance(block, Table):
            yield block
            seen: set[int] = set()
            for row in block.rows:
                for cell in row:
                    if id(cell) not in seen:
                        seen.add(id(cell))
                        yield from iter_tables(cell.blocks)


class Document:
    """A parsed draft. Offsets of all paragraphs are fixed at construction."""

    def __init__(self, blocks: list[Block], source_format: str, pages: int | None = None):
        self.blocks = blocks
        self.source_format = source_format  # "docx", "pdf", "txt" (doc/wps become "docx")
        self.pages = pages
        self._paragraphs = list(iter_paragraphs(blocks))
        offset = 0
        for i, p in enumerate(self._paragraphs):
            p.index = i
            p.start = offset
            offset += len(p.text) + 1
        self.text = "\n".join(p.text for p in self._paragraphs)

    def paragraphs(self) -> list[Paragraph]:
        return self._paragraphs

    def tables(self) -> list[Table]:
        return list(iter_tables(self.blocks))

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph holding text offset `offset` (a separator belongs to the one before)."""
        lo, hi = 0, len(self._paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._paragraphs[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self._paragraphs[lo]

    @property
    def title(self) -> Paragraph | None:
        """The first non-empty body paragraph outside tables: where a draft states its title."""
        for block in self.blocks:
            if isinstance(block, Paragraph) and block.text.strip():
                return block
        return None


class UnreadableError(Exception):
    """A draft that cannot be read. The message is Chinese and tells the unit what to send."""


@dataclass
class Unit:
    name: str
    aliases: list[str] = field(default_factory=list)
    category: str | None = None
    level: str | None = None


@dataclass
class Submission:
    path: Path  # absolute
    rel_path: str  # relative to the workspace, with "/" separators
    round: str
    unit: str
    unit_known: bool  # matched to units.csv
    unit_category: str | None
    level: str | None
    doc_type: str
    sha256: str


@dataclass(slots=True)  # a province's round holds hundreds of thousands
class Finding:
    rule: str
    category: str
    dimension: str
    severity: Severity
    message: str
    quote: str  # exact text of Document.text[start:end]; "" for document-level findings
    start: int
    end: int  # for document-level findings, start/end span the heading or title anchored on
    weight: float = 0.0
    suggestion: str | None = None
    source: dict | None = None
    # Stretches to highlight in the annotated file (copied text), as raw [start, end) spans.
    marks: tuple[tuple[int, int], ...] = ()


@dataclass
class Review:
    submission: Submission
    status: Status
    error: str | None = None
    doc_type: str | None = None
    score: float | None = None
    verdict: Verdict | None = None
    dimension_scores: dict[str, float] = field(default_factory=dict)
    copy_ratio: float | None = None
    boilerplate_ratio: float | None = None
    findings: list[Finding] = field(default_factory=list)
    annotated: str | None = None  # workspace-relative path of the annotated .docx
    opinion: str | None = None  # workspace-relative path of the 审阅意见书
    # CNKI-style copy figures beside copy_ratio: excluding quotations, largest source,
    # top sources and top-level sections (see review.copying.copy_figures).
    copy: dict | None = None
    # Against the unit's draft of the round before (review.pipeline.round_summary).
    rounds: dict | None = None
    drafts: int | None = None  # 稿次: how many different drafts of this doc the unit has sent
