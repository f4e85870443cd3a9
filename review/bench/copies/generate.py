"""Drafts with planted copies at known offsets, built from the sample sources.

References: the sample workspace's template (02), prior plan (01), 范文 (03) and three
other units' drafts (12, 15, 16) as history, plus one paragraph of standard campaign
wording and a cited central quotation appended to the template. Filler: sentences of the
other sample drafts that share no 10 masked characters with any reference. Each draft
gets 3-5 planted copies — verbatim, light edits (names swapped, numbers changed, a word
inserted or dropped), heavy edits (>= 30 % of words changed) or reordered sentences —
and 2 standard quotations that must not be flagged.

    python -m review.bench.copies.generate --drafts 500 --out /tmp/copies.json
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass

from review.bench.copies import edits
from review.bench.copies.progress import Track, untracked
from review.bench.copies.sources import SourceDoc, load_sources
from review.campaigns import campaign
from review.nlp.sentences import split_sentences
from review.similarity import Draft, Reference, build_index, exclusions, standard_phrases
from review.similarity.index import prepare
from review.similarity.matchtext import match_text
from review.similarity.passages import align_document, draft_shield

REFERENCE_SETS = {"01": "prior", "02": "template", "03": "fanwen", "12": "history", "15": "history",
                  "16": "history"}
# Names masked for every text: the sample roster, the county and the unlisted township.
ROSTER = ("清河县", "河口镇", "河口镇党委", "中共河口镇委员会", "城关街道", "城关街道党工委", "柳溪村",
          "柳溪村党支部", "东风社区", "桃园村", "县委办公室", "县教育局", "清河县教育局", "星火科技有限公司",
          "星火科技", "县城投集团", "城投集团", "清河县第一中学", "县一中", "县人民医院", "石桥乡")
STANDARD_PARAGRAPH = (
    "开展学习贯彻习近平新时代中国特色社会主义思想主题教育，要牢牢把握“学思想、强党性、重实践、建新功”的总要求，"
    "锚定“凝心铸魂筑牢根本、锤炼品格强化忠诚、实干担当促进发展、践行宗旨为民造福”的目标。"
    "习近平总书记强调，“以学铸魂、以学增智、以学正风、以学促干”。"
    "认真学习《习近平著作选读》《习近平新时代中国特色社会主义思想专题摘编》。"
)
QUOTATIONS = (
    "本单位全体党员要牢牢把握“学思想、强党性、重实践、建新功”的总要求。",
    "我们要紧扣“凝心铸魂筑牢根本、锤炼品格强化忠诚、实干担当促进发展、践行宗旨为民造福”的目标。",
    "正如习近平总书记强调，“以学铸魂、以学增智、以学正风、以学促干”。",
    "组织党员逐篇学习《习近平新时代中国特色社会主义思想专题摘编》。",
    "扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。",
)
STANDARD = standard_phrases(campaign("2023"))
KINDS = ("verbatim", "light", "heavy", "reorder")


@dataclass(frozen=True)
class Case:
    draft: str
    start: int
    end: int
    source: str
    kind: str
    changed: float = 0.0  # share of words changed (heavy edits)


@dataclass(frozen=True)
class Benchmark:
    references: tuple[Reference, ...]
    drafts: tuple[Draft, ...]
    cases: tuple[Case, ...]
    quotations: tuple[Case, ...]  # kind "quotation"; source ""


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def references(docs: dict[str, SourceDoc]) -> list[Reference]:
    out = []
    for d in docs.values():
        prefix = d.name[:2]
        if prefix in REFERENCE_SETS:
            text = d.text + ("\n" + STANDARD_PARAGRAPH if prefix == "02" else "")
            sents = tuple((s.start, s.end) for s in split_sentences(text))
            out.append(Reference(d.name, text, sents, set=REFERENCE_SETS[prefix], doc=d.name))
    return out


def _grams(text: str, n: int = 10) -> set[str]:
    m = match_text(text, ROSTER).masked
    return {m[i:i + n] for i in range(len(m) - n + 1)}


def _borrows(draft: Draft, index) -> bool:
    """Whether the engine's aligner, run against every reference (no LSH), reports a passage."""
    dp = prepare(draft.text, draft.sentences, index.masks)
    regions = exclusions.regions(draft.text, draft.sentences, STANDARD, index.masks)
    guard = draft_shield(draft, [(q.start, q.end) for q in regions], index.settings)
    found = [p for r in range(len(index.refs)) for p in align_document(draft, dp, index, r, guard)]
    return bool(exclusions.apply(draft.text, found, regions, index.settings.min_match_chars,
                                     draft.sentences)[0])


