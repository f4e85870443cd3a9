"""Word lists under rules/lexicon/, loaded once, and regex alternations built from them."""

from __future__ import annotations

import re
from functools import cache

import yaml

from review.data import data_path


@cache
def load_lexicon(name: str):
    with open(data_path("rules", "lexicon", name), encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def alternation(words) -> str:
    """A regex alternation of `words`, longest first so the longest word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
