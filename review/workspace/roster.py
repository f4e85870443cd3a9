"""units.csv: the units the team oversees, and matching a file's unit name to them.

Excel on a Chinese Windows saves CSV as GBK, so the roster is read as UTF-8 (with or
without BOM) and then GB18030. Categories and levels may be given as ids or in Chinese.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from review.categories import LEVELS, UNIT_CATEGORIES
from review.errors import ConfigError
from review.model import Unit
from review.nlp.lexicon import per_object

HEADER = ["单位名称", "别名", "类别", "层级"]

_CATEGORY_WORDS = {
    "town": ["镇", "街道", "乡"],
    "village": ["村", "社区"],
    "agency": ["机关", "事业"],
    "private_org": ["非公", "社会组织"],
    "soe": ["国有", "国企"],
    "education": ["教育"],
    "health": ["卫健", "卫生"],
}
_LEVEL_WORDS = {
    "county_leadership": ["县处级"],
    "section_leadership": ["科级"],
    "branch": ["支部"],
    "individual": ["个人", "党员"],
}


def _lookup(value: str, ids: dict[str, str], words: dict[str, list[str]]) -> str | None:
    value = value.strip()
    if not value:
        return None
    if value in ids:
        return value
    for key, label in ids.items():
        if value == label:
            return key
    for key, ws in words.items():
        if any(w in value for w in ws):
            return key
    return "?"


def read_roster(path: Path) -> list[Unit]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(f"{path.name} 的编码无法识别，请用 Excel“另存为 CSV UTF-8”后重试。")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [c.strip() for c in rows[0][:4]] != HEADER:
        raise ConfigError(f"{path.name} 第 1 行应为表头：{','.join(HEADER)}。请按此表头修改。")
    units: list[Unit] = []
    for line_no, row in enumerate(rows[1:], start=2):
        row = [c.strip() for c in row] + [""] * (4 - len(row))
        if not any(row):
            continue
        name, aliases, category, level = row[:4]
        if not name:
            raise ConfigError(f"{path.name} 第 {line_no} 行缺少单位名称，请补全或删除该行。")
        cat = _lookup(category, UNIT_CATEGORIES, _CATEGORY_WORDS)
        lvl = _lookup(level, LEVELS, _LEVEL_WORDS)
        if cat == "?":
            raise ConfigError(
                f"{path.name} 第 {line_no} 行（{name}）的类别“{category}”无法识别，应为 "
                + "、".join(f"{k}（{v}）" for k, v in UNIT_CATEGORIES.items()) + " 之一。"
            )
        if lvl == "?":
            raise ConfigError(
                f"{path.name} 第 {line_no} 行（{name}）的层级“{level}”无法识别，应为 "
                + "、".join(f"{k}（{v}）" for k, v in LEVELS.items()) + " 之一。"
            )
        alias_list = [a.strip() for a in re.split(r"[;；]", aliases) if a.strip()]
        units.append(Unit(name=name, aliases=alias_list, category=cat, level=lvl))
    return units


_PARTY_AFFIXES = re.compile(
    r"^(?:中国共产党|中共)|(?:党委|党工委|党总支|党支部|党组|总支部?|支部|委员会|党委会)+$"
)
_NOISE = re.compile(r"[\s　（）()《》“”\"'·・]")


def unit_key(name: str) -> str:
    """A name with party-organization prefixes/suffixes and spacing removed, so that
    "中共河口镇委员会"、"河口镇党委" and "河口镇" compare equal."""
    key = _NOISE.sub("", name)
    previous = None
    while previous != key:
        previous, key = key, _PARTY_AFFIXES.sub("", key)
    return key or _NOISE.sub("", name)


def match_unit(candidate: str, units: list[Unit]) -> Unit | None:
    """The roster unit named by `candidate` (a folder name or a file-name prefix)."""
    found = _keys_of(units).get(unit_key(candidate))
    return None if found is None else units[found]


# One tuple per roster list, every unit's name and aliases: the name finders key their
# compiled patterns by its identity.
roster_names = per_object(lambda units: tuple(n for u in units for n in (u.name, *u.aliases)))


# By the roster list's identity first: a batch passes the same list for every draft, and
# gathering its names to look the keys up took 1.3 ms a call for 7,478 units.
_keys_of = per_object(lambda units: _by_key(tuple((u.name, *u.aliases) for u in units)))


@lru_cache(maxsize=8)
def _by_key(names: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    """unit_key of every name -> position of the first unit holding it. Kept per roster: a
    batch matches every draft's unit, and keying a county roster afresh each time cost
    more than the rest of finding the drafts."""
    keys: dict[str, int] = {}
    for i, unit_names in enumerate(names):
        for name in unit_names:
            keys.setdefault(unit_key(name), i)
    return keys


def find_unit_in(text: str, units: list[Unit]) -> Unit | None:
    """The roster unit whose name or alias starts `text` (a file name with no separator),
    preferring the longest name so "县委办公室" wins over "县委"."""
    best: tuple[int, Unit] | None = None
    for unit in units:
        for name in [unit.name, *unit.aliases]:
            for form in {name, unit_key(name)}:
                if form and text.startswith(form) and (best is None or len(form) > best[0]):
                    best = (len(form), unit)
    return best[1] if best else None


# Name endings that tell a unit's category when it is not in the roster, most specific first.
_NAME_ENDINGS = [
    ("health", ("医院", "卫生院", "卫健局", "卫生健康局", "疾控中心", "妇幼保健院")),
    ("education", ("中学", "小学", "学校", "幼儿园", "学院", "教育局")),
    ("village", ("村", "社区", "居委会")),
    ("town", ("镇", "乡", "街道", "街道办事处")),
    ("soe", ("集团", "国有", "投资公司")),
    ("private_org", ("有限公司", "有限责任公司", "协会", "商会")),
    ("agency", ("局", "委", "办", "办公室", "中心", "院", "所", "部")),
]


def guess_category(name: str) -> str | None:
    """A category for a unit missing from the roster, from how its name ends."""
    key = unit_key(name)
    for category, endings in _NAME_ENDINGS:
        if key.endswith(endings):
            return category
    return None
