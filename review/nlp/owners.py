"""Owners: who a rectification item or a measure names as responsible (整改四有's 责任).

`find_owners` reads an owner cell ("党委书记张明", "李四、王五", "财务科") or a clause inside
a sentence ("由党委书记张明牵头，办公室具体负责") and returns the owners it names, each one
a span of the text with a kind:

- ``role``: a position (党委书记, 分管领导, 班子成员, 副镇长, 各科室负责人);
- ``person``: a 2–3 character name written next to a role, before 同志, between 由 and
  牵头/负责, or as a cell of names ("李四、王五", "张明（党委书记）");
- ``department``: an office or organ of the unit (财务科, 党建办, 便民服务中心, 党委, 工会) or a
  whole group of it (各党支部, 各科室, 全体党员);
- ``unit``: a roster name from `unit_names`, or a named place or organisation (河口镇党委,
  石桥村, 黄河化工有限公司);
- ``vague``: words that sound like an owner but name nobody (相关部门, 有关单位, 责任部门,
  各相关方面, 责任人, 全体).

Decision on vague owners: reviewers send back "相关部门" as they send back an empty cell, so
`names_owner` is False when only vague owners are found. They are still returned (kind
``vague``) so a check can say "责任主体笼统" rather than "没有责任主体". A vague word used as
a field label ("责任单位：党政办") is not an owner. Cells like "", "无", "/", "—", "待定"
give no owners at all.

How: candidates of every kind are collected, then the longest wins where they overlap
(ties: unit, vague, role, department), so "校长办公室" is one department, "党委书记" one
role and "河口镇党委书记" a unit and a role. Names are accepted only where the context says
they are names (after a role, before 同志, alone between separators and not an ordinary
word), with a common-surname list; jieba's ``nr`` tag is not used, since it calls 文明, 高明
and 严肃查处 names. Department and unit names are cut on the left at jieba word boundaries:
the name is the run of noun-like words before the suffix (财务|科, 由|党委|办公室). Words
come from jieba.cut and their tags from jieba's dictionary: jieba.posseg.cut would tag in
context but costs about a millisecond a sentence, several times the rest of this module.
Word lists are in rules/lexicon/roles.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from review.nlp.lexicon import alternation, load_lexicon, per_object
from review.nlp.tokens import segmenter

OwnerKind = Literal["role", "person", "department", "unit", "vague"]


@dataclass(frozen=True)
class Owner:
    start: int
    end: int
    text: str
    kind: OwnerKind


_PRIORITY = {"unit": 0, "vague": 1, "role": 2, "department": 3, "person": 4}
# Where a name or an owner phrase ends: separators of a cell of owners.
_SEPARATORS = "、，,；;：:/／|｜（）()[]【】 \t\n—-－。"
_SPLIT = re.compile("[" + re.escape(_SEPARATORS) + "]+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# Level words a role or an organ may carry in front (村党支部书记, 镇党委).
_LEVELS = ("镇", "乡", "村", "县", "市", "区", "校", "院", "局", "公司", "机关", "社区")
_ROLE_LEVELS = ("镇", "乡", "村", "县", "市", "区", "社区")
_NAMELIKE_FLAGS = ("n", "j", "vn", "b", "an", "zg")
_GLUE = set("由报经将把被对在是和与及的了等交送至从")
_NOT_GIVEN_NAME = ("v", "p", "d", "c", "u", "r", "m")  # 边|整改, 边|对照: not 边 + a given name
_HEAD_FLAGS = ("n", "j", "l")  # a word ending in a department suffix; "nr" is excluded below
_MAX_STEM = 10
_MAX_COMMON_NAME_FREQ = 500  # jieba words at least this frequent are ordinary words, not names


@dataclass(frozen=True)
class _Lexicon:
    roles: re.Pattern
    department_words: re.Pattern
    collectives: re.Pattern
    vague: re.Pattern
    department_suffixes: tuple[str, ...]
    suffix_ends: frozenset[str]
    not_departments: frozenset[str]
    department_stops: frozenset[str]
    place_suffixes: re.Pattern
    unit_bodies: re.Pattern
    organ_suffixes: re.Pattern
    organ_words: tuple[str, ...]
    not_places: frozenset[str]
    not_place_stems: tuple[str, ...]
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    followers: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    lex = load_lexicon("roles.yaml")
    prefixes = alternation(lex["role_prefixes"] + list(_ROLE_LEVELS))
    not_before = alternation(lex["role_not_before"])
    levels = alternation(_LEVELS)
    return _Lexicon(
        # Lookahead so every start position yields its longest role: "党委书记" and "书记".
        roles=re.compile(rf"(?=((?:{prefixes})?(?:{alternation(lex['roles'])})(?!{not_before})))"),
        department_words=re.compile(rf"(?:{levels})?(?:{alternation(lex['department_words'])})"),
        collectives=re.compile(alternation(lex["collectives"])),
        vague=re.compile(rf"(?:{alternation(lex['vague'])})(?![：:])"),
        department_suffixes=tuple(sorted(lex["department_suffixes"], key=len, reverse=True)),
        suffix_ends=frozenset(s[-1] for s in lex["department_suffixes"]),
        not_departments=frozenset(lex["not_departments"]),
        department_stops=frozenset(lex["department_stops"]),
        place_suffixes=re.compile(alternation(lex["place_suffixes"])),
        unit_bodies=re.compile(alternation(lex["unit_bodies"])),
        organ_suffixes=re.compile(alternation(lex["organ_suffixes"])),
        organ_words=tuple(lex["organ_suffixes"]),
        not_places=frozenset(lex["not_places"]),
        not_place_stems=tuple(lex["not_place_stems"]),
        surnames=frozenset(re.sub(r"\s", "", lex["surnames"])),
        compound_surnames=tuple(lex["compound_surnames"]),
        followers=tuple(sorted(lex["name_followers"], key=len, reverse=True)),
    )


@lru_cache(maxsize=1)
def _jieba():
    """jieba, and the part of speech of each word of its dictionary."""
    jieba = segmenter()
    # Read as jieba.posseg reads it ("word freq tag" lines), in one pass over the file:
    # importing jieba.posseg reads it line by line, and initialising it reads it again,
    # 1.7 s of every batch's start.
    with jieba.dt.get_dict_file() as f:
        lines = f.read().decode("utf-8").splitlines()
    tags = {}
    for line in lines:
        parts = line.split(" ")
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return jieba, tags


def _tag(word: str) -> str:
    """jieba's part of speech for a dictionary word; words jieba's HMM made up ('nz').

    Looking tags up is much cheaper than jieba.posseg.cut, whose tagging HMM costs about a
    millisecond a sentence; the words themselves come from jieba.cut."""
    jieba, tags = _jieba()
    tag = jieba.dt.user_word_tag_tab.get(word) or tags.get(word)
    if tag:
        return tag
    # A word jieba's HMM made up: a proper name (柳溪, 综治) unless it glued a function
    # character to one ("由局", "一是").
    return "nz" if _HAN.fullmatch(word) and not set(word) & _GLUE else "x"


@dataclass(frozen=True, eq=False)
class _Roster:
    """A roster's names as one object, the same for equal rosters (`_roster_of`), hashed and
    compared by identity: the caches below are asked once per sentence, and hashing a
    county's 22,000 names each time took longer than finding the owners."""

    names: tuple[str, ...]


