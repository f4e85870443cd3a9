"""Read back the comments of a .docx: what each one says and exactly which text it encloses.

Used to prove that comments land where findings point, and to read earlier rounds'
annotated files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from lxml import etree

from review.ingest.docx import W_P, W_R, run_text

_RANGE_START, _RANGE_END = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
_SKIP = {qn("w:del"), qn("w:moveFrom")}


@dataclass
class ReadComment:
    id: int
    author: str
    text: str  # the comment's own text, paragraphs joined by "\n"
    anchored: str  # the document text the comment's range encloses


def _inline(parent: etree._Element):
    for child in parent:
        if child.tag in (W_R, _RANGE_START, _RANGE_END):
            yield child
        elif child.tag not in _SKIP and child.tag != W_P:
            yield from _inline(child)


def read_comments(data: bytes) -> list[ReadComment]:
    word = docx.Document(io.BytesIO(data))
    anchored: dict[int, list[str]] = {}
    open_ids: set[int] = set()
    for p in word.element.body.iter(W_P):
        for el in _inline(p):
            if el.tag == _RANGE_START:
                cid = int(el.get(qn("w:id")))
                open_ids.add(cid)
                anchored[cid] = []
            elif el.tag == _RANGE_END:
                open_ids.discard(int(el.get(qn("w:id"))))
            else:
                text = run_text(el)
                for cid in open_ids:
                    anchored[cid].append(text)
        for cid in open_ids:
            anchored[cid].append("\n")
    out = []
    for c in word.comments:
        body = "\n".join(p.text for p in c.paragraphs)
        out.append(ReadComment(c.comment_id, c.author, body, "".join(anchored.get(c.comment_id, []))))
    return out
