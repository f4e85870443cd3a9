"""Dates and deadlines in normalized text: schedules in plans, 完成时限 in problem lists.

`find_dates` reports every date expression with the days it allows:

- point: one named day, part of a month, month, quarter, half year or festival
  ("9月15日", "9月中旬", "2023年10月", "第四季度", "年底", "春节");
- range: two ends ("9月18日至28日", "9月—12月", "10月中下旬");
- before: a deadline, lo is None ("10月底前", "截至10月底", "年内");
- open: no end ("长期坚持", "立行立改"), or open from a date ("9月起": lo set, hi None).

Decisions where the wording is ambiguous (the checks downstream rely on them):

- Parts of a month: 初/上旬 1–10, 中/中旬 11–20, 下旬/底/末 21–end, 上半月 1–15,
  下半月 16–end. 年底/年末 is December, 年初 January, 年内 "before Dec 31".
- "前" after a day or a part of a unit is inclusive ("12月31日前", "10月底前", "10月中旬前"
  end on that day / at the end of that part); after a whole unit it means before the
  unit starts ("10月前" → Sep 30, "第四季度前" → Sep 30, "春节前" → 除夕). Reading it
  literally never pushes a deadline later than the writer can have meant.
- "截至/到/不晚于 X", "X为止", "X内" end with X (inclusive).
- "X起/开始/以来" is open from the first day of X; "X以后/之后/后" from the day after X.
- Festivals are the festival day itself (春节 from a table for 2014–2030).
- A year that is not written is resolved against `period`: among the years from the
  period's first year to the year after its last, the one that puts the expression
  inside the period, else nearest to it (ties go to the earlier year). Plans look
  forward, so a year before the period's first is never chosen. 今年/明年 count from the
  period's first year. Without a period the nearest year written earlier in the text
  is used as is; without either, lo and hi are None but the expression is still
  reported with its kind. Schedule order is deliberately not used to guess years:
  a schedule out of order is something the checks must be able to see.
- The second end of a range takes the first end's year (and month, for "18日至28日"),
  rolling over a year when it would otherwise come first ("12月至1月").
- A bare year ("2023年") is context, not an expression; recurring times
  ("每年12月", "每月15日前", "每季度") and durations ("3个月", "6天") are not dates.
  Yearless dotted forms ("9.15", "9·15") are not read: they are decimals as often.
- Open wording is found wherever it stands, so "长期坚持在一线" in a 事例 is reported
  too; whether it is a deadline is for the caller, which knows the field it sits in.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

Kind = Literal["point", "range", "before", "open"]
Period = tuple[date, date]


@dataclass(frozen=True)
class DateExpr:
    start: int  # offsets into the text passed in
    end: int
    text: str  # text[start:end]
    kind: Kind
    lo: date | None  # earliest day the expression allows (inclusive)
    hi: date | None  # latest day (inclusive)


# Gregorian date of 春节 (lunar new year's day), for the campaigns' years and a margin.
SPRING_FESTIVAL: dict[int, date] = {
    2014: date(2014, 1, 31), 2015: date(2015, 2, 19), 2016: date(2016, 2, 8),
    2017: date(2017, 1, 28), 2018: date(2018, 2, 16), 2019: date(2019, 2, 5),
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}
# Fixed-date festivals by every name drafts use for them: (month, day).
_FIXED_FESTIVALS: dict[str, tuple[int, int]] = {
    "元旦": (1, 1), "国庆": (10, 1), "国庆节": (10, 1), "七一": (7, 1), "建党节": (7, 1),
    "五一": (5, 1), "劳动节": (5, 1),
}

# --- numbers -------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "元": 1}  # 元 only ever reaches here as 元月 (January)
# 1–39 in ASCII or Chinese numerals; values are checked after matching.
_NUM = r"(?:\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_MONTH = rf"(?:{_NUM}|元)"


def cn_number(s: str) -> int:
    """"28", "二十八", "两", "十", "二〇二三" (digit by digit) → int."""
    if s.isascii() and s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return int("".join(str(_CN_DIGIT[c]) for c in s))


# --- atoms: the smallest things that name a time ---------------------------------------


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    year: int | None = None  # year written in the expression
    rel: int | None = None  # 今年 0, 明年 +1, 去年 -1: counted from the period
    m1: int = 1
    d1: int = 1
    m2: int = 12
    d2: int | None = None  # None: the last day of m2
    festival: str | None = None
    kind: str = "point"  # point | range | before (年内, 10月内) | today (即日)
    whole: bool = False  # a whole month/quarter/half/festival: "前" means before it starts


def _last_day(year: int, month: int) -> int:
    return monthrange(year, month)[1]


def _bounds(atom: _Atom, year: int) -> tuple[date, date] | None:
    """The days `atom` names in `year`, or None when it names none (Feb 30, no table)."""
    if atom.festival is not None:
        if atom.festival == "春节":
            day = SPRING_FESTIVAL.get(year)
        else:
            month, d = _FIXED_FESTIVALS[atom.festival]
            day = date(year, month, d)
        return (day, day) if day else None
    try:
        lo = date(year, atom.m1, atom.d1)
        hi = date(year, atom.m2, atom.d2 if atom.d2 is not None else _last_day(year, atom.m2))
    except ValueError:
        return None
    return lo, hi


_YEAR = r"(?:(?P<y>(?:19|20)\d{2})|(?P<ycn>[〇零一二三四五六七八九]{4})|(?P<yrel>今|本|当|明|次|来|去))年"
_REL_YEAR = {"今": 0, "本": 0, "当": 0, "明": 1, "次": 1, "来": 1, "去": -1}
# Not the start of a date: inside a number, or a count/recurrence word ("第3", "每年12月").
_NOT_AFTER = r"(?<![\d.〇零一二三四五六七八九十百千万两几第每近满共逾超])(?<!每年)"
# A month can be followed by a count ("一月一次") or a length ("3月余"); neither is a date.
_MONTH_END = r"(?![〇一二三四五六七八九十两余多])(?!有余)"
_SEP = r"\s*(?:至|到|—{1,2}|-|－|–|~|～|〜)\s*"
_PARTS: dict[str, tuple[int, int | None]] = {
    "上中旬": (1, 20), "中下旬": (11, None), "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None),
    "上半月": (1, 15), "下半月": (16, None), "初": (1, 10), "底": (21, None), "末": (21, None),
    "中": (11, 20),
}
_PART = "|".join(sorted(_PARTS, key=len, reverse=True))


def _year_of_match(m: re.Match[str]) -> tuple[int | None, int | None]:
    groups = m.groupdict()
    if groups.get("y"):
        return int(groups["y"]), None
    if groups.get("ycn"):
        return cn_number(groups["ycn"]), None
    if groups.get("yrel"):
        return None, _REL_YEAR[groups["yrel"]]
    return None, None


def _valid(month: int, *days: int) -> bool:
    return 1 <= month <= 12 and all(1 <= d <= 31 for d in days)


def _day(m: re.Match[str]) -> _Atom | None:
    month, day = cn_number(m["m"]), cn_number(m["d"])
    if not _valid(month, day):
        return None
    year, rel = _year_of_match(m)
    return _Atom(m.start(), m.end(), year, rel, month, day, month, day)


def _day_range(m: re.Match[str]) -> _Atom | None:
    month, d1, d2 = cn_number(m["m"]), cn_number(m["d1"]), cn_number(m["d2"])
    if not _valid(month, d1, d2):
        return None
    year, rel = _year_of_match(m)
    return _Atom(m.start(), m.end(), year, rel, month, d1, month, d2, kind="range")


def _dotted(m: re.Match[str]) -> _Atom | None:
    month, day = int(m["m"]), int(m["d"])
    if not _valid(month, day):
        return None
    return _Atom(m.start(), m.end(), int(m["y"]), None, month, day, month, day)


def _dotted_range(m: re.Match[str]) -> _Atom | None:
    month, day = int(m["m"]), int(m["d"])
    month2 = int(m["m2"]) if m["m2"] else month
    day2 = int(m["d2"])
    if not (_valid(month, day) and _valid(month2, day2)):
        return None
    return _Atom(m.start(), m.end(), int(m["y"]), None, month, day, month2, day2, kind="range")


def _dotted_month(m: re.Match[str]) -> _Atom | None:
    month = int(m["m"])
    if not _valid(month):
        return None
    return _Atom(m.start(), m.end(), int(m["y"]), None, month, 1, month, None, whole=True)


def _month(m: re.Match[str]) -> _Atom | None:
    month = cn_number(m["m"])
    if not _valid(month):
        return None
    year, rel = _year_of_match(m)
    part = m["part"]
    if part is None:
        return _Atom(m.start(), m.end(), year, rel, month, 1, month, None, whole=True)
    d1, d2 = _PARTS[part]
    kind = "range" if part in ("上中旬", "中下旬") else "point"
    return _Atom(m.start(), m.end(), year, rel, month, d1, month, d2, kind=kind)


def _month_range(m: re.Match[str]) -> _Atom | None:
    m1, m2 = cn_number(m["m1"]), cn_number(m["m2"])
    if not (_valid(m1) and _valid(m2)):
        return None
    year, rel = _year_of_match(m)
    return _Atom(m.start(), m.end(), year, rel, m1, 1, m2, None, kind="range")


def _quarter(m: re.Match[str]) -> _Atom | None:
    q = cn_number(m["q"])
    year, rel = _year_of_match(m)
    first, last = 3 * q - 2, 3 * q
    part = m["part"]
    if part == "初":
        return _Atom(m.start(), m.end(), year, rel, first, 1, first, None)
    if part in ("末", "底"):
        return _Atom(m.start(), m.end(), year, rel, last, 1, last, None)
    return _Atom(m.start(), m.end(), year, rel, first, 1, last, None, whole=True)


def _half(m: re.Match[str]) -> _Atom:
    year, rel = _year_of_match(m)
    first = 1 if m["h"] == "上" else 7
    return _Atom(m.start(), m.end(), year, rel, first, 1, first + 5, None, whole=True)


def _year_part(m: re.Match[str]) -> _Atom:
    year, rel = _year_of_match(m)
    part = m["part"]
    if part == "初":
        return _Atom(m.start(), m.end(), year, rel, 1, 1, 1, None)
    if part == "内":
        return _Atom(m.start(), m.end(), year, rel, 1, 1, 12, None, kind="before")
    return _Atom(m.start(), m.end(), year, rel, 12, 1, 12, None)  # 底, 末


def _festival(m: re.Match[str]) -> _Atom | None:
    name = m["f"]
    if name in ("七一", "五一") and m["after"] is None:
        return None  # "七一讲话", "五一劳动" name other things
    year, rel = _year_of_match(m)
    return _Atom(m.start(), m.end(), year, rel, festival=name, whole=True)


def _today(m: re.Match[str]) -> _Atom:
    return _Atom(m.start(), m.end(), kind="today")


_ATOM_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Atom | None]]] = [
    (re.compile(rf"{_NOT_AFTER}(?:{_YEAR})?(?P<m>{_MONTH})月(?:份)?(?P<d>{_NUM})[日号]"), _day),
    (re.compile(rf"{_NOT_AFTER}(?:{_YEAR})?(?P<m>{_MONTH})月(?P<d1>{_NUM})[日号]?{_SEP}(?P<d2>{_NUM})[日号]"),
     _day_range),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<s>[./-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d.])"),
     _dotted),
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<s>[./])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
                rf"{_SEP}(?:(?P<m2>\d{{1,2}})(?P=s))?(?P<d2>\d{{1,2}})(?![\d./])"), _dotted_range),
    # "2023.10": a year and month, unless a unit shows it is an amount ("2023.5万元").
    (re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<s>[./-])(?P<m>\d{1,2})"
                r"(?![\d.%‰万亿千百十元个人次件项条家名户所座台套米吨倍分秒])(?!(?P=s)\d)"), _dotted_month),
    (re.compile(rf"{_NOT_AFTER}(?:{_YEAR})?(?P<m>{_MONTH})月(?:份)?"
                rf"(?:(?P<part>{_PART})(?![国央共华心间层期])|{_MONTH_END})"), _month),
    (re.compile(rf"{_NOT_AFTER}(?:{_YEAR})?(?P<m1>{_NUM}){_SEP}(?P<m2>{_NUM})月(?:份)?{_MONTH_END}"),
     _month_range),
    (re.compile(rf"{_NOT_AFTER}(?:{_YEAR})?第?(?P<q>[一二三四1-4])季度(?P<part>末|底|初)?"), _quarter),
    (re.compile(rf"(?<![每\d])(?:{_YEAR})?(?P<h>上|下)半年"), _half),
    (re.compile(rf"(?<!\d)(?:{_YEAR})年?(?P<part>底|末|初|内)"), _year_part),
    (re.compile(r"(?<![每\d〇零一二三四五六七八九十两几多半个近全学当今明本次来去])年(?P<part>底|末|初|内)"),
     _year_part),
    (re.compile(rf"(?:{_YEAR})?[“\"‘]?(?P<f>春节|元旦|国庆节|国庆|七一|五一|劳动节|建党节)[”\"’]?"
                r"(?P<after>(?=前|后|期间|节))?"), _festival),
    (re.compile(r"即日(?=起|开始)"), _today),
]


def _atoms(text: str) -> list[_Atom]:
    """Every atom, overlaps settled for the longest (then the leftmost)."""
    found = [atom for pattern, build in _ATOM_PATTERNS for m in pattern.finditer(text)
             if (atom := build(m)) is not None]
    found.sort(key=lambda a: (a.start - a.end, a.start))
    used = bytearray(len(text))
    return sorted((a for a in found if _claim(used, a.start, a.end)), key=lambda a: a.start)


def _claim(used: bytearray, start: int, end: int) -> bool:
    """Mark [start, end) used unless some of it already is (a mask keeps long texts linear)."""
    if any(used[start:end]):
        return False
    used[start:end] = b"\x01" * (end - start)
    return True


# --- compounds: atoms with their range partner, prefix and suffix ----------------------

_RANGE_JOIN = re.compile(rf"\s*(?:起|开始)?{_SEP}")
# "9月18日、25日": a further day of the same month.
_NEXT_DAY = re.compile(rf"[、和及](?P<d>{_NUM})[日号]")
_APPROX = re.compile(r"前后|左右")
# Not "前" when it starts a word: 前期, 前往 ("12月12日前往某村调研"), 前来; but "前进行" is "前 进行".
_BEFORE = re.compile(r"之前|以前|前夕|为止|前(?![期提列沿面者往来]|进(?!行))")
_WITHIN = re.compile(r"(?:份)?(?:以内|之内|内)")
_FROM = re.compile(r"起|开始|以来")
_AFTER = re.compile(r"以后|之后|后(?![续期面勤])")
_DEADLINE_PREFIX = re.compile(
    r"(?:截至|截止(?:到|至|于|日期|时间)?[为是：]?|直至|直到|不晚于|最迟(?:于|在|到)?|最晚(?:于|在|到)?|到|至)\s*$"
)
# Verbs that take 到 as a complement ("达到", "收到"): then 到 does not start a deadline.
_NOT_DEADLINE_TO = set("达做得收看想报遇回来送受提找听感落")


@dataclass(frozen=True)
class _Compound:
    start: int
    end: int
    first: _Atom
    last: _Atom | None  # the second end of a range
    mode: str  # point | range | before_incl | before_excl | from | after | open


def _single_mode(text: str, atom: _Atom) -> tuple[str, int]:
    """The mode of a lone atom and where it ends, after reading its suffix."""
    end = atom.end
    if atom.kind == "today":
        if m := _FROM.match(text, end):
            return "open", m.end()
        return "open", end
    if atom.kind == "range":
        return "range", end
    if m := _APPROX.match(text, end):
        return "point", m.end()
    if m := _BEFORE.match(text, end):
        exclusive = atom.whole and m.group() != "为止"
        return ("before_excl" if exclusive else "before_incl"), m.end()
    if atom.kind == "before":
        return "before_incl", end
    if atom.whole and atom.festival is None and (m := _WITHIN.match(text, end)):
        return "before_incl", m.end()
    if m := _FROM.match(text, end):
        return "from", m.end()
    if m := _AFTER.match(text, end):
        return "after", m.end()
    return "point", end


def _deadline_prefix(text: str, start: int) -> int | None:
    """Start of a "截至/到/不晚于" in front of `start`, if one is there."""
    window_start = max(0, start - 8)
    m = _DEADLINE_PREFIX.search(text[window_start:start])
    if m is None:
        return None
    begin = window_start + m.start()
    if m.group().strip() in ("到", "至") and begin > 0 and text[begin - 1] in _NOT_DEADLINE_TO:
        return None
    return begin


def _compounds(text: str, atoms: list[_Atom]) -> Iterator[_Compound]:
    i = 0
    last_end = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (b is not None and a.kind in ("point", "range", "today") and b.kind in ("point", "range")
                and (j := _RANGE_JOIN.match(text, a.end)) and j.end() == b.start):
            yield _Compound(a.start, b.end, a, b, "range")
            last_end = b.end
            i += 2
            continue
        mode, end = _single_mode(text, a)
        start = a.start
        prefix = _deadline_prefix(text, start) if mode in ("point", "before_incl") else None
        if prefix is not None and prefix >= last_end and a.kind != "before":
            start, mode = prefix, "before_incl"
        yield _Compound(start, end, a, None, mode)
        last_end = end
        # "9月18日、25日": the next day inherits the month and year.
        while a.d2 == a.d1 and a.m1 == a.m2 and (m := _NEXT_DAY.match(text, end)):
            if b is not None and m.end() > b.start:
                break
            day = cn_number(m["d"])
            if not _valid(a.m1, day):
                break
            a = replace(a, start=m.start("d"), end=m.end(), d1=day, d2=day)
            end = last_end = m.end()
            yield _Compound(a.start, a.end, a, None, "point")
        i += 1


# --- years ---------------------------------------------------------------------------

_WRITTEN_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|[./-]\d)|([〇零一二三四五六七八九]{4})(?=年)")


def _written_years(text: str) -> tuple[list[int], list[int]]:
    """(offsets, years) of the years written in the text, for context without a period."""
    offsets, years = [], []
    for m in _WRITTEN_YEAR.finditer(text):
        offsets.append(m.start())
        years.append(int(m[1]) if m[1] else cn_number(m[2]))
    return offsets, years


def _gap(span: tuple[date, date], period: Period) -> int:
    """Days between `span` and `period`; 0 when they overlap."""
    lo, hi = span
    if hi < period[0]:
        return (period[0] - hi).days
    if lo > period[1]:
        return (lo - period[1]).days
    return 0


def _year_in_period(atom: _Atom, period: Period) -> int | None:
    best: tuple[int, int] | None = None
    for year in range(period[0].year, period[1].year + 2):
        span = _bounds(atom, year)
        if span is not None and (best is None or _gap(span, period) < best[0]):
            best = (_gap(span, period), year)
    return best[1] if best else None


@dataclass(frozen=True)
class _Context:
    period: Period | None
    year_offsets: list[int]
    years: list[int]

    def year(self, atom: _Atom) -> int | None:
        if atom.year is not None:
            return atom.year
        if atom.rel is not None:
            return self.period[0].year + atom.rel if self.period else None
        if self.period is not None:
            return _year_in_period(atom, self.period)
        k = bisect_left(self.year_offsets, atom.start)
        return self.years[k - 1] if k else None


def _explicit(atom: _Atom) -> bool:
    return atom.year is not None or atom.rel is not None


def _range_years(ctx: _Context, a: _Atom, b: _Atom) -> tuple[int | None, int | None]:
    """Years of both ends: an unwritten end follows the written one, in order."""
    if a.kind == "today":
        return None, ctx.year(b)
    if _explicit(b) and not _explicit(a):
        yb = ctx.year(b)
        if yb is None:
            return None, None
        sa, sb = _bounds(a, yb), _bounds(b, yb)
        return (yb - 1 if sa and sb and sa[0] > sb[0] else yb), yb
    ya = ctx.year(a)
    if ya is None:
        return None, None
    if _explicit(b):
        return ya, ctx.year(b)
    sa, sb = _bounds(a, ya), _bounds(b, ya)
    return ya, (ya + 1 if sa and sb and sb[0] < sa[0] else ya)


def _span(atom: _Atom, year: int | None) -> tuple[date, date] | tuple[None, None]:
    return (_bounds(atom, year) or (None, None)) if year is not None else (None, None)


def _resolve(c: _Compound, ctx: _Context) -> tuple[Kind, date | None, date | None]:
    if c.last is not None:
        ya, yb = _range_years(ctx, c.first, c.last)
        lo = _span(c.first, ya)[0] if c.first.kind != "today" else None
        return "range", lo, _span(c.last, yb)[1]
    if c.first.kind == "today":
        return "open", None, None
    lo, hi = _span(c.first, ctx.year(c.first))
    day = timedelta(days=1)
    if c.mode == "before_incl":
        return "before", None, hi
    if c.mode == "before_excl":
        return "before", None, lo - day if lo else None
    if c.mode == "from":
        return "open", lo, None
    if c.mode == "after":
        return "open", hi + day if hi else None, None
    return ("range" if c.mode == "range" else "point"), lo, hi


# --- open-ended wording --------------------------------------------------------------

_OPEN = re.compile(
    r"长期坚持|长期推进|长期执行|长期开展|长期落实|长期整改|立行立改|即知即改|即查即改|边学边改|边查边改"
    r"|持续推进|持续整改|持续开展|持续落实|持续抓好|常态化|常态长效|久久为功|逐步推进|常抓不懈"
    # A bare 长期/持续 is a deadline only when it stands alone, as in a 完成时限 cell;
    # in prose it describes ("长期以来", "持续时间").
    r"|(?<![\u4e00-\u9fff])(?:长期|持续)(?![\u4e00-\u9fff])"
)


def _open_phrases(text: str) -> Iterator[DateExpr]:
    for m in _OPEN.finditer(text):
        yield DateExpr(m.start(), m.end(), m.group(), "open", None, None)


# --- public --------------------------------------------------------------------------


def find_dates(text: str, period: Period | None = None) -> list[DateExpr]:
    """Date expressions in normalized `text`, sorted by start and not overlapping."""
    offsets, years = _written_years(text)
    ctx = _Context(period, offsets, years)
    found: list[DateExpr] = []
    for c in _compounds(text, _atoms(text)):
        kind, lo, hi = _resolve(c, ctx)
        found.append(DateExpr(c.start, c.end, text[c.start:c.end], kind, lo, hi))
    used = bytearray(len(text))
    for expr in found:
        _claim(used, expr.start, expr.end)
    found += [expr for expr in _open_phrases(text) if _claim(used, expr.start, expr.end)]
    return sorted(found, key=lambda e: e.start)


# --- durations -----------------------------------------------------------------------

_DURATION = re.compile(
    r"(?<![\d.第上下每月])(?P<n>\d{1,3}(?:\.\d+)?|[一二三四五六七八九十两]{1,3}|半)"
    r"(?P<unit>个?工作日|天|日(?=以内|之内|内)|个(?:多)?(?:星期|月)|星期|周(?!年|[一二三四五六日])"
    r"|年(?=以内|之内|内|时间|以上|左右))"
)
_UNIT_DAYS = {"工作日": 1, "天": 1, "日": 1, "星期": 7, "周": 7, "月": 30, "年": 365}


def _amount(s: str) -> float:
    if s == "半":
        return 0.5
    if s[0].isascii():
        return float(s)
    return float(cn_number(s))


def find_durations(text: str) -> list[tuple[int, int, float]]:
    """(start, end, days) of lengths of time: "6天", "半天", "3个月" (30 days a month),
    "5个工作日" (counted as days). The comparator ("不少于") is left to the caller."""
    out = []
    for m in _DURATION.finditer(text):
        unit = m["unit"].removeprefix("个").removeprefix("多")
        out.append((m.start(), m.end(), _amount(m["n"]) * _UNIT_DAYS[unit]))
    return out
