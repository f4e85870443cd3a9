"""Checks that need code, registered by name for rules of `check: {type: python}`."""

from __future__ import annotations

from review.nlp.analysis import Analysis
from review.rules.engine import Context, Hit, register
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
