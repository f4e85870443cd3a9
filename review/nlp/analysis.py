"""What the checks read: one analysed draft.

Spans are offsets into the normalized text; `Analysis.raw_span` maps them back to the
draft's own characters, which is what findings quote.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial

from review.model import Document
from review.nlp.dates import DateExpr, find_dates
from review.nlp.items import Item, enumerated_items, prose_items, table_items
from review.nlp.owners import Owner, find_owners
from review.nlp.sections import Heading, SectionIndex, build_tree, find_headings
from review.nlp.sentences import split_sentences
from review.nlp.spans import Span
from review.nlp.specificity import Specificity, specificity
from review.normalize import NormalizedText, normalize


@dataclass(frozen=True)
class Sentence(Span):
    path: tuple[str, ...] = ()  # headings of the sections it sits in, outermost first


@dataclass
class Analysis:
    """One analysed draft. Dates, owners and specificity are computed when a check first
    asks, since most rules need only a few of them."""

    document: Document
    norm: NormalizedText
    title: Span | None
    headings: list[Heading]
    sections: SectionIndex
    sentences: list[Sentence]
    items: list[Item]  # rectification items: table rows, else labelled prose
    points: list[Item]  # inline enumerations ("一是……"), kind from their section
    period: tuple[date, date] | None = None  # the campaign period partial dates resolve in
    unit_names: tuple[str, ...] = ()  # roster names, recognised as owners and names
    _specificity: dict[str, Specificity] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.raw_span(start, end)

    def norm_offset(self, raw: int) -> int:
        """The normalized offset of a raw Document.text offset."""
        return bisect_left(self.norm.starts, raw)

    @cached_property
    def dates(self) -> list[DateExpr]:
        return find_dates(self.text, self.period)

    def dates_in(self, text: str) -> list[DateExpr]:
        """Dates of a piece of this draft (a table cell), resolved in the same period."""
        return find_dates(text, self.period)

    def owners_in(self, text: str) -> list[Owner]:
        return find_owners(text, self.unit_names)

    def specificity_of(self, text: str) -> Specificity:
        # Several rules ask about the same sentences (three boilerplate checks, local
        # features): about half of a review's time when computed each time.
        known = self._specificity.get(text)
        if known is None:
            known = self._specificity[text] = specificity(text, self.unit_names)
        return known

    @cached_property
    def tokens(self):
        """spaCy Doc of the normalized text, built on first use."""
        from review.nlp.tokens import tokenize

        return tokenize(self.text)


def analyze(
    document: Document, period: tuple[date, date] | None = None, unit_names: tuple[str, ...] = ()
) -> Analysis:
    norm = normalize(document.text)
    text = norm.text
    to_norm = partial(bisect_left, norm.starts)

    title = None
    if document.title is not None:
        s, e = to_norm(document.title.start), to_norm(document.title.end)
        title = Span(s, e, text[s:e])
    headings = find_headings(document, text, to_norm)
    sections = SectionIndex(build_tree(headings, len(text)))
    sentences = [Sentence(s.start, s.end, s.text, sections.at(s.start).path)
                 for s in split_sentences(text)]
    items = [item for table in document.tables() for item in table_items(table, to_norm, text)]
    return Analysis(
        document=document, norm=norm, title=title, headings=headings, sections=sections,
        sentences=sentences, items=items or prose_items(text),
        points=enumerated_items(text, sections), period=period, unit_names=tuple(unit_names),
    )
