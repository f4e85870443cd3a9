"""Checks that need code, registered by name for rules of `check: {type: python}`."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from review.boilerplate.detect import boilerplate_passages, ratio
from review.model import Unit
from review.nlp.analysis import Analysis
from review.nlp.dates import cn_number, find_durations
from review.nlp.lexicon import alternation, per_object
from review.rules.engine import Context, Hit, register, shorten, table_cells
from review.rules.schema import Rule
from review.similarity import foreign_names
from review.similarity.ratios import content_chars
from review.workspace.roster import roster_names, unit_key


@register("foreign_name")
def foreign_name(analysis: Analysis, ctx: Context) -> list[Hit]:
    """Another unit's name in the draft: any roster unit named inside a passage copied from
    elsewhere, and anywhere a roster unit of the same category — a village plan that names
    another village was most likely copied from it. Units of other categories outside copied
    text are left alone: a town's plan rightly names the county office that leads a task."""
    roster = _roster_index(ctx.roster)
    own = {ctx.unit, *roster.aliases.get(ctx.unit, ())}
    own_keys = {unit_key(n) for n in own}

    def foreign(name: str) -> bool:
        return len(name) >= 2 and not any(name in o for o in own) and unit_key(name) not in own_keys

    text = analysis.text
    hits: dict[int, Hit] = {}
    if ctx.copies is not None:
        # The unit's own names are among the roster's: foreign_names leaves them out.
        for f in foreign_names(text, ctx.copies.passages, roster.every, own):
            if foreign(f.name):
                hits.setdefault(f.start, Hit(f.start, f.end, {"match": f.name}))
    units = roster.by_category.get(ctx.unit_category, ()) if ctx.unit_category else ()
    present = roster.named[ctx.unit_category].present(text) if units else set()
    for unit, names in units:
        if unit == ctx.unit or present.isdisjoint(names):
            continue
        for name in names:
            start = text.find(name)
            if start >= 0 and foreign(name):
                hits.setdefault(start, Hit(start, start + len(name), {"match": name}))
                break
    return sorted(hits.values(), key=lambda h: h.start)


class _Present:
    """Which of a category's names a text holds, in one pass of one pattern. Looking for
    each unit's names in turn took 8.5 ms a village plan among 2,561 villages (10,000
    bench drafts), against 0.2 ms. Names shorter than two characters are never reported,
    so they are left out."""

    def __init__(self, names: Iterable[str]):
        names = {n for n in names if len(n) >= 2}
        # at each position the longest name starting there (alternation), and with it the
        # shorter names it begins with: every name found at that position
        self._pattern = re.compile(f"(?=({alternation(names)}))") if names else None
        self._prefixes = {n: [n[:k] for k in range(2, len(n)) if n[:k] in names] for n in names}

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        for m in self._pattern.finditer(text) if self._pattern else ():
            if m[1] not in found:
                found.add(m[1])
                found.update(self._prefixes[m[1]])
        return found


@dataclass(frozen=True)
class _RosterNames:
    every: frozenset[str]  # every unit's name and aliases
    aliases: dict[str, tuple[str, ...]]  # unit name -> its aliases, of all its entries
    by_category: dict[str, list[tuple[str, tuple[str, ...]]]]  # in roster order: unit, names
    named: dict[str, _Present]  # per category: which of its units' names a text holds


def _index_roster(roster: list[Unit]) -> _RosterNames:
    aliases: dict[str, tuple[str, ...]] = {}
    by_category: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for unit in roster:
        aliases[unit.name] = aliases.get(unit.name, ()) + tuple(unit.aliases)
        # a dict, not a set: a set's order varies by process, and the first name found counts
        names = tuple(dict.fromkeys([unit.name, *unit.aliases]))
        by_category.setdefault(unit.category, []).append((unit.name, names))
    every = frozenset(n for n in roster_names(roster) if n)
    named = {category: _Present(n for _, names in units for n in names)
             for category, units in by_category.items()}
    return _RosterNames(every, aliases, by_category, named)


# Once per roster, not per draft: walking a county's 7,478 units for every draft took a
# quarter of a review's time at 10,000 drafts.
_roster_index = per_object(_index_roster)


@register("local_features")
def local_features(analysis: Analysis, ctx: Context, *, min_sentences: int = 5,
                   min_specificity: float = 0.5) -> list[Hit]:
    """自选动作: a plan that shows its own unit has sentences of its own — not copied from a
    template, a peer or last year — that name its places, work, numbers or dates. Fewer
    than `min_sentences` such concrete sentences and the plan is the upper level's text
    with the name changed."""
    copied = [(p.start, p.end) for p in ctx.copies.passages] if ctx.copies else []
    title_end = analysis.title.end if analysis.title else 0
    own = [s for s in analysis.sentences
           if s.start >= title_end and not any(a <= s.start and s.end <= b for a, b in copied)
           and analysis.specificity_of(s.text).score >= min_specificity]
    if len(own) >= min_sentences:
        return []
    return [Hit(0, 0, {"count": len(own), "min": min_sentences})]


