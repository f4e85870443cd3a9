"""The generated roster: unit names across all seven categories and four levels, each with
the facts the doc-type building blocks fill in (party organisation, 主责主业, issues,
sites, leaders), borrowed per category from corpus/doctypes/make.py.

Names are built from syllables that do not occur in the campaign's wording, because the
copy detection masks every roster name (and its key without party affixes) in every text:
a unit called 新安村 would mask 新安 wherever a draft writes it.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from review.bench.batch.corpus import doctype_make

FIRST = "青白石龙凤金银桃柳杨松柏梅兰竹乐永福康泰霞丰枫桂槐杏芦苇蒲荷菱莲鹤燕鹿"
SECOND = "坪溪桥湾坝岭沟塘庄港渡洲峰冈苑亭垭滩岗铺埠堡圩"
MIDDLE = "上下前后东西中大小北南"

CATEGORY_WEIGHTS = {"town": 10, "village": 35, "agency": 20, "private_org": 10, "soe": 7,
                    "education": 11, "health": 7}
LEVEL_WEIGHTS = {
    "town": {"section_leadership": 8, "branch": 2},
    "village": {"branch": 8, "individual": 2},
    "agency": {"section_leadership": 6, "county_leadership": 2, "branch": 1, "individual": 1},
    "private_org": {"branch": 9, "individual": 1},
    "soe": {"section_leadership": 6, "county_leadership": 3, "branch": 1},
    "education": {"branch": 6, "section_leadership": 3, "individual": 1},
    "health": {"section_leadership": 6, "branch": 3, "individual": 1},
}
DEPARTMENTS = ("财政局", "民政局", "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "水利局",
               "农业农村局", "商务局", "文化和旅游局", "统计局", "审计局", "司法局", "应急管理局",
               "生态环境局", "自然资源局", "市场监督管理局", "林业局", "医疗保障局", "退役军人事务局",
               "信访局", "科学技术局", "发展和改革局", "卫生健康局", "教育局")
COMPANIES = ("机械制造有限公司", "食品有限公司", "物流有限公司", "建材有限公司", "纺织有限公司",
             "电子科技有限公司", "农业科技有限公司", "商贸有限公司")
STATE_FIRMS = ("城市建设投资集团有限公司", "交通建设投资有限公司", "水务投资集团有限公司",
               "农业发展有限公司", "国有资产经营有限公司", "文化旅游发展集团有限公司")
CN_DIGITS = "一二三四五六七八九"
# ending -> (how the text names the organisation, self-reference, scope, formal
# organisation, the party body's suffix for the short alias)
FORMS = {
    "镇": ("镇党委", "我镇", "全镇", "中共{}委员会", "党委"),
    "乡": ("乡党委", "我乡", "全乡", "中共{}委员会", "党委"),
    "街道": ("街道党工委", "街道", "全街道", "中共{}工作委员会", "党工委"),
    "村": ("村党支部", "我村", "全村", "中共{}支部委员会", "党支部"),
    "社区": ("社区党委", "社区", "全社区", "中共{}委员会", "党委"),
    "局": ("局党组", "我局", "全局", "中共{}党组", "党组"),
    "学": ("学校党支部", "我校", "全校", "中共{}支部委员会", "党支部"),
    "院": ("院党委", "我院", "全院", "中共{}委员会", "党委"),
    "中心": ("中心党支部", "中心", "全中心", "中共{}支部委员会", "党支部"),
    "司": ("公司党委", "公司", "全公司", "中共{}委员会", "党委"),
    "所": ("所党支部", "本所", "全所", "中共{}支部委员会", "党支部"),
}
MEMBERS = {"town": (200, 700), "village": (20, 160), "agency": (30, 160), "private_org": (8, 40),
           "soe": (30, 200), "education": (20, 100), "health": (25, 320)}


@dataclass(frozen=True)
class BenchUnit:
    name: str
    aliases: tuple[str, ...]
    category: str
    level: str
    facts: object  # make.Unit: what the building blocks fill in


def _places(rng: random.Random) -> Iterator[str]:
    """Unique two-character place names, then three-character ones once those run out."""
    two = [a + b for a in FIRST for b in SECOND]
    rng.shuffle(two)
    yield from two
    three = [a + m + b for a in FIRST for m in MIDDLE for b in SECOND]
    rng.shuffle(three)
    yield from three


class _Namer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = _places(rng)
        self.counties = [self.place() + "县"]
        self.taken: set[str] = set()

    def place(self) -> str:
        return next(self.places)

    def county(self) -> str:
        return self.rng.choice(self.counties)

    def name(self, category: str) -> str:
        while True:
            candidate = self._candidate(category)
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
            # a county has one of each office: a clash means it is time for another county
            self.counties.append(self.place() + "县")

    def _candidate(self, category: str) -> str:
        rng = self.rng
        if category == "town":
            return self.place() + rng.choice(("镇", "镇", "乡", "街道"))
        if category == "village":
            return self.place() + rng.choice(("村", "村", "村", "社区"))
        if category == "agency":
            return self.county() + rng.choice(DEPARTMENTS)
        if category == "private_org":
            return self.place() + rng.choice(COMPANIES + ("律师事务所",))
        if category == "soe":
            return self.county() + rng.choice(STATE_FIRMS)
        if category == "education":
            return rng.choice((lambda: f"{self.county()}第{rng.choice(CN_DIGITS)}中学",
                               lambda: f"{self.place()}镇中心小学", lambda: f"{self.place()}中学",
                               lambda: f"{self.county()}职业技术学校"))()
        return rng.choice((lambda: f"{self.county()}人民医院", lambda: f"{self.county()}中医院",
                           lambda: f"{self.place()}镇卫生院", lambda: f"{self.county()}妇幼保健院",
                           lambda: f"{self.county()}疾病预防控制中心"))()


def _form(name: str) -> tuple[str, str, str, str, str]:
    for ending, form in FORMS.items():
        if name.endswith(ending):
            return form
    return FORMS["司"]


def _by_category() -> dict[str, list]:
    pools: dict[str, list] = {}
    for unit in doctype_make().UNITS:
        pools.setdefault(unit.cat, []).append(unit)
    return pools


def roster(n_units: int, seed: int) -> list[BenchUnit]:
    """`n_units` units; the first k are the same for any n >= k (a larger workspace extends
    a smaller one)."""
    rng = random.Random(f"roster:{seed}")
    make = doctype_make()
    pools = _by_category()
    namer = _Namer(rng)
    cats, weights = zip(*CATEGORY_WEIGHTS.items(), strict=True)
    units = []
    for _ in range(n_units):
        category = rng.choices(cats, weights)[0]
        levels, lw = zip(*LEVEL_WEIGHTS[category].items(), strict=True)
        level = rng.choices(levels, lw)[0]
        name = namer.name(category)
        short, self_ref, scope, org, party = _form(name)
        model = rng.choice(pools[category])
        issues = rng.sample([i for u in pools[category] for i in u.issues], 3)
        sites = rng.sample([s for u in pools[category] for s in u.sites], 3)
        facts = make.Unit(name, org.format(name), short, self_ref, scope, category,
                          rng.randint(*MEMBERS[category]), rng.choice(pools[category]).work,
                          issues, sites, list(model.leaders))
        units.append(BenchUnit(name, (org.format(name), name + party), category, level, facts))
    return units


def roster_csv(units: list[BenchUnit]) -> bytes:
    """units.csv as Excel on Chinese Windows saves it: UTF-8 with BOM, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["单位名称", "别名", "类别", "层级"])
    writer.writerows([u.name, ";".join(u.aliases), u.category, u.level] for u in units)
    return buf.getvalue().encode("utf-8-sig")


def unit_counts(n_drafts: int, seed: int) -> list[int]:
    """How many drafts each unit sends (1 or 2; one in three sends two), in roster order,
    covering `n_drafts` drafts; prefix-stable like `roster`."""
    rng = random.Random(f"counts:{seed}")
    counts: list[int] = []
    while sum(counts) < n_drafts:
        counts.append(2 if rng.random() < 1 / 3 else 1)
    return counts
