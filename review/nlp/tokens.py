"""Words: spaCy's Chinese pipeline with the jieba segmenter and the domain dictionary.

No trained Chinese spaCy model can be installed offline, so this is `spacy.blank("zh")`
with jieba, a user dictionary of campaign terms (rules/lexicon/userdict.txt) and the
workspace's unit names, and a PhraseMatcher for rules that match word sequences. Built
once per process; building it costs about a second (jieba's dictionary).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache

from review.data import data_path

_extra_words: set[str] = set()


def _import_jieba():
    """jieba, imported without pkg_resources where nothing has imported it yet: jieba asks
    setuptools' deprecated pkg_resources (0.2 s to import, a sixth of loading jieba) only
    for its own data files, and opens them itself when that import fails."""
    if "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


@lru_cache(maxsize=1)
def segmenter():
    """jieba with the campaign dictionary and the workspace's words: the one place jieba is
    set up, so every module segments the same way."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    jieba.load_userdict(str(data_path("rules", "lexicon", "userdict.txt")))
    for word in _extra_words:
        jieba.add_word(word, freq=2000)
    return jieba


@lru_cache(maxsize=1)
def nlp():
    import spacy

    segmenter()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter words of this workspace (unit names), so 河口镇党委 stays whole.

    Cheap until words are needed: before the pipeline is built the words wait for it."""
    new = {w for w in words if len(w) >= 2} - _extra_words
    _extra_words.update(new)
    if segmenter.cache_info().currsize:
        for word in new:
            segmenter().add_word(word, freq=2000)


def tokenize(text: str):
    """A spaCy Doc of `text` (tokens only; sentences and sections come from the analysis)."""
    return nlp().make_doc(text)


def phrase_matcher(phrases: Iterable[str], label: str = "PHRASE"):
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp().vocab)
    matcher.add(label, [nlp().make_doc(p) for p in phrases])
    return matcher
