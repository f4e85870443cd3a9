"""Which kind of material a draft is: from its file name, then its title, then a model.

File-name and title keywords (rules/lexicon/doc_types.yaml) decide when they are
unambiguous: exactly one doc type's keywords match. Otherwise the trained model
(review.nlp.doctype_model) reads the title and the body.
"""

from __future__ import annotations

import re

from review.model import Document, Paragraph, Table
from review.nlp.lexicon import load_lexicon

# Plan-form words (工作方案, 工作安排, 实施方案…) only say that a text is some plan. Next to
# one of these subjects they are not evidence of an implementation plan: “调查研究工作方案”
# is a research plan, “理论学习工作安排” a study plan; such a name is left to the model.
_SUBJECTS = {
    "research_plan": ("调研", "调查研究"),
    "study_plan": ("学习研讨", "理论学习", "读书"),
    "rectification_plan": ("整改", "整治"),
    "problem_list": ("问题",),
    "self_examination": ("对照检查", "检视剖析", "发言"),
}
# A name ending in one of these is a notice, letter, speech or report *about* some material
# (“关于报送实施方案的通知”, “在读书班上的讲话”): its keywords do not decide either.
_ABOUT = ("通知", "的函", "审核意见", "修改意见", "纪要", "简报", "讲话", "发言", "总结", "报告", "汇报")
_TITLE_MAX = 80  # a longer first paragraph is body text, not a title


def _keywords() -> list[tuple[str, list[str]]]:
    return list(load_lexicon("doc_types.yaml").items())


def _matches(text: str) -> list[str]:
    """Doc types whose keywords occur in `text`, in lexicon order. A keyword inside a longer
    keyword of another type counts only for that one (工作方案 in 调研工作方案)."""
    hits = []
    for doc_type, words in _keywords():
        for w in words:
            start = text.find(w)
            while start >= 0:
                hits.append((start, start + len(w), doc_type))
                start = text.find(w, start + 1)
    found = []
    for s, e, t in hits:
        inside = any(s2 <= s and e <= e2 and e2 - s2 > e - s and t2 != t for s2, e2, t2 in hits)
        if not inside and t not in found:
            found.append(t)
    order = [t for t, _ in _keywords()]
    found.sort(key=order.index)
    if found == ["implementation_plan"]:
        found += [t for t, subjects in _SUBJECTS.items() if any(w in text for w in subjects)]
    return found


def _unambiguous(name: str) -> str | None:
    """The one doc type a file name or title names, or None (none, several, or “about”)."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name.strip()).rstrip("）)】 ")
    if stem.endswith(_ABOUT):
        return None
    found = _matches(name)
    return found[0] if len(found) == 1 else None


def _title(document: Document) -> Paragraph | None:
    title = document.title
    if title is None:
        return None
    text = title.text.strip()
    if len(text) > _TITLE_MAX or "。" in text:
        return None
    return title


def _body(document: Document, title: Paragraph | None) -> str:
    """The text the model was trained on: paragraphs as lines, table rows as tab-separated
    cells (a merged cell is written once, then left empty)."""
    lines = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block is not title and block.text.strip():
                lines.append(block.text)
        elif isinstance(block, Table):
            seen: set[int] = set()
            for row in block.rows:
                cells = []
                for cell in row:
                    cells.append("" if id(cell) in seen else cell.text.replace("\n", " "))
                    seen.add(id(cell))
                lines.append("\t".join(cells))
    return "\n".join(lines)


def named_type(file_name: str) -> str | None:
    """The doc type the file name alone settles (classify's first step), or None."""
    return _unambiguous(file_name)


def classify(file_name: str, document: Document | None) -> str:
    found = _unambiguous(file_name)
    if found:
        return found
    if document is None:  # unreadable: only the name is there, first type named wins
        return next(iter(_matches(file_name)), "other")
    title = _title(document)
    if title is not None:
        found = _unambiguous(title.text)
        if found:
            return found
    from review.nlp.doctype_model import predict  # scikit-learn loads only when needed

    doc_type, _ = predict(title.text if title else "", _body(document, title))
    return doc_type
