"""The sample sources (corpus/sample_src/*.md) as plain normalized text, markup stripped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from review.data import data_path
from review.nlp.sentences import split_sentences
from review.normalize import normalize


@dataclass(frozen=True)
class SourceDoc:
    name: str  # file stem, e.g. "02_县委实施方案_模板"
    text: str  # normalized; one paragraph per line

    @property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        return tuple((s.start, s.end) for s in split_sentences(self.text))


def plain(md: str) -> str:
    lines = []
    for line in md.splitlines():
        line = line.strip()
        if not line or line.startswith("<!--") or re.fullmatch(r"\|?[-\s|:]+\|?", line):
            continue
        line = re.sub(r"^(#{1,6}|>>)\s*", "", line).replace("**", "")
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            line = "，".join(c.replace("<br>", "；") for c in cells if c and c != "^^")
        lines.append(line)
    return normalize("\n".join(lines)).text


def load_sources() -> dict[str, SourceDoc]:
    return {p.stem: SourceDoc(p.stem, plain(p.read_text(encoding="utf-8")))
            for p in sorted(data_path("corpus", "sample_src").glob("[0-9][0-9]_*.md"))}
