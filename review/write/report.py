"""`outbox/<round>/report.html`: the page the guidance team shows in its meeting and prints.

One self-contained file — styles inline, charts as inline SVG drawn in `charts.py`, no
script, no font or image from anywhere — because reviewers work on offline intranets and
pass the outbox folder around on USB sticks. Every figure is computed here from
results.json, the batch's peer pairs and the round history passed in.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from review.campaigns import campaign
from review.categories import CAMPAIGNS, CATEGORIES, DOC_TYPES, UNIT_CATEGORIES, VERDICTS
from review.write.atomic import write_atomically
from review.write.charts import (
    UNCLUSTERED_COLOUR,
    Series,
    bar_chart,
    cluster_colours,
    histogram_chart,
    line_chart,
    network,
)
from review.write.summary import COPY_ALERT, STATUS_LABELS, PeerRow, resolve_annotated

REPORT_NAME = "report.html"
TEMPLATE = "report.html.j2"

# Worst first, as in 汇总表.xlsx: drafts to send back lead, unreadable ones close the list
# as a separate to-do (ask the unit to resend).
_VERDICT_RANK = {"redo": 0, "revise": 1, "pass": 2, None: 3}
_UNREADABLE_RANK = 4
# The pair table under the network is for reading out in the meeting; the full list is
# in the 雷同分析 sheet of 汇总表.xlsx.
PEER_TABLE_LIMIT = 30
TREND_KEYS = ("round", "reviewed", "mean_score", "pass", "revise", "redo")
VERDICT_COLOURS = {"pass": "#2e7d32", "revise": "#e08a00", "redo": "#c62828"}
UNCATEGORISED = "未识别类别"
BIN_WIDTH = 10  # score points or percentage points per histogram column


def write_report(path: Path, data: dict, *, peers: Sequence[PeerRow],
                 history: Sequence[dict] | None = None) -> None:
    """Render the report and write it atomically; links are relative to `path`'s folder."""
    path = Path(path)
    html = render_report(data, peers=peers, history=history, outbox_dir=path.parent)
    write_atomically(path, html.encode("utf-8"))


def report_document(document: dict) -> dict:
    """What the report reads of a results.json document: the document without its
    findings' text, sources, opinion and copy figures, so that a round of 10,000 drafts
    need not be held whole to draw it. Its findings keep their severity and category."""
    kept = {k: v for k, v in document.items() if k not in _NOT_SHOWN}
    kept["findings"] = [_finding_kind(f["severity"], f["category"]) for f in document["findings"]]
    return kept


_NOT_SHOWN = frozenset({"findings", "copy", "opinion", "dimension_scores", "counts", "drafts"})


@cache
def _finding_kind(severity: str, category: str) -> Mapping[str, str]:
    # One read-only object per kind, shared by every finding of that kind: tens of bytes
    # a finding instead of a dict apiece.
    return MappingProxyType({"severity": severity, "category": category})


def render_report(data: dict, *, peers: Sequence[PeerRow], history: Sequence[dict] | None,
                  outbox_dir: Path) -> str:
    """The report as one HTML document.

    `data` is the results.json dict of this round (`results.results_dict`), whose documents
    may be `report_document`s. `peers` are the batch's pairs of drafts sharing text, as on
    the 雷同分析 sheet. `outbox_dir` is the folder the report is written to
    (`outbox/<round>`): links to the annotated files are made relative to it so they
    survive copying the outbox elsewhere.

    `history` is the round-over-round series, oldest round first, one dict per round:
    ``{"round": "第1轮", "reviewed": 10, "mean_score": 78.4 | None, "pass": 3,
    "revise": 4, "redo": 3}`` — `trend_point` builds one from a round's results.json.
    This round's entry is always recomputed from `data` (replacing an entry of the same
    name, else appended), so the caller may pass earlier rounds only, or all of them.
    """
    return _template().render(**report_context(data, peers, history, Path(outbox_dir)))


