"""Run rules over an analysed draft and turn their hits into findings."""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from review.model import Finding, Unit, iter_paragraphs
from review.nlp.analysis import Analysis
from review.nlp.dates import cn_number, find_durations
from review.nlp.items import RECTIFY_FIELDS, field_of_header
from review.nlp.spans import Span, lines_of
from review.rules.schema import (
    CountCheck,
    DatesCheck,
    ForbidCheck,
    ItemFieldsCheck,
    PythonCheck,
    QuantityCheck,
    RequireCheck,
    Rule,
    SequenceCheck,
    SpecificityCheck,
    SubstanceCheck,
    TableColumnsCheck,
)
from review.score import dimension_of
from review.similarity import CopyReport


@dataclass
class Context:
    """Who sent the draft and what it is: decides which rules apply."""

    doc_type: str
    campaign: str
    unit: str = ""
    unit_category: str | None = None
    level: str | None = None
    roster: list[Unit] = field(default_factory=list)
    copies: CopyReport | None = None  # this draft's copied passages, when copy detection ran
    # Sentences shared across the batch (千人一面): key → number of units, and the batch's units.
    shared: dict[str, int] = field(default_factory=dict)
    batch_units: int = 0
    memo: dict = field(default_factory=dict)  # work checks of one draft share


@dataclass
class Hit:
    """A place a check fired, in normalized offsets; start == end means document-level."""

    start: int
    end: int
    values: dict[str, object] = field(default_factory=dict)
    source: dict | None = None  # where copied text came from (copy checks only)
    marks: tuple[tuple[int, int], ...] = ()  # stretches to highlight (normalized offsets)


# A custom check takes its thresholds as keyword-only parameters with defaults; a rule's
# `check.params` (and review.toml) may change them.
CustomCheck = Callable[..., list[Hit]]
CUSTOM_CHECKS: dict[str, CustomCheck] = {}

# Placeholders each check type can fill into a message.
MESSAGE_FIELDS: dict[type, set[str]] = {
    RequireCheck: {"terms", "missing"},
    ForbidCheck: {"match"},
    ItemFieldsCheck: {"n", "item", "value", "detail"},
    CountCheck: {"count", "min", "max"},
    TableColumnsCheck: {"missing"},
    DatesCheck: {"match", "previous", "first", "last", "days", "period_start", "period_end"},
    SequenceCheck: {"order", "expected"},
    SpecificityCheck: {"match", "n"},
    SubstanceCheck: {"section", "missing"},
    QuantityCheck: {"match", "count", "min"},
}


def register(name: str):
    def wrap(fn: CustomCheck) -> CustomCheck:
        CUSTOM_CHECKS[name] = fn
        return fn

    return wrap


def custom_params(name: str) -> dict[str, object]:
    """A custom check's thresholds and their defaults."""
    sig = inspect.signature(CUSTOM_CHECKS[name])
    return {n: p.default for n, p in sig.parameters.items() if p.kind is p.KEYWORD_ONLY}


def shorten(text: str, limit: int = 30) -> str:
    """Text cut for a comment that quotes it: long cells would bury the point."""
    return text if len(text) <= limit else text[:limit] + "……"


def message_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def applies(rule: Rule, ctx: Context) -> bool:
    a = rule.applies_to
    return (
        (not a.doc_types or ctx.doc_type in a.doc_types)
        and (not a.campaigns or ctx.campaign in a.campaigns)
        and (not a.unit_categories or ctx.unit_category in a.unit_categories)
        and (not a.levels or ctx.level in a.levels)
    )


def _regions(analysis: Analysis, scope: str, section: list[str] = ()) -> list[Span]:
    text = analysis.text
    if section:
        return [analysis.sections.text_of(s, text) for s in analysis.sections.find(section)]
    if scope == "title":
        return [analysis.title] if analysis.title else []
    if scope == "headings":
        return [Span(h.start, h.end, h.text) for h in analysis.headings]
    if scope == "tables":
        return table_cells(analysis)
    if scope == "items":
        return [Span(i.start, i.end, text[i.start:i.end]) for i in analysis.items]
    if scope == "body" and analysis.title:
        return [Span(analysis.title.end, len(text), text[analysis.title.end:])]
    return [Span(0, len(text), text)]


