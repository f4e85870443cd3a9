"""Campaign facts (rules/campaigns/*.yaml): wording, measures and the default period."""

from __future__ import annotations

from datetime import date
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from review.data import data_path


class Campaign(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    general_requirement: tuple[str, ...]
    goals: tuple[str, ...]
    measures: tuple[str, ...]
    staged: bool
    period: tuple[date, date]
    self_examination_aspects: dict[str, tuple[str, ...]]
    # Names of the theory, documents and books every draft quotes: never copying.
    standard_terms: tuple[str, ...] = ()


@cache
def campaign(campaign_id: str) -> Campaign:
    path = data_path("rules", "campaigns", f"{campaign_id}.yaml")
    return Campaign.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
