"""The unit's annotated Word file: a copy of its draft with a comment on every finding.

A comment must enclose exactly the characters the finding quotes. Word anchors comments
on whole runs, so runs are cut at the span's edges first; formatting stays because both
halves of a cut run keep the original run properties. Runs holding a field, a drawing or
a symbol are never cut: the comment then widens to the whole run.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from review.categories import CATEGORIES
from review.ingest.docx import RunSpan, child_text, paragraph_runs, read_tree
from review.model import Document, Finding
from review.write.rebuild import rebuild
from review.write.wordcomments import Comments
from review.write.wordtext import XML_SPACE

W_T = qn("w:t")


@dataclass
class Note:
    """One comment to place: raw text span [start, end) and the comment's paragraphs."""

    start: int
    end: int
    text: str
    marks: tuple[tuple[int, int], ...] = ()  # raw spans to highlight (copied text)


def finding_note(f: Finding) -> Note:
    label = CATEGORIES[f.category][0]
    lines = [f"【{label}】{f.message}"]
    if f.suggestion:
        lines.append(f"修改建议：{f.suggestion}")
    return Note(f.start, f.end, "\n".join(lines), f.marks)


def annotate(
    document: Document,
    docx_bytes: bytes | None,
    notes: Sequence[Note],
    *,
    author: str,
) -> bytes:
    """Return the annotated .docx: the original Word file when there is one, otherwise
    a clean file rebuilt from `document`'s blocks."""
    if docx_bytes is not None:
        # Re-read rather than reuse the parser's objects: the parsed Document is plain data
        # that can cross process boundaries, and the copy must be a fresh tree anyway.
        word = docx.Document(io.BytesIO(docx_bytes))
        reread, elements = read_tree(word)
        if reread.text != document.text:
            raise ValueError("annotated copy does not read back as the parsed document")
    else:
        word, elements = rebuild(document)
    runs = _Runs(document, elements)
    comments = Comments(word, author, author[:2])
    for note in notes:
        first, last = runs.anchor(note.start, note.end)
        if first is None:
            continue
        comments.add(first, last, note.text)
        for start, end in note.marks:
            runs.highlight(start, end)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


class _Runs:
    """The document's paragraphs' runs, each paragraph walked once (`paragraph_runs`) and
    then kept in step with the cuts made in it."""

    def __init__(self, document: Document, elements):
        self.document = document
        self.elements = elements
        self._spans: dict[int, list[RunSpan]] = {}

    def _of(self, index: int) -> list[RunSpan]:
        if index not in self._spans:
            self._spans[index] = paragraph_runs(self.elements[index])
        return self._spans[index]

    def anchor(self, start: int, end: int):
        """First and last w:r enclosing raw span [start, end), cutting runs at its edges."""
        if end <= start:
            return None, None
        p_first = self.document.paragraph_at(start)
        p_last = self.document.paragraph_at(end - 1)
        a = start - p_first.start
        b = min(end - p_last.start, len(p_last.text))
        first_spans, last_spans = self._of(p_first.index), self._of(p_last.index)
        _cut(first_spans, a)
        _cut(last_spans, b)
        first = next((s.element for s in first_spans if s.end > a), None)
        last = [s.element for s in last_spans if s.start < b]
        if first is None or not last:
            return None, None
        return first, last[-1]

    def highlight(self, start: int, end: int) -> None:
        """Mark raw span [start, end) with Word's yellow highlighter, cutting runs at its edges."""
        if end <= start:
            return
        first, last = self.document.paragraph_at(start), self.document.paragraph_at(end - 1)
        for para in self.document.paragraphs()[first.index:last.index + 1]:
            spans = self._of(para.index)
            a = max(start - para.start, 0)
            b = min(end - para.start, len(para.text))
            _cut(spans, a)
            _cut(spans, b)
            for span in spans:
                if a <= span.start and span.end <= b:
                    # python-docx keeps w:rPr children in schema order, which Word insists on.
                    Run(span.element, None).font.highlight_color = WD_COLOR_INDEX.YELLOW


def _cut(spans: list[RunSpan], offset: int) -> None:
    """Make `offset` a run boundary among a paragraph's runs `spans`, when the run there
    can be cut; `spans` is updated to match."""
    for k, span in enumerate(spans):
        if span.start < offset < span.end:
            if span.splittable:
                right = _split_run(span.element, offset - span.start)
                spans[k:k + 1] = [RunSpan(span.element, span.start, offset, True),
                                  RunSpan(right, offset, span.end, True)]
            return


def _split_run(r: etree._Element, k: int) -> etree._Element:
    """Split run `r` after its k-th character into two runs with the same properties;
    returns the right one."""
    right = copy.deepcopy(r)
    r.addnext(right)
    _keep(r, 0, k)
    _keep(right, k, None)
    return right


def _keep(r: etree._Element, lo: int, hi: int | None) -> None:
    """Keep only characters [lo, hi) of run `r`'s text-bearing children."""
    pos = 0
    for child in list(r):
        text = child_text(child)
        if text is None:
            continue
        n = len(text)
        s, e = max(lo - pos, 0), n if hi is None else min(hi - pos, n)
        if s >= e:
            r.remove(child)
        elif child.tag == W_T:
            child.text = text[s:e]
            child.set(XML_SPACE, "preserve")
        pos += n