def table_cells(analysis: Analysis) -> list[Span]:
    """Every paragraph of every table cell, in normalized offsets (merged cells once)."""
    cells = (p for table in analysis.document.tables() for row in table.rows for c in row
             for p in iter_paragraphs(c.blocks))
    spans = {(analysis.norm_offset(p.start), analysis.norm_offset(p.end)) for p in cells}
    return [Span(s, e, analysis.text[s:e]) for s, e in sorted(spans)]


def _matches(check, region: Span):
    for term in (t for group in check.term_groups for t in group):
        for m in re.finditer(re.escape(term), region.text):
            yield region.start + m.start(), region.start + m.end()
    for pattern in check.patterns:
        for m in re.finditer(pattern, region.text):
            if m.end() > m.start():
                yield region.start + m.start(), region.start + m.end()


def _quoted(text: str, pos: int) -> bool:
    """Whether `pos` sits inside “…” or 《…》 on its line."""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("“") > before.count("”") or before.count("《") > before.count("》")


def _require(check: RequireCheck, analysis: Analysis) -> list[Hit]:
    regions = _regions(analysis, check.scope, check.section)
    if check.section and not regions:
        return []
    wanted = [(group[0], lambda r, g=group: any(t in r for t in g)) for group in check.term_groups]
    wanted += [(p, lambda r, p=p: re.search(p, r) is not None) for p in check.patterns]
    missing = [name for name, found in wanted if not any(found(r.text) for r in regions)]
    ok = not missing if check.mode == "all" else len(missing) < len(wanted)
    if ok:
        return []
    names = "、".join(group[0] for group in check.term_groups)
    return [Hit(0, 0, {"terms": names, "missing": "、".join(missing)})]


def _forbid(check: ForbidCheck, analysis: Analysis) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []
    for region in _regions(analysis, check.scope, check.section):
        for s, e in sorted(_matches(check, region), key=lambda m: (m[0], -m[1])):
            if any(s < te and ts < e for ts, te in taken):
                continue  # overlapping terms ("XX" inside "XX同志") are one finding
            if check.ignore_quoted and _quoted(analysis.text, s):
                continue
            taken.append((s, e))
            hits.append(Hit(s, e, {"match": analysis.text[s:e]}))
    return hits[: check.max_findings]


def _field_gap(check: ItemFieldsCheck, analysis: Analysis, text: str) -> str | None:
    """Why an item's field fails the check ("" for plainly missing), or None if it passes."""
    if not text or text in check.empty_values:
        return ""
    if check.field == "owner":
        owners = analysis.owners_in(text)
        if not any(o.kind != "vague" for o in owners):
            return f"（只写了“{text}”，没有具体的责任领导、责任人或责任单位）" if owners else ""
    if check.field == "deadline":
        dates = analysis.dates_in(text)
        if not any(d.kind != "open" for d in dates):
            return f"（只写了“{text}”，没有具体日期）" if dates else f"（“{text}”不是明确的日期）"
    if check.min_specificity is not None:
        if analysis.specificity_of(text).score < check.min_specificity:
            return f"（“{shorten(text)}”内容空泛，没有具体做法、数量或时间）"
    return None


def _item_fields(check: ItemFieldsCheck, analysis: Analysis) -> list[Hit]:
    table = item_table(analysis)
    if table is not None and check.field not in table[0]:
        return []  # the whole column is missing: one table_columns finding, not one per row
    hits: list[Hit] = []
    for n, item in enumerate(analysis.items, start=1):
        value = item.fields.get(check.field)
        text = (value.text if value else "").strip()
        detail = _field_gap(check, analysis, text)
        if detail is None:
            continue
        problem = item.fields.get("problem")
        anchor = problem if problem and problem.text.strip() else Span(item.start, item.end, "")
        short = anchor.text.strip().replace("\n", " ")
        short = shorten(short)
        number = item.fields.get("number")
        label = number.text.strip() if number and number.text.strip().isdigit() else n
        hits.append(Hit(anchor.start, anchor.end,
                        {"n": label, "item": short, "value": text, "detail": detail}))
    return hits


def _count(check: CountCheck, analysis: Analysis) -> list[Hit]:
    if check.what == "points":
        things = [p for p in analysis.points if p.kind == check.kind]
    else:
        things = getattr(analysis, check.what)
    if check.section:
        regions = [analysis.sections.text_of(s, analysis.text) for s in analysis.sections.find(check.section)]
        if not regions:
            return []  # the section is missing: a require check's business, not a count's
        things = [t for t in things if any(r.start <= t.start < r.end for r in regions)]
    count = len(things)
    low = check.min is not None and count < check.min
    high = check.max is not None and count > check.max
    if low or high:
        return [Hit(0, 0, {"count": count, "min": check.min, "max": check.max})]
    return []


