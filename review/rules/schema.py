"""The rule language: what a rules/*.yaml file may say, validated strictly.

Unknown keys and bad values are errors, so a typo in a reviewer's rule never silently
turns a rule off.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from review.categories import CAMPAIGNS, CATEGORIES, DOC_TYPES, LEVELS, UNIT_CATEGORIES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# tables: the text of every table cell; items: each problem/rectification item.
Scope = Literal["document", "title", "headings", "body", "tables", "items"]


class _Terms(_Strict):
    # A term is a word or a list of synonyms (["读书班", "集中学习"]): a list counts as found
    # when any of its words is, and messages name it by its first word.
    terms: list[str | list[str]] = []
    patterns: list[str] = []
    scope: Scope = "document"
    # Only inside sections whose heading contains one of these words (e.g. [原因剖析]).
    # A draft without such a section is left alone: a missing part is its own rule's finding.
    section: list[str] = []

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"正则表达式 {p!r} 有误：{exc}") from exc
        return patterns

    @model_validator(mode="after")
    def _something(self):
        if not self.terms and not self.patterns:
            raise ValueError("terms 和 patterns 至少要有一项")
        if any(isinstance(t, list) and not t for t in self.terms):
            raise ValueError("terms 中的同义词列表不能为空")
        return self

    @property
    def term_groups(self) -> list[list[str]]:
        return [t if isinstance(t, list) else [t] for t in self.terms]


class RequireCheck(_Terms):
    """Fires once when the scope lacks the terms (any one of them, or all with mode=all)."""

    type: Literal["require"]
    mode: Literal["any", "all"] = "any"


class ForbidCheck(_Terms):
    """Fires on every match in the scope."""

    type: Literal["forbid"]
    ignore_quoted: bool = False  # skip matches inside “” or 《》, i.e. quotations and titles
    max_findings: int = Field(default=20, ge=1)


class ItemFieldsCheck(_Strict):
    """Fires on each rectification item whose field says nothing usable (整改四有).

    An owner must name someone (a role, person, department or unit — “相关部门” does not);
    a deadline must hold a date (“长期坚持” alone does not); with `min_specificity`, a field
    whose specificity score stays below it (measures that only say 进一步加强) counts as empty.
    """

    type: Literal["item_fields"]
    field: Literal["problem", "target", "measures", "owner", "deadline"]
    empty_values: list[str] = ["无", "暂无", "/", "—", "-", "待定", "空"]
    min_specificity: float | None = Field(default=None, ge=0, le=1)


class CountCheck(_Strict):
    """Fires when the number of analysed things is outside [min, max]: rectification items,
    headings, sentences, or points of a kind (problems found, criticisms…), optionally only
    inside sections whose heading contains one of `section`."""

    type: Literal["count"]
    what: Literal["items", "headings", "sentences", "points"]
    kind: Literal["problem", "cause", "measure", "criticism"] | None = None
    section: list[str] = []
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _bounds(self):
        if self.min is None and self.max is None:
            raise ValueError("min 和 max 至少要有一项")
        if (self.kind is None) != (self.what != "points"):
            raise ValueError("what: points 需要 kind（problem、cause、measure、criticism），其他不用")
        return self


class TableColumnsCheck(_Strict):
    """Fires once when the draft's item table (the one with a 问题 column) lacks columns for
    these item fields; a draft without such a table is left to the count of items."""

    type: Literal["table_columns"]
    columns: list[Literal["problem", "cause", "target", "measures", "owner", "deadline", "status"]]


class SequenceCheck(_Strict):
    """Fires once when the headings naming these parts (each a list of words) come in a
    different order than listed. Parts the draft lacks are left to require checks."""

    type: Literal["sequence"]
    parts: list[list[str]] = Field(min_length=2)


class QuantityCheck(_Strict):
    """How many of something the draft says it does ("谈心谈话3轮", "开展2次调研"): fires when
    the largest number stated with one of `units` in a sentence naming one of `terms` is
    below `min`; with `required`, also when no sentence states a number."""

    type: Literal["quantity"]
    terms: list[str] = Field(min_length=1)
    units: list[str] = Field(min_length=1)
    min: int = Field(ge=1)
    required: bool = False


class SubstanceCheck(_Strict):
    """Fires on a required part that is named but not arranged: the section whose heading
    holds one of `section` (or, with no such heading, the paragraphs that mention it) says
    nobody responsible (who), no date or length of time (when), or nothing checkable — a
    number, a named work or a concrete action (what)."""

    type: Literal["substance"]
    section: list[str] = Field(min_length=1)
    needs: list[Literal["who", "when", "what"]] = ["who", "when", "what"]


class DatesCheck(_Strict):
    """Dates of a scope against the campaign period.

    `inside_period`: fires on each dated expression ending after the period (plus
    `grace_days`) or starting before it. `span`: fires once when the dated expressions
    cover fewer than `min_days` days from first to last (突击闯关). `ordered`: fires on a
    schedule node (a paragraph) whose first date starts before the previous node's."""

    type: Literal["dates"]
    mode: Literal["inside_period", "span", "ordered"]
    scope: Scope = "document"
    section: list[str] = []
    grace_days: int = Field(default=0, ge=0)
    min_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _span_needs_days(self):
        if self.mode == "span" and self.min_days is None:
            raise ValueError("mode: span 需要 min_days")
        return self


