"""Word lists under rules/lexicon/, loaded once, and regex alternations built from them."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import yaml

from review.data import data_path

T = TypeVar("T")
R = TypeVar("R")


def per_object(build: Callable[[T], R], size: int = 8) -> Callable[[T], R]:
    """`build(x)`, remembered by the identity of `x` for the last `size` objects. For the
    roster's names, which a draft passes as the same tuple for every sentence: with a
    county's 7,500 units (22,000 names and aliases) hashing the tuple for an lru_cache
    takes 0.2 ms, and making a set of it 3 ms, more than the sentence's own work."""
    recent: dict[int, tuple[T, R]] = {}
    lock = threading.Lock()

    def get(x: T) -> R:
        hit = recent.get(id(x))
        if hit is not None and hit[0] is x:  # held in `recent`, so its id is not reused
            return hit[1]
        value = build(x)
        with lock:
            while len(recent) >= size:
                recent.pop(next(iter(recent)))
            recent[id(x)] = (x, value)
        return value

    return get


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
