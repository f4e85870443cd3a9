"""The text the matcher compares: content characters only, with swaps made invisible.

Punctuation and whitespace are dropped; a run of digits becomes one "#" (so "2023年9月"
matches "2024年12月"), as does a Chinese numeral counting something ("三个", "十二项");
unit names, place names and the generic administrative words with their party affixes
(县委, 镇党委, 街道党工委, 村…) become one "@", so a county plan with 县委 replaced by
镇党委 still matches. `starts`/`ends` map each masked character back to the normalized
text it stands for.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NAME = "@"
NUMBER = "#"

ADMIN_LEVELS = ("街道", "社区", "县", "镇", "乡", "村")
PARTY_AFFIXES = ("人民政府", "委员会", "办事处", "党工委", "党支部", "党总支", "党组织", "党委", "党组",
                 "政府", "委")
_CN_DIGITS = "零〇一二三四五六七八九十百千万两"
_COUNTED = "个项次条名天件年月日人家所批类场期轮位户级周种篇份本元亩场点"


@dataclass(frozen=True)
class MatchText:
    masked: str
    starts: array  # normalized offset where masked char i begins
    ends: array  # normalized offset where masked char i ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Normalized [start, end) covered by masked [start, end) (end > start)."""
        return self.starts[start], self.ends[end - 1]


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)


@lru_cache(maxsize=256)
def _pattern(masks: tuple[str, ...]) -> re.Pattern:
    names = _alternatives(masks + ADMIN_LEVELS)
    affixes = _alternatives(PARTY_AFFIXES)
    return re.compile(
        rf"(?P<name>(?:{names})(?:{affixes})?)"
        rf"|(?P<num>[0-9]+(?:\.[0-9]+)?%?|[{_CN_DIGITS}]+(?=[{_COUNTED}]))"
    )


# A run of content characters: `[^\W_]` is exactly str.isalnum().
_CONTENT = re.compile(r"[^\W_]+")
# The one character whose lowering depends on its neighbours (a word-final Σ lowers to
# ς): a run holding it is lowered character by character, as a lone Σ lowers to σ.
_CAPITAL_SIGMA = "\u03a3"


def content_mask(text: str) -> np.ndarray:
    """bool per character of `text`: whether it is a content character (str.isalnum)."""
    out = np.zeros(len(text), bool)
    for m in _CONTENT.finditer(text):
        out[m.start():m.end()] = True
    return out


def match_text(text: str, masks: tuple[str, ...] = ()) -> MatchText:
    masked: list[str] = []
    starts = array("i")
    ends = array("i")
    pos = 0

    def plain(a: int, b: int) -> None:
        """The content characters of text[a:b], lowered, each standing for itself."""
        for m in _CONTENT.finditer(text, a, b):
            run = m.group()
            masked.append("".join(map(str.lower, run)) if _CAPITAL_SIGMA in run else run.lower())
            starts.extend(range(m.start(), m.end()))
            ends.extend(range(m.start() + 1, m.end() + 1))

    for m in _pattern(tuple(masks)).finditer(text):
        plain(pos, m.start())
        masked.append(NAME if m.group("name") else NUMBER)
        starts.append(m.start())
        ends.append(m.end())
        pos = m.end()
    plain(pos, len(text))
    return MatchText("".join(masked), starts, ends)


def masked_range(mt: MatchText, start: int, end: int) -> tuple[int, int]:
    """Masked [a, b) of the characters lying inside normalized [start, end)."""
    from bisect import bisect_left

    a = bisect_left(mt.starts, start)
    b = bisect_left(mt.starts, end)
    while b > a and mt.ends[b - 1] > end:
        b -= 1
    return a, b
