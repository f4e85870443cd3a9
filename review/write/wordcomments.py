"""Word comments written as XML: the same elements python-docx's `add_comment` writes.

python-docx looks up every used comment id again for each comment and builds the
comment's text element by element, character by character: about 2 ms a comment, and an
annotated draft carries some 45 of them. Here the ids are counted once per file and each
comment is a handful of lxml calls.
"""

from __future__ import annotations

import datetime as dt

import docx.document
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from review.write.wordtext import append_text

_W_ID = qn("w:id")


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, qn(tag), {qn(f"w:{k}"): v for k, v in attrs.items()})


def _styled_run(style: str) -> etree._Element:
    r = OxmlElement("w:r")  # declares the w: prefix, as a tree's own elements do
    _el(_el(r, "w:rPr"), "w:rStyle", val=style)
    return r


class Comments:
    """The comments part of one Word document, taking new comments."""

    def __init__(self, word: docx.document.Document, author: str, initials: str):
        # python-docx has no public handle on the part's element; `_comments_part` also
        # creates the part (and its relationship) when the draft has no comments yet
        self._root = word.part._comments_part.element
        used = [int(c.get(_W_ID)) for c in self._root.iterchildren(qn("w:comment"))]
        self._next = max(used, default=-1) + 1
        self._attrs = {_W_ID: "", qn("w:author"): author, qn("w:initials"): initials,
                       qn("w:date"): dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}

    def add(self, first: etree._Element, last: etree._Element, text: str) -> None:
        """Comment `text` (lines split at "\\n") on the runs from `first` to `last`
        (w:r elements, `last` not before `first`)."""
        cid = str(self._next)
        self._next += 1
        comment = etree.SubElement(self._root, qn("w:comment"), {**self._attrs, _W_ID: cid})
        for k, line in enumerate(text.split("\n")):
            p = _el(comment, "w:p")
            _el(_el(p, "w:pPr"), "w:pStyle", val="CommentText")
            if k == 0:
                mark = _styled_run("CommentReference")
                _el(mark, "w:annotationRef")
                p.append(mark)
            append_text(_el(p, "w:r"), line)
        first.addprevious(OxmlElement("w:commentRangeStart", {_W_ID: cid}))
        reference = _styled_run("CommentReference")
        _el(reference, "w:commentReference", id=cid)
        last.addnext(reference)
        last.addnext(OxmlElement("w:commentRangeEnd", {_W_ID: cid}))
