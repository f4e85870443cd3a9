"""Spans of normalized text: what every analysis result points at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def trimmed(text: str, start: int, end: int) -> Span | None:
    """The span [start, end) of `text` without surrounding whitespace, or None if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end]) if end > start else None


def lines_of(text: str) -> list[Span]:
    """Every non-blank line (paragraph) of a normalized text, trimmed."""
    spans, start = [], 0
    for line in text.split("\n"):
        if (span := trimmed(text, start, start + len(line))) is not None:
            spans.append(span)
        start += len(line) + 1
    return spans
