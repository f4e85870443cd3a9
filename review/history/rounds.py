"""A draft against the same unit's draft of the round before: how much text survived, which
earlier comments were acted on, which flagged passages came back untouched.

Pure functions of the two texts and their findings. Texts are drafts' extracted text
(`Document.text`), which every `Finding`'s offsets point into. They are compared as they
are, not normalized: "came back unchanged" means the unit did not touch the characters,
and normalizing both texts would cost several times the alignment itself.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from review.model import Finding

if TYPE_CHECKING:  # the store pairs drafts with same_draft_key, so it imports this module
    from review.history.store import StoredReview

Status = Literal["resolved", "unrevised", "changed"]

UNREVISED_RULE = "rounds.unrevised"

# A flagged passage counts as still there when few of its characters were edited (deleted,
# replaced, or inserted into it): at most this share of its length, or two — a typo or
# punctuation fix is not a revision, five words added to a vague sentence are.
NEAR_VERBATIM_EDITS = 0.05
# Shorter runs of equal characters inside a rewritten sentence are coincidences (的、了、党),
# not surviving text.
MIN_RUN = 3
# A passage that moved elsewhere is looked up verbatim only when it is long enough not to
# occur by chance.
MIN_MOVED_QUOTE = 8
# Length of the stretches that pin the character alignment when they occur once on each side.
ANCHOR = 8

# Sentence ends and line ends: the first alignment pass compares these pieces whole, so
# character-level matching only runs inside the few sentences that were edited.
_PIECE_END = re.compile(r"[。！？；\n]")


@dataclass(frozen=True)
class FindingMatch:
    status: Status
    previous: Finding
    current: Finding | None  # the same rule firing on it in the current draft
    # Where the earlier passage is in the current draft (offsets into its text); None for a
    # document-level finding that no longer fires, or a passage that was deleted.
    span: tuple[int, int] | None


@dataclass(frozen=True)
class RoundComparison:
    previous: StoredReview
    text: str  # the current draft's text
    identical: bool
    unchanged_ratio: float  # share of the previous draft's characters still in this one
    matches: tuple[FindingMatch, ...]  # one per earlier finding
    new: tuple[Finding, ...]  # current findings with no earlier counterpart

    def _with(self, status: Status) -> list[FindingMatch]:
        return [m for m in self.matches if m.status == status]

    @property
    def resolved(self) -> list[FindingMatch]:
        return self._with("resolved")

    @property
    def unrevised(self) -> list[FindingMatch]:
        return self._with("unrevised")

    @property
    def changed(self) -> list[FindingMatch]:
        return self._with("changed")

    def counts(self) -> dict[str, int]:
        return {"resolved": len(self.resolved), "unrevised": len(self.unrevised),
                "changed": len(self.changed), "new": len(self.new)}


def _pieces(text: str) -> list[str]:
    ends = [m.end() for m in _PIECE_END.finditer(text)]
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    starts = [0, *ends[:-1]]
    return [text[s:e] for s, e in zip(starts, ends, strict=True) if e > s]


def _offsets(pieces: list[str]) -> list[int]:
    out = [0]
    for p in pieces:
        out.append(out[-1] + len(p))
    return out


def _anchors(a: str, b: str) -> list[tuple[int, int]]:
    """(i, j) where a[i:i+ANCHOR] == b[j:j+ANCHOR] and that stretch occurs once on each side,
    the longest chain ascending in both (patience diff)."""
    def unique(s: str) -> dict[str, int]:
        seen: dict[str, int] = {}
        for i in range(len(s) - ANCHOR + 1):
            g = s[i:i + ANCHOR]
            seen[g] = -1 if g in seen else i
        return seen

    ua, ub = unique(a), unique(b)
    pairs = sorted((i, ub[g]) for g, i in ua.items() if i >= 0 and ub.get(g, -1) >= 0)
    # Longest increasing subsequence of j, with back links to recover it.
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        back.append(tail_at[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
    chain = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _char_blocks(a: str, b: str) -> list[tuple[int, int, int]]:
    """Equal runs of at least MIN_RUN characters between two edited stretches. Unique
    stretches pin the alignment first, so SequenceMatcher only sees the short gaps between
    them: on a draft where every sentence was touched (a global replace) it would otherwise
    compare the whole text character by character."""
    blocks: list[tuple[int, int, int]] = []
    i = j = 0
    for ai, bj in [*_anchors(a, b), (len(a), len(b))]:
        if ai < i or bj < j:  # inside the run just taken
            continue
        while ai > i and bj > j and a[ai - 1] == b[bj - 1]:
            ai, bj = ai - 1, bj - 1
        gap = SequenceMatcher(None, a[i:ai], b[j:bj], autojunk=False)
        blocks.extend((i + x, j + y, n) for x, y, n in gap.get_matching_blocks() if n >= MIN_RUN)
        n = 0
        while ai + n < len(a) and bj + n < len(b) and a[ai + n] == b[bj + n]:
            n += 1
        if n >= MIN_RUN:  # an anchor's run always is; the end-of-text sentinel's may not be
            blocks.append((ai, bj, n))
        i, j = ai + n, bj + n
    return blocks


def align(a: str, b: str) -> list[tuple[int, int, int]]:
    """Runs of equal text as (offset in a, offset in b, length), ascending in both.

    Sentences first, then characters inside the stretches where sentences differ: a plain
    character-level SequenceMatcher takes seconds on a 20k-character draft.
    """
    pa, pb = _pieces(a), _pieces(b)
    oa, ob = _offsets(pa), _offsets(pb)
    blocks: list[tuple[int, int, int]] = []
    # Very short pieces (empty lines, a lone "；") recur hundreds of times; as junk they only
    # extend matches instead of seeding thousands of candidate ones.
    pieces = SequenceMatcher(lambda p: len(p.strip()) < MIN_RUN, pa, pb, autojunk=False)
    for tag, i1, i2, j1, j2 in pieces.get_opcodes():
        a0, a1, b0, b1 = oa[i1], oa[i2], ob[j1], ob[j2]
        if tag == "equal":
            blocks.append((a0, b0, a1 - a0))
        elif tag == "replace":
            blocks.extend((a0 + i, b0 + j, n) for i, j, n in _char_blocks(a[a0:a1], b[b0:b1]))
    return blocks


class _Map:
    """Offsets of the previous text mapped into the current one through the alignment."""

    def __init__(self, blocks: list[tuple[int, int, int]], b_len: int):
        self.blocks = blocks
        self.a_starts = [a for a, _, _ in blocks]
        self.b_len = b_len

    def _gap(self, k: int) -> tuple[int, int]:
        """The current text's stretch between block k and block k + 1 (k = -1: the start)."""
        left = self.blocks[k][1] + self.blocks[k][2] if k >= 0 else 0
        right = self.blocks[k + 1][1] if k + 1 < len(self.blocks) else self.b_len
        return left, right

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Current [start, end) of previous [start, end): exact inside unchanged runs, and the
        whole replacement where an edge falls in an edited stretch."""
        k = bisect_right(self.a_starts, start) - 1
        a, b, n = self.blocks[k] if k >= 0 else (0, 0, 0)
        new_start = b + start - a if k >= 0 and start < a + n else self._gap(k)[0]
        if end <= start:
            return new_start, new_start
        k = bisect_right(self.a_starts, end - 1) - 1
        a, b, n = self.blocks[k] if k >= 0 else (0, 0, 0)
        new_end = b + end - a if k >= 0 and end - 1 < a + n else self._gap(k)[1]
        return new_start, max(new_start, new_end)

    def kept(self, start: int, end: int) -> int:
        """Characters of previous [start, end) that are unchanged in the current text."""
        total = 0
        k = max(bisect_right(self.a_starts, start) - 1, 0)
        for a, _, n in self.blocks[k:]:
            if a >= end:
                break
            total += max(0, min(end, a + n) - max(start, a))
        return total


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> int:
    return min(x[1], y[1]) - max(x[0], y[0])


def _moved(text: str, passage: str, near: int) -> tuple[int, int] | None:
    """The occurrence of `passage` in `text` closest to `near`, if it is long enough to
    trust a verbatim hit."""
    if len(passage) < MIN_MOVED_QUOTE:
        return None
    hits = []
    i = text.find(passage)
    while i >= 0:
        hits.append(i)
        i = text.find(passage, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(passage)


def compare(previous: StoredReview, current_text: str,
            current_findings: list[Finding]) -> RoundComparison:
    """Pair the previous round's findings with this draft's: each earlier finding is
    `resolved` (its rule no longer fires there), `unrevised` (the rule still fires and the
    flagged passage is unchanged — for a document-level finding, the rule still fires) or
    `changed` (the passage was edited but the rule still fires on it)."""
    old, cur = previous.text, current_text
    blocks = align(old, cur)
    mapping = _Map(blocks, len(cur))
    if old:
        ratio = sum(n for _, _, n in blocks) / len(old)
    else:
        ratio = 1.0 if not cur else 0.0

    # Earlier `unrevised` findings were derived from other findings, which are paired
    # themselves; pairing the derived ones too would report every comment twice.
    earlier = [f for f in previous.findings if f.category != "unrevised"]
    current = [f for f in current_findings if f.category != "unrevised"]
    free = set(range(len(current)))

    def pick(rule: str, region: tuple[int, int]) -> Finding | None:
        """The free current finding of `rule` on a passage overlapping `region` most."""
        best = max((k for k in sorted(free) if current[k].rule == rule and current[k].quote
                    and _overlap((current[k].start, current[k].end), region) > 0),
                   key=lambda k: _overlap((current[k].start, current[k].end), region),
                   default=None)
        if best is None:
            return None
        free.discard(best)
        return current[best]

    matches: dict[int, FindingMatch] = {}
    passages: dict[int, tuple[tuple[int, int], bool]] = {}
    for i, f in enumerate(earlier):
        if f.quote:
            region = mapping.span(f.start, f.end)
            kept = mapping.kept(f.start, f.end)
            edits = (f.end - f.start - kept) + (region[1] - region[0] - kept)
            passages[i] = region, edits <= max(2, NEAR_VERBATIM_EDITS * (f.end - f.start))
    # Each passage where it is now, or what replaced it.
    for i, (region, unchanged) in passages.items():
        if found := pick(earlier[i].rule, region):
            matches[i] = FindingMatch("unrevised" if unchanged else "changed", earlier[i],
                                      found, region)
    # Then passages moved elsewhere verbatim, once every passage in place has its finding,
    # so a sentence the draft has twice cannot take its twin's.
    for i, (region, unchanged) in passages.items():
        if i in matches:
            continue
        f = earlier[i]
        moved = None if unchanged else _moved(cur, old[f.start:f.end], region[0])
        if moved and (found := pick(f.rule, moved)):
            matches[i] = FindingMatch("unrevised", f, found, moved)
        else:
            matches[i] = FindingMatch("resolved", f, None, region if region[1] > region[0] else None)
    # A document-level finding (a missing part, too few items) is unrevised while its rule
    # still fires anywhere; pair it with the one anchored nearest its old anchor.
    for i, f in enumerate(earlier):
        if f.quote:
            continue
        anchor = mapping.span(f.start, f.start)[0]
        k = min((k for k in sorted(free) if current[k].rule == f.rule and not current[k].quote),
                key=lambda k: abs(current[k].start - anchor), default=None)
        if k is None:
            matches[i] = FindingMatch("resolved", f, None, None)
        else:
            free.discard(k)
            matches[i] = FindingMatch("unrevised", f, current[k], (current[k].start, current[k].end))

    return RoundComparison(
        previous=previous,
        text=current_text,
        identical=old == cur,
        unchanged_ratio=ratio,
        matches=tuple(matches[i] for i in range(len(earlier))),
        new=tuple(current[k] for k in sorted(free)),
    )


def unrevised_findings(comparison: RoundComparison) -> list[Finding]:
    """One `unrevised` finding per earlier comment whose passage came back untouched,
    anchored on that passage in the current draft and quoting the earlier comment."""
    round_name = comparison.previous.round
    out = []
    for m in comparison.unrevised:
        start, end = m.span  # an unrevised finding always has one
        if m.previous.quote:
            quote = comparison.text[start:end]
            where = "此处原文未改动"
        else:
            quote = ""
            where = "本稿仍存在此问题"
        out.append(Finding(
            rule=UNREVISED_RULE, category="unrevised", dimension="轮次", severity="warning",
            message=f"上轮意见未修改：“{m.previous.message}”（{round_name}已提出，{where}）",
            quote=quote, start=start, end=end,
            suggestion=m.previous.suggestion or "请对照上轮意见修改后再报送，不能原样重报。",
        ))
    return out


_CN_NUM = "一二三四五六七八九十"
_REVISION = re.compile(
    "|".join([
        r"\d{4}[-.年/]\d{1,2}[-.月/]\d{1,2}日?",  # 2023-10-15, 2023年10月15日
        r"(?<!\d)20\d{6}(?!\d)",  # 20231015
        rf"第[\d{_CN_NUM}]+[稿版轮]",
        rf"[\d{_CN_NUM}]+稿",
        r"(?:最终|修改|修订|修正|送审|征求意见|初|定|终|改)[稿版]",
        r"最新版?|终版|副本",
        r"(?<![a-z])v(?:er)?\d+(?:\.\d+)*",
        r"[_\-\s]+改$",
        r"(?:修改|修订|最终)$",
        r"\(\d+\)$",
    ])
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|【\s*】")
_EDGE = " _-—–~.·"


def same_draft_key(filename: str) -> str:
    """The file stem without revision markers, so a unit's renamed resubmission pairs with
    its earlier draft: "河口镇实施方案（修改稿）v2.docx" and "河口镇实施方案.docx" give the same key."""
    # NFKC folds full-width brackets, digits and letters (（修改稿）, Ｖ２) to the ASCII forms
    # the patterns expect.
    key = unicodedata.normalize("NFKC", PurePath(filename).stem).lower()
    while True:
        stripped = _EMPTY_BRACKETS.sub("", _REVISION.sub("", key)).strip(_EDGE)
        if stripped == key:
            return key
        key = stripped
