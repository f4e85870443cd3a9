"""Checks that need code, registered by name for rules of `check: {type: python}`."""

from __future__ import annotations

from review.nlp.analysis import Analysis
from review.rules.engine import Context, Hit, register, shorten
from review.similarity import foreign_names
from review.similarity.ratios import content_chars
from review.workspace.roster import unit_key


@register("foreign_name")
def foreign_name(analysis: Analysis, ctx: Context) -> list[Hit]:
    """Another unit's name in the draft: any roster unit named inside a passage copied from
    elsewhere, and anywhere a roster unit of the same category — a village plan that names
    another village was most likely copied from it. Units of other categories outside copied
    text are left alone: a town's plan rightly names the county office that leads a task."""
    own = {ctx.unit, *(n for u in ctx.roster if u.name == ctx.unit for n in u.aliases)}
    own_keys = {unit_key(n) for n in own}

    def foreign(name: str) -> bool:
        return len(name) >= 2 and not any(name in o for o in own) and unit_key(name) not in own_keys

    text = analysis.text
    hits: dict[int, Hit] = {}
    if ctx.copies is not None:
        names = [n for u in ctx.roster if u.name != ctx.unit for n in (u.name, *u.aliases)]
        for f in foreign_names(text, ctx.copies.passages, names, own):
            if foreign(f.name):
                hits.setdefault(f.start, Hit(f.start, f.end, {"match": f.name}))
    for unit in ctx.roster:
        if unit.name == ctx.unit or not ctx.unit_category or unit.category != ctx.unit_category:
            continue
        for name in {unit.name, *unit.aliases}:
            start = text.find(name)
            if foreign(name) and start >= 0:
                hits.setdefault(start, Hit(start, start + len(name), {"match": name}))
                break
    return sorted(hits.values(), key=lambda h: h.start)


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
