"""Sentences of official documents (公文).

A sentence ends at 。！？； or a line end, never inside 《》 or quotation marks. An
enumeration written inline — "一是……；二是……；三是……" — is split at its markers and
each item kept whole, because reviewers judge an item, not its clauses.
"""

from __future__ import annotations

import re

from review.nlp.spans import Span, trimmed

_OPEN, _CLOSE = "《“‘「『（", "》”’」』）"
_END = set("。！？；")
_CN_NUM = "一二三四五六七八九十"
# 一是 / 二是 … and 第一，第二 … at the start of a line or after a stop or comma.
_MARKER = re.compile(rf"(?:(?<=^)|(?<=[。；，：]))\s*(?:[{_CN_NUM}]{{1,2}}是|第[{_CN_NUM}]{{1,2}}[，、])")


POINT_START = re.compile(rf"(?:[{_CN_NUM}]{{1,2}}是|第[{_CN_NUM}]{{1,2}}[，、])")


def enumeration_markers(line: str) -> list[int]:
    """Offsets where inline enumeration items start; empty unless the line has two or more."""
    starts = [m.start() + (len(m.group()) - len(m.group().lstrip())) for m in _MARKER.finditer(line)]
    return starts if len(starts) >= 2 else []


_STOP = re.compile("[。！？；]")
_BRACKET = re.compile(f"[{_OPEN}]")


def _plain(text: str, start: int, end: int, out: list[Span]) -> None:
    if not _BRACKET.search(text, start, end):  # most lines: no nesting to track
        begin = start
        for m in _STOP.finditer(text, start, end):
            if (span := trimmed(text, begin, m.end())) is not None:
                out.append(span)
            begin = m.end()
        if (span := trimmed(text, begin, end)) is not None:
            out.append(span)
        return
    depth = 0
    begin = start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _END and depth == 0:
            if (span := trimmed(text, begin, i + 1)) is not None:
                out.append(span)
            begin = i + 1
    if (span := trimmed(text, begin, end)) is not None:
        out.append(span)


def split_sentences(text: str) -> list[Span]:
    out: list[Span] = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        markers = enumeration_markers(line)
        if markers:
            _plain(text, line_start, line_start + markers[0], out)
            bounds = [line_start + m for m in markers] + [line_end]
            for a, b in zip(bounds, bounds[1:], strict=False):
                if (span := trimmed(text, a, b)) is not None:
                    out.append(span)
        else:
            _plain(text, line_start, line_end, out)
        line_start = line_end + 1
    return out