def filler_pool(docs: dict[str, SourceDoc], refs: list[Reference], track: Track = untracked) -> list[str]:
    """Sentences of the other drafts that share nothing reportable with the references:
    no 10 masked characters in a row, and no passage the engine itself would report (the
    sample drafts really do borrow from the template; those borrowings would be unplanted
    copies, not false detections)."""
    ref_grams = set().union(*(_grams(r.text) for r in refs))
    index = build_index(refs, masks=ROSTER)
    candidates = [s for d in docs.values() if d.name[:2] not in REFERENCE_SETS for s in _sentences(d.text)]
    pool = []
    for s in track(candidates, "筛选填充句", len(candidates)):
        s = edits._closed(s.lstrip("，、；：")) if s.lstrip("，、；：") else ""
        if len(match_text(s).masked) < 8 or _grams(s) & ref_grams:
            continue
        if not _borrows(Draft("filler", s, ((0, len(s)),)), index):
            pool.append(s)
    return sorted(set(pool))


def _copy_units(refs: list[Reference]) -> list[tuple[str, list[str]]]:
    """Reference paragraphs worth copying, as sentence lists."""
    out = []
    for r in refs:
        for para in r.text.split("\n"):
            if para == STANDARD_PARAGRAPH:
                continue
            sents = [edits._closed(s) for s in _sentences(para)]
            # the planted text must be copying: enough of it outside titles and standard wording
            quoted = exclusions.regions(para, [(0, len(para))], STANDARD)
            own = sum(1 for i, ch in enumerate(para)
                      if ch.isalnum() and not any(q.start <= i < q.end for q in quoted))
            if own >= 25 and len(match_text(para).masked) >= 25:
                out.append((r.id, sents))
    return out


def _plant(kind: str, sents: list[str], rng: random.Random) -> tuple[list[str], float]:
    if len(sents) > 4:
        k = rng.randint(2, 4)
        i = rng.randrange(len(sents) - k + 1)
        sents = sents[i:i + k]
    if kind == "verbatim":
        return sents, 0.0
    if kind == "light":
        return edits.light(sents, rng), 0.0
    if kind == "heavy":
        return edits.heavy(sents, rng)
    return edits.reorder(sents, rng), 0.0


def generate(n_drafts: int = 500, seed: int = 7, track: Track = untracked) -> Benchmark:
    rng = random.Random(seed)
    docs = load_sources()
    refs = references(docs)
    pool = filler_pool(docs, refs, track)
    units = _copy_units(refs)
    drafts, cases, quotes = [], [], []
    for n in track(range(n_drafts), "生成草稿", n_drafts):
        did = f"draft{n:04d}"
        # paragraphs: list of (sentences, label); label is None, ("case", ...) or "quote"
        paras: list[list[tuple[str, object]]] = [
            [(s, None) for s in rng.sample(pool, rng.randint(1, 4))] for _ in range(rng.randint(8, 14))
        ]
        for _ in range(rng.randint(3, 5)):
            kind = rng.choice(KINDS)
            source, sents = rng.choice(units)
            planted, changed = _plant(kind, sents, rng)
            piece = ("".join(planted), ("case", source, kind, changed))
            if rng.random() < 0.6:
                paras.insert(rng.randrange(len(paras) + 1), [piece])
            else:
                para = rng.choice(paras)
                para.insert(rng.randrange(len(para) + 1), piece)
        for q in rng.sample(QUOTATIONS, 2):
            para = rng.choice(paras)
            para.insert(rng.randrange(len(para) + 1), (q, "quote"))
        text, pos = [], 0
        for para in paras:
            line = ""
            for piece, label in para:
                start = pos + len(line)
                line += piece
                if label == "quote":
                    quotes.append(Case(did, start, start + len(piece), "", "quotation"))
                elif label:
                    _, source, kind, changed = label
                    cases.append(Case(did, start, start + len(piece), source, kind, round(changed, 3)))
            text.append(line)
            pos += len(line) + 1
        full = "\n".join(text)
        sents = tuple((s.start, s.end) for s in split_sentences(full))
        drafts.append(Draft(did, full, sents, unit=f"单位{n}", doc=f"{did}.docx"))
    return Benchmark(tuple(refs), tuple(drafts), tuple(cases), tuple(quotes))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    b = generate(args.drafts, args.seed)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(asdict(b), fh, ensure_ascii=False)


if __name__ == "__main__":
    main()
