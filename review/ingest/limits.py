"""How large a draft may be before it is refused unread.

Drafts arrive from hundreds of units by email and USB stick, so a few are giant, broken or
crafted. Every limit is checked on figures the file declares about itself (its size, a zip's
central directory, a PDF's page tree) before the bytes are expanded or laid out, so a
hostile file costs a look at its headers, not the reviewer's memory. What a file's headers
cannot tell — a PDF stream that inflates to gigabytes, a page whose layout never ends — is
bounded while it is read (`max_parse_seconds`, `max_parse_memory_bytes`, enforced by
review.ingest.guard). A team that needs other figures sets them in review.toml's [limits]
(review.workspace.config); the defaults live here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    # Drafts are text with a few pictures; 100 MB is far beyond any real one and still
    # small enough to read into memory whole.
    max_file_bytes: int = 100 * MB
    # Inclusive: a 300-page draft is read (a long ledger), a 301-page one is refused.
    max_pdf_pages: int = 300
    # A .docx expands to its XML and pictures; python-docx holds all of it in memory.
    max_unzipped_bytes: int = 200 * MB
    # A real .docx has a few dozen parts, a few hundred with many pictures.
    max_zip_entries: int = 5000
    # Repetitive Word XML compresses up to ~200:1 (a 3000-row table of identical cells
    # measured 185:1); deflate cannot exceed ~1030:1, which is where bombs sit.
    max_compression_ratio: int = 500
    # Small parts are left out of the ratio test: a tiny part compressing well harms nobody.
    ratio_checked_from_bytes: int = 5 * MB
    # A 10-page text PDF takes about 1 s to lay out (docs/performance.md), so the longest
    # PDF allowed takes about 30 s; 120 s leaves a slower PC room for it and still ends a
    # pathological page before it holds up a worker for good.
    max_parse_seconds: float = 120
    # Memory one draft may take while it is read, on top of what the process already holds.
    # A real draft takes tens of MB; a .docx whose document.xml is 154 MB (a million
    # paragraphs, some 40,000 pages) measured 1.5 GB and 52 s; a compression bomb inside a
    # PDF stream takes everything it can get.
    max_parse_memory_bytes: int = 2048 * MB


LIMITS = Limits()


def megabytes(n: int) -> str:
    """A size as reviewers read it: "101.5 MB", "200 MB", "12 KB"."""
    # Rounded up, so a size over a limit never reads as equal to it.
    if n < MB:
        return f"{-(-n // 1024)} KB"
    return f"{-(-n * 10 // MB) / 10:.1f}".removesuffix(".0") + " MB"
