"""Dimension scores, total and verdict from a draft's findings (rules/scoring.yaml)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import yaml

from review.data import data_path
from review.model import Finding
from review.rules.schema import Rule


@lru_cache(maxsize=1)
def budgets() -> dict[str, dict[str, float]]:
    with open(data_path("rules", "scoring.yaml"), encoding="utf-8") as fh:
        return yaml.safe_load(fh)["dimensions"]


def score(
    findings: list[Finding],
    rules: dict[str, Rule],
    doc_type: str,
    *,
    pass_score: float,
    redo_score: float,
) -> tuple[float, dict[str, float], str]:
    """(total, dimension scores, verdict). Each rule deducts its weight per finding up to
    its cap; each dimension bottoms out at 0."""
    budget = budgets().get(doc_type) or budgets()["other"]
    per_rule: dict[str, float] = defaultdict(float)
    for f in findings:
        rule = rules.get(f.rule)
        cap = rule.max_deduction if rule else f.weight
        per_rule[f.rule] = min(per_rule[f.rule] + f.weight, cap)
    lost: dict[str, float] = defaultdict(float)
    for rule_id, amount in per_rule.items():
        dimension = rules[rule_id].dimension if rule_id in rules else None
        if dimension in budget:
            lost[dimension] += amount
    dims = {d: round(max(0.0, full - lost[d]), 1) for d, full in budget.items()}
    total = round(sum(dims.values()), 1)
    must_fix = any(f.severity == "error" for f in findings)
    if total < redo_score:
        verdict = "redo"
    elif total >= pass_score and not must_fix:
        verdict = "pass"
    else:
        verdict = "revise"
    return total, dims, verdict
