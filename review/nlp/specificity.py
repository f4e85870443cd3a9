"""Specificity: how concrete a sentence is — 见人见事, or 套话空话.

Reviewers reject problems and measures that could stand in any unit's material
("理论学习不够深入", "进一步加强理论学习，切实提高思想认识") and accept ones that carry
checkable facts: a number, a date, a name, a thing done. `specificity` counts those
features and combines them in a fixed formula, so a later boilerplate classifier can use
the counts and a reviewer can see why a sentence scored as it did.

Counts (each a number of non-overlapping mentions):

- ``numbers``: a number with a measure word (412份, 87件, 120余户, 40分钟, 100%, 三次); a number
  that counts nothing checkable ("3个方面", "4个意识") and digits inside dates are left out;
- ``dates``: digit dates (2023年1—8月, 9月12日, 10月至12月, 2023.10, 15日). A local pattern: to be replaced
  by review.nlp.dates;
- ``names``: titles in 《》, persons and units (review.nlp.owners), and named systems — a
  制度/机制/办法/台账… with a name of its own (at least three characters once setup verbs and
  generic words are taken off: "党员积分管理制度", "“周五学习日”制度"), not "学习制度" or
  "长效机制";
- ``actions``: concrete action verbs with something after them (召开…, 走访…, 印发…, 办结),
  not when an intensifier makes them a slogan ("切实解决", "认真开展");
- ``stock``: stock phrases (高度重视, 狠抓落实, 不够深入…), an intensifier before a verb
  (进一步加强, 切实提高, 认真开展), and vague verbs with no object ("需要加强。").

Score (weights in `WEIGHTS`)::

    evidence = 1.0·dates + 0.8·numbers + 0.8·names + 0.4·actions − 0.7·stock
    score    = 1 / (1 + exp(−2.5 · (evidence − 0.6)))

so a sentence with nothing concrete scores 0.18, one stock phrase pushes it to 0.03, and a
single date (0.73), number or name (0.62) or two actions (0.62) lift it over 0.5, the
threshold the tests hold concrete and vague sentences apart at (`THRESHOLD`). A number
dressed with a slogan ("要进一步提高3个方面的能力") stays low: 3个方面 is not counted and
进一步提高 is stock. Word lists: rules/lexicon/stock_phrases.yaml.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from review.nlp.dates import find_dates
from review.nlp.lexicon import alternation, load_lexicon
from review.nlp.owners import find_owners


@dataclass(frozen=True)
class Specificity:
    score: float  # 0..1, higher = more concrete
    numbers: int  # numbers with measure words
    dates: int  # date-like mentions
    names: int  # titles, persons, units, named systems
    actions: int  # concrete actions with objects
    stock: int  # stock phrases and objectless vague verbs
    length: int  # characters


WEIGHTS = {"dates": 1.0, "numbers": 0.8, "names": 0.8, "actions": 0.4, "stock": -0.7}
BIAS = 0.6  # evidence at which the score is 0.5
SLOPE = 2.5
THRESHOLD = 0.5  # at or above: concrete

_RANGE = r"(?:\s*[—–\-~～至到]\s*\d{1,2})?"
_DAY = rf"\d{{1,2}}{_RANGE}\s*[日号](?:\s*[—–\-~～至到]\s*\d{{1,2}}\s*[日号])?"  # 5日, 5—7日, 5日至7日
_CN_NUMBER = re.compile(
    "[两二三四五六七八九十百千]+(?:人次|个月|小时|分钟|学时|课时|次|场|份|件|名|篇|天|期|批|轮|户)"
)
_TITLE = re.compile(r"《[^《》]{1,60}》")
_QUOTED = re.compile(r"“([^“”]{2,15})”")
_PUNCT = set("，。；：！？、,.;:!?）)」』”\n")
_SYSTEM_WORDS = ("制度", "机制", "办法", "细则", "规定", "规则", "规程", "工作法", "台账", "清单",
                 "品牌", "工程", "行动", "平台", "服务队", "活动")
_SETUP_VERBS = ("建立健全", "健全完善", "建立", "健全", "完善", "制定", "出台", "执行", "实行", "推行",
                "落实", "形成", "修订", "印发", "开展", "实施", "创建", "打造", "推出", "启动")
# A system is named where it is set up: 建立|党员积分管理|制度 (not 各类台账 in a complaint).
_SYSTEM = re.compile(
    "(?:" + "|".join(_SETUP_VERBS) + r")([\u4e00-\u9fff“”]{1,12}?)(?:" + "|".join(_SYSTEM_WORDS) + ")"
)


@dataclass(frozen=True)
class _Lexicon:
    stock: re.Pattern
    slogan: re.Pattern  # intensifier + verb
    vague_verbs: re.Pattern
    actions: re.Pattern
    events: re.Pattern
    numbers: re.Pattern
    generic_counted: tuple[str, ...]
    generic_stems: tuple[str, ...]
    vague_verb_words: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lex = load_lexicon("stock_phrases.yaml")
    verbs = alternation(lex["vague_verbs"] + lex["action_verbs"] + lex["action_events"])
    return _Lexicon(
        stock=re.compile(alternation(lex["stock_phrases"])),
        slogan=re.compile(rf"(?:{alternation(lex['intensifiers'])})(?:{verbs})"),
        vague_verbs=re.compile(alternation(lex["vague_verbs"])),
        actions=re.compile(alternation(lex["action_verbs"])),
        events=re.compile(alternation(lex["action_events"])),
        numbers=re.compile(rf"(?<![\d.])\d+(?:\.\d+)?\s*[余多]?\s*(?:{alternation(lex['measure_words'])})"),
        generic_counted=tuple(lex["generic_counted"]),
        generic_stems=tuple(sorted(lex["generic_system_stems"], key=len, reverse=True)),
        vague_verb_words=tuple(lex["vague_verbs"]),
    )


class _Spans:
    """Non-overlapping spans, first come first kept."""

    def __init__(self):
        self.spans: list[tuple[int, int]] = []

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.spans)

    def add(self, s: int, e: int) -> bool:
        if self.free(s, e):
            self.spans.append((s, e))
            return True
        return False


def _has_object(text: str, end: int) -> bool:
    """Something a verb acts on follows `end` ("召开专题组织生活会"), not a stop or a slogan."""
    rest = text[end:].lstrip("了过")
    if not rest or rest[0] in _PUNCT:
        return False
    return not rest.startswith(_lexicon().vague_verb_words)


def _stock(text: str, taken: _Spans) -> int:
    lex = _lexicon()
    count = 0
    for pattern in (lex.stock, lex.slogan):
        for m in pattern.finditer(text):
            count += taken.add(m.start(), m.end())
    for m in lex.vague_verbs.finditer(text):
        if taken.free(m.start(), m.end()) and not _has_object(text, m.end()):
            count += taken.add(m.start(), m.end())
    return count


def _actions(text: str, taken: _Spans) -> int:
    lex = _lexicon()
    count = 0
    for m in lex.actions.finditer(text):
        if taken.free(m.start(), m.end()) and _has_object(text, m.end()):
            count += taken.add(m.start(), m.end())
    for m in lex.events.finditer(text):
        count += taken.add(m.start(), m.end())
    return count


def _dates_and_numbers(text: str) -> tuple[int, int]:
    lex = _lexicon()
    taken = _Spans()
    # Dates are what review.nlp.dates reads as dates, open-ended terms (长期坚持) excluded:
    # they promise nothing checkable.
    dates = sum(taken.add(d.start, d.end) for d in find_dates(text) if d.kind != "open")
    numbers = 0
    for pattern in (lex.numbers, _CN_NUMBER):
        for m in pattern.finditer(text):
            after = m.end() + (text[m.end():m.end() + 1] == "“")
            if text.startswith(lex.generic_counted, after):
                continue  # 3个方面, 4个“意识”
            numbers += taken.add(m.start(), m.end())
    return dates, numbers


def _named_system(stem: str) -> bool:
    if "“" in stem:
        return True
    for verb in _SETUP_VERBS:  # keep what follows the last setup verb: 建立|党员积分管理
        i = stem.rfind(verb)
        if i >= 0:
            stem = stem[i + len(verb):]
    for word in _lexicon().generic_stems:
        stem = stem.replace(word, "")
    stem = stem.strip("“”的和与及")
    return len(stem) >= 3


def _names(text: str, unit_names: Sequence[str]) -> int:
    taken = _Spans()
    count = sum(taken.add(m.start(), m.end()) for m in _TITLE.finditer(text))
    for m in _QUOTED.finditer(text):
        if text.startswith(_SYSTEM_WORDS, m.end()):
            count += taken.add(m.start(), m.end())
    for m in _SYSTEM.finditer(text):
        if taken.free(m.start(), m.end()) and _named_system(m.group(1)):
            count += taken.add(m.start(), m.end())
    for owner in find_owners(text, unit_names):
        if owner.kind in ("person", "unit"):
            count += taken.add(owner.start, owner.end)
    return count


def score_of(dates: int, numbers: int, names: int, actions: int, stock: int) -> float:
    """The documented formula (module docstring) applied to the counts."""
    evidence = (WEIGHTS["dates"] * dates + WEIGHTS["numbers"] * numbers + WEIGHTS["names"] * names
                + WEIGHTS["actions"] * actions + WEIGHTS["stock"] * stock)
    return 1.0 / (1.0 + math.exp(-SLOPE * (evidence - BIAS)))


def specificity(text: str, unit_names: Sequence[str] = ()) -> Specificity:
    """How concrete `text` (a sentence or a cell) is; see the module docstring."""
    dates, numbers = _dates_and_numbers(text)
    names = _names(text, unit_names)
    verbs = _Spans()
    stock = _stock(text, verbs)
    actions = _actions(text, verbs)
    return Specificity(
        score=score_of(dates, numbers, names, actions, stock),
        numbers=numbers, dates=dates, names=names, actions=actions, stock=stock, length=len(text),
    )
