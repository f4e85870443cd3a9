"""The edits copiers make, applied to a list of sentences with a seeded random source."""

from __future__ import annotations

import random
import re

import jieba

jieba.setLogLevel(60)

# Unit and place swaps a copier makes (county plan -> town plan, one town -> another).
SWAPS = {
    "中共清河县委": "中共河口镇委员会", "清河县": "河口镇", "县委常委会": "镇党委班子",
    "县委": "镇党委", "县政府": "镇政府", "全县": "全镇", "县级": "镇级", "县域": "镇域",
    "河口镇": "石桥乡", "镇党委": "乡党委", "全镇": "全乡", "本镇": "本乡", "柳溪村": "桃园村",
}
_SWAP = re.compile("|".join(sorted(map(re.escape, SWAPS), key=len, reverse=True)))
_DIGITS = re.compile(r"[0-9]+")

SYNONYMS = {
    "加强": "强化", "深入": "扎实", "推进": "推动", "推动": "促进", "开展": "组织", "组织": "安排",
    "落实": "执行", "切实": "确实", "认真": "扎实", "重点": "主要", "工作": "任务", "要求": "规定",
    "群众": "百姓", "全面": "全方位", "及时": "按时", "建立": "健全", "完善": "改进", "提高": "提升",
    "增强": "强化", "围绕": "聚焦", "结合": "联系", "通过": "借助", "确保": "保证", "形成": "构建",
    "召开": "举行", "制定": "拟定", "进一步": "更加", "领导": "带领", "发挥": "彰显", "作用": "效能",
    "积极": "主动", "主动": "积极", "严格": "从严", "明确": "清晰", "调研": "调查", "成效": "实效",
    "实效": "成效", "成果": "成绩", "方式": "办法", "方法": "办法", "措施": "举措", "举措": "措施",
    "任务": "工作", "情况": "状况", "存在": "出现", "不够": "不足", "有待": "需要", "能力": "本领",
    "水平": "层次", "意识": "观念", "各项": "各类", "单位": "部门", "部门": "单位", "持续": "不断",
    "不断": "持续", "着力": "致力", "扎实": "切实", "分析": "剖析", "查找": "查摆", "整改": "整治",
    "解决": "破解", "总结": "归纳", "宣传": "宣介", "氛围": "环境", "营造": "打造", "重要": "关键",
    "深刻": "深入", "全体": "所有", "每月": "每个月", "至少": "起码", "不少于": "不低于", "负责": "承担",
    "督促": "督查", "指导": "引导", "检查": "检验", "考核": "考评", "评估": "评价", "问题": "短板",
    "党员": "同志", "干部": "骨干", "学习": "研学", "思想": "理念", "实际": "实情", "发展": "进步",
    "基层": "一线", "服务": "服务保障", "制度": "机制", "机制": "制度", "研究": "研判", "坚持": "坚守",
}
INSERTS = ("切实", "认真", "进一步", "扎实", "全面", "积极", "深入", "持续", "不断", "着力", "大力",
           "坚决", "务必", "全力", "及时")
_WORD = re.compile(r"[\u4e00-\u9fff]")


def _words(sentence: str) -> list[str]:
    return jieba.lcut(sentence, HMM=False)


def swap_names(text: str) -> str:
    return _SWAP.sub(lambda m: SWAPS[m.group()], text)


def change_numbers(text: str, rng: random.Random) -> str:
    return _DIGITS.sub(lambda m: str(rng.randint(1, 30)), text)


def light(sentences: list[str], rng: random.Random) -> list[str]:
    """Names swapped, numbers changed, a word inserted or dropped here and there."""
    out = []
    for s in sentences:
        tokens = _words(change_numbers(swap_names(s), rng))
        spots = [i for i, t in enumerate(tokens) if _WORD.search(t)]
        if spots and rng.random() < 0.5:
            tokens.insert(rng.choice(spots), rng.choice(INSERTS))
        droppable = [i for i, t in enumerate(tokens) if t in INSERTS or t in ("的", "和", "等")]
        if droppable and rng.random() < 0.4:
            del tokens[rng.choice(droppable)]
        out.append("".join(tokens))
    return out


def heavy(sentences: list[str], rng: random.Random, share: float = 0.3) -> tuple[list[str], float]:
    """At least `share` of the words changed by synonyms, insertions and deletions.
    Returns the sentences and the share of words actually changed."""
    tokens = [_words(swap_names(s)) for s in sentences]
    words = sum(1 for ts in tokens for t in ts if _WORD.search(t))
    changed = 0
    out = [list(ts) for ts in tokens]
    spots = [(k, i) for k, ts in enumerate(out) for i, t in enumerate(ts) if _WORD.search(t)]
    rng.shuffle(spots)
    for k, i in spots:
        if changed >= share * words:
            break
        t = out[k][i]
        roll = rng.random()
        if t in SYNONYMS and roll < 0.7:
            out[k][i] = SYNONYMS[t]
        elif roll < 0.8:
            out[k][i] = rng.choice(INSERTS) + t
        elif len(t) >= 2:
            out[k][i] = ""
        else:
            continue
        changed += 1
    return ["".join(ts) for ts in out], changed / max(1, words)


def reorder(sentences: list[str], rng: random.Random) -> list[str]:
    """The same sentences in another order (sentence-final marks stay with their sentence)."""
    if len(sentences) < 2:
        return sentences
    order = list(range(len(sentences)))
    while order == sorted(order):
        rng.shuffle(order)
    return [_closed(sentences[i]) for i in order]


def _closed(s: str) -> str:
    return s if s[-1:] in "。；！？" else s + "。"