_STUDY_WORDS = ("读书班", "集中学习", "学习研讨", "集中研讨", "专题研讨")
_SESSIONS = re.compile(r"(?:分|共|举办|开展)?(\d+|[一二两三四五六七八九十]{1,2})\s*(?:期|次|轮)")
_MAX_SESSION_DAYS = 10  # a dated range longer than this is a period of work, not a class


@register("study_days")
def study_days(analysis: Analysis, ctx: Context, *, min_days: int = 6,
               min_per_month: int = 2) -> list[Hit]:
    """科级 leadership: 集中学习研讨 of at least `min_days` days over the campaign and
    `min_per_month` a month. The days of a sentence about 读书班/集中学习 are what it says
    ("不少于6天", "分4期、每期2天" = 8, "每月2天" over the months it names or the campaign's)
    or the dated sessions it lists ("9月21日—22日" = 2); the plan's figure is its best
    sentence's, since the measures and the schedule usually describe the same sessions."""
    best: tuple[float, object] | None = None
    short_month = None
    for sentence in analysis.sentences:
        text = sentence.text
        if not any(w in text for w in _STUDY_WORDS):
            continue
        said = 0.0
        for start, _end, days in find_durations(text):
            before = re.split(r"[，,；;：:]", text[:start])[-1]  # the clause up to the number
            if "每月" in before:
                if days < min_per_month and short_month is None:
                    short_month = (sentence, days)
                days *= _months(analysis, sentence)
            elif "每期" in before or "每次" in before:
                sessions = _SESSIONS.search(text)
                days *= cn_number(sessions[1]) if sessions else 1
            said += days
        dated = sum((d.hi - d.lo).days + 1 for d in analysis.dates_in(text)
                    if d.lo and d.hi and d.lo < d.hi and (d.hi - d.lo).days < _MAX_SESSION_DAYS)
        days = max(said, dated)
        if best is None or days > best[0]:
            best = (days, sentence)
    if best is None:
        return []  # no study arranged at all: the required-measures rule says so
    hits = []
    days, sentence = best
    if days < min_days:
        hits.append(Hit(sentence.start, sentence.end, {
            "detail": f"集中学习研讨合计约 {days:g} 天，少于科级领导班子不少于 {min_days} 天的要求"}))
    if short_month is not None:
        s, n = short_month
        hits.append(Hit(s.start, s.end, {
            "detail": f"每月集中学习研讨只安排 {n:g} 天，少于每月不少于 {min_per_month} 天的要求"}))
    return hits


def _months(analysis: Analysis, sentence) -> int:
    """Months a "每月" sentence covers: the month range it names, else the campaign's."""
    ranges = [d for d in analysis.dates_in(sentence.text) if d.lo and d.hi and d.lo < d.hi]
    if ranges:
        lo, hi = min(d.lo for d in ranges), max(d.hi for d in ranges)
    elif analysis.period:
        lo, hi = analysis.period
    else:
        return 1
    return (hi.year - lo.year) * 12 + hi.month - lo.month + 1


def boilerplate_of(analysis: Analysis, ctx: Context, min_probability: float = 0.9,
                   max_specificity: float = 0.5, min_unit_share: float = 0.3, min_units: int = 3):
    """The draft's boilerplate passages, computed once per draft for the rules that use them.
    Left out: the title and headings (a heading is a slogan by custom), table cells (items
    have the 整改四有 rules) and copied text (it has its own comment). A sentence the analysis
    layer finds concrete — a date, a number, a name — is boilerplate only if many units
    wrote it, whatever the model says."""
    key = ("boilerplate", min_probability, max_specificity, min_unit_share, min_units)
    if key not in ctx.memo:
        taken = [(h.start, h.end) for h in analysis.headings]
        taken += [(c.start, c.end) for c in table_cells(analysis)]
        taken += [(analysis.title.start, analysis.title.end)] if analysis.title else []
        taken += [(p.start, p.end) for p in ctx.copies.passages] if ctx.copies else []
        sentences = [(s.start, s.end) for s in analysis.sentences
                     if not any(a <= s.start < b or s.start <= a < s.end for a, b in taken)]
        concrete = {s for s, e in sentences
                    if analysis.specificity_of(analysis.text[s:e]).score >= max_specificity}
        needed = _needed(ctx.batch_units, min_unit_share, min_units)
        common = {k for k, n in ctx.shared.items() if n >= needed}
        ctx.memo[key] = boilerplate_passages(analysis.text, sentences, common=common,
                                             masks=analysis.unit_names,
                                             min_probability=min_probability, concrete=concrete)
    return ctx.memo[key]


