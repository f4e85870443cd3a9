"""Generate the boilerplate corpus: corpus/boilerplate/sentences.jsonl.

Run from the repository root: ``python corpus/boilerplate/make.py``. Output is deterministic
(fixed seed). Every building block below was written for this project about fictional
units; only the campaigns' official wording (总要求, 目标, book titles) is quoted.

Two sources, one file:

- template families (``FAMILIES``): each family is a handful of sentence patterns that share
  one structure, filled from the unit table and the word banks below. The family name is
  the sentence's ``group``: training code splits train/test by group, so held-out figures
  come from structures the model never saw.
- ``handwritten.txt``: a few hundred sentences written one by one, most of them hard cases
  (concrete sentences full of political vocabulary, generic ones dressed with a number or
  a name, quotations of the 总要求). Each is its own group.

Labels follow GUIDE.md: ``boilerplate`` (套话空话) or ``substantive`` (a checkable who, what,
where, when or how much — and, by convention, a plain quotation of the campaign's 总要求 or
目标). ``hard`` marks sentences whose surface points the other way.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).parent
SEED = 20231106
PER_FAMILY = 58
MIN_LEN, MAX_LEN = 8, 80
DOC_TYPES = (
    "implementation_plan",
    "study_plan",
    "research_plan",
    "problem_list",
    "rectification_plan",
    "self_examination",
)
CATEGORIES = ("town", "village", "agency", "private_org", "soe", "education", "health")
LABELS = ("boilerplate", "substantive")

# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    name: str
    cat: str
    org: str  # how the text names the party organisation
    self_ref: str  # 我镇 / 公司
    scope: str  # 全镇 / 全公司
    upper: str  # the party committee above
    sites: tuple[str, ...]
    issues: tuple[str, ...]  # concrete problems, each checkable
    deeds: tuple[str, ...]  # concrete deliverables; "#" becomes a number
    roles: tuple[str, ...]


# name|category|org|self|scope|upper|sites|issues|deeds|roles
UNIT_TABLE = """
柏林镇|town|镇党委|我镇|全镇|县委|龙潭村;石门村;柏林集镇;镇敬老院|集镇污水管网覆盖不全;山区通组路雨季塌方;猕猴桃销售渠道单一|铺设污水管网#公里;硬化通组路#公里;新建产地冷藏点#个|镇党委书记;镇长;党委副书记;组织委员;纪委书记
金溪镇|town|镇党委|我镇|全镇|县委|金溪村;河坝村;金溪工业园;镇便民服务中心|园区企业招工难;农村饮水季节性短缺;集镇占道经营反复|新打机井#口;设置便民摊点#处;举办专场招聘会#场|镇党委书记;镇长;宣传委员;分管副镇长;党政办主任
双河乡|town|乡党委|我乡|全乡|县委|双河村;云岭村;易地搬迁安置点;乡卫生院|安置点后续就业不足;高山茶园管护粗放;村级集体经济薄弱|开发公益岗位#个;培训茶农#人次;盘活闲置农房#处|乡党委书记;乡长;党委副书记;人大主席;纪委书记
西关街道|town|街道党工委|街道|全街道|区委|纺织社区;西关菜市场;老旧小区片区;街道政务服务中心|老旧小区加装电梯推进慢;背街小巷环境脏乱;社区报表负担重|加装电梯#部;整治背街小巷#条;取消社区报表#种|党工委书记;办事处主任;党工委副书记;分管副主任;武装部长
北塔街道|town|街道党工委|街道|全街道|区委|北塔社区;湖滨小区;商贸城;夜市街区|物业纠纷多发;小微企业办事来回跑;夜市噪声扰民|调处物业纠纷#件;精简办事材料#项;安装噪声监测仪#台|党工委书记;办事处主任;党工委副书记;纪工委书记;分管副主任
杨柳村|village|村党支部|我村|全村|镇党委|一组;三组;村部广场;村卫生室|主干道路灯损坏多;留守老人就餐难;蔬菜大棚闲置|修复路灯#盏;为留守老人送餐#人;盘活蔬菜大棚#个|村党支部书记;村委会主任;村监委会主任;驻村第一书记
石湾村|village|村党总支|我村|全村|镇党委|上湾组;下湾组;便民服务站;村集体林场|宅基地纠纷调处慢;垃圾分类落实差;林地承包费拖欠|调处宅基地纠纷#件;配置分类垃圾桶#个;追缴承包费#万元|村党总支书记;村委会主任;村监委会主任;村党总支委员
红旗社区|village|社区党委|社区|全社区|街道党工委|红旗小区;老粮站宿舍;社区服务中心;社区老年食堂|无物业小区管理缺位;养老服务供给不足;停车位紧张|施划停车位#个;开设助餐点#个;成立居民自管小组#个|社区党委书记;社区居委会主任;社区党委副书记;网格长
福寿社区|village|社区党支部|社区|全社区|街道党工委|福寿苑;江景花园;社区卫生服务站;快递驿站|沿江步道照明不足;独居老人探访不及时;快递驿站占道|安装步道路灯#盏;结对独居老人#人;规范设置快递柜#组|社区党支部书记;社区居委会主任;网格长;社区党支部委员
柳林村|village|村党支部|我村|全村|乡党委|柳林坝;二组;村史馆;村集体茶厂|农家乐经营不规范;灌溉水渠年久失修;村务公开不及时|修缮灌溉水渠#米;培训农家乐业主#户;公开村务事项#项|村党支部书记;村委会主任;村监委会主任;村妇联主席
县财政局|agency|局党组|我局|全局|县委|预算股;国库支付中心;各乡镇财政所|项目资金拨付周期长;乡镇财政所业务培训少;内控制度执行不严|压缩资金拨付时间#个工作日;培训财政所人员#人次;修订内控制度#项|局党组书记、局长;党组成员、副局长;办公室主任;预算股股长
县民政局|agency|局党组|我局|全局|县委|社会救助股;县福利院;婚姻登记处|低保动态管理不及时;养老机构消防隐患;婚姻登记预约难|复核低保对象#户;整改消防隐患#处;增加预约号源#个|局党组书记、局长;党组成员、副局长;社会救助股股长;办公室主任
县住建局|agency|局党组|我局|全局|县委|城建股;质监站;物业管理办公室|施工许可审批慢;农民工工资拖欠;物业服务投诉多|办结施工许可#件;追讨拖欠工资#万元;约谈物业企业#家|局党组书记、局长;党组成员、副局长;质监站站长;物业办主任
县医保局|agency|局党组|我局|全局|县委|医保服务大厅;基金监管股;乡镇医保工作站|异地就医备案繁琐;定点药店违规刷卡;医保政策知晓率低|压减备案材料#项;检查定点药店#家;开展政策宣讲#场|局党组书记、局长;党组成员、副局长;基金监管股股长;办公室主任
县委宣传部|agency|部务会|部机关|全部|县委|新闻科;县融媒体中心;新时代文明实践中心|基层宣讲形式单一;网络舆情回应慢;文明实践站点活动少|组建宣讲小分队#支;开展基层宣讲#场;培训网评员#人|常务副部长;副部长;办公室主任;新闻科科长
恒信电子公司|private_org|公司党支部|公司|全公司|园区党工委|SMT车间;装配车间;技术中心|一线技术工人流失;车间安全培训流于形式;新产品研发周期长|开展技能培训#期;排查安全隐患#处;立项研发课题#项|公司党支部书记;总经理;生产副总;行政人事部经理
丰禾农业合作社|private_org|合作社党支部|合作社|全社|乡党委|育苗基地;冷库;分拣车间|订单农户收购价纠纷;冷库利用率低;社员分红不透明|签订保底收购合同#份;新增冷链订单#吨;公示分红明细#次|合作社党支部书记;理事长;监事长;生产部负责人
安达物流公司|private_org|公司党支部|公司|全公司|县非公经济组织党委|分拣中心;乡镇网点;车队|快递进村成本高;货车司机劳动强度大;仓库消防隐患|新设村级网点#个;调整司机排班#条;更换灭火器#具|公司党支部书记;总经理;运营部经理;安全主管
正平会计师事务所|private_org|所党支部|本所|全所|县非公经济组织党委|审计部;税务咨询部;小微企业服务站|公益服务参与度低;青年员工业务能力参差;客户回访不及时|为小微企业免费咨询#次;组织业务培训#期;回访客户#家|所党支部书记;主任会计师;合伙人;行政主管
县餐饮行业协会|private_org|协会党支部|协会|全协会|县非公经济组织党委|美食街分会;城南分会;会员服务站|会员活动参与率低;食品安全培训覆盖不全;诉求反映渠道不畅|培训会员单位#家;走访会员单位#家;收集会员诉求#条|协会党支部书记;会长;秘书长;副会长
县城投集团|soe|集团党委|集团|全集团|县国资委党委|城北环线项目部;资产运营部;财务部|在建项目进度滞后;工程款结算周期长;安全隐患整改不彻底|完成工程结算#笔;整改安全隐患#处;盘活闲置资产#万元|集团党委书记、董事长;总经理;党委副书记;纪委书记
县水务公司|soe|公司党委|公司|全公司|县国资委党委|第二水厂;城南污水处理厂;客服中心|老旧管网漏损率高;农村供水水质不稳定;水费缴纳渠道少|改造老旧管网#公里;新增水质检测点#个;开通缴费渠道#种|公司党委书记、董事长;总经理;党委副书记;副总经理
县国资公司|soe|公司党支部|公司|全公司|县国资委党委|资产管理部;投资发展部;物业分公司|闲置门面出租不规范;子公司财务管理薄弱;投资决策程序不全|公开招租闲置门面#间;审计子公司#家;清理应收租金#万元|公司党支部书记、董事长;总经理;财务总监;资产管理部经理
县粮食储备公司|soe|公司党支部|公司|全公司|县国资委党委|城东粮库;收购站;质检中心|收购款兑付慢;仓储设施老化;粮情监测不及时|兑付收购款#万元;维修仓房#栋;安装测温设备#套|公司党支部书记、经理;副经理;质检中心主任;仓储部主任
县公交公司|soe|公司党支部|公司|全公司|县国资委党委|城区公交站场;客服热线;维修车间|农村线路班次少;车辆老化;司机服务投诉多|新增农村班次#个;更新新能源公交车#辆;培训驾驶员#人|公司党支部书记、经理;副经理;运营部经理;安全科科长
县第一中学|education|校党委|我校|全校|县委教育工委|高一年级组;教务处;学生宿舍|青年教师课堂能力不足;课后服务内容单一;寄宿生晚间管理薄弱|开展同课异构#次;开设课后服务课程#门;配备宿管员#名|校党委书记;校长;分管副校长;教务处主任;德育处主任
城南小学|education|校党支部|我校|全校|县委教育工委|低年级组;课后服务中心;校门口|大班额问题突出;作业总量偏多;放学时段校门口拥堵|压减家庭作业时长#分钟;招募护学家长#名;增设临时停车位#个|校党支部书记;校长;副校长;教导处主任;少先队辅导员
县职业中专|education|校党支部|我校|全校|县委教育工委|机电实训中心;招生就业处;合作企业|实训设备老化;校企合作停留在协议层面;毕业生本地就业率低|更新实训设备#台;新建校外实训基地#个;推荐学生就业#人|校党支部书记;校长;副校长;招生就业处主任
东湖幼儿园|education|园党支部|我园|全园|县委教育工委|大班组;保健室;家长学校|保育员流动性大;户外活动场地不足;家园沟通渠道单一|开展保育员培训#次;改造户外活动场地#平方米;开展家访#户|园党支部书记;园长;副园长;保教主任
县特殊教育学校|education|校党支部|我校|全校|县委教育工委|康复训练室;送教上门组;职业技能教室|送教上门频次不足;康复设备短缺;学生毕业后就业难|送教上门#人次;购置康复设备#台;对接爱心企业#家|校党支部书记;校长;副校长;康复部主任
县人民医院|health|院党委|我院|全院|县卫健局党委|门诊大厅;影像科;急诊科|门诊缴费排队时间长;检查预约等候久;医患沟通投诉多|增设自助缴费机#台;延长影像检查时间#小时;开展医患沟通培训#场|院党委书记;院长;党委副书记;分管副院长;医务部主任
县中医院|health|院党委|我院|全院|县卫健局党委|针灸推拿科;住院部;中药房|专家号一号难求;住院陪护负担重;中医特色科室发展不平衡|增加专家号源#个;开设无陪护病床#张;新设中医专病门诊#个|院党委书记;院长;党委副书记;分管副院长;护理部主任
金溪镇卫生院|health|卫生院党支部|我院|全院|县卫健局党委|公卫科;村卫生室;急诊室|家庭医生签约服务不实;慢病随访记录不全;夜间急诊力量薄弱|入户随访慢病患者#人;补齐随访记录#份;增派夜班医生#名|卫生院党支部书记;院长;副院长;公卫科科长
县疾控中心|health|中心党支部|中心|全中心|县卫健局党委|检验科;免疫规划科;疾病预防控制科|检测报告出具慢;疫苗接种点分布不均;村医培训不足|缩短报告出具时间#小时;新增接种点#个;培训村医#人次|中心党支部书记;主任;副主任;检验科科长
县妇幼保健院|health|院党支部|我院|全院|县卫健局党委|产科;儿童保健科;孕妇学校|孕产妇建档流程繁琐;儿保门诊候诊时间长;基层妇幼人员培训不足|精简建档材料#项;增开儿保诊室#间;培训基层妇幼人员#人次|院党支部书记;院长;副院长;儿童保健科主任
"""


def _units() -> list[Unit]:
    out = []
    for line in UNIT_TABLE.strip().splitlines():
        name, cat, org, self_ref, scope, upper, sites, issues, deeds, roles = line.split("|")
        out.append(
            Unit(
                name,
                cat,
                org,
                self_ref,
                scope,
                upper,
                tuple(sites.split(";")),
                tuple(issues.split(";")),
                tuple(deeds.split(";")),
                tuple(roles.split(";")),
            )
        )
    return out


UNITS = _units()

# ---------------------------------------------------------------- word banks per category

# Who the unit serves, as counted in concrete sentences.
FOLK = {
    "town": ["群众", "农户", "困难群众", "企业", "村民代表"],
    "village": ["村民", "居民", "留守老人", "困难党员", "群众"],
    "agency": ["办事群众", "服务对象", "企业", "基层单位"],
    "private_org": ["一线职工", "员工", "党员职工", "客户"],
    "soe": ["职工", "用户", "项目工人", "客户"],
    "education": ["学生家长", "青年教师", "学生", "教职工"],
    "health": ["患者", "医护人员", "孕产妇", "签约居民"],
}
MEMBERS = {
    "town": "党员干部",
    "village": "村两委干部和党员",
    "agency": "机关党员干部",
    "private_org": "党员职工",
    "soe": "党员职工",
    "education": "党员教师",
    "health": "党员医务人员",
}
# Named systems, brands and platforms a unit set up: names of their own, checkable.
SYSTEMS = {
    "town": [
        "“周五学习日”制度",
        "“院坝说事”机制",
        "“一线工作法”",
        "干部包村联户台账",
        "“镇村吹哨、部门报到”机制",
    ],
    "village": ["“红色夜校”", "村级小微权力清单", "党员积分管理制度", "“积分超市”", "“板凳议事会”"],
    "agency": [
        "《机关公务接待管理办法》",
        "“首问负责”登记簿",
        "项目资金拨付流程图",
        "“局长接待日”制度",
        "窗口服务“好差评”台账",
    ],
    "private_org": ["“党员先锋岗”", "“班前十分钟”学习制度", "“师带徒”结对名册", "安全隐患随手拍平台"],
    "soe": ["“党建+项目”责任清单", "项目进度周调度表", "“党员攻坚队”", "工程款支付绿色通道"],
    "education": ["“校长有约”接待日", "青年教师“青蓝工程”", "课后服务菜单", "家校沟通“一周一联”制度"],
    "health": ["“院长接待日”", "“一站式”入院准备中心", "医患沟通日", "门诊预约分时段就诊制度"],
}
# Things counted in concrete sentences: a number and a measure word.
THINGS = {
    "town": ["{n}个行政村", "{big}户农户", "{nn}件信访事项", "{n}场院坝会", "{nn}个网格"],
    "village": ["{nn}户村民", "{n}个村民小组", "{nn}名留守老人", "{n}场院坝会", "{nn}盏路灯"],
    "agency": ["{nn}项审批事项", "{big}件群众诉求", "{n}个基层站所", "{nn}份征求意见表"],
    "private_org": ["{nn}名一线职工", "{n}个班组", "{nn}名党员职工", "{n}条生产线"],
    "soe": ["{n}个在建项目", "{nn}公里管网", "{big}户用户", "{n}个营业网点"],
    "education": ["{nn}名青年教师", "{n}个年级", "{big}名学生家长", "{nn}节公开课"],
    "health": ["{big}份门诊病历", "{n}个临床科室", "{nn}名医护人员", "{big}名签约居民"],
}
# The category's own vocabulary in a generic sentence: 分类 words do not make it concrete.
CAT_VAGUE = {
    "town": ["聚焦群众急难愁盼问题，切实办好民生实事", "统筹推进乡村振兴和基层治理", "着力提升为民服务水平"],
    "village": [
        "充分发挥党支部战斗堡垒作用和党员先锋模范作用",
        "用好“三会一课”、主题党日等制度",
        "推动乡村振兴取得新成效",
    ],
    "agency": ["着力改进机关作风、提升工作效能", "持续优化营商环境", "当好服务基层的表率"],
    "private_org": ["把党建工作融入生产经营", "充分发挥党组织政治引领作用", "推动企业健康持续发展"],
    "soe": [
        "坚持党建引领，推动党建与生产经营深度融合",
        "以高质量党建引领企业高质量发展",
        "推动国有企业改革发展",
    ],
    "education": ["把师德师风建设贯穿始终", "落实立德树人根本任务", "办好人民满意的教育"],
    "health": ["把医德医风建设作为重要内容", "不断改善群众就医体验", "推动卫生健康事业高质量发展"],
}

# ---------------------------------------------------------------- word banks, general

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程魏苏吕丁沈姚卢"
)
GIVEN = (
    "建国 志强 海军 丽华 明德 文斌 晓红 永刚 春燕 立新 国平 秀英 卫东 小军 红梅 德福 "
    "学勇 静 敏 磊 伟 芳 涛 洁 玉兰 振华 宏伟 桂芳 家明 雪梅 俊 勇 娟"
).split()
BOOKS = [
    "《习近平著作选读》第一卷",
    "《习近平著作选读》第二卷",
    "《习近平新时代中国特色社会主义思想专题摘编》",
    "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》",
    "《论党的自我革命》",
    "《中国共产党章程》",
    "《中国共产党纪律处分条例》",
    "《中国共产党农村工作条例》",
    "《新时代中小学教师职业行为十项准则》",
    "《医疗机构工作人员廉洁从业九项准则》",
    "《习近平关于调查研究论述摘编》",
]
MEETINGS = [
    "党委理论学习中心组学习会",
    "专题组织生活会",
    "专题民主生活会",
    "支部党员大会",
    "主题党日活动",
    "专题读书班",
    "群众座谈会",
    "调研成果交流会",
    "整改工作推进会",
    "支委会",
]
CAMPAIGN = ["主题教育", "学习贯彻习近平新时代中国特色社会主义思想主题教育", "此次主题教育"]
REQ = ["学思想、强党性、重实践、建新功", "守初心、担使命，找差距、抓落实", "照镜子、正衣冠、洗洗澡、治治病"]
GOAL = [
    "以学铸魂、以学增智、以学正风、以学促干",
    "凝心铸魂筑牢根本、锤炼品格强化忠诚、实干担当促进发展、践行宗旨为民造福、廉洁奉公树立新风",
    "理论学习有收获、思想政治受洗礼、干事创业敢担当、为民服务解难题、清正廉洁作表率",
]
MEASURE_NAMES = ["理论学习、调查研究、推动发展、检视整改", "学习教育、调查研究、检视问题、整改落实"]

INTENS = [
    "进一步",
    "切实",
    "不断",
    "持续",
    "全面",
    "着力",
    "大力",
    "扎实",
    "深入",
    "始终",
    "更加",
    "积极",
    "坚决",
    "努力",
    "全力",
    "扎扎实实地",
    "全方位",
]
VVERB = ["加强", "强化", "改进", "抓好", "重视", "注重"]  # before an area: 切实加强理论学习
# Verb and object pairs that go together, so generated slogans read like real ones.
VERB_OBJ = {
    "加强": [
        "理论武装",
        "作风建设",
        "党的建设",
        "组织领导",
        "干部队伍建设",
        "廉政建设",
        "思想政治工作",
        "宣传引导",
        "督促检查",
        "统筹协调",
        "制度建设",
        "基层党建",
        "党性修养",
        "教育管理",
    ],
    "提高": [
        "政治站位",
        "思想认识",
        "工作水平",
        "服务水平",
        "履职能力",
        "工作质效",
        "政治能力",
        "执行力",
        "工作标准",
    ],
    "增强": [
        "宗旨意识",
        "责任意识",
        "纪律意识",
        "规矩意识",
        "凝聚力",
        "战斗力",
        "服务意识",
        "“四个意识”",
        "斗争本领",
    ],
    "提升": ["工作水平", "服务水平", "能力素质", "工作质效", "治理能力", "组织力", "工作效能", "群众满意度"],
    "强化": ["责任担当", "政治功能", "主体责任", "纪律意识", "服务意识", "宗旨意识", "督促检查", "责任落实"],
    "压实": ["主体责任", "工作责任", "管党治党责任"],
    "激发": ["干事热情", "内生动力", "担当精神", "干事创业活力"],
    "夯实": ["基层基础", "发展基础", "工作基础", "思想根基"],
    "筑牢": ["思想根基", "信仰之基", "廉洁防线", "战斗堡垒"],
    "改进": ["工作作风", "工作方法", "服务方式", "文风会风"],
    "深化": ["作风建设", "理论武装", "改革创新", "思想认识"],
    "完善": ["工作机制", "制度体系", "考核评价体系", "长效机制"],
    "推进": ["作风建设", "全面从严治党", "各项工作", "整改落实"],
    "巩固": ["学习成果", "整改成果", "良好态势", "主题教育成果"],
    "落实": ["主体责任", "“一岗双责”", "各项任务", "工作责任"],
    "凝聚": ["思想共识", "发展合力", "奋进力量"],
}
AOBJ = [
    "理论武装",
    "政治站位",
    "思想认识",
    "作风建设",
    "责任担当",
    "工作水平",
    "党的建设",
    "基层党建",
    "组织力",
    "政治功能",
    "服务意识",
    "宗旨意识",
    "党性修养",
    "干部队伍建设",
    "能力素质",
    "工作作风",
    "纪律意识",
    "规矩意识",
    "履职能力",
    "服务水平",
    "工作成效",
    "责任意识",
    "执行力",
    "凝聚力",
    "战斗力",
    "工作质效",
    "治理能力",
    "政治能力",
    "为民情怀",
    "担当精神",
    "斗争本领",
    "制度执行力",
    "廉政建设",
    "思想政治工作",
    "宣传引导",
    "督促检查",
    "统筹协调",
    "组织领导",
    "主体责任",
    "内生动力",
    "发展后劲",
    "干事热情",
]
# Stock four-character phrases, many of them outside the specificity lexicon on purpose:
# the model must learn the register, not one word list.
STOCK = [
    "高度重视",
    "狠抓落实",
    "常抓不懈",
    "真抓实干",
    "求真务实",
    "凝心聚力",
    "守正创新",
    "踔厉奋发",
    "勇毅前行",
    "担当作为",
    "善作善成",
    "久久为功",
    "走深走实",
    "落地见效",
    "提质增效",
    "攻坚克难",
    "开拓进取",
    "锐意进取",
    "团结协作",
    "齐抓共管",
    "上下联动",
    "统筹兼顾",
    "以上率下",
    "压茬推进",
    "同向发力",
    "入脑入心",
    "学深悟透",
    "融会贯通",
    "知行合一",
    "守土尽责",
    "主动作为",
    "实干担当",
    "奋勇争先",
    "比学赶超",
    "精心组织",
    "周密部署",
    "迅速行动",
    "抓紧抓实",
    "笃行不怠",
    "务求实效",
    "真学真信",
    "学用结合",
    "以学促干",
    "一以贯之",
    "持之以恒",
    "精准发力",
    "多措并举",
    "协同联动",
]
STOCK_LONG = [
    "营造浓厚氛围",
    "形成强大合力",
    "掀起学习热潮",
    "取得明显成效",
    "取得实实在在的成效",
    "确保各项任务落到实处",
    "推动主题教育走深走实",
    "以钉钉子精神抓好落实",
    "一张蓝图绘到底",
    "把各项工作抓紧抓实抓出成效",
    "切实把思想和行动统一到上级决策部署上来",
    "形成一级抓一级、层层抓落实的工作格局",
    "营造比学赶超的良好氛围",
    "确保主题教育不走过场",
    "交出一份满意答卷",
    "推动各项工作再上新台阶",
]
EFFECT = ["取得实效", "落地见效", "取得明显成效", "见到实效", "取得扎实成效", "不走过场、不搞形式"]
AREA = [
    "理论学习",
    "政治理论学习",
    "调查研究",
    "联系服务群众",
    "工作作风",
    "担当作为",
    "廉洁自律",
    "学用结合",
    "宗旨意识",
    "党性修养",
    "业务能力",
    "创新意识",
    "斗争精神",
    "纪律观念",
    "批评和自我批评",
    "组织生活",
    "抓落实的力度",
    "思想解放",
    "大局意识",
    "服务基层",
]
DIAG = [
    "不够深入",
    "不够系统",
    "还有差距",
    "有待提高",
    "有所弱化",
    "有所松懈",
    "不够到位",
    "不够扎实",
    "存在不足",
    "标准不高",
    "浮于表面",
    "停留在表面",
    "不够主动",
    "还不够强",
    "满足于一般化",
    "有待进一步加强",
    "与上级要求还有一定差距",
    "距离群众期盼还有不小差距",
    "缺乏持久性",
    "抓得不紧",
]
VSUBJ = [
    "各级党组织",
    "全体党员干部",
    "各支部",
    "班子成员",
    "广大党员",
    "各部门",
    "各党小组",
    "全体党员",
    "各级领导干部",
    "党员干部",
]
VPERSON = ["有的同志", "个别党员", "有的班子成员", "部分党员干部", "少数同志", "自己有时", "本人", "个别干部"]
UPPER_VAGUE = ["上级党委", "县委", "上级党组织", "党中央", "省委、市委、县委"]
VSUBJ_SHORT = ["支部", "部门", "科室", "党小组", "单位"]
METRICS = ["施工许可办理", "低保审核", "资金拨付", "不动产登记", "退休审批", "医保报销"]
PERIODS = ["周", "月", "季度", "两周"]
ACTIONS = ["公示", "通报", "集中学习", "现场调度", "开展接访"]
SPIRITS = ["求真务实的作风", "艰苦奋斗的精神", "钉钉子精神", "斗争精神", "自我革命精神", "担当精神"]
VAGUE_DEADLINES = ["长期坚持", "持续推进", "立行立改", "常态化推进", "主题教育期间", "长期"]
DETAILS = ["多数时间听汇报、看材料", "没有与群众面对面交谈", "没有形成调研报告", "每次不超过半天"]

# ---------------------------------------------------------------- filling


class Ctx:
    """One sentence: a unit, a campaign year and random choices; slot values drawn without
    repetition inside the sentence."""

    def __init__(self, rng: random.Random, unit: Unit):
        self.rng = rng
        self.u = unit
        self.year = rng.choice([2023, 2023, 2023, 2024, 2019])
        self.used: set[str] = set()

    def pick(self, seq):
        fresh = [x for x in seq if x not in self.used] or list(seq)
        value = self.rng.choice(fresh)
        self.used.add(value)
        return value

    def num(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    # -- people and time

    def person(self) -> str:
        if self.rng.random() < 0.15:
            return self.pick(SURNAMES) + "某"
        return self.pick(SURNAMES) + self.pick(GIVEN)

    def month(self) -> int:
        return self.rng.choice([9, 10, 11, 12] if self.year == 2019 else [4, 5, 6, 7, 8, 9, 10, 11, 12])

    def date(self) -> str:
        m, d = self.month(), self.num(1, 28)
        return self.rng.choice(
            [f"{m}月{d}日", f"{m}月{d}日", f"{self.year}年{m}月{d}日", f"{m}月{d}号", f"{self.year}.{m}.{d}"]
        )

    def deadline(self) -> str:
        m, d = self.month(), self.num(1, 28)
        return self.rng.choice(
            [
                f"{m}月底前",
                f"{m}月{d}日前",
                f"{self.year}年{m}月{d}日前",
                f"{m}月中旬前",
                f"{m}月{d}日之前",
                f"{self.year}年{m}月底前",
                "年底前",
                f"{m}月上旬",
            ]
        )

    def span(self) -> str:
        m, d = self.month(), self.num(1, 24)
        return self.rng.choice(
            [
                f"{m}月{d}日至{d + self.num(1, 4)}日",
                f"{m}月{d}日—{d + self.num(1, 4)}日",
                f"{m}月{d}日至{m + 1 if m < 12 else 1}月{self.num(1, 28)}日",
            ]
        )

    def slot(self, name: str) -> str:
        u, cat = self.u, self.u.cat
        simple = {
            "unit": u.name,
            "org": u.org,
            "self": u.self_ref,
            "scope": u.scope,
            "upper": u.upper,
            "members": MEMBERS[cat],
            "year": f"{self.year}年",
        }
        if name in simple:
            return simple[name]
        lists = {
            "site": u.sites,
            "issue": u.issues,
            "role": u.roles,
            "folk": FOLK[cat],
            "system": SYSTEMS[cat],
            "book": BOOKS,
            "meeting": MEETINGS,
            "campaign": CAMPAIGN,
            "req": REQ,
            "goal": GOAL,
            "measures": MEASURE_NAMES,
            "intens": INTENS,
            "vverb": VVERB,
            "aobj": AOBJ,
            "stock": STOCK,
            "stocklong": STOCK_LONG,
            "effect": EFFECT,
            "area": AREA,
            "diag": DIAG,
            "vsubj": VSUBJ,
            "vperson": VPERSON,
            "catv": CAT_VAGUE[cat],
            "uppervague": UPPER_VAGUE,
            "vsubj_short": VSUBJ_SHORT,
            "metric": METRICS,
            "period": PERIODS,
            "action": ACTIONS,
            "detail": DETAILS,
            "spirit": SPIRITS,
            "vague_deadline": VAGUE_DEADLINES,
        }
        if name in lists:
            return self.pick(lists[name])
        numbers = {
            "n": (2, 9),
            "k": (1, 5),
            "nn": (10, 60),
            "big": (61, 600),
            "pct": (55, 99),
            "hours": (2, 8),
            "h": (1, 3),
            "days": (2, 7),
            "minutes": (30, 120),
            "short_minutes": (10, 30),
            "pm": (2, 3),
            "pm2": (5, 6),
            "a": (12, 30),
            "b": (3, 10),
        }
        if name in numbers:
            return str(self.num(*numbers[name]))
        if name == "money":
            return self.rng.choice(
                [
                    f"{self.num(2, 95)}.{self.num(1, 9)}万元",
                    f"{self.num(3, 800)}万元",
                    f"{self.num(1200, 9800)}元",
                ]
            )
        if name == "leader":
            return self.pick(u.roles) + self.person()
        if name == "deed":
            return self.pick(u.deeds).replace("#", str(self.num(2, 40)))
        if name == "thing":
            return self.fill(self.pick(THINGS[cat]))
        if name in ("vo", "slogan", "vo_past"):
            verb = self.pick(list(VERB_OBJ))
            obj = self.pick(VERB_OBJ[verb])
            if name == "vo_past":
                return f"{verb}了{obj}"
            return (self.pick(INTENS) if name == "slogan" else "") + verb + obj
        if name in ("person", "date", "deadline", "span", "month"):
            value = getattr(self, name)()
            return f"{value}月" if name == "month" else value
        raise KeyError(name)

    def fill(self, template: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: self.slot(m.group(1)), template)


# ---------------------------------------------------------------- families


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    doc_types: tuple[str, ...]
    templates: tuple[str, ...]
    hard: bool = False
    cats: tuple[str, ...] = CATEGORIES


IMPL, STUDY, RESEARCH, PROBLEM, RECT, SELF = DOC_TYPES
PLANS = (IMPL, RECT)
ALL = DOC_TYPES
B, S = LABELS


def fam(name, label, doc_types, *templates, hard=False, cats=CATEGORIES) -> Family:
    return Family(name, label, tuple(doc_types), templates, hard, tuple(cats))


FAMILIES: list[Family] = [
    # ------------------------------------------------ boilerplate: 穿靴戴帽
    fam(
        "open_leadership",
        B,
        [IMPL],
        "在{upper}的坚强领导下，{scope}上下{stock}、{stock}，{campaign}开局良好、进展顺利",
        "在{uppervague}的正确领导下，{self}{campaign}取得了阶段性成效",
        "在{upper}的坚强领导和{uppervague}的关心支持下，{self}各项工作{stock}、成效明显",
        "在{uppervague}的正确领导下，经过{scope}上下的共同努力，各项工作取得了新的进展",
        "在{upper}的统一部署下，{org}{stock}，迅速行动，推动{campaign}有力有序开展",
    ),
    fam(
        "open_deploy",
        B,
        [IMPL, STUDY, RESEARCH, RECT],
        "按照{uppervague}的统一部署和要求，结合{self}实际，制定本方案",
        "根据{uppervague}关于开展{campaign}的部署要求，结合实际，现制定如下方案",
        "为认真贯彻落实{uppervague}决策部署，确保{campaign}{effect}，特制定本方案",
        "为扎实开展{campaign}，按照{uppervague}要求，结合工作实际，现就有关事项安排如下",
        "根据上级有关文件精神，结合{self}实际情况，经研究决定，制定本实施方案",
    ),
    fam(
        "open_purpose",
        B,
        [IMPL, RECT],
        "为深入贯彻落实党的二十大精神，{slogan}，{slogan}，现就开展{campaign}提出如下意见",
        "为进一步{vo}，{slogan}，推动{scope}各项工作高质量发展，现结合实际制定本方案",
        "为全面{vo}，{slogan}，确保{campaign}{effect}，现提出如下工作要求",
    ),
    fam(
        "close_contribution",
        B,
        [IMPL, SELF, RECT],
        "{vsubj}要{stock}、{stock}，为{campaign}取得实效作出新的更大贡献",
        "以更加昂扬的精神状态和更加务实的工作作风，为推动高质量发展作出新的更大贡献",
        "奋力开创各项事业发展新局面，为全面建设社会主义现代化国家贡献力量",
        "以实际行动和优异成绩，为谱写高质量发展新篇章作出应有贡献",
        "{stock}、{stock}，为实现党的二十大确定的目标任务贡献智慧和力量",
    ),
    fam(
        "close_new_height",
        B,
        [IMPL, RECT, STUDY],
        "以{campaign}的实际成效推动{scope}各项工作再上新台阶",
        "以{campaign}为强大动力，推动各项事业迈上新台阶、开创新局面",
        "确保{campaign}与中心工作两手抓、两不误、两促进，推动各项工作再上新台阶",
        "努力在新的起点上推动各项工作实现新突破、取得新成效、迈上新台阶",
    ),
    fam(
        "close_answer",
        B,
        [IMPL, SELF],
        "以{stock}的精神状态和{stock}的工作作风，向{uppervague}和广大群众交出一份满意答卷",
        "以优异成绩向{uppervague}和人民群众交出满意答卷",
        "{vsubj}要不忘初心、牢记使命，以实干实绩交出一份人民满意的答卷",
    ),
    # ------------------------------------------------ boilerplate: stock phrases strung together
    fam(
        "stock_pair",
        B,
        ALL,
        "{stock}，{stock}",
        "{stock}、{stock}，{effect}",
        "做到{stock}、{stock}",
        "坚持{stock}、{stock}",
    ),
    fam(
        "stock_chain",
        B,
        PLANS + (STUDY,),
        "{stock}、{stock}、{stock}，确保{campaign}{effect}",
        "要{stock}、{stock}，{stocklong}",
        "{vsubj}要{stock}，{stock}，{stocklong}",
        "始终坚持{stock}、{stock}、{stock}，{stocklong}",
    ),
    fam(
        "slogan_pair", B, ALL, "{slogan}，{slogan}", "要{slogan}，{slogan}", "{slogan}，{slogan}，{stocklong}"
    ),
    fam(
        "slogan_triple",
        B,
        PLANS,
        "{slogan}，{slogan}，{slogan}",
        "着力在{slogan}上下功夫，在{slogan}上求实效",
        "既要{slogan}，又要{slogan}，还要{slogan}",
    ),
    fam(
        "achievement_problem",
        B,
        [SELF, IMPL],
        "成绩是肯定的，问题是存在的",
        "在肯定成绩的同时，我们也清醒地看到，{self}在{area}方面还存在一些不足",
        "回顾过去，成绩来之不易；展望未来，任务依然艰巨",
        "这些成绩的取得，是{uppervague}正确领导的结果，是{scope}上下共同努力的结果",
        "虽然取得了一定成效，但与{uppervague}的要求和群众的期盼相比，还存在一定差距",
        "总的来看，{campaign}开展以来成效是明显的，但也存在一些薄弱环节",
    ),
    fam(
        "upsurge",
        B,
        [IMPL, STUDY],
        "在{scope}迅速掀起学习贯彻的热潮",
        "通过多种形式广泛宣传，在{scope}营造{campaign}的浓厚氛围",
        "迅速掀起{campaign}的高潮，营造比学赶超、争先创优的良好氛围",
        "充分利用各类宣传阵地，大力营造学习贯彻的浓厚氛围",
        "要加强宣传引导，及时总结推广好经验好做法，营造良好舆论氛围",
    ),
    # ------------------------------------------------ boilerplate: measures with nothing concrete
    fam(
        "measure_area",
        B,
        [PROBLEM, RECT, SELF],
        "{intens}{vverb}{area}",
        "{intens}{vverb}{area}，{slogan}",
        "在{area}上{intens}下功夫",
        "把{area}摆在更加突出的位置，{intens}{vverb}",
    ),
    fam(
        "measure_mechanism",
        B,
        [PROBLEM, RECT, IMPL],
        "建立健全长效机制，{slogan}",
        "健全完善相关制度，推动{area}制度化、规范化、常态化",
        "完善工作机制，{intens}{vverb}制度执行，确保整改成果长效长治",
        "坚持标本兼治，建立长效机制，防止问题反弹回潮",
        "用制度管人管事，推动形成常态长效",
    ),
    fam(
        "measure_requirement",
        B,
        [IMPL, RECT],
        "各{vsubj_short}要结合实际，认真研究制定具体措施，抓好贯彻落实",
        "{vsubj}要切实扛起主体责任，主要负责同志要履行第一责任人职责",
        "要加强督促检查，对工作不力、敷衍塞责的，要严肃追责问责",
        "要坚持两手抓、两促进，防止出现“两张皮”",
        "要力戒形式主义、官僚主义，防止走过场、搞形式",
        "要压实工作责任，层层传导压力，确保各项任务落到实处",
    ),
    fam(
        "measure_vsubj",
        B,
        [IMPL, RECT, STUDY],
        "{vsubj}要{slogan}，做到{stock}、{stock}",
        "{vsubj}要带头{vo}，发挥示范带动作用",
        "{vsubj}要以身作则、率先垂范，{slogan}",
        "{vsubj}要把{campaign}作为一项重要政治任务，{stock}，{stocklong}",
    ),
    fam(
        "measure_goal",
        B,
        [IMPL, RECT],
        "通过{campaign}，使{members}{aobj}明显增强，{aobj}显著提升",
        "力争通过{campaign}，{aobj}有新提高，{aobj}有新加强，{aobj}有新改进",
        "推动{members}在{area}上有新收获、在{area}上有新提高",
        "确保{aobj}进一步增强、{aobj}进一步提升、{aobj}进一步改进",
    ),
    fam(
        "category_generic",
        B,
        [IMPL, RECT, PROBLEM],
        "{catv}",
        "{intens}{catv}",
        "{catv}，{slogan}",
        "要{catv}，推动{campaign}{effect}",
    ),
    # ------------------------------------------------ boilerplate: empty diagnoses and causes
    fam(
        "diag_area",
        B,
        [SELF, PROBLEM],
        "{area}{diag}",
        "{area}{diag}，{area}{diag}",
        "在{area}方面{diag}",
        "{area}还{diag}，{area}也{diag}",
    ),
    fam(
        "diag_person",
        B,
        [SELF],
        "{vperson}{area}{diag}",
        "{vperson}存在重业务轻学习的倾向",
        "{vperson}对{area}重视不够，满足于完成任务",
        "{vperson}在{area}上还存在“说起来重要、做起来次要”的现象",
        "{vperson}服务群众的意识有所淡化，深入基层不够经常",
    ),
    fam(
        "diag_tendency",
        B,
        [SELF, PROBLEM],
        "不同程度存在重部署轻落实、重形式轻实效的问题",
        "存在以会议落实会议、以文件落实文件的现象",
        "工作中还存在等靠要思想，主动作为不够",
        "抓落实的力度还不够大，有时存在畏难情绪",
        "干事创业的精气神有所下降，开拓创新的劲头不足",
        "在{area}上存在“上热中温下冷”的现象",
    ),
    fam(
        "cause_generic",
        B,
        [SELF],
        "究其原因，主要是理想信念有所弱化",
        "深刻剖析根源，主要是党性修养有所放松，宗旨意识有所淡化",
        "产生这些问题的根源，在于放松了世界观、人生观、价值观的改造",
        "从思想根源上看，主要是对{area}的重要性认识不足",
        "归根结底，还是政治站位不够高、责任担当不够强",
        "主要是{area}的自觉性不够高，{area}的标准不够严",
    ),
    fam(
        "self_promise",
        B,
        [SELF],
        "今后，我将{slogan}，{slogan}，努力做一名合格的共产党员",
        "下一步，本人将以更高标准、更严要求，{slogan}",
        "我将以此次{campaign}为契机，{stock}，{stock}，切实把学习成果转化为工作成效",
        "在今后的工作中，我将{slogan}，以实际行动践行初心使命",
        "今后要{slogan}，在{area}上下更大功夫",
    ),
    fam(
        "study_effect",
        B,
        [SELF, STUDY],
        "通过学习，本人进一步坚定了理想信念，{vo_past}",
        "通过{campaign}，自己{aobj}得到了进一步增强，{aobj}得到了进一步提升",
        "经过学习，深刻认识到{campaign}的重大意义，思想上受到了深刻洗礼",
        "通过学习，进一步{vo_past}，增强了做好工作的信心和决心",
    ),
    # ------------------------------------------------ boilerplate: study / research / rectification plans
    fam(
        "study_generic",
        B,
        [STUDY],
        "坚持集中学习与个人自学相结合，做到学懂弄通做实",
        "坚持读原著、学原文、悟原理，{slogan}",
        "采取多种形式开展学习，确保学习{effect}",
        "坚持学以致用、用以促学，推动学习往深里走、往心里走、往实里走",
        "要在学懂弄通做实上下功夫，切实做到入脑入心",
        "坚持把学习贯穿始终，{stock}，{stocklong}",
    ),
    fam(
        "research_generic",
        B,
        [RESEARCH],
        "深入基层开展调研，切实摸清情况、找准问题",
        "坚持问题导向，{intens}开展调查研究，{stock}",
        "大兴调查研究之风，{slogan}，{slogan}",
        "调研要{stock}，真正把情况摸清、把问题找准、把对策提实",
        "围绕中心工作开展调研，形成一批有价值的调研成果",
        "坚持调研与解决问题相结合，推动调研成果转化运用",
    ),
    fam(
        "rect_generic",
        B,
        [RECT, PROBLEM],
        "坚持问题导向，{stock}，确保整改{effect}",
        "对检视出的问题，要{stock}，做到即知即改、立行立改",
        "以钉钉子精神抓好整改落实，确保问题整改到位",
        "坚持边学边查边改，{slogan}，确保整改见底见效",
        "逐项明确整改措施，{stock}，推动整改落地落实",
        "坚持把问题整改贯穿始终，{stocklong}",
    ),
    fam(
        "rect_cell_generic",
        B,
        [PROBLEM, RECT],
        "{intens}{vverb}{area}，长期坚持",
        "立行立改，长期坚持",
        "持续整改，常抓不懈",
        "加强学习，提高认识，{slogan}",
        "加强学习，提高认识，改进作风",
    ),
    # ------------------------------------------------ boilerplate: significance and framing
    fam(
        "significance",
        B,
        [IMPL, STUDY],
        "开展{campaign}，是{uppervague}作出的重大部署，意义重大、影响深远",
        "{vsubj}要充分认识开展{campaign}的重大意义，切实增强思想自觉和行动自觉",
        "要把思想和行动统一到{uppervague}的决策部署上来",
        "开展{campaign}，对于{vo}、推动各项事业发展具有十分重要的意义",
        "要从讲政治的高度，充分认识开展{campaign}的重要性和紧迫性",
    ),
    fam(
        "combine_generic",
        B,
        [IMPL, RECT],
        "要把{campaign}同{area}结合起来，做到两手抓、两不误、两促进",
        "坚持学习与工作相结合、解决问题与建章立制相结合",
        "把开展{campaign}与推动中心工作紧密结合，以工作成效检验{campaign}成效",
        "以{campaign}为契机，以{area}为抓手，{slogan}",
    ),
    fam(
        "quatrain",
        B,
        ALL,
        "做到学深悟透、融会贯通、真信笃行",
        "切实做到{stock}、{stock}、{stock}、{stock}",
        "在学懂上下功夫、在弄通上求突破、在做实上见成效",
        "以学铸魂强信念、以学增智长本领、以学促干建新功，{stocklong}",
        "推动理论学习往深里走、往心里走、往实里走",
    ),
    fam(
        "summary_generic",
        B,
        [IMPL, SELF, STUDY],
        "{campaign}开展以来，{self}{stock}，{stock}，取得了明显成效",
        "自开展{campaign}以来，{members}思想认识明显提高，工作作风明显转变",
        "总体来看，{campaign}开局良好、进展顺利、成效初显",
        "经过一段时间的努力，{aobj}明显增强，{aobj}明显提升",
    ),
    fam(
        "ordinal_requirements",
        B,
        [IMPL, RECT, STUDY],
        "一要提高认识，二要加强领导，三要狠抓落实",
        "一要{vo}，二要{vo}，三要{vo}",
        "一是{stock}，二是{stock}，三是{stock}",
        "首先要{vo}，其次要{vo}，最后要{stocklong}",
    ),
    fam(
        "style_vague",
        B,
        [IMPL, SELF, STUDY],
        "要大力弘扬理论联系实际的学风，{stock}",
        "大力弘扬密切联系群众的优良作风，{slogan}",
        "坚持和发扬批评与自我批评的优良传统，{slogan}",
        "{vsubj}要发扬{spirit}，{stocklong}",
        "以{spirit}推动{campaign}{effect}",
    ),
    fam(
        "problem_vague_labelled",
        B,
        [PROBLEM, SELF],
        "问题表现：{area}{diag}",
        "{area}方面：{diag}",
        "存在问题：{area}{diag}，{area}{diag}",
        "问题{k}：{area}{diag}",
        "主要表现：{vperson}{area}{diag}",
    ),
    fam(
        "schedule_vague",
        B,
        [IMPL, STUDY, RECT],
        "按照时间节点有序推进各项工作",
        "分阶段、有步骤地推进各项任务落实",
        "各项任务要在规定时间内完成，确保进度",
        "严格按照时间表、路线图推进，{stock}",
        "倒排工期、挂图作战，确保按期完成",
        "统筹安排时间进度，做到{stock}、{stock}",
    ),
    fam(
        "owner_vague",
        B,
        [PROBLEM, RECT],
        "责任单位：各{vsubj_short}；完成时限：{vague_deadline}",
        "由相关部门负责，{vague_deadline}",
        "责任人：班子成员；完成时限：{vague_deadline}",
        "牵头单位：相关科室；时限：{vague_deadline}",
        "{slogan}。责任单位：各{vsubj_short}",
    ),
    # ------------------------------------------------ boilerplate, hard: dressed up
    fam(
        "dressed_number",
        B,
        ALL,
        "全面加强党的建设，推动各项工作再上新台阶，实现{k}个提升",
        "聚焦{n}个方面，{slogan}",
        "围绕“{n}个坚持”，{stock}，{stocklong}",
        "着力做到“{n}个到位”，确保{campaign}{effect}",
        "在{n}个方面下功夫，推动{aobj}和{aobj}双提升",
        "坚持“{k}个结合”，{slogan}",
        "实现{aobj}、{aobj}、{aobj}“三提升”",
        "重点抓好{n}个方面的工作，{stocklong}",
        hard=True,
    ),
    fam(
        "dressed_unit",
        B,
        ALL,
        "{unit}{org}{stock}，{slogan}",
        "{unit}将{slogan}，推动{campaign}{effect}",
        "{unit}{org}始终把{campaign}作为重要政治任务，{stock}、{stock}",
        "{unit}全体{members}要{slogan}，{stocklong}",
        "{org}班子要{stock}，{slogan}",
        hard=True,
    ),
    fam(
        "dressed_role",
        B,
        ALL,
        "{role}要带头{vo}，班子成员要认真履行“一岗双责”",
        "{role}要切实履行第一责任人职责，{stock}、{stock}",
        "由{role}负总责，{stock}，确保{campaign}{effect}",
        "{role}要亲自抓、负总责，{slogan}",
        hard=True,
    ),
    fam(
        "dressed_year",
        B,
        [IMPL, SELF, RECT],
        "{year}，{self}将{slogan}，推动{aobj}迈上新台阶",
        "今年以来，{self}{stock}，{stock}，取得了一定成效",
        "{year}是全面贯彻党的二十大精神的开局之年，{stocklong}",
        "今年是实施“十四五”规划承上启下的关键之年，{vsubj}要{stock}",
        "在{campaign}期间，{slogan}，{slogan}",
        hard=True,
    ),
    fam(
        "dressed_quote",
        B,
        [IMPL, STUDY],
        "深入贯彻“{req}”的总要求，{stock}，{stocklong}",
        "紧扣“{req}”总要求，{slogan}，{slogan}",
        "围绕“{goal}”的目标，{stock}、{stock}，{stocklong}",
        "按照“{req}”的要求，{vsubj}要{stock}、{stock}",
        hard=True,
    ),
    fam(
        "dressed_actions",
        B,
        [IMPL, RECT],
        "召开会议研究部署，开展专题学习，推动工作落实",
        "通过召开座谈会、个别访谈等方式，广泛征求意见建议",
        "定期召开会议，听取工作汇报，研究解决有关问题",
        "采取集中学习、专题研讨、个人自学等方式开展学习",
        "开展谈心谈话，查找问题不足，制定整改措施",
        "以{meeting}为载体，{stock}，{slogan}",
        hard=True,
    ),
    fam(
        "dressed_ordinal",
        B,
        [IMPL, STUDY],
        "第一时间传达学习，第一时间研究部署，第一时间推动落实",
        "把{campaign}作为“一把手”工程，{stock}",
        "坚持“第一议题”制度，{slogan}",
        "一是{slogan}；二是{slogan}",
        hard=True,
    ),
    # ------------------------------------------------ substantive: visits, meetings, study
    fam(
        "visit_count",
        S,
        [IMPL, RESEARCH, SELF],
        "{leader}{date}带队走访{site}{nn}户{folk}，收集意见建议{nn}条",
        "{date}，{role}到{site}走访{folk}{nn}户，现场解决问题{n}个",
        "班子成员分{n}组走访{thing}，{deadline}汇总形成问题清单",
        "{role}{person}每月到联系点{site}走访不少于{n}次",
        "{span}，{role}带队到{site}入户走访，共走访{thing}",
    ),
    fam(
        "meeting_dated",
        S,
        [IMPL, STUDY, SELF],
        "{date}召开{meeting}，{members}{nn}人参加",
        "{date}召开{meeting}，{role}{person}主持，班子成员{n}人逐一发言",
        "{date}召开{meeting}，审议通过{n}项整改措施",
        "{span}召开{meeting}，提出批评意见{nn}条",
        "拟于{date}召开{meeting}，会前开展谈心谈话{nn}人次",
    ),
    fam(
        "study_book",
        S,
        [STUDY],
        "{span}举办专题读书班，集中学习{book}，共{days}天",
        "{date}前通读{book}，每人撰写读书笔记不少于{n}篇",
        "第{n}次集中学习：{date}，学习{book}有关篇目，{role}领学",
        "{month}组织{members}学习{book}，开展专题研讨{n}次",
        "围绕{book}安排{n}个专题，每个专题集中研讨半天",
    ),
    fam(
        "study_schedule",
        S,
        [STUDY, IMPL],
        "每周五下午组织{members}集中学习{h}小时",
        "{month}起每月第{k}周周三开展集中学习，每次不少于{minutes}分钟",
        "班子成员每天自学不少于{minutes}分钟，{deadline}完成{book}通读",
        "{span}每天下午{pm}点至{pm2}点在{site}集中学习",
        "利用每周一例会前{short_minutes}分钟学习{book}",
    ),
    fam(
        "lecture",
        S,
        [STUDY, IMPL],
        "{date}由{leader}讲授专题党课，时长{minutes}分钟",
        "{date}邀请县委党校教师为{members}作专题辅导，参加人员{nn}名",
        "{deadline}，{role}到{site}为党员讲一次专题党课",
        "{date}组织{nn}名党员到{site}开展现场教学",
    ),
    # ------------------------------------------------ substantive: research plans
    fam(
        "research_topic",
        S,
        [RESEARCH],
        "调研题目：{issue}问题研究",
        "围绕{issue}，到{site}开展蹲点调研{days}天",
        "调研课题：关于{site}{issue}的调查与思考",
        "{role}{person}牵头调研“{issue}”问题，{deadline}完成",
        "重点调研{site}{issue}的原因和解决办法",
    ),
    fam(
        "research_target",
        S,
        [RESEARCH],
        "调研对象：{site}的{nn}名{folk}",
        "选取{site}等{n}个点位作为调研样本，发放问卷{big}份",
        "采取座谈访谈方式，分别与{nn}名{folk}面对面交流",
        "调研方式：个别访谈{nn}人次，召开座谈会{n}场，问卷调查{big}份",
    ),
    fam(
        "research_output",
        S,
        [RESEARCH],
        "{deadline}形成{n}篇调研报告，在{meeting}上交流",
        "成果形式：{deadline}提交调研报告{k}篇、对策建议{n}条",
        "{date}前将调研报告报送{upper}",
        "每名班子成员{deadline}完成{k}个调研课题，提出可操作的对策{n}条",
    ),
    # ------------------------------------------------ substantive: problems and rectification
    fam(
        "problem_concrete",
        S,
        [PROBLEM, SELF],
        "{site}{issue}，{year}以来群众反映{nn}次",
        "截至{date}，涉及{issue}的{nn}件诉求仍未办结",
        "{issue}：{site}有{n}处{issue}",
        "{month}{site}因{issue}被投诉{nn}次，至今未整改到位",
        "{year}{issue}，影响{thing}",
    ),
    fam(
        "measure_concrete",
        S,
        [PROBLEM, RECT],
        "{deadline}完成{site}{deed}",
        "由{site}牵头，{deadline}{deed}",
        "{deadline}前{deed}，{role}{person}负责",
        "针对{issue}，{deadline}{deed}",
        "{deed}，{deadline}完成验收",
    ),
    fam(
        "owner_deadline",
        S,
        [PROBLEM, RECT],
        "责任人：{role}{person}；完成时限：{deadline}",
        "责任领导：{role}{person}，责任单位：{site}，完成时限：{deadline}",
        "牵头领导：{leader}；配合单位：{site}；时限：{deadline}",
        "完成时限：{deadline}；责任人：{person}",
        "由{leader}负责，{deadline}完成",
    ),
    fam(
        "rect_target",
        S,
        [RECT, PROBLEM],
        "整改目标：{deadline}将{metric}由{a}个工作日压缩到{b}个工作日",
        "整改目标：{deadline}{deed}，群众满意度达到{pct}%以上",
        "目标：{year}底前{issue}问题全部销号，{deed}",
        "到{deadline}，{deed}，办结率由{pct}%提高到{pct}%",
    ),
    fam(
        "named_system",
        S,
        [RECT, IMPL, PROBLEM],
        "建立{system}，每{period}{action}{n}次",
        "{deadline}推行{system}，由{role}{person}负责",
        "{date}印发{system}，明确{nn}项具体事项",
        "依托{system}，{month}以来办结{folk}诉求{nn}件",
        "{deadline}修订{system}，报{meeting}审议",
    ),
    fam(
        "money_fix",
        S,
        [RECT, PROBLEM, SELF],
        "{deadline}清退违规发放的津贴补贴{money}",
        "{date}拨付{site}专项资金{money}，用于{deed}",
        "投入{money}，{deadline}{deed}",
        "{year}追回违规资金{money}，对{n}名责任人进行约谈",
    ),
    fam(
        "stats_done",
        S,
        [PROBLEM, RECT, IMPL],
        "共排查问题{nn}个，其中{n}个已整改到位",
        "已办结{nn}件，办结率{pct}%",
        "{month}以来，{site}累计{deed}",
        "共征集意见建议{big}条，梳理归并为{nn}条",
        "{deadline}已完成{n}项，剩余{k}项正在推进",
    ),
    # ------------------------------------------------ substantive: self-examination
    fam(
        "self_concrete",
        S,
        [SELF],
        "{year}以来本人到{site}调研仅{k}次，{detail}",
        "今年{month}在{meeting}上，本人只念了文件，没有结合分管工作谈体会",
        "本人联系的{site}有{n}件群众反映的{issue}问题至今未解决",
        "{year}参加中心组学习{nn}次，撰写调研报告仅{k}篇",
        "在学习{book}时，只读了前{k}章，没有撰写读书笔记",
        "分管的{site}{issue}，本人{month}知情后只打过{k}次电话，未到现场",
    ),
    fam(
        "self_event",
        S,
        [SELF],
        "{month}{site}群众反映{issue}，本人批转后未跟踪，拖了{nn}天才办结",
        "{date}的{meeting}上，对{person}提出的意见本人没有当场回应",
        "{year}{month}，本人以会议代替调研，{n}次调研都是听汇报、看材料",
        "今年以来本人下基层{nn}次，其中{n}次当天往返，没有与{folk}深入交谈",
    ),
    fam(
        "talk_count",
        S,
        [SELF, IMPL],
        "{span}，{role}与班子成员逐一谈心谈话，共谈话{nn}人次",
        "会前开展谈心谈话{nn}人次，征求意见建议{nn}条",
        "{date}前{role}{person}与分管{site}的{n}名干部逐一谈话",
        "本人{month}与班子成员谈心谈话{n}人次，与分管部门负责人谈话{n}人次",
    ),
    fam(
        "publicity_concrete",
        S,
        [IMPL, STUDY],
        "在{site}设置宣传栏{n}块，{deadline}更新学习内容",
        "编印《{unit}主题教育学习手册》{big}册，发放到每名党员",
        "{month}在{unit}微信公众号开设学习专栏，发布稿件{nn}篇",
        "{date}在{site}举办专题展览，参观{folk}{big}人次",
    ),
    fam(
        "volunteer",
        S,
        [IMPL, RECT],
        "{date}组织{nn}名党员到{site}开展志愿服务，清理垃圾{n}吨",
        "{month}党员志愿服务队到{site}为{folk}义务服务{n}次",
        "{span}组织党员到{site}开展“结对帮扶”，结对{folk}{nn}户",
        "{year}开展志愿服务{nn}场，参与党员{big}人次",
    ),
    fam(
        "timeline",
        S,
        [IMPL, STUDY, RECT],
        "{deadline}完成动员部署，{deadline}完成专题调研，{deadline}召开专题民主生活会",
        "{span}：集中学习研讨；{span}：开展专题调研",
        "{date}召开动员会，{date}前各支部报送学习安排",
        "{deadline}完成问题检视，{deadline}完成整改并公示",
        "时间安排：{span}",
    ),
    fam(
        "labelled_item",
        S,
        [PROBLEM, RECT],
        "问题{k}：{issue}。整改措施：{deadline}{deed}",
        "问题表现：{site}{issue}，{month}以来投诉{nn}件",
        "整改措施：{deed}；责任人：{leader}",
        "存在问题：{issue}，涉及{thing}",
        "整改进展：已{deed}，{deadline}前全部完成",
    ),
    fam(
        "inspection",
        S,
        [RECT, PROBLEM, IMPL],
        "{date}对{site}开展暗访，发现问题{n}个，当场反馈{role}",
        "{month}抽查{site}台账{nn}本，发现记录不全{n}本",
        "{date}由{leader}带队到{site}督查整改进度",
        "{deadline}前对{n}个{vsubj_short}的整改情况逐一验收",
    ),
    fam(
        "complaint_stats",
        S,
        [PROBLEM, RESEARCH, SELF],
        "{month}通过12345热线收到涉及{issue}的投诉{nn}件",
        "{year}以来{site}共受理群众来信来访{nn}件，已办结{n}件",
        "问卷显示，{pct}%的{folk}认为{issue}",
        "{span}收集到{folk}意见{nn}条，其中涉及{issue}的{n}条",
    ),
    fam(
        "study_record",
        S,
        [STUDY, SELF],
        "{year}以来，{meeting}共开展集中学习{nn}次，其中专题研讨{n}次",
        "{month}前完成{book}第{k}至{n}专题学习",
        "{person}在{date}的读书班上作了题为“{issue}的症结在哪里”的发言",
        "截至{date}，{members}人均撰写学习笔记{n}篇",
    ),
    fam(
        "assign_named",
        S,
        [PROBLEM, RECT, IMPL],
        "由{leader}牵头，{site}负责{issue}问题的整改",
        "{issue}问题交由{site}办理，{role}督办",
        "把{issue}列入{org}为民办实事项目，由{leader}领办",
        "{site}负责收集{folk}对{issue}的意见，报{role}汇总",
        "{issue}问题由{role}包保，{site}具体落实",
    ),
    fam(
        "research_named",
        S,
        [RESEARCH],
        "调研题目：{unit}{issue}问题调查",
        "调研对象：{site}的{folk}和基层干部",
        "调研方式：到{site}蹲点，与{folk}面对面座谈",
        "成果形式：调研报告和{issue}问题的整改方案",
        "由{leader}带队到{site}调研{issue}问题",
    ),
    fam(
        "self_named",
        S,
        [SELF],
        "{site}群众反映的{issue}问题，我一直认为是客观原因，没有到现场看过",
        "在{meeting}上，{person}指出我布置工作只讲要求不讲方法，我当时没有虚心接受",
        "我分管{site}，对{issue}问题只听汇报，没有去现场核实",
        "{issue}的问题我早有耳闻，但怕得罪人，一直没有在班子会上提出来",
        "对{site}的{issue}问题，我只批示转办，没有跟踪办理结果",
    ),
    # ------------------------------------------------ substantive: per category
    fam(
        "cat_deeds",
        S,
        ALL,
        "{deadline}为{site}{deed}",
        "{month}已{deed}，惠及{thing}",
        "{year}计划{deed}，{deadline}前完成",
        "{site}{deed}，{role}{person}负责跟踪",
    ),
    fam(
        "cat_education",
        S,
        ALL,
        "{date}组织{nn}名青年教师开展同课异构，{person}等{k}人获评优秀课例",
        "{month}起{site}每天课后服务延长至{pm2}点半，开设课程{nn}门",
        "{deadline}前完成{big}名学生家访，形成家访记录{big}份",
        "{date}组织党员教师学习{book}，撰写心得{nn}篇",
        cats=["education"],
    ),
    fam(
        "cat_health",
        S,
        ALL,
        "{month}抽查门诊病历{big}份，发现不合理用药处方{nn}张",
        "{date}起{site}增设便民门诊{k}个，日均接诊{big}人次",
        "{deadline}前对{nn}名医护人员开展医患沟通培训，考核合格率{pct}%",
        "{site}{month}收到患者投诉{nn}件，已全部回访",
        cats=["health"],
    ),
    fam(
        "cat_village",
        S,
        ALL,
        "{date}在{site}召开院坝会，{nn}户村民代表参加",
        "{deadline}在{site}安装太阳能路灯{nn}盏",
        "{month}组织{nn}名党员到{site}清理沟渠{n}公里",
        "每月{k}日为{site}主题党日，{month}到会党员{nn}名",
        cats=["village"],
    ),
    fam(
        "cat_soe",
        S,
        ALL,
        "{site}{deadline}完成{nn}公里管网改造",
        "{month}完成工程款结算{nn}笔，金额{money}",
        "{date}召开党委会，研究{site}安全隐患整改，明确整改事项{nn}项",
        "{deadline}对{n}家子公司开展财务专项审计",
        cats=["soe"],
    ),
    fam(
        "cat_agency",
        S,
        ALL,
        "将施工许可审批时限由{nn}个工作日压缩到{n}个工作日",
        "{month}起{site}实行午间不断档服务，累计办件{big}件",
        "{deadline}取消各类报表{nn}种，精简会议{n}个",
        "{date}对{site}{nn}个窗口开展暗访，通报问题{n}个",
        cats=["agency"],
    ),
    fam(
        "cat_private",
        S,
        ALL,
        "{month}为{site}{nn}名一线职工开展安全培训{hours}学时",
        "{date}设立{n}个“党员先锋岗”，由{person}等党员带班",
        "{deadline}完成{site}{n}台老旧设备更新",
        "{year}为{nn}名职工办理技能等级认定",
        cats=["private_org"],
    ),
    fam(
        "cat_town",
        S,
        ALL,
        "{date}为{site}{nn}户群众解决饮水问题",
        "{deadline}在{site}建成便民服务点{n}个，配备代办员{n}名",
        "{month}调处{site}矛盾纠纷{nn}件，化解率{pct}%",
        "{span}组织{nn}名机关干部到{site}驻村蹲点",
        cats=["town"],
    ),
    # ------------------------------------------------ substantive, hard
    fam(
        "political_concrete",
        S,
        ALL,
        "{role}{person}于{deadline}带队走访{n}个村，形成{k}份调研报告",
        "坚持以习近平新时代中国特色社会主义思想为指导，{date}组织中心组围绕{book}开展专题研讨，{n}名班子成员逐一发言",
        "深入贯彻党的二十大精神，{span}举办读书班，集中学习{days}天",
        "{date}召开专题民主生活会，班子成员对照“六个方面”作对照检查，相互批评意见{nn}条",
        "认真落实“第一议题”制度，{month}以来{meeting}传达学习{n}次",
        "严格落实中央八项规定精神，{year}公务接待费同比下降{pct}%",
        "坚持以人民为中心，{deadline}解决{site}{issue}问题",
        hard=True,
    ),
    fam(
        "stock_plus_concrete",
        S,
        PLANS + (PROBLEM,),
        "{slogan}，{deadline}前{deed}",
        "高度重视{issue}，{date}由{leader}牵头召开专题会议，明确{n}项整改措施",
        "{slogan}，{deadline}完成{site}{deed}",
        "狠抓落实，{month}以来{site}累计{deed}",
        "建立健全{system}，{deadline}前{deed}",
        "{stock}，由{leader}负责，{deadline}完成{deed}",
        hard=True,
    ),
    fam(
        "quote_requirement",
        S,
        [IMPL, STUDY],
        "{self}主题教育坚持“{req}”的总要求",
        "深入贯彻学思想、强党性、重实践、建新功的总要求",
        "牢牢把握“{req}”的总要求",
        "牢牢把握“{goal}”的目标",
        "把{measures}有机融合、一体推进",
        "本次主题教育的总要求是：{req}",
        "根本任务是坚持学思想、强党性、重实践、建新功",
        "以学铸魂、以学增智、以学正风、以学促干",
        hard=True,
    ),
    fam(
        "named_no_digits",
        S,
        ALL,
        "在{site}设立“党员示范岗”，由{person}负责",
        "由{leader}牵头，{site}具体负责{issue}问题的整改",
        "将{site}作为{role}的联系点，{issue}问题由其包保解决",
        "{site}的{issue}问题已报{upper}，由{role}{person}跟踪督办",
        "{person}同志负责{site}{issue}问题的台账管理和销号",
        hard=True,
    ),
]

# Decorations that make a substantive sentence look like boilerplate on the surface.
STOCK_LEADS = ["{slogan}，", "{stock}，", "为{slogan}，", "按照{stock}的要求，"]
STOCK_TAILS = ["，确保{effect}", "，{stocklong}", "，切实做到{stock}"]


def _end(rng: random.Random, text: str) -> str:
    r = rng.random()
    return text + ("。" if r < 0.8 else "；" if r < 0.9 else "")


def generate_family(family: Family, rng: random.Random, n: int, seen: set[str]) -> list[dict]:
    units = [u for u in UNITS if u.cat in family.cats]
    out = []
    for _ in range(n * 8):
        if len(out) >= n:
            break
        ctx = Ctx(rng, rng.choice(units))
        text = ctx.fill(rng.choice(family.templates))
        hard = family.hard
        if family.label == S and not family.hard and rng.random() < 0.15:
            if rng.random() < 0.5:
                text = ctx.fill(rng.choice(STOCK_LEADS)) + text
            else:
                text += ctx.fill(rng.choice(STOCK_TAILS))
            hard = True
        text = _end(rng, text)
        if not MIN_LEN <= len(text) <= MAX_LEN or text.rstrip("。；") in seen:
            continue
        seen.add(text.rstrip("。；"))
        out.append(
            {
                "text": text,
                "label": family.label,
                "doc_type": rng.choice(family.doc_types),
                "unit_category": ctx.u.cat,
                "hard": hard,
                "source": f"make.py:{family.name}",
                "group": family.name,
            }
        )
    return out


# ---------------------------------------------------------------- hand-written sentences


def read_handwritten(path: Path) -> list[dict]:
    """handwritten.txt: `@ label hard|plain doc_type` lines set what follows; every other line
    is `category sentence`. Lines starting with # are comments."""
    out = []
    label = hard = doc_type = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            label, hard_flag, doc_type = line[1:].split()
            hard = hard_flag == "hard"
            if label not in LABELS or doc_type not in DOC_TYPES or hard_flag not in ("hard", "plain"):
                raise ValueError(f"{path.name}:{number}: bad directive {line!r}")
            continue
        cat, text = line.split(maxsplit=1)
        if cat not in CATEGORIES or label is None or not MIN_LEN <= len(text) <= MAX_LEN:
            raise ValueError(f"{path.name}:{number}: bad line {line!r}")
        out.append(
            {
                "text": text,
                "label": label,
                "doc_type": doc_type,
                "unit_category": cat,
                "hard": hard,
                "source": "handwritten.txt",
                "group": f"hand-{number:04d}",
            }
        )
    return out


def main() -> None:
    rng = random.Random(SEED)
    hand = read_handwritten(OUT / "handwritten.txt")
    seen = {d["text"].rstrip("。；") for d in hand}
    if len(seen) != len(hand):
        raise SystemExit("handwritten.txt has duplicate sentences")
    rows = list(hand)
    for family in FAMILIES:
        rows += generate_family(family, rng, PER_FAMILY, seen)
    with open(OUT / "sentences.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        for i, row in enumerate(rows, 1):
            fh.write(json.dumps({"id": f"bp-{i:05d}", **row}, ensure_ascii=False) + "\n")
    by_label = {lab: sum(r["label"] == lab for r in rows) for lab in LABELS}
    lengths = sorted(len(r["text"]) for r in rows)
    print(
        f"{len(rows)} sentences ({len(hand)} hand-written, {len(FAMILIES)} families), "
        f"{by_label}, hard {sum(r['hard'] for r in rows)}, length {lengths[0]}–{lengths[-1]}"
    )


if __name__ == "__main__":
    main()
