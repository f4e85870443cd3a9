"""Which kind of material a draft is: from its file name, then its title, then its content."""

from __future__ import annotations

from functools import lru_cache

import yaml

from review.data import data_path
from review.model import Document


@lru_cache(maxsize=1)
def _keywords() -> list[tuple[str, list[str]]]:
    with open(data_path("rules", "lexicon", "doc_types.yaml"), encoding="utf-8") as fh:
        return list(yaml.safe_load(fh).items())


def _by_keywords(text: str) -> str | None:
    for doc_type, words in _keywords():
        if any(w in text for w in words):
            return doc_type
    return None


def _by_content(document: Document) -> str:
    headers = " ".join(
        cell.text for table in document.tables() for cell in (table.rows[0] if table.rows else [])
    )
    text = document.text
    if "整改措施" in headers or ("问题" in headers and "时限" in headers):
        return "problem_list"
    if "原因剖析" in text and ("查摆" in text or "检视" in text):
        return "self_examination"
    if "调研" in text and "成果" in text and "对象" in text:
        return "research_plan"
    if "理论学习" in text and "调查研究" in text:
        return "implementation_plan"
    return "other"


def classify(file_name: str, document: Document | None) -> str:
    found = _by_keywords(file_name)
    if found or document is None:
        return found or "other"
    title = document.title
    return (title and _by_keywords(title.text)) or _by_content(document)
