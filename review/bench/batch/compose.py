"""One draft's text, as a unit would write it, at a chosen length.

The skeleton is the doc-type corpus generator's document for the unit (its structure,
the campaign's measures, the unit's issues, sites, leaders and dates), a few words
swapped for synonyms. It is grown to the page count with problem-table rows, or with
paragraphs: now and then one of the sample drafts' (renamed; 千人一面 text), otherwise
new sentences strung from clauses of the doc-type corpus and the sample drafts.

Whole borrowed paragraphs make every draft a copy of every other draft of its type, and
the copy detection's cost grows with the pairs it must align; real drafts of a batch
share phrases and stock sentences, not most of their text. Clauses recombined keep the
vocabulary and the phrases and lose the long shared stretches. Before growing, copies
and faults may be planted; each is recorded with the text that shows it.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from review.bench.batch.blocks import Block, Para, Table
from review.bench.batch.corpus import doctype_make, sample_build, sample_sources
from review.bench.batch.layout import page_count
from review.bench.batch.units import BenchUnit
from review.bench.copies.edits import SYNONYMS
from review.data import data_path

TEMPLATE = "corpus/templates/县委主题教育实施方案.docx"
FANWEN = "corpus/fanwen/主题教育对照检查材料范文（通用版）.txt"
# Sample drafts whose paragraphs a draft of each type may borrow.
SAMPLES = {
    "implementation_plan": ("10", "11", "17", "19"),
    "study_plan": ("12",),
    "research_plan": ("16",),
    "problem_list": ("14", "18"),
    "rectification_plan": ("15",),
    "self_examination": ("13",),
}
_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^(?:（[一二三四五六七八九十]+）|\d+\.)")
_SIGNED_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SYNONYM = re.compile("|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True)))
SYNONYM_SHARE = 0.15
# Clauses of texts written for another campaign would plant wrong wording nobody recorded.
_OTHER_CAMPAIGN = re.compile("不忘初心|守初心|群众路线|照镜子|教育实践活动|2019年|2014年")
_CLAUSE_END = re.compile("[，；。：！？]")
_CN = "一二三四五六七八九十"
_NUMBERED = re.compile(rf"^(?:[{_CN}]+[、是]|（[{_CN}]+）|\d+[.、]|第[{_CN}]+)")
BORROWED_SHARE = 0.1  # grown paragraphs taken from a sample draft
RECOMBINED_SHARE = 0.2  # grown paragraphs strung from clauses; the rest the generator writes

PROBLEM_COLUMNS = ("问题表现", "具体问题", "存在问题", "问题描述", "问题", "整改任务")
DEADLINE_COLUMNS = ("完成时限", "整改时限", "完成时间", "时限")
PLACEHOLDERS = ("由XX同志具体负责。", "共梳理问题××个。", "于X月X日前报送。", "联系人：某某。")
WRONG_TERMS = ("牢牢把握“守初心、担使命，找差距、抓落实”的总要求。",
               "坚持把检视问题、整改落实贯穿始终。")
CAUSES = ("宗旨意识树得不牢", "服务意识不强", "制度执行不严", "统筹谋划不够", "学用结合不紧")


@dataclass(frozen=True)
class Copy:
    kind: str  # template | fanwen | peer
    source: str  # workspace-relative path of what was copied
    paragraphs: int
    text: str  # the first copied paragraph, as it stands in the draft


@dataclass(frozen=True)
class Fault:
    kind: str  # placeholder | wrong_campaign | missing_deadline
    text: str  # what the draft says (placeholder, wording) or the item left without a deadline


@dataclass
class Composed:
    blocks: list[Block]
    copies: list[Copy] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)


@dataclass(frozen=True)
class Peer:
    """An earlier draft of the batch another unit may copy from."""

    path: str
    unit: str
    paragraphs: tuple[str, ...]


def vary(text: str, rng: random.Random) -> str:
    return _SYNONYM.sub(lambda m: SYNONYMS[m.group()] if rng.random() < SYNONYM_SHARE else m.group(), text)


def _sample_paragraphs(stem_prefix: str) -> list[str]:
    build = sample_build()
    source = next(s for stem, s in sample_sources().items() if stem.startswith(stem_prefix + "_"))
    return [build.plain(b.text) for b in source.blocks
            if isinstance(b, build.Para) and b.kind == "body" and len(b.text) > 30]


def _foreign_names() -> re.Pattern:
    """The units the sample drafts and the doc-type corpus were written for."""
    names = {n for row in sample_build().UNITS for n in [row[0], *row[1].split(";")]} | {"石桥乡"}
    names |= {n for u in doctype_make().UNITS for n in (u.name, u.org)}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def _clauses(doc_type: str, samples: list[str]) -> list[str]:
    """Clauses (6–40 characters, no numbering) of the doc-type corpus and sample drafts."""
    texts = list(samples)
    with open(data_path("corpus", "doctypes", f"{doc_type}.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if not _OTHER_CAMPAIGN.search(doc["title"] + doc["text"]):
                texts += [t for t in doc["text"].split("\n") if "\t" not in t]
    found = {c.strip() for t in texts for c in _CLAUSE_END.split(t)}
    return sorted(c for c in found if 6 <= len(c) <= 40 and not _NUMBERED.match(c))


def to_blocks(title: str, lines: Sequence[str], unit: BenchUnit) -> list[Block]:
    """The generator's lines as blocks: tab-separated runs are tables, short numbered lines
    headings, the closing organisation and date right-aligned."""
    blocks: list[Block] = [Para("title", title)] if title else []
    rows: list[tuple[str, ...]] = []
    # "{date}前" filled with a date that already ends in 前 (the generator's own fix-up)
    for line in [*(li.replace("前前", "前") for li in lines), ""]:
        if "\t" in line:
            rows.append(tuple(line.split("\t")))
            continue
        if rows:
            widths = {len(r) for r in rows}
            if len(rows) > 1 and len(widths) == 1:
                blocks.append(Table(tuple(rows)))
            else:
                blocks += [Para("body", "　　".join(r)) for r in rows]
            rows = []
        if not line:
            continue
        short = len(line) <= 30 and "。" not in line[:-1]
        if short and _H1.match(line):
            blocks.append(Para("h1", line))
        elif short and _H2.match(line):
            blocks.append(Para("h2", line))
        elif line == unit.facts.org or _SIGNED_DATE.match(line):
            blocks.append(Para("right", line))
        else:
            blocks.append(Para("body", line))
    return blocks


def _body_positions(blocks: list[Block]) -> list[int]:
    return [i for i, b in enumerate(blocks) if isinstance(b, Para) and b.kind == "body"]


class Composer:
    """Writes drafts; holds what every draft borrows from (built once per process)."""

    def __init__(self) -> None:
        self.make = doctype_make()
        self.campaign = self.make.CAMPAIGNS[0]  # 2023
        self.names = _foreign_names()
        self.samples = {t: [p for prefix in prefixes for p in _sample_paragraphs(prefix)]
                        for t, prefixes in SAMPLES.items()}
        self.clauses = {t: _clauses(t, self.samples[t]) for t in SAMPLES}
        self.template = _sample_paragraphs("02")
        self.fanwen = _sample_paragraphs("03")

    def compose(self, doc_type: str, unit: BenchUnit, pages: int, rng: random.Random,
                peers: Sequence[Peer] = ()) -> Composed:
        ctx = self.make.Ctx(rng, unit.facts, self.campaign)
        title, lines = self.make.GENERATORS[doc_type](ctx)
        draft = Composed([Para(b.kind, vary(b.text, rng)) if isinstance(b, Para) and b.kind == "body" else b
                          for b in to_blocks(title, lines, unit)])
        self._plant_copies(draft, doc_type, unit, rng, peers)
        self._plant_wording(draft, doc_type, rng)
        self._grow(draft, doc_type, unit, ctx, pages, rng)
        if doc_type in ("problem_list", "rectification_plan") and rng.random() < 0.4:
            self._drop_deadline(draft, rng)
        return draft

    # ------------------------------------------------------------------ copies and faults

    def _insert(self, draft: Composed, paragraphs: list[str], rng: random.Random) -> None:
        spots = _body_positions(draft.blocks) or [len(draft.blocks) - 1]
        at = rng.choice(spots[: max(1, len(spots) // 2 + 1)]) + 1
        draft.blocks[at:at] = [Para("body", p) for p in paragraphs]

    def _plant_copies(self, draft: Composed, doc_type: str, unit: BenchUnit, rng: random.Random,
                      peers: Sequence[Peer]) -> None:
        sources = []
        if doc_type in ("implementation_plan", "study_plan") and rng.random() < (
                0.15 if doc_type == "implementation_plan" else 0.05):
            sources.append(("template", TEMPLATE, self.template))
        if doc_type == "self_examination" and rng.random() < 0.15:
            sources.append(("fanwen", FANWEN, self.fanwen))
        others = [p for p in peers if p.unit != unit.name and len(p.paragraphs) >= 2]
        if others and rng.random() < 0.06:
            peer = rng.choice(others)
            sources.append(("peer", peer.path, list(peer.paragraphs)))
        for kind, source, paragraphs in sources:
            k = min(len(paragraphs), rng.randint(2, 4))
            start = rng.randrange(len(paragraphs) - k + 1)
            copied = paragraphs[start:start + k]
            self._insert(draft, copied, rng)
            draft.copies.append(Copy(kind, source, k, copied[0]))

    def _plant_wording(self, draft: Composed, doc_type: str, rng: random.Random) -> None:
        planted = []
        if rng.random() < 0.10:
            planted.append(("placeholder", rng.choice(PLACEHOLDERS)))
        if doc_type != "problem_list" and rng.random() < 0.08:
            planted.append(("wrong_campaign", rng.choice(WRONG_TERMS)))
        for kind, sentence in planted:
            spots = _body_positions(draft.blocks)
            if not spots:
                continue
            i = rng.choice(spots)
            body = draft.blocks[i].text
            draft.blocks[i] = Para("body", body + ("" if body.endswith(("。", "；", "：")) else "。")
                                   + sentence)
            draft.faults.append(Fault(kind, sentence))

    def _drop_deadline(self, draft: Composed, rng: random.Random) -> None:
        """One item left without its 完成时限: a blank table cell, or its label line gone."""
        for i, b in enumerate(draft.blocks):
            if isinstance(b, Table):
                header = b.rows[0]
                col = next((header.index(c) for c in DEADLINE_COLUMNS if c in header), None)
                item = next((header.index(c) for c in PROBLEM_COLUMNS if c in header), None)
                if col is None or item is None or len(b.rows) < 2:
                    return
                r = rng.randrange(1, len(b.rows))
                rows = list(b.rows)
                rows[r] = rows[r][:col] + ("",) + rows[r][col + 1:]
                draft.blocks[i] = Table(tuple(rows))
                draft.faults.append(Fault("missing_deadline", rows[r][item]))
                return
        labelled = [i for i, b in enumerate(draft.blocks)
                    if isinstance(b, Para) and b.text.startswith("完成时限：")]
        if labelled:
            i = rng.choice(labelled)
            problem = next((b.text for b in reversed(draft.blocks[:i])
                            if isinstance(b, Para) and b.text.startswith("问题")), "")
            del draft.blocks[i]
            draft.faults.append(Fault("missing_deadline", problem))

    # ------------------------------------------------------------------ length

    def _grow(self, draft: Composed, doc_type: str, unit: BenchUnit, ctx, pages: int,
              rng: random.Random) -> None:
        table = next((i for i, b in enumerate(draft.blocks) if isinstance(b, Table)
                      and any(c in b.rows[0] for c in PROBLEM_COLUMNS)), None)
        if doc_type in ("problem_list", "rectification_plan") and table is not None:
            self._grow_rows(draft, table, ctx, pages)
        else:
            self._grow_paragraphs(draft, doc_type, unit, ctx, pages, rng)

    def _grow_rows(self, draft: Composed, at: int, ctx, pages: int) -> None:
        rows = list(draft.blocks[at].rows)
        while len(rows) <= 60:
            # filled a batch at a time: filling is the generator's slow part
            for problem in self.make._problems(ctx, 6):
                row = self._problem_row(rows[0], len(rows), problem, ctx)
                trial = draft.blocks[:at] + [Table(tuple(rows + [row]))] + draft.blocks[at + 1:]
                if page_count(trial) > pages:
                    return
                rows.append(row)
                draft.blocks = trial

    def _problem_row(self, header: tuple[str, ...], n: int, problem: tuple[str, str, str, str],
                     ctx) -> tuple[str, ...]:
        aspect, problem, target, measure = problem
        date = ctx.date(n % 4 + 1, "end")
        cells = {"序号": str(n), "编号": f"{ctx.u.name[:2]}-{n:02d}", "问题类别": aspect, "方面": aspect,
                 "整改目标": target, "整改措施": measure, "措施": measure, "原因分析": ctx.pick(CAUSES),
                 "责任领导": ctx.leader(n), "牵头领导": ctx.leader(n), "责任人": ctx.leader(n),
                 "责任单位": ctx.pick(ctx.u.sites), "责任部门": ctx.pick(ctx.u.sites),
                 "整改状态": ctx.pick(self.make.STATUS)}
        cells |= dict.fromkeys(PROBLEM_COLUMNS, problem) | dict.fromkeys(DEADLINE_COLUMNS, date)
        return tuple(cells.get(h, "") for h in header)

    def _generated(self, doc_type: str, unit: BenchUnit, ctx, seen: set[str]):
        """Body paragraphs the generator writes for this unit that the draft does not have yet."""
        for _ in range(50):
            _, lines = self.make.GENERATORS[doc_type](ctx)
            for b in to_blocks("", lines, unit):
                if isinstance(b, Para) and b.kind == "body" and len(b.text) > 30 and b.text not in seen:
                    seen.add(b.text)
                    yield b.text

    def _recombined(self, doc_type: str, rng: random.Random) -> str:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            clauses = [rng.choice(self.clauses[doc_type]) for _ in range(rng.randint(2, 4))]
            sentences.append("，".join(clauses) + "。")
        return "".join(sentences)

    def _grow_paragraphs(self, draft: Composed, doc_type: str, unit: BenchUnit, ctx, pages: int,
                         rng: random.Random) -> None:
        present = {b.text for b in draft.blocks if isinstance(b, Para)}
        generated = self._generated(doc_type, unit, ctx, present)
        misses = 0
        while misses < 3:  # a shorter paragraph may still fit on the last page
            roll = rng.random()
            if roll < BORROWED_SHARE:
                text = rng.choice(self.samples[doc_type])
            elif roll < BORROWED_SHARE + RECOMBINED_SHARE:
                text = self._recombined(doc_type, rng)
            else:
                text = next(generated, None) or self._recombined(doc_type, rng)
            spots = _body_positions(draft.blocks)
            at = (rng.choice(spots) if spots else len(draft.blocks) - 1) + 1
            paragraph = Para("body", self.names.sub(unit.name, vary(text, rng)))
            trial = draft.blocks[:at] + [paragraph] + draft.blocks[at:]
            if page_count(trial) <= pages:
                draft.blocks = trial
                misses = 0
            else:
                misses += 1
