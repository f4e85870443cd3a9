"""Dimension scores, total and verdict from a draft's findings (rules/scoring.yaml)."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from review.categories import CATEGORIES
from review.data import data_path
from review.errors import ConfigError
from review.model import Finding
from review.rules.schema import Rule


class Scheme(BaseModel):
    """One doc type's 100-point scheme: full marks per dimension, and which dimension each
    finding category deducts from when it is not the category's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dimensions: dict[str, float]
    categories: dict[str, str] = {}

    @model_validator(mode="after")
    def _consistent(self):
        total = sum(self.dimensions.values())
        if abs(total - 100) > 1e-6:
            raise ValueError(f"各维度满分合计应为 100，现为 {total:g}")
        for category, dimension in self.categories.items():
            if category not in CATEGORIES:
                raise ValueError(f"未知的问题类别 {category!r}")
            if dimension not in self.dimensions:
                raise ValueError(f"问题类别 {category} 归入的维度“{dimension}”不在 dimensions 中")
        return self


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    path = data_path("rules", "scoring.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)["schemes"]
    out = {}
    for doc_type, entry in raw.items():
        try:
            out[doc_type] = Scheme.model_validate(entry)
        except ValidationError as exc:
            why = "；".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            raise ConfigError(f"评分方案 {path} 中 {doc_type}：{why}") from exc
    return out


def scheme_for(doc_type: str) -> Scheme:
    return schemes().get(doc_type) or schemes()["other"]


def dimension_of(rule: Rule, doc_type: str) -> str:
    """The dimension a rule's findings deduct from in this doc type's scheme: the rule's own
    `dimension` if it names one, else the scheme's mapping of its category, else the
    category's default dimension (DESIGN.md)."""
    if rule.dimension:
        return rule.dimension
    return scheme_for(doc_type).categories.get(rule.category, CATEGORIES[rule.category][1])


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
    budget = scheme_for(doc_type).dimensions
    per_rule: dict[str, float] = defaultdict(float)
    for f in findings:
        rule = rules.get(f.rule)
        cap = rule.max_deduction if rule else f.weight
        per_rule[f.rule] = min(per_rule[f.rule] + f.weight, cap)
    lost: dict[str, float] = defaultdict(float)
    for rule_id, amount in per_rule.items():
        dimension = dimension_of(rules[rule_id], doc_type) if rule_id in rules else None
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