def _needed(batch_units: int, min_unit_share: float, min_units: int) -> float:
    return max(min_units, min_unit_share * batch_units)


def common_thresholds(rules: Iterable[Rule], batch_units: int) -> tuple[float, ...]:
    """How many units must share a sentence for it to be 千人一面, under each threshold the
    configured rules use (boilerplate_of's defaults included: the density rules use them).
    A draft's review depends on the rest of the batch's sentences only through these."""
    defaults = _boilerplate_defaults()
    settings = [defaults] + [{**defaults, **r.check.params} for r in rules
                             if r.check.type == "python" and r.check.name == "boilerplate"]
    return tuple(sorted({_needed(batch_units, s["min_unit_share"], s["min_units"]) for s in settings}))


@lru_cache(maxsize=1)  # asked once for each draft of a batch; a signature takes 40 µs
def _boilerplate_defaults() -> dict:
    return {n: p.default for n, p in inspect.signature(boilerplate_of).parameters.items()
            if p.default is not p.empty}


@register("boilerplate")
def boilerplate(analysis: Analysis, ctx: Context, *, min_probability: float = 0.9,
                max_specificity: float = 0.5, min_unit_share: float = 0.3, min_units: int = 3) -> list[Hit]:
    """套话空话: sentences with a specificity below `max_specificity` that the model scores at
    or above `min_probability`, or that at least `min_unit_share` of the batch's units (and
    `min_units`) wrote — one hit per run of them in a paragraph. The default probability is
    stricter than the threshold the model was tuned to on its generated corpus (0.68): real
    drafts are more varied, and a reviewer trusts a tool that flags less but rightly."""
    hits = []
    for p in boilerplate_of(analysis, ctx, min_probability, max_specificity, min_unit_share, min_units):
        text = analysis.text[p.start:p.end]
        why = ("多个单位材料中都有这句话（千人一面）" if p.common
               else f"{p.sentences} 句" if p.sentences > 1 else "这句话")
        hits.append(Hit(p.start, p.end, {"match": shorten(text), "why": why,
                                         "probability": f"{p.probability:.0%}"}))
    return hits


@register("boilerplate_density")
def boilerplate_density(analysis: Analysis, ctx: Context, *, min_ratio: float = 0.3) -> list[Hit]:
    """A draft whose boilerplate passages (as style.boilerplate's defaults find them) hold
    at least `min_ratio` of its characters."""
    share = ratio(analysis.text, boilerplate_of(analysis, ctx))
    return [Hit(0, 0, {"ratio": f"{share:.0%}"})] if share >= min_ratio else []


# Which reference sets each copy category covers.
COPY_SETS = {
    "copied_template": ("template", "fanwen"),
    "copied_peer": ("peer", "history"),
    "copied_prior": ("prior",),
}
# A passage shorter than this (content characters) is left to the ratios, not commented on:
# unit-name signature lines and stock titles ("领导班子主题教育检视问题清单") match everywhere.
MIN_PASSAGE_CHARS = 20
# Below this similarity a passage shares a pattern ("X书记于N月讲1次专题党课"), not text:
# it counts in the copy ratio but gets no comment.
MIN_PASSAGE_SIMILARITY = 0.8
_SET_NAMES = {"template": "上级文件", "fanwen": "范文", "peer": "本批材料", "history": "往轮材料",
              "prior": "往年材料"}


def _copies(sets: tuple[str, ...]):
    def check(analysis: Analysis, ctx: Context) -> list[Hit]:
        if ctx.copies is None:
            return []
        hits = []
        title = analysis.title
        for p in ctx.copies.passages:
            if (p.source.set not in sets or p.similarity < MIN_PASSAGE_SIMILARITY
                    or content_chars(analysis.text[p.start:p.end]) < MIN_PASSAGE_CHARS):
                continue
            if title is not None and title.start <= p.start and p.end <= title.end:
                continue  # titles follow the upper level's on purpose
            name = p.source.doc.rsplit("/", 1)[-1]
            # "河口镇的河口镇实施方案.docx" says the unit twice: only a name without it gets it
            who = f"{p.source.unit}的" if p.source.unit and p.source.unit not in name else ""
            quote = shorten(p.source_text, 60)
            hits.append(Hit(p.start, p.end, {
                "source": f"{_SET_NAMES[p.source.set]}《{who}{name}》",
                "similarity": f"{p.similarity:.0%}",
                "source_text": quote,
            }, source={"path": p.source.doc, "unit": p.source.unit, "set": p.source.set,
                       "similarity": round(p.similarity, 3), "text": p.source_text},
                marks=p.tiles))
        return hits

    return check


for _name, _sets in COPY_SETS.items():
    register(_name)(_copies(_sets))
