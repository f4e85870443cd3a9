"""Normalized text for analysis, with a map back to the characters the draft really has.

Drafts arrive in traditional characters, with pinyin glosses glued into words
("開(kāi)展", as text pasted from news sites looks), with full-width digits and
half-width Chinese punctuation. Analysis reads the normalized text; every finding is
mapped back through `raw_span` so it quotes and anchors the original characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A gloss is a parenthesised pinyin syllable group right after a Han character; it must
# carry a tone mark so "(XX)" or "(a)" survive.
_PINYIN_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*[a-z{_TONE_MARKS}]*[{_TONE_MARKS}][a-z{_TONE_MARKS}\s]*[)）]",
    re.IGNORECASE,
)
_DROP = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HALF_TO_FULL_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


@dataclass(frozen=True)
class NormalizedText:
    text: str
    starts: Sequence[int]  # raw offset where normalized char i begins
    ends: Sequence[int]  # raw offset where normalized char i ends
    raw_length: int

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering normalized [start, end)."""
        if start >= len(self.text):
            return self.raw_length, self.raw_length
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """Characters t2s would change. Most drafts have none, and the pure-Python converter
    costs more than the rest of the analysis, so it only runs when one is present."""
    import opencc

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    with open(table, encoding="utf-8") as fh:
        return frozenset(line.split("\t", 1)[0] for line in fh if line.strip())


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


_WIDTH_TABLE = {
    **{c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
       for c in range(r[0], r[1] + 1)},
    0x3000: " ", 0x00A0: " ",
}
_HALF_PUNCT = re.compile(r"[,;:?!()]")


def _width(text: str) -> str:
    """Full-width letters and digits to ASCII; half-width punctuation beside Chinese to
    full-width (so sentence splitting sees "，" and "；" whichever the typist used). A
    closing parenthesis follows its opening one, so "(a)" after Chinese becomes "（a）"."""
    text = text.translate(_WIDTH_TABLE)
    marks = list(_HALF_PUNCT.finditer(text))
    if not marks:
        return text
    out = list(text)
    opened: list[bool] = []
    for m in marks:
        i, ch = m.start(), m.group()
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        beside_cjk = bool((prev and _is_cjk(prev)) or (nxt and _is_cjk(nxt)))
        if ch == ")":
            beside_cjk = opened.pop() if opened else beside_cjk
        if beside_cjk:
            out[i] = _HALF_TO_FULL_PUNCT[ch]
        if ch == "(":
            opened.append(beside_cjk)
    return "".join(out)


def _simplify(text: str) -> str:
    if _traditional().isdisjoint(text):
        return text
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to characters to keep the map 1:1.
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalize(raw: str) -> NormalizedText:
    drops = sorted(
        (m.start(), m.end()) for pattern in (_PINYIN_GLOSS, _DROP) for m in pattern.finditer(raw)
    )
    if not drops:  # the common case: one normalized character per raw character
        n = len(raw)
        return NormalizedText(_simplify(_width(raw)), range(n), range(1, n + 1), n)
    kept: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for a, b in drops + [(len(raw), len(raw))]:
        if a < pos:
            continue
        kept.append(raw[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        if b > a and ends:
            # A dropped gloss belongs to the character before it, so a quote of "開展"
            # in normalized text maps back to "開(kāi)展" whole.
            ends[-1] = b
        pos = b
    text = _simplify(_width("".join(kept)))
    return NormalizedText(text, tuple(starts), tuple(ends), len(raw))
