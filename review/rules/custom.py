"""Checks that need code, registered by name for rules of `check: {type: python}`."""

from __future__ import annotations

from review.nlp.analysis import Analysis
from review.rules.engine import Context, Hit, register
from review.similarity.ratios import content_chars
from review.workspace.roster import unit_key


@register("foreign_name")
def foreign_name(analysis: Analysis, ctx: Context) -> list[Hit]:
    """Another roster unit of the same category named in the draft: a village plan that
    names another village was most likely copied from it. Units of other categories are
    left alone — a town's plan rightly names the county office that leads a task."""
    if not ctx.unit_category:
        return []
    own = {ctx.unit, *(n for u in ctx.roster if u.name == ctx.unit for n in u.aliases)}
    own_keys = {unit_key(n) for n in own}
    text = analysis.text
    hits: list[Hit] = []
    for unit in ctx.roster:
        if unit.name == ctx.unit or unit.category != ctx.unit_category:
            continue
        for name in {unit.name, *unit.aliases}:
            if len(name) < 2 or any(name in o for o in own) or unit_key(name) in own_keys:
                continue
            start = text.find(name)
            if start >= 0:
                hits.append(Hit(start, start + len(name), {"match": name, "unit": unit.name}))
                break
    return hits


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
            who = f"{p.source.unit}的" if p.source.unit else ""
            quote = p.source_text if len(p.source_text) <= 60 else p.source_text[:60] + "……"
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