def trend_point(data: dict) -> dict:
    """One round of the trend series, from that round's results.json dict."""
    reviewed = [d for d in data["documents"] if d["status"] == "reviewed"]
    verdicts = Counter(d["verdict"] for d in reviewed)
    return {
        "round": data["round"],
        "reviewed": len(reviewed),
        "mean_score": mean([d["score"] for d in reviewed if d["score"] is not None]),
        **{v: verdicts[v] for v in VERDICTS},
    }


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=PackageLoader("review.write", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = fmt_pct
    env.filters["num"] = fmt_num
    return env.get_template(TEMPLATE)


def report_context(data: dict, peers: Sequence[PeerRow], history: Sequence[dict] | None,
                   outbox_dir: Path) -> dict:
    docs = data["documents"]
    reviewed = [d for d in docs if d["status"] == "reviewed"]
    return {
        "round": data["round"],
        "campaign": campaign_name(data["campaign"]),
        "generated": fmt_time(data["generated_at"]),
        "facts": header_facts(docs),
        "verdicts": verdict_counts(docs),
        "scores": score_facts(reviewed),
        "charts": overview_charts(reviewed),
        "ranking": ranking_rows(docs, outbox_dir),
        "show_change": any(d.get("rounds") for d in docs),
        "copies": copy_network(peers, docs),
        "problems": problem_kinds(docs),
        "trend": trend(trend_rounds(data, history)),
    }


# ---- header and overview -----------------------------------------------------------------


def campaign_name(campaign_id: str) -> str:
    # A workspace may name a campaign this release does not ship; show its id then.
    return campaign(campaign_id).name if campaign_id in CAMPAIGNS else campaign_id


def header_facts(docs: list[dict]) -> dict:
    findings = [f for d in docs for f in d["findings"]]
    return {
        "documents": len(docs),
        "units": len({d["unit"] for d in docs}),
        "reviewed": sum(d["status"] == "reviewed" for d in docs),
        "unreadable": sum(d["status"] == "unreadable" for d in docs),
        "findings": len(findings),
        "must_fix": sum(f["severity"] == "error" for f in findings),
    }


def verdict_counts(docs: list[dict]) -> list[dict]:
    """通过 / 修改完善 / 退回重做 and 无法读取, each with its share of all drafts."""
    counts = Counter(d["verdict"] if d["status"] == "reviewed" else "unreadable" for d in docs)
    labels = {**VERDICTS, "unreadable": STATUS_LABELS["unreadable"]}
    total = len(docs) or 1
    return [{"id": key, "label": label, "count": counts[key], "share": counts[key] / total}
            for key, label in labels.items()]


def score_facts(reviewed: list[dict]) -> dict:
    scores = [d["score"] for d in reviewed if d["score"] is not None]
    return {
        "mean": mean(scores),
        "high": max(scores, default=None),
        "low": min(scores, default=None),
        "copy_alert": sum((d["copy_ratio"] or 0) >= COPY_ALERT for d in reviewed),
        "boilerplate_alert": sum((d["boilerplate_ratio"] or 0) >= COPY_ALERT for d in reviewed),
        "alert": COPY_ALERT,
    }


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def histogram(values: Iterable[float]) -> list[int]:
    """Counts per bin [0,10), [10,20) … [90,100] of a 0–100 scale: 100 falls in the last bin."""
    bins = [0] * (100 // BIN_WIDTH)
    for v in values:
        # Rounded first so a ratio like 0.3 × 100 = 30.000000000000004 or 0.29 × 100 =
        # 28.999999999999996 lands in the bin its printed value says.
        i = int(round(v, 6) // BIN_WIDTH)
        bins[min(max(i, 0), len(bins) - 1)] += 1
    return bins


def overview_charts(reviewed: list[dict]) -> dict:
    def percents(key: str) -> list[float]:
        return [d[key] * 100 for d in reviewed if d[key] is not None]

    edges = range(0, 100 + BIN_WIDTH, BIN_WIDTH)
    scores = [d["score"] for d in reviewed if d["score"] is not None]
    return {
        "score": histogram_chart(histogram(scores), edges, title="得分分布（份数）"),
        "copy_ratio": histogram_chart(histogram(percents("copy_ratio")), edges, unit="%",
                                      title="雷同率分布（份数）", colour="#a94442"),
        "boilerplate_ratio": histogram_chart(histogram(percents("boilerplate_ratio")), edges, unit="%",
                                             title="套话率分布（份数）", colour="#8a6d3b"),
    }


# ---- ranking -----------------------------------------------------------------------------


def ranking_key(doc: dict) -> tuple:
    if doc["status"] == "unreadable":
        rank = _UNREADABLE_RANK
    else:
        rank = _VERDICT_RANK.get(doc["verdict"], _VERDICT_RANK[None])
    score = doc["score"] if doc["score"] is not None else math.inf
    return (rank, score, doc["unit"], doc["path"])


def ranking_rows(docs: list[dict], outbox_dir: Path) -> list[dict]:
    return [ranking_row(d, outbox_dir) for d in sorted(docs, key=ranking_key)]


def ranking_row(doc: dict, outbox_dir: Path) -> dict:
    findings = doc["findings"]
    annotated = doc["annotated"]
    return {
        "unit": doc["unit"],
        "category": label(UNIT_CATEGORIES, doc["unit_category"]) if doc["unit_category"] else UNCATEGORISED,
        "doc_type": label(DOC_TYPES, doc["doc_type"]),
        "file": PurePosixPath(doc["path"]).name,
        "status": doc["status"],
        "error": doc["error"],
        "score": doc["score"],
        "verdict": doc["verdict"],
        "verdict_label": label(VERDICTS, doc["verdict"]),
        "copy_ratio": doc["copy_ratio"],
        "boilerplate_ratio": doc["boilerplate_ratio"],
        "copy_alert": (doc["copy_ratio"] or 0) >= COPY_ALERT,
        "boilerplate_alert": (doc["boilerplate_ratio"] or 0) >= COPY_ALERT,
        "findings": len(findings),
        "must_fix": sum(f["severity"] == "error" for f in findings),
        "change": score_change(doc.get("rounds")),
        "href": unit_href(outbox_dir, annotated) if annotated else None,
        "link_text": PurePosixPath(annotated).name if annotated else None,
    }


def label(labels: dict[str, str], key: str | None) -> str:
    return labels.get(key, key) if key else "—"


def score_change(rounds: dict | None) -> str:
    if not rounds:
        return ""
    if rounds.get("identical"):
        return "原稿未改"
    change = rounds.get("score_change")
    return "—" if change is None else f"{change:+g}"


def unit_href(outbox_dir: Path, annotated: str) -> str:
    """Relative, percent-encoded link from the report's folder to an annotated file.

    Encoded so names with #, ?, % or spaces still open the file, and with "/" separators
    because a URL never uses backslashes, whatever the machine.
    """
    rel = os.path.relpath(resolve_annotated(outbox_dir, annotated), outbox_dir)
    return quote("/".join(Path(rel).parts), safe="/")


# ---- copies between units ----------------------------------------------------------------


def copy_network(peers: Sequence[PeerRow], docs: list[dict]) -> dict:
    linked = {u for p in peers for u in (p.unit_a, p.unit_b)}
    reviewed_units = {d["unit"] for d in docs if d["status"] == "reviewed"}
    return {
        "svg": network(peers, title="单位间雷同关系图") if peers else None,
        "pairs": list(peers[:PEER_TABLE_LIMIT]),
        "total": len(peers),
        "linked": len(linked),
        "legend": [*cluster_colours(peers).items(), ("未成群", UNCLUSTERED_COLOUR)],
        "clusters": len({p.cluster for p in peers if p.cluster}),
        "quiet": len(reviewed_units - linked),
        "limit": PEER_TABLE_LIMIT,
    }


# ---- problem kinds -----------------------------------------------------------------------


def category_label(category: str) -> str:
    return CATEGORIES[category][0] if category in CATEGORIES else category


def category_order(docs: list[dict]) -> list[tuple[str, int, int]]:
    """(category, findings, drafts) for each category found, most findings first."""
    findings = Counter(f["category"] for d in docs for f in d["findings"])
    drafts = Counter(c for d in docs for c in {f["category"] for f in d["findings"]})
    position = {c: i for i, c in enumerate(CATEGORIES)}
    ordered = sorted(findings, key=lambda c: (-findings[c], position.get(c, len(position)), c))
    return [(c, findings[c], drafts[c]) for c in ordered]


def problem_kinds(docs: list[dict]) -> dict:
    order = category_order(docs)
    chart = None
    if order:
        chart = bar_chart([category_label(c) for c, _, _ in order], [n for _, n, _ in order],
                          [f"{n} 条 / {k} 份" for _, n, k in order], title="问题类型分布")
    columns = unit_category_columns(docs)
    cells = Counter((f["category"], d["unit_category"]) for d in docs for f in d["findings"])
    rows = [{"label": category_label(c), "cells": [cells[c, key] for key, _, _ in columns],
             "total": n} for c, n, _ in order]
    return {"chart": chart, "columns": columns, "rows": rows}


def unit_category_columns(docs: list[dict]) -> list[tuple[str | None, str, int]]:
    """(unit category, label, drafts) for the categories in this batch, roster order."""
    drafts = Counter(d["unit_category"] for d in docs)
    columns = [(key, name, drafts[key]) for key, name in UNIT_CATEGORIES.items() if drafts[key]]
    # Units off the roster with no recognisable name ending have no category.
    columns += [(key, key or UNCATEGORISED, drafts[key])
                for key in sorted(drafts, key=str) if key not in UNIT_CATEGORIES]
    return columns


# ---- trend -------------------------------------------------------------------------------


def trend_rounds(data: dict, history: Sequence[dict] | None) -> list[dict]:
    current = trend_point(data)
    rounds = [{k: h[k] for k in TREND_KEYS} for h in history or ()]
    for i, entry in enumerate(rounds):
        if entry["round"] == current["round"]:
            rounds[i] = current
            return rounds
    return [*rounds, current]


def trend(rounds: list[dict]) -> dict:
    if len(rounds) < 2:
        return {"rounds": rounds, "score": None, "verdicts": None}
    names = [r["round"] for r in rounds]
    score = line_chart(names, [Series("平均得分", [r["mean_score"] for r in rounds], "#3b6ea8")],
                       title="各轮平均得分", y_top=100)
    verdicts = line_chart(
        names, [Series(VERDICTS[v], [r[v] for r in rounds], VERDICT_COLOURS[v]) for v in VERDICTS],
        title="各轮审阅结论（份数）")
    return {"rounds": rounds, "score": score, "verdicts": verdicts}


# ---- formatting --------------------------------------------------------------------------


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def fmt_num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def fmt_time(stamp: str) -> str:
    """"2026年11月23日 10:00" in the offset the run recorded (the reviewers' local time)."""
    moment = datetime.fromisoformat(stamp)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
