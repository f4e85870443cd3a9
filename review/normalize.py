"""Normalized text for analysis, with a map back to the characters the draft really has.

Drafts arrive in traditional characters, with pinyin glosses glued into words
("開(kāi)展", as text pasted from news sites looks), with full-width digits and
half-width Chinese punctuation. Analysis reads the normalized text; every finding is
mapped back through `raw_span` so it quotes and anchors the original characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    starts: tuple[int, ...]  # raw offset where normalized char i begins
    ends: tuple[int, ...]  # raw offset where normalized char i ends
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


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


def _width(text: str) -> str:
    """Full-width letters and digits to ASCII; half-width punctuation beside Chinese to
    full-width (so sentence splitting sees "，" and "；" whichever the typist used). A
    closing parenthesis follows its opening one, so "(a)" after Chinese becomes "（a）"."""
    out = list(text)
    opened: list[bool] = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out[i] = chr(code - 0xFEE0)
        elif ch in ("\u3000", "\u00a0"):
            out[i] = " "
        elif ch in _HALF_TO_FULL_PUNCT:
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            beside_cjk = (prev and _is_cjk(prev)) or (nxt and _is_cjk(nxt))
            if ch == ")":
                beside_cjk = opened.pop() if opened else beside_cjk
            if beside_cjk:
                out[i] = _HALF_TO_FULL_PUNCT[ch]
            if ch == "(":
                opened.append(bool(beside_cjk))
    return "".join(out)


def _simplify(text: str) -> str:
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to characters to keep the map 1:1.
    return "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)


def normalize(raw: str) -> NormalizedText:
    kept: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    drop = [False] * len(raw)
    for m in list(_PINYIN_GLOSS.finditer(raw)) + list(_DROP.finditer(raw)):
        for i in range(m.start(), m.end()):
            drop[i] = True
    for i, ch in enumerate(raw):
        if drop[i]:
            # A dropped gloss belongs to the character before it, so a quote of "開展"
            # in normalized text maps back to "開(kāi)展" whole.
            if ends:
                ends[-1] = i + 1
            continue
        kept.append(ch)
        starts.append(i)
        ends.append(i + 1)
    text = _simplify(_width("".join(kept)))
    return NormalizedText(text, tuple(starts), tuple(ends), len(raw))
