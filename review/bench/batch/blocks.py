"""A generated draft as its writer laid it out: paragraphs of a kind, and tables. The
Word and PDF writers and the page layout all read this, so a draft's text is the same
whatever format it is saved in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Para:
    # title: centred 二号; h1/h2: headings; body: first line indented two characters;
    # right: right-aligned signature or date
    kind: str
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]  # the first row is the header


Block = Para | Table


def chars(blocks: list[Block]) -> int:
    """Characters of text, not counting line or cell breaks."""
    return sum(len(b.text) if isinstance(b, Para) else sum(len(c) for row in b.rows for c in row)
               for b in blocks)