class SpecificityCheck(_Strict):
    """Fires on each point of a kind (problems under 查摆问题, measures under 整改措施…) whose
    specificity score is below `min_specificity`: said, but not shown."""

    type: Literal["specificity"]
    kind: Literal["problem", "cause", "measure", "criticism"]
    min_specificity: float = Field(ge=0, le=1)


class PythonCheck(_Strict):
    """A check written in Python and registered by name in review.rules.custom; `params`
    are its thresholds, passed to it and changeable in review.toml."""

    type: Literal["python"]
    name: str
    params: dict[str, float | int | str | list[str]] = {}


Check = Annotated[
    RequireCheck | ForbidCheck | ItemFieldsCheck | CountCheck | TableColumnsCheck | DatesCheck
    | SequenceCheck | SpecificityCheck | SubstanceCheck | QuantityCheck | PythonCheck,
    Field(discriminator="type"),
]


class AppliesTo(_Strict):
    doc_types: list[str] = []
    campaigns: list[str] = []
    unit_categories: list[str] = []
    levels: list[str] = []

    @field_validator("doc_types")
    @classmethod
    def _doc_types(cls, v):
        return _known(v, DOC_TYPES, "材料类型")

    @field_validator("campaigns", mode="before")
    @classmethod
    def _campaigns(cls, v):
        return _known([str(x) for x in v], dict.fromkeys(CAMPAIGNS), "批次")

    @field_validator("unit_categories")
    @classmethod
    def _categories(cls, v):
        return _known(v, UNIT_CATEGORIES, "单位类别")

    @field_validator("levels")
    @classmethod
    def _levels(cls, v):
        return _known(v, LEVELS, "层级")


def _known(values: list[str], allowed, what: str) -> list[str]:
    bad = [x for x in values if x not in allowed]
    if bad:
        raise ValueError(f"未知的{what}：{'、'.join(bad)}（可用：{'、'.join(allowed)}）")
    return values


class Example(_Strict):
    text: str
    reference: str | None = None  # for copy rules: the text the example copies from
    doc_type: str | None = None
    unit: str | None = None
    unit_category: str | None = None
    level: str | None = None
    campaign: str | None = None


class Examples(_Strict):
    fire: list[str | Example]
    quiet: list[str | Example] = []


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
    category: str
    # Scoring dimension when it is not the category's own in the doc type's scheme
    # (rules/scoring.yaml), e.g. 原因剖析 for a self-examination's missing causes part.
    dimension: str | None = None
    severity: Literal["error", "warning", "info"]
    weight: float = Field(ge=0, le=100)
    cap: float | None = Field(default=None, ge=0)  # most this rule can deduct per draft
    applies_to: AppliesTo = AppliesTo()
    check: Check
    message: str
    suggestion: str | None = None
    description: str | None = None
    examples: Examples

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        if v not in CATEGORIES:
            raise ValueError(f"未知的问题类别 {v!r}（可用：{'、'.join(CATEGORIES)}）")
        return v

    @property
    def max_deduction(self) -> float:
        return self.cap if self.cap is not None else 3 * self.weight
