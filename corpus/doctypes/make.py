"""Generate the doc-type training corpus: corpus/doctypes/<doc_type>.jsonl.

Run from the repository root: ``python corpus/doctypes/make.py``. Output is deterministic
(fixed seed). Every building block below was written for this project about fictional
units; only the campaigns' official wording (总要求, measure names, book titles) is quoted.

Each document is composed from per-type section skeletons with alternative wordings, unit
details (name, party organisation, local issues, sites), campaign wording and dates. Hard
cases are mixed in on purpose: misleading or generic titles, missing titles, tables in
rectification plans and study plans, notices and reports that talk about the six types.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).parent
SEED = 20231018
PER_TYPE = 52
MIN_CHARS, MAX_CHARS = 300, 1200
CN_NUM = "一二三四五六七八九十"


# ---------------------------------------------------------------- campaigns


@dataclass
class Campaign:
    id: str
    full: str  # name as used in titles
    short: str
    req: str  # 总要求
    measures: list[str]
    months: list[tuple[int, int]]
    guide: str
    books: list[str]
    goal: str
    focus: str


CAMPAIGNS = [
    Campaign(
        "2023",
        "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "主题教育",
        "学思想、强党性、重实践、建新功",
        ["理论学习", "调查研究", "推动发展", "检视整改"],
        [(2023, 9), (2023, 10), (2023, 11), (2023, 12), (2024, 1)],
        "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神",
        [
            "《习近平著作选读》第一卷、第二卷",
            "《习近平新时代中国特色社会主义思想专题摘编》",
            "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
        ],
        "以学铸魂、以学增智、以学正风、以学促干",
        "坚持学思用贯通、知信行统一，把理论学习、调查研究、推动发展、检视整改等有机融合、一体推进",
    ),
    Campaign(
        "2023a",
        "学习贯彻习近平新时代中国特色社会主义思想主题教育",
        "主题教育",
        "学思想、强党性、重实践、建新功",
        ["理论学习", "调查研究", "推动发展", "检视整改"],
        [(2023, 4), (2023, 5), (2023, 6), (2023, 7), (2023, 8)],
        "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神",
        ["《习近平著作选读》第一卷、第二卷", "《习近平新时代中国特色社会主义思想专题摘编》"],
        "凝心铸魂筑牢根本、锤炼品格强化忠诚、实干担当促进发展、践行宗旨为民造福、廉洁奉公树立新风",
        "不划阶段、不分环节，把理论学习、调查研究、推动发展、检视整改贯通起来",
    ),
    Campaign(
        "2019",
        "“不忘初心、牢记使命”主题教育",
        "主题教育",
        "守初心、担使命，找差距、抓落实",
        ["学习教育", "调查研究", "检视问题", "整改落实"],
        [(2019, 9), (2019, 10), (2019, 11), (2019, 12)],
        "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的十九大和十九届二中、三中全会精神",
        ["《习近平关于“不忘初心、牢记使命”重要论述选编》", "《习近平新时代中国特色社会主义思想学习纲要》"],
        "理论学习有收获、思想政治受洗礼、干事创业敢担当、为民服务解难题、清正廉洁作表率",
        "把学习教育、调查研究、检视问题、整改落实贯穿主题教育全过程",
    ),
    Campaign(
        "2014",
        "党的群众路线教育实践活动",
        "教育实践活动",
        "照镜子、正衣冠、洗洗澡、治治病",
        ["学习教育、听取意见", "查摆问题、开展批评", "整改落实、建章立制"],
        [(2014, 2), (2014, 3), (2014, 4), (2014, 5), (2014, 6), (2014, 7), (2014, 8)],
        "以邓小平理论、“三个代表”重要思想、科学发展观为指导，深入贯彻党的十八大和十八届三中全会精神",
        [
            "《论群众路线——重要论述摘编》",
            "《党的群众路线教育实践活动学习文件选编》",
            "《厉行节约、反对浪费——重要论述摘编》",
        ],
        "为民务实清廉",
        "集中解决形式主义、官僚主义、享乐主义和奢靡之风“四风”问题",
    ),
]


# ---------------------------------------------------------------- units


@dataclass
class Unit:
    name: str
    org: str  # party organisation, formal
    short: str  # how the text refers to the organisation
    self_ref: str  # 我镇 / 我局 / 公司
    scope: str  # 全镇 / 全局 / 全校
    cat: str
    members: int
    work: str  # 主责主业
    issues: list[str]
    sites: list[str]
    leaders: list[str] = field(default_factory=list)  # owner titles, first is the secretary


# name|party organisation|short|self|scope|category|members|主责主业|issues|sites|owner titles
UNIT_TABLE = """
青石镇|中共青石镇委员会|镇党委|我镇|全镇|town|412|乡村振兴和基层治理|集镇生活污水收集管网覆盖不全;山区组道路雨季塌方频繁;猕猴桃合作社销路不稳|龙潭村;青石社区;石门村|镇党委书记;镇长;党委副书记;分管副镇长;纪委书记
白沙镇|中共白沙镇委员会|镇党委|我镇|全镇|town|537|产业发展和民生保障|工业园区企业用工难;农村饮水季节性短缺;集镇占道经营反复|沙坪村;白沙工业园;河西村|镇党委书记;镇长;组织委员;分管副镇长;纪委书记
马坪乡|中共马坪乡委员会|乡党委|我乡|全乡|town|268|脱贫成果巩固和生态保护|易地搬迁安置点后续就业不足;高山茶园管护水平低;村级集体经济收入薄弱|马坪村;云顶村;安置点社区|乡党委书记;乡长;党委副书记;人大主席;纪委书记
东城街道|中共东城街道工作委员会|街道党工委|街道|全街道|town|689|城市基层治理和为民服务|老旧小区加装电梯推进慢;背街小巷环境脏乱;社区台账报表过多|纺织社区;东门社区;新华社区|党工委书记;办事处主任;党工委副书记;分管副主任;纪工委书记
南湖街道|中共南湖街道工作委员会|街道党工委|街道|全街道|town|574|社区治理和营商环境|物业矛盾纠纷多发;小微企业办事往返跑;夜市噪声扰民投诉集中|南湖社区;湖滨社区;商贸城|党工委书记;办事处主任;党工委副书记;分管副主任;武装部长
杨家湾村|中共杨家湾村支部委员会|村党支部|我村|全村|village|46|村集体经济和人居环境|村内主干道路灯损坏多;留守老人就餐难;蔬菜大棚闲置|一组;三组;村部广场|村党支部书记;村委会主任;村监委会主任;村党支部委员
桃花村|中共桃花村支部委员会|村党支部|我村|全村|village|38|乡村旅游和产业增收|农家乐经营不规范;村民小组议事不公开;灌溉水渠年久失修|桃花坞;二组;村卫生室|村党支部书记;村委会主任;村监委会主任;村妇联主席
石门村|中共石门村总支部委员会|村党总支|我村|全村|village|71|基层治理和集体经济|宅基地纠纷调处慢;生活垃圾分类落实差;村集体林地承包费拖欠|上石门组;下石门组;便民服务站|村党总支书记;村委会主任;村监委会主任;村党总支委员
幸福社区|中共幸福社区委员会|社区党委|社区|全社区|village|153|居民服务和小区治理|无物业小区管理缺位;社区养老服务供给不足;停车位紧张|幸福里小区;老粮站宿舍;社区服务中心|社区党委书记;社区居委会主任;社区党委副书记;网格长
滨江社区|中共滨江社区支部委员会|社区党支部|社区|全社区|village|62|网格治理和为民服务|沿江步道照明不足;独居老人探访不及时;快递驿站占道|滨江一号院;江景苑;社区卫生服务站|社区党支部书记;社区居委会主任;网格长;社区党支部委员
县财政局|中共安平县财政局党组|局党组|我局|全局|agency|86|预算管理和财政资金监管|项目资金拨付周期长;乡镇财政所业务培训少;内控制度执行不严|预算股;国库支付中心;乡镇财政所|局党组书记、局长;党组成员、副局长;办公室主任;预算股股长
县自然资源局|中共云溪县自然资源局党组|局党组|我局|全局|agency|124|耕地保护和不动产登记|不动产登记办理时限偏长;违法占地发现查处不及时;基层所人员不足|不动产登记中心;执法监察大队;基层自然资源所|局党组书记、局长;党组成员、副局长;执法大队长;登记中心主任
县委组织部|中共临江县委组织部|部务会|部机关|全部|agency|41|干部工作和基层党建|软弱涣散村党组织整顿成效不稳;年轻干部培养渠道窄;党员教育管理手段单一|组织科;干部科;党员教育中心|常务副部长;副部长;办公室主任;组织科科长
县人社局|中共松源县人力资源和社会保障局党组|局党组|我局|全局|agency|97|就业服务和社会保障|农民工欠薪投诉处置慢;社保业务网办率低;职业技能培训与岗位需求脱节|就业服务中心;劳动保障监察大队;社保经办大厅|局党组书记、局长;党组成员、副局长;监察大队长;办公室主任
县市场监管局|中共青山县市场监督管理局党组|局党组|我局|全局|agency|158|市场准入和食品药品安全|校园周边食品安全抽检覆盖不足;个体户登记跑多次;投诉举报回访率低|注册登记股;食品安全股;各市场监管所|局党组书记、局长;党组成员、副局长;执法大队长;办公室主任
县交通运输局|中共安平县交通运输局党组|局党组|我局|全局|agency|112|农村公路建设和运输服务|农村客运班线停运;公路养护资金缺口大;工程项目审批环节多|公路养护中心;运输管理所;工程质监站|局党组书记、局长;党组成员、副局长;办公室主任;规划股股长
县第二中学|中共安平县第二中学支部委员会|学校党支部|我校|全校|education|78|立德树人和教育教学|青年教师课堂教学能力不足;学生课后服务内容单一;寄宿生晚间管理薄弱|高一年级组;教务处;学生宿舍|校党支部书记;校长;分管副校长;教务处主任;德育处主任
实验小学|中共云溪县实验小学支部委员会|学校党支部|我校|全校|education|52|教育教学和师德师风|大班额问题突出;作业布置总量偏多;放学时段校门口交通拥堵|低年级组;课后服务中心;校门口|校党支部书记;校长;副校长;教导处主任;少先队辅导员
县职业技术学校|中共临江县职业技术学校委员会|学校党委|我校|全校|education|96|产教融合和技能人才培养|实训设备老化;校企合作停留在协议层面;毕业生本地就业率偏低|机电实训中心;招生就业处;合作企业|校党委书记;校长;副校长;招生就业处主任;实训处主任
城关幼儿园|中共松源县城关幼儿园支部委员会|园党支部|我园|全园|education|23|保教质量和家园共育|保育员流动性大;户外活动场地不足;家长沟通渠道单一|大班组;保健室;家长学校|园党支部书记;园长;副园长;保教主任
县中医院|中共安平县中医院委员会|院党委|我院|全院|health|186|医疗服务和中医药特色|专家号一号难求;住院患者陪护负担重;中医特色科室发展不平衡|门诊部;针灸推拿科;住院部|院党委书记;院长;党委副书记;分管副院长;医务科科长
县妇幼保健院|中共云溪县妇幼保健院支部委员会|院党支部|我院|全院|health|64|妇幼健康服务|孕产妇建档流程繁琐;儿童保健门诊候诊时间长;基层妇幼人员培训不足|产科;儿童保健科;乡镇卫生院|院党支部书记;院长;副院长;医务科科长
龙泉镇卫生院|中共龙泉镇卫生院支部委员会|卫生院党支部|我院|全院|health|27|基本医疗和公共卫生服务|家庭医生签约服务不实;慢病随访记录不全;夜间急诊力量薄弱|公卫科;村卫生室;急诊室|院党支部书记;院长;副院长;公卫科科长
县人民医院|中共临江县人民医院委员会|院党委|我院|全院|health|312|医疗质量和群众就医体验|门诊缴费排队时间长;检查预约等候久;医患沟通投诉较多|门诊大厅;影像科;急诊科|院党委书记;院长;党委副书记;分管副院长;医务部主任
县水务集团|中共安平县水务投资集团有限公司委员会|集团党委|集团|全集团|soe|143|城乡供水和污水处理|城区老旧管网漏损率高;农村供水水质不稳定;水费缴纳渠道少|第二水厂;城南污水处理厂;客服中心|集团党委书记、董事长;总经理;党委副书记;纪委书记;副总经理
县交投公司|中共云溪县交通建设投资有限公司委员会|公司党委|公司|全公司|soe|88|交通项目建设和资产运营|在建项目进度滞后;工程款结算周期长;安全生产隐患整改不彻底|城北环线项目部;资产运营部;财务部|公司党委书记、董事长;总经理;党委副书记;纪委书记;副总经理
县农发公司|中共松源县农业发展有限公司支部委员会|公司党支部|公司|全公司|soe|35|农产品收储和冷链物流|冷库利用率不足五成;收购款兑付慢;基地农户合同履约纠纷|冷链物流园;粮食收储库;种植基地|公司党支部书记、董事长;总经理;副总经理;财务部经理
县供销社|中共青山县供销合作社联合社党组|社党组|本社|全系统|soe|59|农资供应和农村流通服务|基层供销社网点经营困难;农资价格监测不及时;社有资产出租不规范|农资公司;基层供销社;社有资产管理中心|社党组书记、主任;党组成员、副主任;监事会主任;办公室主任
宏达机械公司|中共宏达机械制造有限公司支部委员会|公司党支部|公司|全公司|private_org|21|生产经营和技术攻关|一线技术工人流失;车间安全培训流于形式;新产品研发周期长|数控车间;装配车间;技术中心|公司党支部书记;总经理;生产副总;行政人事部经理
绿源食品公司|中共绿源食品有限公司支部委员会|公司党支部|公司|全公司|private_org|17|食品加工和联农带农|订单农户收购价格纠纷;生产线自动化程度低;职工技能等级偏低|加工车间;原料基地;质检部|公司党支部书记;董事长;生产部经理;质检部经理
顺通物流公司|中共顺通物流有限公司支部委员会|公司党支部|公司|全公司|private_org|14|物流配送和快递下乡|快递进村最后一公里成本高;货车司机劳动强度大;仓储消防隐患|分拣中心;乡镇网点;车队|公司党支部书记;总经理;运营部经理;安全主管
明正律师事务所|中共明正律师事务所支部委员会|所党支部|本所|全所|private_org|9|法律服务和公益法律援助|公益法律服务参与度不高;青年律师业务能力参差;案件办理进度告知不及时|民商事业务部;公共法律服务站;村居法律顾问点|所党支部书记;主任;合伙人;行政主管
县个体劳动者协会|中共云溪县个体劳动者协会支部委员会|协会党支部|协会|全协会|private_org|12|服务个体工商户|会员活动参与率低;小店经营政策知晓率低;诉求反映渠道不畅|商贸城分会;餐饮行业分会;会员服务站|协会党支部书记;会长;秘书长;副会长
"""


def _units() -> list[Unit]:
    out = []
    for line in UNIT_TABLE.strip().splitlines():
        name, org, short, self_ref, scope, cat, n, work, issues, sites, leaders = line.split("|")
        out.append(
            Unit(
                name,
                org,
                short,
                self_ref,
                scope,
                cat,
                int(n),
                work,
                issues.split(";"),
                sites.split(";"),
                leaders.split(";"),
            )
        )
    return out


UNITS = _units()

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = (
    "建国;志强;海军;丽华;明德;文斌;晓红;永刚;春燕;立新;国平;秀英;卫东;小军;红梅;德福;学勇;静;敏;磊;伟;芳;涛;洁"
).split(";")

BOOKS_EXTRA = {
    "village": "《中国共产党农村工作条例》",
    "education": "习近平总书记关于教育的重要论述",
    "health": "习近平总书记关于卫生健康工作的重要论述",
    "soe": "习近平总书记关于国有企业改革发展和党的建设的重要论述",
    "agency": "《中国共产党机关基层组织工作条例》",
    "town": "习近平总书记关于“三农”工作的重要论述",
    "private_org": "习近平总书记关于民营经济发展的重要论述",
}
CAT_FOCUS = {
    "village": "用好“三会一课”、主题党日等制度",
    "education": "把师德师风建设贯穿始终",
    "health": "把医德医风建设作为重要内容",
    "soe": "坚持党建引领，推动党建与生产经营深度融合",
    "agency": "着力改进机关作风、提升工作效能",
    "town": "聚焦群众急难愁盼问题",
    "private_org": "把党建工作融入生产经营",
}


# ---------------------------------------------------------------- helpers


class Ctx:
    """Everything a document needs: unit, campaign, dates, people."""

    def __init__(self, rng: random.Random, unit: Unit | None = None, camp: Campaign | None = None):
        self.rng = rng
        self.u = unit or rng.choice(UNITS)
        self.c = camp or rng.choices(CAMPAIGNS, weights=[5, 2, 3, 2])[0]
        self.sub_style = rng.choice(["paren", "paren", "paren", "arabic"])

    def pick(self, seq):
        return self.rng.choice(seq)

    def sample(self, seq, k):
        return self.rng.sample(list(seq), min(k, len(seq)))

    def person(self) -> str:
        return self.pick(SURNAMES) + self.pick(GIVEN)

    def leader(self, i: int | None = None) -> str:
        ls = self.u.leaders
        return ls[i % len(ls)] if i is not None else self.pick(ls)

    def month(self, i: int) -> tuple[int, int]:
        ms = self.c.months
        return ms[min(i, len(ms) - 1)]

    def date(self, i: int, style: str | None = None) -> str:
        y, m = self.month(i)
        style = style or self.pick(["md", "md", "ymd", "end", "mid", "before"])
        d = self.rng.randint(3, 28)
        return {
            "md": f"{m}月{d}日",
            "ymd": f"{y}年{m}月{d}日",
            "end": f"{m}月底前",
            "mid": f"{m}月{self.pick(['上旬', '中旬', '下旬'])}",
            "before": f"{y}年{m}月{d}日前",
        }[style]

    def span(self, i: int) -> str:
        m, d = self.month(i)[1], self.rng.randint(3, 26)
        return f"{m}月{d}日—{d + 1}日"

    def period(self) -> str:
        (y1, m1), (y2, m2) = self.c.months[0], self.c.months[-1]
        return f"{y1}年{m1}月至{y2}年{m2}月" if y1 != y2 else f"{y1}年{m1}月至{m2}月"

    def fill(self, template: str) -> str:
        u, c = self.u, self.c
        values = {
            "unit": u.name,
            "org": u.org,
            "short": u.short,
            "self": u.self_ref,
            "scope": u.scope,
            "work": u.work,
            "n": u.members,
            "issue": self.pick(u.issues),
            "site": self.pick(u.sites),
            "issue1": u.issues[0],
            "issue2": u.issues[1],
            "issue3": u.issues[2],
            "site1": u.sites[0],
            "site2": u.sites[1],
            "full": c.full,
            "cshort": c.short,
            "req": c.req,
            "guide": c.guide,
            "goal": c.goal,
            "focus": c.focus,
            "book": c.books[0],
            "books": "、".join(c.books),
            "extra": BOOKS_EXTRA[u.cat],
            "catfocus": CAT_FOCUS[u.cat],
            "sec": u.leaders[0],
            "year": c.months[0][0],
            "period": self.period(),
            "m_first": f"{c.months[0][1]}月",
            "m_last": f"{c.months[-1][1]}月",
            "k": self.rng.randint(3, 12),
            "pct": self.rng.choice([20, 30, 50, 80, 90, 100]),
        }
        for i in range(5):
            values[f"date{i}"] = self.date(i)
            values[f"span{i}"] = self.span(i)
        return template.format(**values)

    def f(self, options: list[str]) -> str:
        return self.fill(self.pick(options))


def heading(ctx: Ctx, i: int, text: str, level: int = 1) -> str:
    if level == 1:
        return f"{CN_NUM[i]}、{text}"
    return f"（{CN_NUM[i]}）{text}" if ctx.sub_style == "paren" else f"{i + 1}.{text}"


def ordinal_prose(ctx: Ctx, parts: list[str]) -> str:
    """“一是…；二是…” inside one paragraph."""
    return "；".join(f"{CN_NUM[i]}是{p}" for i, p in enumerate(parts)) + "。"


GENERIC_TITLES = [
    "关于开展主题教育的有关安排",
    "关于主题教育有关工作的安排",
    "主题教育材料",
    "{unit}主题教育有关材料",
    "关于报送主题教育相关材料的说明",
    "（初稿）",
]


def maybe_generic_title(ctx: Ctx, title: str, p: float = 0.12) -> str:
    r = ctx.rng.random()
    if r < p / 2:
        return ""
    if r < p:
        return ctx.f(GENERIC_TITLES)
    return title


def table(rows: list[list[str]]) -> list[str]:
    return ["\t".join(r) for r in rows]


# ---------------------------------------------------------------- shared banks

MEASURE_KIND = {
    "理论学习": "study",
    "学习教育": "study",
    "学习教育、听取意见": "study",
    "调查研究": "research",
    "推动发展": "develop",
    "检视整改": "inspect",
    "检视问题": "inspect",
    "查摆问题、开展批评": "inspect",
    "整改落实": "rectify",
    "整改落实、建章立制": "rectify",
}

MEASURE_TEXT = {
    "study": [
        "{short}班子举办读书班，{span0}、{span1}集中学习研讨，通读{book}，每名班子成员至少作1次重点发言。{sec}于{date1}讲1次专题党课。各支部{catfocus}，每月开展1次主题党日，确保学习全覆盖。",
        "坚持个人自学与集中学习相结合。班子成员每天自学不少于1小时，原原本本学习{books}，并把{extra}列入必学内容。{m_first}至{m_last}每月集中学习研讨2天，围绕{issue1}等问题交流发言，学习情况每月通报。",
        "以读原著、学原文、悟原理为基本要求，组织{scope}党员通读{book}。班子成员带头领学，{date1}前完成第一轮集中学习；针对年老体弱党员，由党小组长上门送学，做到一个不落。",
        "一是办好读书班，{span0}集中学习{k}天；二是开展专题研讨，每名班子成员围绕{work}撰写研讨材料；三是{sec}讲专题党课；四是用好学习强国、党员教育平台，推动学习常态化。",
    ],
    "research": [
        "班子成员每人确定1个调研课题，重点围绕{issue1}、{issue2}等问题，{date1}前到{site1}等地蹲点调研不少于{k}天，{date2}前形成调研报告，召开调研成果交流会，每个课题至少提出2条可操作的对策。",
        "坚持“四不两直”，采取座谈访谈、随机走访、问卷调查等方式开展调研。聚焦{work}中的堵点难点，特别是{issue2}问题，形成问题清单、责任清单，调研成果于{date2}前转化为具体措施。",
        "围绕{issue}开展专题调研，由{sec}牵头，分管领导各负责1个子课题。调研时轻车简从，不搞层层陪同，不增加基层负担；调研报告要有情况、有数据、有对策，严禁以材料代替调研。",
    ],
    "develop": [
        "把推动发展作为检验成效的重要标准，围绕{work}梳理{k}项重点任务，明确责任领导和完成时限。重点抓好{issue1}的解决，{date2}前拿出阶段性成果，年底前为群众办成一批实事。",
        "坚持以学促干，对照年度目标任务查漏补缺，班子成员分工包保{k}个重点项目，每月现场调度1次。{issue2}问题列入为民办实事清单，{date3}前办结并向群众公开。",
    ],
    "inspect": [
        "通过召开座谈会、设置意见箱、个别访谈等方式广泛征求意见，重点查找形式主义、官僚主义问题和{issue1}等群众反映强烈的问题。班子和班子成员分别列出问题清单，{date2}前完成检视。",
        "坚持边学习、边对照、边检视、边整改，对照党章党规和群众期盼，深入查找差距不足。检视出的问题逐项建立台账，明确整改目标、措施、责任人和完成时限，实行销号管理。",
        "以开展批评和自我批评为重点，会前广泛开展谈心谈话，班子成员之间、班子成员与分管部门负责人之间谈心谈话全覆盖。{date2}召开专题民主生活会，认真撰写对照检查材料，查摆问题要见人见事见思想。",
    ],
    "rectify": [
        "对检视出的问题，能立即解决的马上改，一时解决不了的制定整改方案，明确时间表、路线图。{issue2}等问题纳入专项整治，{date3}前完成整改并公开整改结果，接受群众评议。",
        "坚持立查立改、即知即改，针对{issue1}等问题建立整改台账，实行清单化管理、销号式推进。同步健全完善{k}项制度，推动整改成果制度化、长效化。",
    ],
}

OPENINGS_IMPL = [
    "根据上级关于开展{full}的部署要求，{short}决定，自{period}在{scope}党员中开展{cshort}。为确保取得实效，结合{self}实际，制定本方案。",
    "按照中央和省委、市委、县委统一部署，现就{self}开展{full}制定如下实施方案。",
    "为深入贯彻上级关于开展{full}的部署，推动{cshort}在{unit}落地见效，经{short}研究，制定本工作方案。",
    "{unit}现有党员{n}名，承担{work}等职责。根据县委安排，{short}决定在{scope}开展{cshort}，具体安排如下。",
]
GENERAL_REQ = [
    "{guide}，牢牢把握“{req}”的总要求，{focus}，推动{scope}党员干部{goal}。",
    "坚持{guide}，紧扣“{req}”的总要求，{focus}。结合{work}，{catfocus}，确保{cshort}不走过场、取得实效。",
    "{guide}，围绕“{req}”的总要求，坚持问题导向、目标导向，{focus}，以{cshort}成效推动{work}迈上新台阶。",
]
GOALS_IMPL = [
    "通过开展{cshort}，推动{scope}党员干部理论学习有新收获、联系群众有新举措、工作作风有新转变。聚焦{issue1}、{issue2}等问题，年底前每名班子成员至少办结1件群众急难愁盼的实事。",
    "聚焦{work}，着力解决{issue1}、{issue3}等突出问题，形成一批管长远的制度成果，群众满意度明显提升，台账报表压减{pct}%以上。",
]
ORG_LEAD = [
    "成立{cshort}领导小组，由{sec}任组长，班子其他成员任副组长，领导小组下设办公室，负责日常组织协调。班子成员落实“一岗双责”，抓好分管领域{cshort}。",
    "{short}书记履行第一责任人职责，班子成员抓好联系点工作。设立{cshort}办公室，抽调{k}名同志集中办公，建立工作台账，每周调度一次进展。",
]
WORK_REQ = [
    "（一）加强组织领导。{short}要把开展{cshort}作为当前重要政治任务，精心组织，周密安排。（二）注重统筹结合。把{cshort}同{work}结合起来，防止“两张皮”。（三）力戒形式主义。不搞层层加码，不以填表报数、提供材料代替工作落实。",
    "一要压实责任，主要负责同志亲自抓；二要突出实效，坚持问题导向，防止走过场；三要营造氛围，通过宣传栏、微信群等宣传好经验好做法；四要严格督导，对工作不力的及时约谈提醒。",
    "各支部要结合实际抓好落实，重要情况及时报告。要坚持两手抓、两不误，以{cshort}的实际成效推动{work}，以群众满意度检验成效。",
]
SCHEDULE_IMPL = [
    "{date0}召开动员部署会；{date1}前完成集中学习和调研课题确定；{date2}前完成调研并形成问题清单；{date3}召开专题民主生活会；{date4}前完成总结评估。",
    "（一）动员部署（{date0}前）。召开动员部署会，印发实施方案。（二）组织实施（{date1}至{date3}）。统筹推进各项措施。（三）总结评估（{date4}前）。开展群众满意度测评，形成工作总结。",
]

STUDY_TOPICS = {
    "2023": (
        "习近平新时代中国特色社会主义思想的世界观和方法论;坚持以人民为中心的发展思想;中国式现代化的本质要求;全面从严治党和党的自我革命;完整准确全面贯彻新发展理念;大兴调查研究之风"
    ).split(";"),
    "2019": (
        "坚定理想信念和初心使命;党的政治建设;新发展理念和高质量发展;党史、新中国史;全面从严治党;以人民为中心"
    ).split(";"),
    "2014": (
        "群众观点和群众路线;贯彻中央八项规定精神;反对“四风”;党的优良传统和作风;为民务实清廉;焦裕禄精神"
    ).split(";"),
}

# aspect|problem|target|measure
PROBLEM_TABLE = """
理论学习|理论学习重形式轻研讨。{year}年以来理论学习中心组集中学习{k}次，多数只传达文件，未安排研讨发言。|中心组每月集中学习不少于1次，每次安排2名以上班子成员研讨发言。|制定年度学习计划，明确每次学习的专题和发言人，学习记录每季度通报。
理论学习|学用结合不紧，学习研讨很少联系{work}实际，研讨材料照抄文件的现象时有发生。|每次研讨至少提出1条解决实际问题的思路。|研讨材料会前交办公室把关，对照抄照搬的退回重写；年底前开展1次学习成果交流。
工作作风|督查检查过多过频，{year}年上半年对基层开展各类检查{k}次，部分内容重复。|督查检查事项压减{pct}%以上。|建立督查检查计划管理制度，统筹合并同类检查，未经审批一律不得开展。
工作作风|台账报表过多。下属单位每月需填报各类报表{k}种，部分数据重复填报。|报表种类压减一半以上，同一数据只报一次。|逐项清理现有报表，保留必要的并推行“一表通”，其余一律取消。
联系群众|{issue1}。群众多次通过12345热线反映，{year}年以来相关投诉{k}件，解决进度慢。|{issue1}问题得到有效解决，相关投诉下降{pct}%。|班子成员包保推进，制定时间表，每周现场调度，办理结果向群众公开。
联系群众|{issue2}问题反复出现，群众意见较大，班子成员到一线了解情况不多。|建立常态化解决机制，群众满意度明显提升。|由分管领导牵头，每月到{site1}现场办公1次，问题清单化、限时办结。
担当作为|推动{work}办法不多，遇到{issue3}等难题有畏难情绪，有的事项一拖再拖。|{issue3}问题拿出解决方案并启动实施。|成立专班，逐项分析症结，明确牵头领导和节点目标，每月向班子会报告进展。
担当作为|重点工作推进不平衡，{year}年确定的{k}项重点任务中有3项进度滞后。|滞后任务按期完成，年度目标全部实现。|实行重点任务周调度、月通报，对滞后事项约谈责任人。
廉洁自律|落实中央八项规定精神有松懈，公务接待审批把关不严，个别接待超出标准。|公务接待100%按规定审批，超标接待为零。|修订公务接待管理办法，接待清单每季度公示，纪检部门开展专项检查。
廉洁自律|对关键岗位人员教育管理不到位，廉政风险点排查不全面。|完成关键岗位廉政风险排查全覆盖。|开展廉政风险点排查，签订承诺书，组织警示教育大会1次。
能力本领|干部队伍能力与{work}要求不相适应，年轻干部缺乏基层经历。|年内安排年轻干部到一线锻炼不少于{k}人次。|制定年轻干部培养计划，实行导师帮带，到{site2}等一线岗位轮岗锻炼。
政治素质|落实意识形态工作责任制不够到位，对宣传阵地管理存在薄弱环节。|阵地管理制度健全，全年不发生意识形态事件。|梳理各类宣传阵地，明确管理责任人，每季度开展1次专项检查。
四风|会议多、文件多。以会议落实会议、以文件落实文件的现象仍然存在，{year}年上半年召开各类会议{k}次。|会议数量压减{pct}%，会议时长原则上不超过1小时。|实行会议计划管理，能合并的合并，能套开的套开。
四风|调研不够深入，有的调研事先打招呼、安排路线，看“盆景”多、看“真景”少。|每名班子成员每年到基层蹲点调研不少于{k}天。|推行“四不两直”，建立调研成果转化台账，调研报告须附问题和对策。
"""
PROBLEMS = [tuple(line.split("|")) for line in PROBLEM_TABLE.strip().splitlines()]

OWNER_PEOPLE = ["{sec}", "班子成员", "分管领导", "办公室"]


# ---------------------------------------------------------------- implementation_plan


def implementation_plan(ctx: Ctx) -> tuple[str, list[str]]:
    c = ctx.c
    titles = [
        "{org}{full}实施方案",
        "{org}关于开展{full}的实施方案",
        "{unit}{cshort}工作方案",
        "{unit}开展{full}工作安排",
        "{org}关于在{scope}党员中开展{full}的实施方案",
        "{unit}{cshort}实施方案（含集中学习研讨安排）",
        "{unit}{cshort}工作安排（附学习研讨安排）",
    ]
    if c.id == "2014":
        titles += [
            "{org}关于深入开展党的群众路线教育实践活动的实施方案",
            "{unit}党的群众路线教育实践活动实施意见",
        ]
    title = maybe_generic_title(ctx, ctx.f(titles))
    out = [ctx.f(OPENINGS_IMPL)]
    sec = 0
    out.append(heading(ctx, sec, ctx.pick(["总体要求", "指导思想", "目标要求", "指导思想和目标要求"])))
    out.append(ctx.f(GENERAL_REQ))
    sec += 1
    if ctx.rng.random() < 0.6:
        out += [heading(ctx, sec, ctx.pick(["目标任务", "工作目标", "主要目标"])), ctx.f(GOALS_IMPL)]
        sec += 1
    steps = c.id == "2014" or ctx.rng.random() < 0.15
    out.append(
        heading(
            ctx,
            sec,
            ctx.pick(["方法步骤", "主要环节"] if steps else ["主要措施", "重点任务", "工作措施", "主要内容"]),
        )
    )
    sec += 1
    prose = ctx.rng.random() < 0.2
    parts = []
    for i, m in enumerate(c.measures):
        text = ctx.f(MEASURE_TEXT[MEASURE_KIND[m]])
        if prose:
            parts.append(f"在{m}上，{text.rstrip('。')}")
        elif steps:
            out.append(
                heading(ctx, i, f"第{CN_NUM[i]}环节：{m}（{ctx.date(i, 'md')}—{ctx.date(i + 1, 'md')}）", 2)
            )
            out.append(text)
        else:
            out.append(heading(ctx, i, ctx.pick([m, f"抓实{m}", f"深入开展{m}", f"{m}要见实效"]), 2))
            out.append(text)
    if prose:
        out.append(ordinal_prose(ctx, parts))
    if not steps and ctx.rng.random() < 0.55:
        out += [heading(ctx, sec, ctx.pick(["时间安排", "进度安排", "时间节点"])), ctx.f(SCHEDULE_IMPL)]
        sec += 1
    if ctx.rng.random() < 0.6:
        out += [heading(ctx, sec, ctx.pick(["组织领导", "组织保障"])), ctx.f(ORG_LEAD)]
        sec += 1
    out += [heading(ctx, sec, ctx.pick(["工作要求", "有关要求", "保障措施"])), ctx.f(WORK_REQ)]
    if ctx.rng.random() < 0.5:
        out += [ctx.u.org, ctx.date(0, "ymd")]
    return title, out


# ---------------------------------------------------------------- study_plan


STUDY_FORMS = ["集中研讨", "领学+研讨", "专题辅导", "现场教学", "交流发言", "观看专题片"]


def study_plan(ctx: Ctx) -> tuple[str, list[str]]:
    c = ctx.c
    titles = [
        "{org}{full}理论学习计划",
        "{unit}{cshort}学习计划",
        "{unit}{cshort}读书班方案",
        "{org}{cshort}集中学习研讨安排",
        "{unit}{cshort}学习安排",
        "{unit}理论学习中心组{year}年{cshort}专题学习计划",
        "{unit}班子成员{cshort}学习研讨计划",
        "关于{cshort}期间理论学习的工作安排",
        "{unit}{cshort}理论学习工作方案",
        "{unit}{cshort}读书班安排",
    ]
    title = maybe_generic_title(ctx, ctx.f(titles), 0.14)
    out = [
        ctx.f(
            [
                "为扎实抓好{cshort}理论学习，推动{scope}党员干部在学思想上走深走实，结合{work}实际，制定本计划。",
                "按照上级关于{cshort}集中学习研讨的要求，现将{short}{cshort}期间学习安排如下。",
                "根据{cshort}实施方案，{short}决定举办读书班，集中学习研讨{k}天。为保证学习质量，特制定本方案。",
                "{cshort}期间，{short}班子成员和{scope}党员按以下安排开展学习。",
            ]
        )
    ]
    sec = 0
    if ctx.rng.random() < 0.5:
        out += [
            heading(ctx, sec, ctx.pick(["学习目标", "目标要求"])),
            ctx.f(
                [
                    "通过系统学习，使班子成员对{book}的核心要义理解更深，运用理论解决{issue1}等实际问题的能力明显增强。",
                    "坚持学思用贯通，做到读原著、学原文、悟原理，每名班子成员形成1篇有分量的学习体会，学习成果转化为推动{work}的具体举措。",
                ]
            ),
        ]
        sec += 1
    out.append(heading(ctx, sec, ctx.pick(["学习内容", "学习重点", "必学内容"])))
    sec += 1
    books = "、".join(c.books)
    out.append(
        ctx.pick(
            [
                f"通读{books}，同时把{BOOKS_EXTRA[ctx.u.cat]}作为专题学习内容。",
                f"（一）必读书目：{books}。（二）专题学习：{BOOKS_EXTRA[ctx.u.cat]}，以及与{ctx.u.work}相关的法律法规。",
                f"以{c.books[0]}为主要教材，结合{ctx.u.work}，重点学习{BOOKS_EXTRA[ctx.u.cat]}。",
            ]
        )
    )
    out.append(heading(ctx, sec, ctx.pick(["学习方式", "学习形式", "方法步骤"])))
    sec += 1
    ways = [
        ctx.f(
            [
                "举办读书班。{m_first}至{m_last}每月集中2天，共{k}天，每次安排半天领学、半天自学、1天交流研讨。",
                "集中学习。读书班分{k}期举办，每期2天，班子成员全程参加，不得请人代学。",
            ]
        ),
        ctx.f(
            [
                "个人自学。班子成员每天自学不少于1小时，记好读书笔记，每人撰写心得体会不少于3篇。",
                "个人自学与“学习强国”平台学习相结合，每月学习积分在支部内通报。",
            ]
        ),
        ctx.f(
            [
                "专题研讨。每次读书班确定一个研讨专题，每名班子成员至少重点发言2次，发言稿会前交办公室审核。",
                "交流研讨。围绕{issue1}等问题，班子成员联系分管工作谈体会、提措施。",
            ]
        ),
        ctx.f(
            [
                "专题党课。{sec}于{date2}讲1次专题党课，班子成员到联系点讲党课。",
                "现场教学。组织到{site1}等地开展现场教学，把课堂搬到一线。",
            ]
        ),
    ]
    k = ctx.rng.randint(2, 4)
    if ctx.rng.random() < 0.3:
        out.append(ordinal_prose(ctx, [w.rstrip("。") for w in ways[:k]]))
    else:
        out += [f"（{CN_NUM[i]}）{w}" for i, w in enumerate(ways[:k])]
    topics = ctx.sample(STUDY_TOPICS[c.id[:4]], ctx.rng.randint(3, 5))
    out.append(heading(ctx, sec, ctx.pick(["学习研讨安排", "集中学习安排", "具体安排", "学习进度安排"])))
    sec += 1
    if ctx.rng.random() < 0.55:
        header = ctx.pick(
            [
                ["时间", "学习专题", "研讨题目", "形式", "领学人"],
                ["序号", "时间", "学习内容", "学习形式"],
                ["时间", "专题", "主要内容", "牵头领导"],
            ]
        )
        rows = [header]
        for i, t in enumerate(topics):
            cells = {
                "序号": str(i + 1),
                "时间": ctx.span(i),
                "学习专题": t,
                "专题": t,
                "学习内容": f"{t}（{ctx.pick(c.books)}有关篇目）",
                "研讨题目": f"结合{ctx.pick(ctx.u.issues)}谈{t[:6]}",
                "主要内容": f"学习{ctx.pick(c.books)}相关篇目",
                "形式": ctx.pick(STUDY_FORMS),
                "学习形式": ctx.pick(STUDY_FORMS),
                "领学人": ctx.person(),
                "牵头领导": ctx.leader(i),
            }
            rows.append([cells[h] for h in header])
        out += table(rows)
    else:
        for i, t in enumerate(topics):
            out.append(
                f"第{CN_NUM[i]}次：{ctx.span(i)}，专题“{t}”，{ctx.pick(STUDY_FORMS)}，由{ctx.leader(i)}领学。"
            )
    out += [
        heading(ctx, sec, ctx.pick(["学习要求", "有关要求"])),
        ctx.f(
            [
                "严格考勤，确因公务不能参加的须书面请假并及时补学。学习情况纳入年度考核。",
                "坚持联系实际学，防止照本宣科；研讨发言要有观点、有案例、有措施，会后形成研讨综述报{short}。",
                "各支部参照本计划安排本支部学习，每月底前将学习记录报办公室。",
            ]
        ),
    ]
    return title, out


# ---------------------------------------------------------------- research_plan


def research_plan(ctx: Ctx) -> tuple[str, list[str]]:
    topic = ctx.pick(
        ["破解{issue}问题", "关于{issue}的调查与对策研究", "{issue}问题的成因及解决路径", "推动解决{issue}"]
    )
    topic = ctx.fill(topic)
    titles = [
        "{org}{cshort}调研方案",
        f"{{unit}}关于{topic}的调研方案",
        "{unit}领导班子{cshort}调研工作方案",
        "{unit}{year}年{cshort}调研计划",
        "{org}{cshort}调查研究工作方案",
        "{unit}关于大兴调查研究的工作安排",
        "{unit}{cshort}调研课题安排",
        "{org}关于开展{cshort}专题调研的实施方案",
    ]
    title = maybe_generic_title(ctx, ctx.f(titles), 0.14)
    out = [
        ctx.f(
            [
                "按照{cshort}实施方案关于大兴调查研究的要求，结合{work}实际，{short}决定围绕{issue}开展专题调研，制定本方案。",
                "为深入了解{issue}的真实情况，找准症结、提出对策，经{short}研究，决定开展专题调研。",
                "根据上级部署，{cshort}期间班子成员要带头深入基层调查研究。现将{self}调研工作安排如下。",
            ]
        )
    ]
    sec = 0
    out += [heading(ctx, sec, ctx.pick(["调研题目", "调研课题", "调研主题"])), topic + "。"]
    sec += 1
    if ctx.rng.random() < 0.6:
        out += [
            heading(ctx, sec, ctx.pick(["调研背景", "基本情况", "选题考虑"])),
            ctx.f(
                [
                    "{unit}现有党员{n}名。{year}年以来，群众反映{issue}的意见建议{k}条，已成为影响{work}的突出短板，也是{cshort}要着力解决的问题。",
                    "近年来{issue}问题日益突出，相关投诉占同类诉求的{pct}%。问题涉及多个部门，需要摸清底数、找准原因。",
                ]
            ),
        ]
        sec += 1
    out += [
        heading(ctx, sec, ctx.pick(["调研对象", "调研范围", "走访对象", "调研对象和范围"])),
        ctx.f(
            [
                "{site1}、{site2}的一线干部群众，以及相关职能部门，计划访谈不少于{k}0人。",
                "（一）内部：{site1}等业务部门及一线人员。（二）外部：服务对象、群众代表和同类单位2家。",
                "以{site1}为重点，兼顾{site2}，选取不同类型的对象各3至5个。",
            ]
        ),
    ]
    sec += 1
    out.append(heading(ctx, sec, ctx.pick(["调研内容", "重点了解的问题", "调研重点"])))
    sec += 1
    qs = [
        ctx.fill(q)
        for q in ctx.sample(
            [
                "{issue}的具体表现和涉及范围",
                "问题产生的主要原因，哪些是政策原因、哪些是工作原因",
                "现行做法的实际效果和群众评价",
                "其他地方和单位的经验做法",
                "需要上级协调解决的事项",
                "党员干部在解决问题中发挥作用的情况",
            ],
            ctx.rng.randint(3, 4),
        )
    ]
    out.append(
        ordinal_prose(ctx, qs)
        if ctx.rng.random() < 0.6
        else "；".join(f"{i + 1}.{q}" for i, q in enumerate(qs)) + "。"
    )
    out += [
        heading(ctx, sec, ctx.pick(["调研方式", "调研方法", "方法步骤"])),
        ctx.f(
            [
                "采取个别访谈、座谈会、问卷调查相结合的方式，坚持“四不两直”，不打招呼、不要陪同，每名调研组成员到一线蹲点不少于{k}天。",
                "以实地走访为主，辅以数据分析。调研组分{k}个小组，分别由班子成员带队，问卷计划回收不少于150份。",
                "召开座谈会2场，入户走访不少于{k}0户，调取{year}年以来相关数据进行比对分析。",
            ]
        ),
    ]
    sec += 1
    if ctx.rng.random() < 0.5:
        rows = [
            ctx.pick(
                [
                    ["调研课题", "牵头领导", "联系点", "完成时间"],
                    ["姓名", "职务", "调研课题", "调研对象", "完成时限"],
                ]
            )
        ]
        for i in range(ctx.rng.randint(2, 4)):
            issue = ctx.u.issues[i % 3]
            if len(rows[0]) == 4:
                rows.append(
                    [f"{issue}问题研究", ctx.leader(i), ctx.pick(ctx.u.sites), ctx.date(i + 1, "end")]
                )
            else:
                rows.append(
                    [ctx.person(), ctx.leader(i), f"{issue}", ctx.pick(ctx.u.sites), ctx.date(i + 1, "end")]
                )
        out += [heading(ctx, sec, "调研课题分工")] + table(rows)
        sec += 1
    out += [
        heading(ctx, sec, ctx.pick(["时间安排", "进度安排", "调研步骤"])),
        ctx.f(
            [
                "（一）准备阶段（{date0}前）：拟定提纲，设计问卷。（二）实地调研（{date1}前）：开展走访座谈。（三）分析研究（{date2}前）：形成调研报告初稿。（四）成果交流（{date3}）：召开调研成果交流会。",
                "{date0}前完成准备，{date1}前完成实地调研，{date2}前形成调研报告并提交{short}会议研究。",
            ]
        ),
    ]
    sec += 1
    out += [
        heading(ctx, sec, ctx.pick(["成果形式", "成果运用", "调研成果", "成果形式和运用"])),
        ctx.f(
            [
                "形成1篇不少于3000字的调研报告，提出可操作的对策建议不少于{k}条，转化为具体整改措施或制度文件。",
                "调研报告报{short}审定；能立即解决的问题列入为民办实事清单，需要长期推进的纳入年度重点工作。",
                "召开调研成果交流会，逐项明确成果转化责任人和时限，转化情况在{cshort}总结中专门报告。",
            ]
        ),
    ]
    if ctx.rng.random() < 0.4:
        out.append(
            ctx.f(
                [
                    "调研中要轻车简从，不搞层层陪同，不增加基层负担。",
                    "严禁走过场、搞形式，严禁以材料代替调研。",
                ]
            )
        )
    return title, out


# ---------------------------------------------------------------- problem_list

STATUS = ["已完成", "正在推进", "已完成阶段目标", "持续整改"]


def _problems(ctx: Ctx, k: int) -> list[tuple[str, str, str, str]]:
    chosen = ctx.sample(PROBLEMS, k)
    return [(a, ctx.fill(p), ctx.fill(t), ctx.fill(m)) for a, p, t, m in chosen]


def problem_list(ctx: Ctx) -> tuple[str, list[str]]:
    person = ctx.person()
    titles = [
        "{org}领导班子{cshort}检视问题清单",
        "{unit}{cshort}问题清单",
        "{unit}党支部检视问题整改台账",
        "{unit}{cshort}问题整改清单",
        f"{person}同志{{cshort}}个人检视问题清单",
        "{unit}群众反映问题台账",
        "{unit}{cshort}检视问题整改落实情况表",
        "{unit}{cshort}整改清单",
        "附件{k}",
    ]
    title = maybe_generic_title(ctx, ctx.f(titles), 0.12)
    out = []
    if ctx.rng.random() < 0.8:
        out.append(
            ctx.f(
                [
                    "{short}通过召开座谈会、走访群众、梳理12345热线工单、谈心谈话等方式，共检视出问题{k}个，形成清单如下。",
                    "根据{cshort}实施方案要求，现将{short}检视出的问题及整改措施列表如下。",
                    "经征求意见和自我检视，梳理出以下问题，逐项明确整改措施、责任人和完成时限。",
                    "填报单位：{org}",
                ]
            )
        )
    layouts = [
        ["序号", "问题表现", "整改目标", "整改措施", "责任领导", "完成时限"],
        ["序号", "问题类别", "具体问题", "整改措施", "责任人", "整改时限", "整改状态"],
        ["序号", "存在问题", "原因分析", "整改措施", "责任单位", "完成时间"],
        ["编号", "问题描述", "整改措施", "牵头领导", "责任部门", "时限"],
        ["序号", "方面", "问题", "整改目标", "措施", "责任人", "完成时限"],
    ]
    header = ctx.pick(layouts)
    rows = [header]
    probs = _problems(ctx, ctx.rng.randint(4, 7))
    for i, (aspect, prob, target, measure) in enumerate(probs):
        cause = ctx.pick(["宗旨意识树得不牢", "服务意识不强", "制度执行不严", "统筹谋划不够", "学用结合不紧"])
        cells = {
            "序号": str(i + 1),
            "编号": f"{ctx.u.name[:2]}-{i + 1:02d}",
            "问题表现": prob,
            "具体问题": prob,
            "存在问题": prob,
            "问题描述": prob,
            "问题": prob,
            "问题类别": aspect,
            "方面": aspect,
            "整改目标": target,
            "整改措施": measure,
            "措施": measure,
            "原因分析": cause,
            "责任领导": ctx.leader(i),
            "牵头领导": ctx.leader(i),
            "责任人": ctx.leader(i),
            "责任单位": ctx.pick(ctx.u.sites),
            "责任部门": ctx.pick(ctx.u.sites),
            "完成时限": ctx.date(i % 4 + 1, ctx.pick(["ymd", "end", "md"])),
            "整改时限": ctx.date(i % 4 + 1, "end"),
            "完成时间": ctx.date(i % 4 + 1, "ymd"),
            "时限": ctx.pick([ctx.date(i % 4 + 1, "end"), "长期坚持"]),
            "整改状态": ctx.pick(STATUS),
        }
        rows.append([cells[h] for h in header])
    out += table(rows)
    if ctx.rng.random() < 0.35:
        out.append(
            ctx.f(
                ["填表人：{sec}办公室\t审核人：{sec}", "注：整改完成一项销号一项，每月{k}日前更新整改进度。"]
            )
        )
    return title, out


# ---------------------------------------------------------------- rectification_plan


def rectification_plan(ctx: Ctx) -> tuple[str, list[str]]:
    c = ctx.c
    titles = [
        "{org}{cshort}检视问题整改方案",
        "{unit}关于{issue}的专项整治方案",
        "{unit}{cshort}整改工作方案",
        "{unit}关于整治形式主义为基层减负的专项整治方案",
        "{org}{cshort}整改落实方案",
        "{unit}{cshort}专项整治工作方案",
        "{unit}{cshort}问题整改方案",
    ]
    if c.id == "2014":
        titles.append("{org}党的群众路线教育实践活动整改方案")
    title = maybe_generic_title(ctx, ctx.f(titles), 0.12)
    out = [
        ctx.f(
            [
                "为抓好{cshort}检视问题整改，{short}对前期通过座谈走访、征求意见和谈心谈话检视出的问题逐项制定整改措施，实行问题项目化、项目责任化、责任节点化管理。具体方案如下。",
                "按照{cshort}关于检视整改的要求，针对{issue1}等突出问题，{short}研究制定本整改方案。",
                "为切实解决{issue}等群众反映强烈的问题，经{short}研究，决定开展专项整治，制定本方案。",
            ]
        )
    ]
    sec = 0
    out += [
        heading(ctx, sec, ctx.pick(["整改原则", "总体要求", "整治目标", "指导思想"])),
        ctx.f(
            [
                "坚持边查边改、立行立改，能在{cshort}期间解决的，于{date4}前全部整改到位；需要较长时间解决的，明确阶段目标，持续推进。",
                "{guide}，按照“{req}”的要求，坚持问题导向，做到问题不查清不放过、整改不到位不放过、群众不满意不放过。",
                "通过专项整治，{issue}问题得到有效解决，群众满意度明显提升，形成{k}项长效机制。",
            ]
        ),
    ]
    sec += 1
    out.append(heading(ctx, sec, ctx.pick(["整改事项", "整改任务", "整治重点和措施", "主要问题和整改措施"])))
    sec += 1
    probs = _problems(ctx, ctx.rng.randint(3, 5))
    style = ctx.pick(["labels", "labels", "inline", "table"])
    if style == "table":
        header = ctx.pick(
            [
                ["序号", "整改任务", "整改措施", "牵头领导", "完成时限"],
                ["序号", "问题", "整改目标", "整改措施", "责任人", "完成时限"],
            ]
        )
        rows = [header]
        for i, (_, prob, target, measure) in enumerate(probs):
            cells = {
                "序号": str(i + 1),
                "整改任务": prob,
                "问题": prob,
                "整改目标": target,
                "整改措施": measure,
                "牵头领导": ctx.leader(i),
                "责任人": ctx.leader(i),
                "完成时限": ctx.date(i + 1, "ymd"),
            }
            rows.append([cells[h] for h in header])
        out.append(ctx.pick(["整改任务分解如下：", "具体整改任务见下表。", ""]))
        out += table(rows)
    else:
        for i, (aspect, prob, target, measure) in enumerate(probs):
            if style == "labels":
                out.append(heading(ctx, i, f"{aspect}方面", 2))
                out += [
                    f"问题{i + 1}：{prob}",
                    f"整改目标：{target}",
                    f"整改措施：{measure}",
                    f"责任人：{ctx.leader(i)}",
                    f"完成时限：{ctx.date(i + 1, 'ymd')}",
                ]
            else:
                out.append(
                    f"（{CN_NUM[i]}）{prob.split('。')[0]}。{measure}"
                    f"责任领导：{ctx.leader(i)}；完成时限：{ctx.date(i + 1, ctx.pick(['ymd', 'end']))}。"
                )
    out += [
        heading(ctx, sec, ctx.pick(["保障措施", "工作要求", "组织保障"])),
        ctx.f(
            [
                "（一）压实整改责任。{sec}负总责，责任领导按清单抓落实。（二）实行销号管理。整改一项、销号一项，整改情况每月向{short}报告一次。（三）公开整改结果。整改结果在内网和公示栏公开，接受群众监督。",
                "建立整改台账，实行周调度、月通报。对整改不力、敷衍应付的，严肃追责问责。整改完成后开展群众满意度测评，满意度低于80%的重新整改。",
            ]
        ),
    ]
    return title, out


# ---------------------------------------------------------------- self_examination

# aspect|problem with a concrete example; several per aspect
SELF_TABLE = """
理论学习|学习的系统性不够。{year}年以来参加中心组学习{k}次，但个人自学多停留在读文件、看报纸，{book}只读了部分篇目，研讨发言有两次是临时准备的。
理论学习|学用结合不紧。在研究{issue1}问题时，没有主动运用所学理论分析症结，仍然习惯按老办法、老经验处理，导致问题拖了半年没有实质进展。
政治素质|政治敏锐性不够强。对网络上一些涉及本单位的负面舆情，起初认为影响不大，没有及时研判回应，后来经上级提醒才作处理。
政治素质|落实上级决策部署有时打折扣。{year}年部署的{issue2}专项工作，我分管的部分只完成了规定动作，没有结合实际细化措施。
能力本领|推动{work}的本领不够。面对{issue3}这样的新问题，主动学习新知识不够，拿不出管用的办法，习惯于等上级政策。
能力本领|统筹协调能力欠缺。去年{site1}的项目涉及多个部门，我协调了三次仍未解决，最后提交班子会研究，延误了时间。
担当作为|攻坚克难的劲头有所减退。对{issue1}这样的难题，存在等一等、看一看的想法，群众反映了{k}次，至今没有彻底解决。
担当作为|工作标准不够高，满足于完成任务、不出问题，对分管的{site2}工作过问少，年初定的目标有一项没有完成。
工作作风|深入基层不够。今年到{site1}调研{k}次，多数是陪同检查或开会，真正沉下去听群众意见的次数不多。
工作作风|存在形式主义倾向。我分管的工作要求下面报送材料多，今年上半年仅台账就要求填报{k}种，有的数据重复报送，加重了基层负担。
廉洁自律|对身边人管理不够严。对分管部门的公务用车和接待审批把关不严，有一次接待超出规定标准后才发现。
廉洁自律|廉洁自律的警惕性有所放松，认为自己不分管钱和物，对廉政风险点排查不够重视，参加警示教育后思想触动不深。
形式主义|文山会海问题依然存在。今年以来主持召开会议{k}次，有的会议只是传达上级文件，以会议落实会议。
官僚主义|联系群众不够直接。群众来访多由办公室接待，本人直接接访次数少，对{issue2}问题的了解多来自汇报。
享乐主义|进取精神有所减退。认为工作多年，满足于守摊子，对{work}的创新思路不多，遇到困难有畏难情绪。
奢靡之风|节俭意识有所淡化。去年单位办公用房装修标准把关不严，部分会议室添置的设备超出实际需要。
理论学习|班子成员学习的自觉性还不够强，存在以干代学、以忙代学的情况，中心组学习时有人请假，补学不及时，对新理论新要求的理解还停留在面上。
理论学习|班子集体学习多、个人深入思考少，学习笔记记得多、联系实际谈体会少，学习成果转化为推动{work}的举措还不够多，有待进一步提高。
政治素质|班子在贯彻上级决策部署时，有时存在“等一等、看一看”的心态，结合{unit}实际创造性落实不够，执行力还有待增强。
政治素质|对意识形态领域的新情况新问题研判还不够及时，有的班子成员认为意识形态工作是宣传部门的事，抓得不够紧。
能力本领|班子成员的专业知识更新还不够快，面对{issue1}等新情况，习惯于凭经验办事，用新办法解决新问题的能力有待提高。
能力本领|有的同志调查研究的本领还不够强，下去调研时看材料、听汇报多，自己提出问题、分析问题少，调研报告的对策建议针对性不强。
担当作为|班子在推进{issue2}工作时主动性还不够，有时把问题推给上级或者相关部门，敢于碰硬、动真碰硬的劲头有所不足。
担当作为|创新意识还不够强，满足于按部就班、不出问题，对{work}中的老大难问题办法不多，有时存在畏难情绪。
工作作风|联系服务群众还不够经常，班子成员到{site1}等联系点走访的次数不多，有的走访只是听听汇报，群众反映的问题没有及时跟踪办理。
工作作风|文风会风改进还不够到位，有的会议时间偏长、内容重复，有的文件照搬上级，结合实际不够，基层反映材料报送多。
廉洁自律|班子对党风廉政建设“一岗双责”落实还不够到位，对分管领域廉政风险排查不够细，监督管理存在宽松软的现象。
廉洁自律|有的同志对自身要求有所放松，认为只要大节不出问题就行，对一些小事小节重视不够，没有时时处处严格要求自己。
形式主义|抓工作重部署轻落实，有的工作开了会、发了文就算完成，跟踪问效不够，群众反映的{issue1}问题一直没有得到解决。
官僚主义|班子成员深入基层不够，了解情况多依靠听汇报、看材料，对群众的意见有时不够耐心，存在门难进、脸难看的现象。
享乐主义|有的同志工作标准有所降低，满足于现状，工作节奏慢，对群众急难愁盼问题缺乏紧迫感。
奢靡之风|公务接待和会议活动管理还不够严格，有时存在陪餐人数偏多、会议规模偏大的问题，勤俭节约的意识需要进一步加强。
"""
SELF = {}
for _line in SELF_TABLE.strip().splitlines():
    _aspect, _text = _line.split("|")
    SELF.setdefault(_aspect, []).append(_text)

ASPECTS = {
    "2023": ["理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律"],
    "2019": ["理论学习", "政治素质", "担当作为", "工作作风", "廉洁自律"],
    "2014": ["形式主义", "官僚主义", "享乐主义", "奢靡之风"],
}
CAUSES = [
    "理想信念有所弱化。放松了理论学习和主观世界改造，对{book}学得不深不透，导致思想上的“总开关”拧得不够紧。",
    "宗旨意识有所淡化。把自己摆在管理者位置多、服务者位置少，对群众的急难愁盼感受不深。",
    "党性修养有所放松。对照党章党规要求自己不够严格，批评和自我批评的勇气不足，有“老好人”思想。",
    "政绩观存在偏差。有时注重显绩、忽视潜绩，想干成事的多、打基础的少，对长远工作谋划不够。",
    "纪律规矩意识有所松懈。认为小事小节无关紧要，对身边人身边事管得不严。",
    "理论学习还不够深入系统。班子成员满足于学过了、知道了，没有做到真学真懂真信真用，思想根子上的问题没有从根本上解决。",
    "服务群众的意识还不够牢固。有的同志把群众的事当成分外事，从群众立场出发思考问题、谋划工作还不够。",
    "担当精神有所弱化。班子和班子成员在困难面前缺少迎难而上的勇气，存在多一事不如少一事的想法。",
]
FIXES = [
    "（一）加强理论武装。每天自学不少于1小时，{date2}前通读{book}，结合{work}撰写学习体会2篇。",
    "（二）提高履职本领。牵头研究{issue1}问题，{date3}前拿出解决方案并推动落地。",
    "（三）转变工作作风。每月到{site1}蹲点1天，直接听取群众意见，压减分管领域台账报表{pct}%。",
    "（四）严守纪律规矩。严格执行中央八项规定精神，管好身边人、分管领域，年内不发生违规违纪问题。",
    "（五）坚持立行立改。对本次查摆出的问题逐条建立整改台账，明确责任人和完成时限，整改情况在党员大会上通报。",
    "（六）落实责任分工。班子成员对照分工认领问题，每季度在班子会上报告整改进展，接受党员群众监督。",
]


def self_examination(ctx: Ctx) -> tuple[str, list[str]]:
    c = ctx.c
    person = ctx.person()
    mtg = ctx.pick(["专题民主生活会", "专题组织生活会"])
    titles = [
        f"{{org}}领导班子{{cshort}}{mtg}对照检查材料",
        f"{person}同志{{cshort}}{mtg}个人对照检查材料",
        f"{{unit}}党支部{{cshort}}{mtg}检视剖析材料",
        f"{person}在{{cshort}}{mtg}上的发言提纲",
        f"{ctx.leader()}{person}个人检视剖析材料",
        f"{{cshort}}{mtg}个人发言材料",
        f"在{mtg}上的对照检查发言",
    ]
    title = maybe_generic_title(ctx, ctx.f(titles), 0.12)
    out = [
        ctx.f(
            [
                f"按照上级关于开展{{cshort}}{mtg}的要求，会前认真学习{{book}}，通过座谈会、个别访谈征求意见建议{{k}}条，与班子成员开展谈心谈话{{k}}人次。现将对照检查情况报告如下，请同志们批评指正。",
                f"根据{mtg}的安排，本人围绕“{{req}}”的总要求，结合征求到的意见和个人思想工作实际，深入查摆问题、剖析根源，现汇报如下。",
                "会前，我认真学习了规定篇目，广泛听取了干部群众意见，对照党章党规查找了差距，现将个人检视剖析情况汇报如下。",
                "根据上级统一安排，{short}班子认真学习了规定篇目，通过召开座谈会、发放征求意见表等方式广泛听取意见，共收集意见建议{k}条，梳理归并为{k}个方面。班子成员之间开展了谈心谈话。现将班子对照检查情况报告如下。",
            ]
        )
    ]
    aspects = ASPECTS[c.id[:4]]
    sec = 0
    out.append(
        heading(
            ctx, sec, ctx.pick(["查摆的主要问题", "存在的突出问题", "检视出的问题", "问题查摆", "存在的问题"])
        )
    )
    sec += 1
    chosen = ctx.sample(aspects, ctx.rng.randint(3, min(5, len(aspects))))
    chosen.sort(key=aspects.index)
    headed = ctx.rng.random() < 0.65
    for i, a in enumerate(chosen):
        if headed:
            out += [heading(ctx, i, f"{a}方面", 2), ctx.f(SELF[a])]
        else:
            out.append(f"{CN_NUM[i]}是{a}方面。" + ctx.f(SELF[a]))
    if ctx.rng.random() < 0.85:
        out.append(heading(ctx, sec, ctx.pick(["原因剖析", "产生问题的原因", "问题根源剖析", "原因分析"])))
        sec += 1
        out += [ctx.fill(x) for x in ctx.sample(CAUSES, ctx.rng.randint(2, 4))]
    out.append(
        heading(ctx, sec, ctx.pick(["整改措施", "努力方向和整改措施", "下一步整改措施", "今后努力方向"]))
    )
    fixes = sorted(ctx.sample(FIXES, ctx.rng.randint(2, 4)), key=FIXES.index)
    out += [f"（{CN_NUM[i]}）{ctx.fill(x)[3:]}" for i, x in enumerate(fixes)]
    return title, out


# ---------------------------------------------------------------- other


def _notice_meeting(ctx: Ctx) -> tuple[str, list[str]]:
    kind = ctx.pick(["动员部署会议", "专题民主生活会", "调研成果交流会", "总结会议", "读书班开班式"])
    return ctx.f([f"关于召开{{cshort}}{kind}的通知", f"关于召开{kind}的通知"]), [
        ctx.f(["各村（社区）、各部门：", "各支部、各科室：", "各党支部："]),
        ctx.f(
            [
                f"经研究，定于{{date1}}召开{{unit}}{{cshort}}{kind}。现将有关事项通知如下：",
                f"为推进{{cshort}}各项工作，{{short}}决定召开{kind}。有关事项通知如下。",
            ]
        ),
        "一、会议时间",
        ctx.f(["{date1}上午9:00，会期半天。", "{date1}下午3:00。"]),
        "二、会议地点",
        ctx.f(["{unit}三楼会议室", "{site1}会议室"]),
        "三、参会人员",
        ctx.f(["{short}班子成员，各支部书记，全体机关干部。", "班子成员、各部门负责人及党员代表{k}名。"]),
        "四、有关要求",
        ctx.f(
            [
                "（一）请参会人员提前10分钟入场，关闭手机。（二）请各支部于会前报送实施方案和问题清单电子版。（三）因特殊情况不能参会的，须向{sec}请假。",
                "请班子成员会前准备好对照检查材料，于{date0}前交办公室审核。参会人员不得无故缺席。",
                "请各单位高度重视，按时参会。会议材料由办公室统一印发。",
            ]
        ),
        ctx.u.org,
        ctx.date(0, "ymd"),
    ]


def _notice_submit(ctx: Ctx) -> tuple[str, list[str]]:
    what = ctx.pick(
        ["调研报告", "问题清单和整改方案", "对照检查材料", "学习研讨材料", "阶段性工作总结", "实施方案"]
    )
    return ctx.f([f"关于报送{{cshort}}{what}的通知", f"关于做好{what}报送工作的通知"]), [
        ctx.f(["各党支部：", "各村（社区）党组织、县直各单位党组织：", "各科室、各支部："]),
        ctx.f(
            [
                f"为及时掌握{{cshort}}进展情况，请各单位按以下要求报送{what}。",
                f"根据{{cshort}}领导小组工作安排，现就{what}报送有关事项通知如下。",
            ]
        ),
        ctx.f(
            [
                f"一、报送内容。{what}及相关佐证材料，须经单位主要负责同志审签。二、报送时间。{{date2}}前报送电子版和纸质版各一份。三、有关要求。材料要实事求是，严禁照搬照抄，发现雷同的一律退回。",
                f"请于{{date2}}前将{what}报送至{{cshort}}办公室邮箱。{what}要突出本单位特色，内容具体，防止“上下一般粗”。逾期未报的予以通报。",
            ]
        ),
        ctx.f(["联系人：{sec}办公室，电话：8231{k}67。", "联系电话：6628{k}11"]),
        ctx.f(["{cshort}领导小组办公室", "{org}办公室"]),
        ctx.date(1, "ymd"),
    ]


def _minutes(ctx: Ctx) -> tuple[str, list[str]]:
    title = ctx.f(
        [
            "{unit}{cshort}领导小组第{k}次会议纪要",
            "{short}理论学习中心组学习会议纪要",
            "{unit}党委会会议纪要",
            "{cshort}工作推进会会议记录",
        ]
    )
    return title, [
        ctx.f(["时间：{date1}", "会议时间：{date2}上午"]),
        ctx.f(["地点：{unit}会议室", "地点：{site1}"]),
        ctx.f(["主持：{sec}", "主持人：{sec}"]),
        f"参加：班子成员，{ctx.pick(ctx.u.sites)}负责人。记录：{ctx.person()}",
        ctx.f(
            [
                "会议听取了{cshort}办公室关于前一阶段工作进展的汇报。截至目前，{scope}已举办读书班{k}期，班子成员确定调研课题{k}个，征求意见建议{k}0余条。",
                "会议传达学习了上级关于{cshort}的最新部署要求，交流了学习体会。",
            ]
        ),
        ctx.f(
            [
                "会议研究了下一步工作。会议认为，当前{cshort}总体推进有序，但也存在学习研讨联系实际不够、调研成果转化慢等问题。",
                "会议讨论了{issue1}问题的解决思路，同意由{sec}牵头成立工作专班。",
            ]
        ),
        "会议要求：",
        ctx.f(
            [
                "一是各支部要对照方案查漏补缺；二是班子成员要在{date3}前完成调研报告；三是整改台账要逐项销号，办公室每周通报进度。",
                "（一）抓紧完善问题清单，{date2}前报领导小组审定。（二）做好专题民主生活会准备工作。（三）及时总结经验做法，报送信息简报。",
            ]
        ),
        ctx.f(
            [
                "会议还研究了其他事项。会议强调，各项工作要防止形式主义，不得要求基层重复报送材料。",
                "会议同意{cshort}办公室提出的近期工作安排，请各责任领导抓好落实。",
                "",
            ]
        ),
        ctx.f(["出席：班子成员{k}人。缺席：无。", "列席：各支部书记。", ""]),
    ]


def _bulletin(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(["{cshort}简报（第{k}期）", "{cshort}工作动态", "{unit}{cshort}信息"]), [
        ctx.f(["{cshort}领导小组办公室编", "{unit}{cshort}办公室\t{date2}"]),
        ctx.f(["{unit}聚焦{issue1}推动{cshort}走深走实", "{unit}：调研一线找问题，为民办事见实效"]),
        ctx.f(
            [
                "{cshort}开展以来，{short}坚持把理论学习、调查研究与解决实际问题结合起来。班子成员先后{k}次到{site1}走访，召开座谈会{k}场，收集意见建议{k}0余条，现场解决问题{k}个。",
                "近日，{unit}组织党员干部到{site1}开展现场教学，{k}0余名党员参加。大家边看边学，纷纷表示要把学习成果转化为推动{work}的实际行动。",
            ]
        ),
        ctx.f(
            [
                "针对群众反映的{issue2}问题，{short}建立“周调度、月通报”机制，目前已完成阶段目标，相关投诉较去年同期下降{pct}%。",
                "下一步，{unit}将继续抓好整改落实，确保{cshort}取得群众认可的实效。",
            ]
        ),
        ctx.f(
            [
                "在推动发展上，{unit}把{issue3}作为攻坚重点，由{sec}牵头，每周到现场调度，目前已解决群众反映的具体问题{k}个。",
                "同时，{unit}坚持开门搞教育，通过“码上提”意见征集平台收集群众意见{k}0余条，逐条分类建立台账，能当场答复的当场答复，需要研究的限期回复。",
                "",
            ]
        ),
        ctx.f(["报：县委{cshort}领导小组办公室", "报送：{cshort}第{k}巡回指导组\t发：各支部"]),
    ]


def _summary(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        [
            "{unit}{cshort}工作总结",
            "{org}关于{cshort}开展情况的总结报告",
            "{unit}{year}年{cshort}工作情况汇报",
        ]
    ), [
        ctx.f(
            [
                "按照上级统一部署，{short}自{period}在{scope}党员中开展了{cshort}。现将有关情况总结如下。",
                "{cshort}开展以来，在县委指导组的有力指导下，{short}认真落实各项部署，取得了阶段性成效。",
            ]
        ),
        "一、主要做法和成效",
        ctx.f(
            [
                "（一）理论学习走深走实。举办读书班{k}期，班子成员作重点发言{k}0余人次，{sec}讲专题党课1次。",
                "（一）学习教育扎实开展。共组织集中学习{k}次，撰写心得体会{k}0余篇。",
            ]
        ),
        ctx.f(
            [
                "（二）调查研究务实管用。班子成员领题调研{k}个，形成调研报告{k}篇，提出对策建议{k}0条，其中{k}条已转化为制度措施。",
                "（二）为民办事取得实效。围绕{issue1}，办成实事{k}件，群众满意度达到9{k}%。",
            ]
        ),
        ctx.f(
            [
                "（三）检视整改见到成效。检视问题{k}个，已整改{k}个，建立完善制度{k}项，{issue2}问题得到明显改善。",
                "（三）基层负担有效减轻。清理台账报表{k}种，压减会议{pct}%。",
            ]
        ),
        ctx.f(
            [
                "（四）建章立制巩固成果。围绕{work}制定完善制度{k}项，把{cshort}中形成的好做法固化下来。",
                "（四）组织保障坚强有力。领导小组召开会议{k}次，班子成员到联系点指导{k}0余次，编发简报{k}期。",
                "",
            ]
        ),
        "二、存在的不足",
        ctx.f(
            [
                "一是学习研讨联系实际还不够紧密；二是个别调研成果转化较慢；三是长效机制有待进一步健全。",
                "对照上级要求，还存在部分支部学习形式单一、整改进度不平衡等问题。",
            ]
        ),
        "三、下一步打算",
        ctx.f(
            [
                "巩固拓展{cshort}成果，把行之有效的做法固化为制度，持续抓好未完成事项整改，推动{work}再上新台阶。",
                "继续盯住未销号问题，逐项跟踪问效，确保整改到位。",
            ]
        ),
    ]


def _speech(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        [
            "在{unit}{cshort}动员部署会上的讲话",
            "在{cshort}专题读书班开班式上的讲话",
            "{sec}在{cshort}推进会上的讲话",
        ]
    ), [
        "同志们：",
        ctx.f(
            [
                "今天召开会议，主要任务是深入贯彻上级部署，对{scope}开展{cshort}进行动员部署。刚才，{short}副书记宣读了实施方案，我完全同意。下面，我讲三点意见。",
                "今天我们在这里举行读书班开班式。借此机会，我讲几点意见，与大家共勉。",
            ]
        ),
        ctx.f(["一、提高政治站位，深刻认识开展{cshort}的重大意义", "一、深刻把握“{req}”的总要求"]),
        ctx.f(
            [
                "开展{cshort}，是党中央作出的重大部署。我们要把思想和行动统一到上级部署上来，切实增强抓好{cshort}的责任感和使命感。",
                "总要求是一个有机整体。我们要在学上下功夫，在干上见真章，决不能把学习和工作割裂开来。",
            ]
        ),
        ctx.f(["二、突出问题导向，推动{cshort}取得实效", "二、坚持学用结合，着力解决实际问题"]),
        ctx.f(
            [
                "要紧扣{work}，聚焦{issue1}、{issue2}等群众反映强烈的问题，真正做到为群众办实事、解难题。班子成员要带头深入{site1}等一线，到问题多、矛盾集中的地方去，把情况摸清、把症结找准。",
                "大家要带着问题学，联系{issue1}等实际问题思考，每个人都要拿出一两条管用的办法。学习好不好，最终要看{work}有没有实实在在的变化，群众有没有获得感。",
            ]
        ),
        ctx.f(["三、加强组织领导，确保各项任务落到实处", "三、严格要求，确保学习质量"]),
        ctx.f(
            [
                "各级党组织书记要履行第一责任人职责，班子成员要带头学、带头讲、带头改。要统筹好{cshort}和{work}，做到两手抓、两不误，坚决防止形式主义，不搞花架子、不层层加码。",
                "读书班期间要严格纪律，原则上不请假，确需请假的须经{sec}批准。每位同志都要认真准备研讨发言，讲真话、讲实话，不说空话套话。",
            ]
        ),
        "同志们，任务光荣而艰巨。让我们以饱满的热情和扎实的作风，高标准高质量完成各项任务！",
    ]


def _research_report(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(["关于{issue}情况的调研报告", "{issue}问题调研报告", "对{issue}问题的调查与思考"]), [
        ctx.f(
            [
                "按照{cshort}调查研究工作安排，{date0}至{date1}，调研组采取座谈走访、问卷调查等方式，对{issue}问题进行了专题调研。现将调研情况报告如下。",
                "{cshort}期间，笔者带队到{site1}、{site2}开展调研，走访群众{k}0户，召开座谈会{k}场。现报告如下。",
            ]
        ),
        "一、基本情况",
        ctx.f(
            [
                "{unit}现有党员{n}名。调研发现，{issue}问题涉及群众{k}00余人，{year}年以来相关诉求{k}0件。",
                "从问卷结果看，{pct}%的受访群众认为{issue}问题亟待解决。",
            ]
        ),
        "二、存在的主要问题",
        ctx.f(
            [
                "一是底数不清，相关数据分散在多个部门；二是责任不明，存在推诿现象；三是投入不足，资金缺口较大。",
                "调研中群众反映最集中的是办理时间长、往返次数多、政策知晓率低。",
            ]
        ),
        "三、原因分析",
        ctx.f(
            [
                "既有历史欠账多的客观原因，也有工作统筹不够、服务意识不强的主观原因。",
                "究其原因，主要是部门协同机制不健全，考核导向不够明确。",
            ]
        ),
        ctx.f(
            [
                "从走访情况看，群众对{issue}问题的意见主要集中在三个方面：办事时间长、信息不透明、反映后没有回音。有群众说：“反映了好几次，到现在也没人给个准话。”",
                "调研组还专门到{site2}进行了比较，发现同类问题在管理规范的地方明显较少，说明问题主要出在工作机制上。",
                "",
            ]
        ),
        "四、对策建议",
        ctx.f(
            [
                "（一）摸清底数，建立台账。（二）明确责任，由{sec}牵头统筹。（三）加大投入，争取上级资金支持。",
                "建议建立联席会议制度，每季度会商一次；将{issue}纳入年度考核。",
            ]
        ),
    ]


def _progress_report(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        [
            "关于{cshort}检视问题整改落实情况的报告",
            "{unit}整改落实情况汇报",
            "关于{issue}专项整治进展情况的报告",
        ]
    ), [
        ctx.f(["县委{cshort}领导小组：", "县委第{k}指导组："]),
        ctx.f(
            [
                "{cshort}开展以来，{short}对检视出的{k}个问题建立整改台账，逐项推进。截至{date3}，已完成整改{k}项，其余正在按计划推进。现将有关情况报告如下。",
                "现将{short}整改落实进展情况报告如下。",
            ]
        ),
        ctx.f(
            [
                "一、已完成整改的问题。{issue1}问题已解决，相关投诉下降{pct}%；清理台账报表{k}种。",
                "一、整改进展。已完成整改事项{k}项，阶段性完成{k}项。",
            ]
        ),
        ctx.f(
            [
                "二、正在推进的问题。{issue2}问题涉及资金和多部门协调，已完成阶段目标，预计{date4}前完成。",
                "二、需要协调解决的事项。{issue3}问题需上级部门支持。",
            ]
        ),
        ctx.f(
            [
                "三、建章立制情况。新建和完善制度{k}项，推动整改成果长效化。",
                "三、下一步工作。继续压实责任，确保整改到位、群众满意。",
            ]
        ),
        ctx.u.org,
        ctx.date(3, "ymd"),
    ]


def _talk(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        [
            "在{cshort}读书班上的交流发言",
            "学习{book}的心得体会",
            "{cshort}研讨发言材料",
            "以学促干推动{work}——读书班研讨交流发言",
        ]
    ), [
        ctx.f(
            [
                "按照读书班安排，我围绕“{issue1}”这一题目，结合学习{book}谈几点体会。",
                "通过这段时间的集中学习，我有以下几点体会。",
            ]
        ),
        ctx.f(
            [
                "一、深刻领会以人民为中心的发展思想。学习中我深深体会到，为民造福是最大的政绩。我们必须把群众的急难愁盼放在心上。",
                "第一，学思想要在学懂弄通上下功夫。理论学习不能满足于读了、听了，而要联系工作实际，真正入脑入心。",
            ]
        ),
        ctx.f(
            [
                "二、用科学方法解决实际问题。对照{issue1}问题，我们要坚持调查研究，掌握第一手资料，找准症结所在。",
                "第二，重实践要在解决问题上见成效。要把学习成果转化为推动{work}的思路和举措。",
            ]
        ),
        ctx.f(
            [
                "三、结合分管工作谈打算。下一步，我将牵头推动{issue2}问题的解决，力争{date3}前取得阶段性成效。",
                "第三，建新功要在担当作为上显身手。对分管工作中的难点，要敢于碰硬、主动作为。",
            ]
        ),
        ctx.f(["以上是我的一些粗浅体会，不妥之处请大家批评指正。", "这就是我的交流发言，谢谢大家。"]),
    ]


def _group_notice(ctx: Ctx) -> tuple[str, list[str]]:
    people = "、".join(f"{ctx.person()}（{ctx.leader(i)}）" for i in range(1, 4))
    return ctx.f(["关于成立{cshort}领导小组的通知", "关于调整{cshort}领导小组成员的通知"]), [
        ctx.f(["各支部、各部门：", "各党支部："]),
        ctx.f(
            [
                "为加强对{cshort}的组织领导，经{short}研究，决定成立{unit}{cshort}领导小组。现将组成人员名单通知如下：",
                "因人事变动，经研究，决定对{cshort}领导小组成员进行调整。调整后的名单如下：",
            ]
        ),
        f"组长：{ctx.person()}（{ctx.u.leaders[0]}）",
        f"副组长：{ctx.person()}（{ctx.u.leaders[1]}）",
        f"成员：{people}",
        ctx.f(
            [
                "领导小组下设办公室，办公室设在{site1}，负责日常工作。",
                "领导小组办公室负责实施方案起草、学习安排、问题清单汇总等工作。",
            ]
        ),
        ctx.f(["领导小组成员如有变动，由接任者自然递补，不再另行发文。", "特此通知。"]),
        ctx.u.org,
        ctx.date(0, "ymd"),
    ]


def _opinion_letter(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        ["关于征求对{short}领导班子和班子成员意见建议的函", "{cshort}征求意见表", "关于征求意见建议的公告"]
    ), [
        ctx.f(["各村（社区）、各部门，广大党员群众：", "各位服务对象、各位同志："]),
        ctx.f(
            [
                "为开好{cshort}专题民主生活会，{short}诚恳听取大家对领导班子和班子成员的意见建议。",
                "为深入查找差距不足，现面向社会公开征求意见建议。",
            ]
        ),
        ctx.f(
            [
                "一、征求内容：领导班子在理论学习、担当作为、工作作风、廉洁自律等方面存在的问题；对{issue1}等问题的意见建议。",
                "一、征求范围：{scope}干部群众、服务对象、“两代表一委员”。",
            ]
        ),
        ctx.f(
            [
                "二、反馈方式：可通过意见箱、电子邮箱、电话等方式反馈，也可直接向{sec}反映。",
                "二、截止时间：{date2}。",
            ]
        ),
        "我们将认真梳理每一条意见建议，逐一研究、认真整改。",
        ctx.f(["{org}", "{cshort}领导小组办公室"]),
        ctx.date(1, "ymd"),
    ]


def _feedback(ctx: Ctx) -> tuple[str, list[str]]:
    what = ctx.pick(["实施方案", "学习计划", "检视问题清单", "对照检查材料", "整改方案", "调研方案"])
    return ctx.f(
        [
            f"关于{{unit}}{what}的审核意见",
            f"{{cshort}}第{{k}}指导组对{{unit}}{what}的修改意见",
            f"关于反馈{what}审阅情况的函",
        ]
    ), [
        ctx.f(["{short}：", "{org}："]),
        f"你单位报送的{what}（第{ctx.rng.randint(1, 3)}稿）已收悉。"
        f"指导组逐项审阅后，提出以下意见，请修改完善后于{ctx.date(2)}前重新报送。",
        ctx.f(
            [
                "一、总体评价。材料结构基本完整，但结合本单位实际不够，部分内容与上级文件“上下一般粗”。",
                "一、主要问题。部分表述照搬上级文件，未体现{work}的特点；有的措施只有“进一步加强”，没有具体内容和时间节点。",
            ]
        ),
        ctx.f(
            [
                f"二、具体意见。（一）{what}中有“XX同志”“X月X日”等未替换的占位符，请逐一核对。（二）{{issue1}}问题群众反映强烈，材料中没有涉及，建议补充。（三）时间安排过于集中，请按质量要求合理安排。",
                "二、修改建议。问题要具体到人、到事，避免以共性问题代替个性问题；措施要明确责任人和完成时限；对“长期坚持”的事项要设置阶段目标。",
            ]
        ),
        "三、其他。修改时请用修订模式标注改动之处，便于指导组复核。",
        ctx.f(["{cshort}第{k}指导组", "县委{cshort}第{k}巡回指导组"]),
        ctx.date(1, "ymd"),
    ]


def _progress_table(ctx: Ctx) -> tuple[str, list[str]]:
    rows = [
        ctx.pick(
            [["序号", "工作任务", "完成情况", "备注"], ["工作事项", "计划完成时间", "进展情况", "牵头领导"]]
        )
    ]
    tasks = [
        "召开动员部署会",
        "举办读书班",
        "专题党课",
        "调研课题确定",
        "征求意见建议",
        "谈心谈话",
        "专题民主生活会",
        "为民办实事",
        "制度建设",
    ]
    for i, t in enumerate(ctx.sample(tasks, ctx.rng.randint(5, 8))):
        done = ctx.f(
            ["已完成，共{k}次", "已完成", "正在推进，完成{pct}%", f"已于{{date{i % 4}}}完成", "按计划推进"]
        )
        if len(rows[0]) == 4 and rows[0][0] == "序号":
            rows.append([str(i + 1), t, done, ctx.pick(["", "无", "按期", "需延期"])])
        else:
            rows.append([t, ctx.date(i % 5, "end"), done, ctx.leader(i)])
    return ctx.f(
        ["{unit}{cshort}工作进度表", "{cshort}重点工作推进情况统计表", "{unit}{cshort}“十个一”任务完成情况"]
    ), [
        ctx.f(["填报单位：{org}\t填报日期：{date3}", "（截至{date3}）"]),
    ] + table(rows) + [ctx.f(["说明：本表每月25日前报送{cshort}办公室。", "填表人：{sec}办公室", ""])]


def _lecture(ctx: Ctx) -> tuple[str, list[str]]:
    return ctx.f(
        ["{cshort}专题党课讲稿", "坚持以学促干推动{work}高质量发展——专题党课", "{sec}为{scope}党员讲专题党课"]
    ), [
        ctx.f(["同志们：", "各位党员同志："]),
        ctx.f(
            [
                "今天，我以“{req}”为题，和大家一起交流学习体会。",
                "按照{cshort}安排，今天由我为大家讲一次专题党课，题目是“守初心、办实事”。",
            ]
        ),
        ctx.f(
            [
                "第一个问题：为什么要学。理论是行动的先导。只有学深悟透，才能在纷繁复杂的工作中把准方向。我们{unit}有党员{n}名，大家岗位不同，但都肩负着推动{work}的责任。",
                "先讲一个身边的例子。去年，{site1}的群众反映{issue1}，我们的一名党员主动牵头，跑了十几趟部门，最终把问题解决了。群众说，这才是共产党员的样子。",
            ]
        ),
        ctx.f(
            [
                "第二个问题：学什么。要认真学习{book}，重点把握其中的立场观点方法，同时把{extra}作为重点内容。",
                "第二，要把学习成果落实到解决{issue2}这样的具体问题上，不能学归学、干归干。",
            ]
        ),
        ctx.f(
            [
                "第三个问题：怎么干。一是立足岗位作贡献；二是带头解决群众急难愁盼问题；三是严守纪律规矩，清清白白做事。",
                "最后，希望大家以这次{cshort}为契机，把学习成果转化为干事创业的实际行动。",
            ]
        ),
    ]


# more paragraphs for the short kinds, appended before the signature lines
OTHER_EXTRA = {
    "_notice_meeting": [
        "会议议程：1.传达上级有关会议精神；2.{sec}作动员讲话；3.宣读{cshort}实施方案；4.各支部书记作表态发言。",
        "五、其他事项。请各单位于{date0}前将参会人员名单报{cshort}办公室，会议材料会前一天发至各单位邮箱。会场座次由办公室统一安排，请按桌签就座。",
        "附件：参会回执\n单位\t姓名\t职务\t联系电话",
        "会议期间将对各单位前期工作情况进行点评，请各单位主要负责同志做好发言准备，发言时间控制在5分钟以内，重点讲做法、讲问题、讲打算，不讲套话。",
    ],
    "_notice_submit": [
        "四、材料格式。正文用仿宋三号字，标题用小标宋二号字，页码居中。电子版请用Word格式，文件名统一为“单位名称+材料名称”。",
        "五、审核把关。各单位主要负责同志要亲自审阅，对材料的真实性负责。{cshort}办公室将对报送材料逐份审核，发现照搬照抄、内容空泛的，一律退回重写，并在全县通报。",
        "从前期报送情况看，部分单位材料存在“上下一般粗”、问题查摆不具体、措施不明确等情况，请各单位对照要求认真修改完善。",
    ],
    "_minutes": [
        "会议还通报了前一阶段督导发现的问题：个别支部学习记录不完整，有的调研报告数据不实，有的问题清单整改时限填写“长期坚持”但没有阶段目标。会议要求相关支部立即整改。",
        "会议决定：由{site1}牵头，{date2}前完成{issue2}问题的调研论证，提出解决方案提交下次会议研究。",
    ],
    "_bulletin": [
        "活动中，{unit}还组织党员志愿者开展“我为群众办实事”活动，为{site2}群众解决了一批具体困难，受到群众好评。",
        "据了解，{cshort}开展以来，{unit}已累计开展集中学习{k}次，班子成员到联系点调研{k}0余人次，形成调研报告{k}篇。",
    ],
    "_summary": [
        "总的来看，{cshort}达到了预期目的，党员干部的思想认识进一步提高，群众反映强烈的一批问题得到解决。",
    ],
    "_research_report": [
        "本次调研共发放问卷{k}00份，回收有效问卷{k}00份，访谈干部群众{k}0人次，查阅{year}年以来相关台账资料{k}0余份。",
    ],
    "_progress_report": [
        "整改过程中，我们坚持开门整改，整改情况在公示栏和微信群公开，主动接受群众监督。对整改完成的事项，邀请群众代表参与验收，群众满意度达到9{k}%。",
        "同时也要看到，个别问题整改还不够彻底，有的需要长期坚持，有的需要上级协调解决。我们将继续盯住不放，确保问题真正解决到位。",
        "对{issue3}问题，我们已多次与上级主管部门对接，拟于{date4}前拿出解决方案。",
    ],
    "_talk": [
        "联系自身，我感到在学用结合上还有差距，有时满足于完成任务，对深层次问题思考不够。今后要在学懂弄通做实上持续用力。",
        "学习中我还认真对照了分管领域的工作。比如{issue1}问题，过去我们更多从客观条件找原因，现在回头看，关键还是服务意识不强、办法不多。",
        "我体会，学思想不是为学而学，而是为了解决问题。只有把学习成果体现到群众的获得感上，学习才算真正取得了实效。",
    ],
    "_group_notice": [
        "领导小组主要职责：负责{cshort}的组织领导、统筹协调和督促指导，研究解决{cshort}中的重要问题。",
        "领导小组办公室主要职责：负责{cshort}日常工作，起草有关文件，组织学习和调研，收集汇总情况，编发工作简报，做好材料归档。",
        "各成员要按照分工认真履职，领导小组原则上每月召开一次会议，研究推进有关工作。",
    ],
    "_opinion_letter": [
        "三、填写说明：意见建议可以针对班子整体，也可以针对班子成员个人，请尽量具体，写明事例。对反映的问题，我们将严格保密。",
        "意见建议表\n征求意见对象\t意见建议内容\t联系方式（可不填）",
        "四、其他：凡是对{unit}在{work}方面的工作有意见的，都可以提出，我们将认真研究、逐条回应，对合理的建议及时采纳。",
    ],
    "_feedback": [
        "另外，请你单位在修改时重点关注群众反映较多的{issue2}问题，把解决这一问题作为检验{cshort}成效的重要内容。",
        "请你单位对照上述意见逐条修改，并附修改说明。对无法采纳的意见，请说明理由。",
    ],
    "_progress_table": [
        "备注：完成情况请如实填写，已完成的注明完成时间，未完成的说明原因和下一步安排。",
        "本月重点：推进{issue1}问题解决，做好专题民主生活会会前准备。",
    ],
    "_lecture": [
        "我们身边也有一些反面典型。有的党员干部满足于“差不多”，群众来办事，能推就推，能拖就拖，群众意见很大。这些问题看起来是小事，但影响的是党在群众心中的形象。",
        "学是基础，干是关键。{cshort}开展以来，我们围绕{issue3}开展调研，找到了一些症结，但解决问题还需要每一名党员共同努力。",
        "同志们，初心不是一句口号，而是体现在一件件具体工作中。让我们从现在做起、从自身做起，把群众的事当成自己的事。",
    ],
}


OTHER_KINDS = [
    _notice_meeting,
    _notice_submit,
    _minutes,
    _bulletin,
    _summary,
    _speech,
    _research_report,
    _progress_report,
    _talk,
    _group_notice,
    _opinion_letter,
    _feedback,
    _progress_table,
    _lecture,
]


def other(ctx: Ctx) -> tuple[str, list[str]]:
    kind = ctx.pick(OTHER_KINDS)
    title, out = kind(ctx)
    extras = [ctx.fill(x) for x in ctx.sample(OTHER_EXTRA.get(kind.__name__, []), ctx.rng.randint(1, 3))]
    # letters and notices end with a signature and a date: keep them last
    tail = 2 if out[-1][:4].isdigit() else 0
    cut = len(out) - tail
    out = out[:cut] + extras + out[cut:]
    return maybe_generic_title(ctx, title, 0.1), out


GENERATORS = {
    "implementation_plan": implementation_plan,
    "study_plan": study_plan,
    "research_plan": research_plan,
    "problem_list": problem_list,
    "rectification_plan": rectification_plan,
    "self_examination": self_examination,
    "other": other,
}


def generate(doc_type: str, rng: random.Random, n: int) -> list[dict]:
    docs, seen = [], set()
    while len(docs) < n:
        title, paragraphs = GENERATORS[doc_type](Ctx(rng))
        text = "\n".join(p for p in paragraphs if p).replace("前前", "前")
        if not MIN_CHARS <= len(text) <= MAX_CHARS or text in seen:
            continue
        seen.add(text)
        docs.append({"id": f"{doc_type}-{len(docs) + 1:03d}", "title": title, "text": text})
    return docs


def main() -> None:
    rng = random.Random(SEED)
    for doc_type in GENERATORS:
        docs = generate(doc_type, rng, PER_TYPE)
        with open(OUT / f"{doc_type}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for d in docs:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        lengths = sorted(len(d["text"]) for d in docs)
        print(f"{doc_type}: {len(docs)} docs, text {lengths[0]}–{lengths[-1]} chars")


if __name__ == "__main__":
    main()