_FIELD_NAMES = {"problem": "问题表现", "cause": "原因", "target": "整改目标", "measures": "整改措施",
                "owner": "责任领导/责任人", "deadline": "完成时限", "status": "整改状态"}


def item_table(analysis: Analysis):
    """(header cells' fields, the table) of the draft's table of items, or None: the first
    table with a 问题 column and at least one rectification column."""
    for table in analysis.document.tables():
        if len(table.rows) < 2:
            continue
        fields = {field_of_header(c.text) for c in table.rows[0]}
        if "problem" in fields and fields & set(RECTIFY_FIELDS):
            return fields, table
    return None


def _table_columns(check: TableColumnsCheck, analysis: Analysis) -> list[Hit]:
    found = item_table(analysis)
    if found is None:
        return []
    fields, table = found
    missing = [c for c in check.columns if c not in fields]
    if not missing:
        return []
    header = [p for c in table.rows[0] for p in iter_paragraphs(c.blocks)]
    start, end = analysis.norm_offset(header[0].start), analysis.norm_offset(header[-1].end)
    return [Hit(start, end, {"missing": "、".join(f"“{_FIELD_NAMES[c]}”" for c in missing)})]


def _sequence(check: SequenceCheck, analysis: Analysis) -> list[Hit]:
    firsts = []
    for words in check.parts:
        heading = next((h for h in analysis.headings if any(w in h.text for w in words)), None)
        if heading is not None:
            firsts.append((heading.start, words[0], heading))
    if [f[1] for f in firsts] == [f[1] for f in sorted(firsts)]:
        return []
    first_wrong = next(f for f, g in zip(firsts, sorted(firsts), strict=True) if f[1] != g[1])
    return [Hit(first_wrong[2].start, first_wrong[2].end, {
        "order": "→".join(f[1] for f in sorted(firsts)),
        "expected": "→".join(words[0] for words in check.parts),
    })]


def _substance(check: SubstanceCheck, analysis: Analysis) -> list[Hit]:
    text = analysis.text
    sections = analysis.sections.find(check.section)
    if sections:
        regions = [(analysis.sections.text_of(s, text), s.heading) for s in sections]
    else:
        regions = [(line, None) for line in lines_of(text)
                   if any(w in line.text for w in check.section)]
    hits = []
    for region, heading in regions:
        missing = [need for need in check.needs if not _says(need, region.text, analysis)]
        if missing:
            anchor = heading or region
            hits.append(Hit(anchor.start, anchor.end, {
                "section": shorten(anchor.text.strip(), 20),
                "missing": "、".join(_NEED_NAMES[n] for n in missing),
            }))
    return hits


def _quantity(check: QuantityCheck, analysis: Analysis) -> list[Hit]:
    units = "|".join(map(re.escape, check.units))
    number = re.compile(rf"(\d+|[一二两三四五六七八九十]{{1,3}})\s*(?:{units})")
    best: tuple[int, Span] | None = None
    mentioned: Span | None = None
    for sentence in analysis.sentences:
        if not any(t in sentence.text for t in check.terms):
            continue
        mentioned = mentioned or sentence
        for m in number.finditer(sentence.text):
            n = cn_number(m[1])
            if best is None or n > best[0]:
                best = (n, Span(sentence.start + m.start(), sentence.start + m.end(), m[0]))
    if best is None:
        if check.required and mentioned is not None:
            return [Hit(mentioned.start, mentioned.end, {"match": "未写明", "count": 0, "min": check.min})]
        return []
    n, span = best
    if n >= check.min:
        return []
    return [Hit(span.start, span.end, {"match": span.text, "count": n, "min": check.min})]


_NEED_NAMES = {"who": "由谁负责", "when": "什么时间、多长时间", "what": "具体做什么（数量、载体或具体活动）"}


def _says(need: str, text: str, analysis: Analysis) -> bool:
    if need == "who":
        return any(o.kind != "vague" for o in analysis.owners_in(text))
    if need == "when":
        return any(d.kind != "open" for d in analysis.dates_in(text)) or bool(find_durations(text))
    s = analysis.specificity_of(text)
    return s.numbers + s.names + s.actions > 0


