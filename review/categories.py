"""Finding categories, doc types, unit categories and levels: the stable ids of DESIGN.md."""

from __future__ import annotations

# id -> (中文, dimension)
CATEGORIES: dict[str, tuple[str, str]] = {
    "missing_required_action": ("规定动作缺项", "规定动作"),
    "thin_required_action": ("规定动作环节步骤不到位", "规定动作"),
    "missing_section": ("结构要件缺失", "规定动作"),
    "too_few_items": ("数量不足", "规定动作"),
    "missing_category_content": ("未落实分类要求", "分级分类"),
    "no_local_features": ("未体现本单位特色", "自选动作"),
    "schedule_missing": ("缺少时间安排", "时间进度"),
    "schedule_inconsistent": ("时间节点矛盾或超出期限", "时间进度"),
    "schedule_rushed": ("时间安排过紧（突击闯关）", "时间进度"),
    "no_problem_focus": ("问题导向不突出/未聚焦四风", "问题导向"),
    "vague_problem": ("问题表述笼统", "问题导向"),
    "achievement_as_problem": ("以成绩代替问题/避重就轻", "问题导向"),
    "rectification_no_target": ("整改无目标", "整改四有"),
    "rectification_no_measure": ("整改无措施或措施空泛", "整改四有"),
    "rectification_no_owner": ("整改无责任主体", "整改四有"),
    "rectification_no_deadline": ("整改无时限", "整改四有"),
    "copied_template": ("照搬上级文件或范文", "照搬照抄"),
    "copied_peer": ("与本批其他单位雷同", "照搬照抄"),
    "copied_prior": ("与往年或历史材料雷同", "照搬照抄"),
    "foreign_name": ("出现其他单位/地名（疑似套用）", "照搬照抄"),
    "placeholder_left": ("模板占位符未替换", "照搬照抄"),
    "wrong_campaign_term": ("使用其他批次/过时提法", "规范提法"),
    "boilerplate": ("空话套话", "文风"),
    "unrevised": ("上轮意见未修改", "轮次"),
    "unreadable": ("文件无法读取", "文件"),
}

# Scoring dimensions in the order reviewers read them: 四审四看 first.
DIMENSION_ORDER: tuple[str, ...] = (
    "规定动作", "自选动作", "时间进度", "问题导向", "整改四有", "查摆全面", "问题具体", "原因剖析",
    "整改措施", "分级分类", "照搬照抄", "规范提法", "文风", "轮次", "文件",
)

DOC_TYPES: dict[str, str] = {
    "implementation_plan": "实施方案",
    "study_plan": "学习计划",
    "research_plan": "调研方案",
    "problem_list": "问题清单",
    "rectification_plan": "整改方案",
    "self_examination": "对照检查材料",
    "other": "其他材料",
}

UNIT_CATEGORIES: dict[str, str] = {
    "town": "镇（街道）",
    "village": "村（社区）",
    "agency": "机关事业单位",
    "private_org": "非公企业和社会组织",
    "soe": "国有企业",
    "education": "教育系统",
    "health": "卫健系统",
}

LEVELS: dict[str, str] = {
    "county_leadership": "县处级领导班子",
    "section_leadership": "科级领导班子",
    "branch": "党支部",
    "individual": "党员个人",
}

VERDICTS: dict[str, str] = {"pass": "通过", "revise": "修改完善", "redo": "退回重做"}

SEVERITIES: dict[str, str] = {"error": "必须修改", "warning": "建议修改", "info": "提示"}

CAMPAIGNS: tuple[str, ...] = ("2023", "2019", "2014")