_roster_of = per_object(lru_cache(maxsize=8)(_Roster))


@lru_cache(maxsize=8)
def _roster(roster: _Roster) -> re.Pattern | None:
    names = [n.strip() for n in roster.names if len(n.strip()) >= 2]
    if not names:
        return None
    organs = alternation(_lexicon().organ_words)
    return re.compile(rf"(?:中共)?(?:{alternation(names)})(?:{organs})?")


class _Tokens:
    """jieba words of the text with their offsets, for cutting names on word boundaries."""

    def __init__(self, text: str):
        jieba, _ = _jieba()
        self.text = text
        self.words: list[tuple[str, str, int, int]] = []
        pos = 0
        for word in jieba.cut(text):
            self.words.append((word, _tag(word), pos, pos + len(word)))
            pos += len(word)
        self.starts = [w[2] for w in self.words]

    def index_at(self, pos: int) -> int:
        """Index of the word containing character `pos`."""
        return bisect_right(self.starts, pos) - 1

    def is_boundary(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return pos == 0 or (0 <= i < len(self.words) and self.words[i][2] == pos) or pos >= self.end

    @property
    def end(self) -> int:
        return self.words[-1][3] if self.words else 0

    def stem_start(self, pos: int, stops: frozenset[str]) -> int:
        """Start of the run of noun-like words that ends at `pos` (the name before a suffix).

        The word holding `pos` contributes its part before `pos` ("财务" of 财务科)."""
        i = self.index_at(pos)
        start = pos
        if 0 <= i < len(self.words) and self.words[i][2] < pos:
            if not self.words[i][1].startswith(_NAMELIKE_FLAGS):
                return pos  # "报村": no name before 村
            start = self.words[i][2]
            i -= 1
        elif 0 <= i < len(self.words):
            i -= 1
        while i >= 0 and pos - self.words[i][2] <= _MAX_STEM:
            word, flag, s, _ = self.words[i]
            if word in stops or not _HAN.fullmatch(word) or not flag.startswith(_NAMELIKE_FLAGS):
                break
            if word[0] in _GLUE:  # 街道和县|政务中心: a name does not run across 和
                start = s + 1
                break
            start = s
            i -= 1
        # A verbal noun or a function character opens no name: 运用|县融媒体中心, 和|县政务中心.
        while start < pos:
            j = self.index_at(start)
            if self.words[j][1] == "vn":
                start = self.words[j][3]
            elif self.text[start] in _GLUE:
                start += 1
            else:
                break
        return start


def _candidates(text: str, roster: _Roster) -> list[Owner]:
    lex = _lexicon()
    found: list[Owner] = []

    def add(start: int, end: int, kind: OwnerKind) -> None:
        if end > start:
            found.append(Owner(start, end, text[start:end], kind))

    for m in lex.roles.finditer(text):
        add(m.start(1), m.end(1), "role")
    for m in lex.vague.finditer(text):
        add(m.start(), m.end(), "vague")
    for m in lex.collectives.finditer(text):
        add(m.start(), m.end(), "department")
    if not _HAN.search(text):
        return found
    tokens = _Tokens(text)
    for m in lex.department_words.finditer(text):
        if tokens.is_boundary(m.end()):  # not 党组 of 党组织
            add(m.start(), m.end(), "department")
    names = _roster(roster)
    if names is not None:
        for m in names.finditer(text):
            add(m.start(), m.end(), "unit")
    found += _departments(text, tokens)
    found += _units(text, tokens)
    return found


def _departments(text: str, tokens: _Tokens) -> list[Owner]:
    lex = _lexicon()
    out = []
    for word, flag, _, end in tokens.words:
        if not _HAN.fullmatch(word) or {word, word[-2:], word[-3:]} & lex.not_departments:
            continue
        if word[-1] not in lex.suffix_ends:
            continue
        suffix = next((s for s in lex.department_suffixes if word.endswith(s)), None)
        if suffix is None:
            continue
        if len(word) > len(suffix) and (not flag.startswith(_HEAD_FLAGS) or flag == "nr"):
            continue  # 督办, 严肃查处: verbs (or words jieba takes for names) ending like a department
        i = tokens.index_at(end - 1)
        if len(word) == 1 and i > 0 and tokens.words[i - 1][0].startswith(word):
            continue  # 所思所想所盼
        s = tokens.stem_start(end - len(suffix), lex.department_stops)
        if s > 0 and text[s - 1] == "各":
            s -= 1
        if s == end - len(suffix):
            continue  # a bare suffix (中心, 科室) names no department
        if suffix == "中心" and text.startswith(("工作", "任务", "环节"), end):
            continue  # 县委县政府中心工作
        out.append(Owner(s, end, text[s:end], "department"))
    return out


def _units(text: str, tokens: _Tokens) -> list[Owner]:
    lex = _lexicon()
    out = []
    for pattern, min_stem in ((lex.place_suffixes, 2), (lex.unit_bodies, 1)):
        for m in pattern.finditer(text):
            if not (tokens.is_boundary(m.end()) or lex.organ_suffixes.match(text, m.end())
                    or lex.roles.match(text, m.end())):
                continue  # 村 of 村民, 镇 of 镇长; but 医院 of 医院院长
            s = tokens.stem_start(m.start(), lex.department_stops)
            stem = text[s:m.start()]
            if (len(stem) < min_stem or stem[0] in "各全本该我每此" or text[s:m.end()] in lex.not_places
                    or stem.startswith(lex.not_place_stems)):
                continue
            end = m.end()
            organ = lex.organ_suffixes.match(text, end)
            if organ:
                end = organ.end()
            out.append(Owner(s, end, text[s:end], "unit"))
    return out


def _surname_len(text: str, pos: int) -> int:
    lex = _lexicon()
    for c in lex.compound_surnames:
        if text.startswith(c, pos):
            return len(c)
    return 1 if pos < len(text) and text[pos] in lex.surnames else 0


def _is_name(name: str, *, strict: bool) -> bool:
    """A 2–3 character (3–4 with a compound surname) name. Strict: also not an ordinary word."""
    n = _surname_len(name, 0)
    if not n or not _HAN.fullmatch(name) or not 1 <= len(name) - n <= 2:
        return False
    if any(c in "的了是在和与及等各全负牵人员长记委部科办室所处局组队" for c in name[n:]):
        return False
    if name[-1] in "院校司会站心镇乡村区县市厂馆社":
        return False  # 卫生院, 石油公司: organisations, not people
    given = name[n:]
    if len(given) == 2 and _tag(given).startswith(_NOT_GIVEN_NAME) and _tag(name) not in ("nr", "nrfg"):
        return False
    if strict:
        jieba, _ = _jieba()
        if jieba.dt.FREQ.get(name, 0) >= _MAX_COMMON_NAME_FREQ:
            return False
    return True


def _name_after(text: str, pos: int) -> int:
    """End of a name starting at `pos` right after a role, or -1."""
    n = _surname_len(text, pos)
    if not n:
        return -1
    followers = _lexicon().followers
    for length in (n + 1, n + 2):
        end = pos + length
        if end > len(text) or not _is_name(text[pos:end], strict=False):
            continue
        rest = text[end:]
        if not rest or rest[0] in _SEPARATORS or rest.startswith(followers):
            return end
    return -1


def _persons(text: str, others: list[Owner]) -> list[Owner]:
    taken = [(o.start, o.end) for o in others]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    out: list[Owner] = []
    seen: set[tuple[int, int]] = set()

    def add(s: int, e: int) -> None:
        if (s, e) not in seen and free(s, e):
            seen.add((s, e))
            out.append(Owner(s, e, text[s:e], "person"))

    # After a role: "党委书记张明牵头", "副镇长刘芳、".
    for o in others:
        if o.kind == "role":
            e = _name_after(text, o.end)
            if e > 0:
                add(o.end, e)
    # After 由/请 and before 牵头/负责…: "由张明负责" (not an ordinary word: "由文明…").
    for m in re.finditer("交由|责成|由|请", text):
        e = _name_after(text, m.end())
        if e > 0 and _is_name(text[m.end():e], strict=True):
            add(m.end(), e)
    # Before 同志: "张明同志", "王建国同志".
    for m in re.finditer("同志", text):
        for length in (4, 3, 2):
            s = m.start() - length
            if s >= 0 and _is_name(text[s:m.start()], strict=False) and (
                s == 0 or text[s - 1] in _SEPARATORS or not _surname_len(text, s - 1)
            ):
                if free(s, m.start()):
                    add(s, m.start())
                    break
    # Alone between separators, opening a clause or before a role: "李四、王五", "李四配合",
    # "张明（党委书记）", "张明书记".
    pos = 0
    for piece in _SPLIT.split(text):
        start = text.index(piece, pos) if piece else pos
        pos = start + len(piece)
        if not piece:
            continue
        if _is_name(piece, strict=True):
            add(start, start + len(piece))
            continue
        e = _name_after(text, start)  # "，李四配合"
        if e > 0 and _is_name(text[start:e], strict=True):
            add(start, e)
        for o in others:
            if o.kind == "role" and start < o.start < pos and o.end == pos:
                if _is_name(text[start:o.start], strict=True):
                    add(start, o.start)
    return out


def _resolve(candidates: list[Owner], text: str) -> list[Owner]:
    chosen: list[Owner] = []
    order = sorted(candidates, key=lambda o: (-(o.end - o.start), _PRIORITY[o.kind], o.start))
    for o in order:
        if all(o.end <= c.start or o.start >= c.end for c in chosen):
            chosen.append(o)
    chosen.sort(key=lambda o: o.start)
    # A role of a vague owner is as vague: "相关部门负责人", "有关单位主要负责人".
    merged: list[Owner] = []
    for o in chosen:
        last = merged[-1] if merged else None
        if last and last.kind == "vague" and o.kind == "role" and last.end == o.start:
            merged[-1] = Owner(last.start, o.end, text[last.start:o.end], "vague")
        else:
            merged.append(o)
    return merged


@lru_cache(maxsize=2048)
def _find(text: str, roster: _Roster) -> tuple[Owner, ...]:
    if not text.strip():
        return ()
    others = _resolve(_candidates(text, roster), text)
    return tuple(_resolve(others + _persons(text, others), text))


def find_owners(text: str, unit_names: Sequence[str] = ()) -> list[Owner]:
    """The owners `text` names, in text order (see the module docstring)."""
    return list(_find(text, _roster_of(tuple(unit_names))))


def names_owner(text: str, unit_names: Sequence[str] = ()) -> bool:
    """True if `text` names at least one owner that is not vague (相关部门 alone is not one)."""
    return any(o.kind != "vague" for o in _find(text, _roster_of(tuple(unit_names))))