def _dates(check: DatesCheck, analysis: Analysis) -> list[Hit]:
    regions = _regions(analysis, check.scope, check.section)
    dated = [d for d in analysis.dates if d.kind != "open" and (d.lo or d.hi)
             and any(r.start <= d.start < r.end for r in regions)]
    if not dated or analysis.period is None:
        return []
    start, end = analysis.period
    values = {"period_start": f"{start.year}年{start.month}月{start.day}日",
              "period_end": f"{end.year}年{end.month}月{end.day}日"}
    if check.mode == "inside_period":
        grace = timedelta(days=check.grace_days)
        return [Hit(d.start, d.end, {**values, "match": d.text}) for d in dated
                if (d.hi and d.hi > end + grace) or (d.lo and d.lo < start - grace)]
    if check.mode == "ordered":
        return _out_of_order(dated, regions, values)
    days = [x for d in dated for x in (d.lo, d.hi) if x]
    first, last = min(days), max(days)
    span = (last - first).days + 1
    if span >= check.min_days:
        return []
    return [Hit(0, 0, {**values, "first": f"{first.month}月{first.day}日",
                       "last": f"{last.month}月{last.day}日", "days": span})]


def _month(day) -> tuple[int, int]:
    return day.year, day.month


def _out_of_order(dated, regions: list[Span], values: dict) -> list[Hit]:
    hits, previous = [], None
    for region in regions:
        for line in lines_of(region.text):
            a, b = region.start + line.start, region.start + line.end
            first = next((d for d in dated if a <= d.start < b and d.lo), None)
            if first is None:
                continue
            # By month: "9月—12月" after "9月15日" is a node spanning the month, not a step back.
            if previous is not None and _month(first.lo) < _month(previous.lo):
                hits.append(Hit(first.start, first.end,
                                {**values, "match": first.text, "previous": previous.text}))
            else:
                previous = first
    return hits


def _specificity(check: SpecificityCheck, analysis: Analysis) -> list[Hit]:
    hits = []
    points = [p for p in analysis.points if p.kind == check.kind]
    for n, point in enumerate(points, start=1):
        span = point.fields[check.kind]
        if analysis.specificity_of(span.text).score < check.min_specificity:
            short = shorten(span.text)
            hits.append(Hit(span.start, span.end, {"match": short, "n": n}))
    return hits


_CHECKS = {
    RequireCheck: _require,
    ForbidCheck: _forbid,
    ItemFieldsCheck: _item_fields,
    CountCheck: _count,
    TableColumnsCheck: _table_columns,
    DatesCheck: _dates,
    SequenceCheck: _sequence,
    SpecificityCheck: _specificity,
    SubstanceCheck: _substance,
    QuantityCheck: _quantity,
}


def hits_of(rule: Rule, analysis: Analysis, ctx: Context) -> list[Hit]:
    check = rule.check
    if isinstance(check, PythonCheck):
        return CUSTOM_CHECKS[check.name](analysis, ctx, **check.params)
    return _CHECKS[type(check)](check, analysis)


def _document_anchor(analysis: Analysis) -> tuple[int, int]:
    """Raw span a document-level comment sits on: the title, else the first paragraph."""
    doc = analysis.document
    para = doc.title or next((p for p in doc.paragraphs() if p.text.strip()), None)
    return (para.start, para.end) if para else (0, 0)


def evaluate(rule: Rule, analysis: Analysis, ctx: Context) -> list[Finding]:
    findings = []
    text = analysis.text
    for hit in hits_of(rule, analysis, ctx):
        s, e = hit.start, hit.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            start, end = analysis.raw_span(s, e)
            quote = analysis.document.text[start:end]
        else:
            (start, end), quote = _document_anchor(analysis), ""
        values = {k: ("" if v is None else v) for k, v in hit.values.items()}
        findings.append(
            Finding(
                rule=rule.id,
                category=rule.category,
                dimension=dimension_of(rule, ctx.doc_type),
                severity=rule.severity,
                message=rule.message.format_map(values),
                quote=quote,
                start=start,
                end=end,
                weight=rule.weight,
                suggestion=rule.suggestion.format_map(values) if rule.suggestion else None,
                source=hit.source,
                marks=tuple(analysis.raw_span(a, b) for a, b in hit.marks),
            )
        )
    return findings


def run_rules(rules: list[Rule], analysis: Analysis, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if applies(rule, ctx):
            findings.extend(evaluate(rule, analysis, ctx))
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    return findings
