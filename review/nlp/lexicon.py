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
    """A regex matching any of `words`, the longest where several match: one atom, safe to
    follow with a quantifier or to join with other alternatives.

    Written as a trie (县(?:委|政府)?…): `re` tries a flat alternation word by word at
    every position, so a roster of hundreds of names cost a pass per name; the trie costs
    one look at the next character."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True  # a word ends here
    return _branches(trie) if trie else ""


def _branches(node: dict) -> str:
    # Longer words first: a branch tries to go on before it settles for the word ending here.
    alts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 and "" not in node else f"(?:{'|'.join(alts)})"
    return f"{body}?" if "" in node else body
