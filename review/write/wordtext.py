"""A run's text written as Word holds it, in one pass.

python-docx's `Run.text` does the same element by element and character by character,
through its schema-ordering machinery: a few milliseconds for a sentence, which adds up
over the 45 comments of an annotated draft and the 50 paragraphs of a letter.
"""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from lxml import etree

_W_T, _W_TAB, _W_BR = qn("w:t"), qn("w:tab"), qn("w:br")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile(r"([\t\n\r])")


def append_text(r: etree._Element, text: str) -> None:
    """Append `text` to run `r`: w:t for the words, w:tab for a tab and w:br for a line
    break, as python-docx's Run.text writes them."""
    for piece in _BREAKS.split(text):
        if piece == "\t":
            etree.SubElement(r, _W_TAB)
        elif piece in ("\n", "\r"):
            etree.SubElement(r, _W_BR)
        elif piece:
            t = etree.SubElement(r, _W_T)
            t.text = piece
            if piece != piece.strip():  # Word drops edge spaces unless told to keep them
                t.set(XML_SPACE, "preserve")
