"""Load rules/*.yaml — the shipped rules and a workspace's own — and validate them all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from review.categories import DOC_TYPES
from review.data import data_path
from review.rules import custom  # noqa: F401  (registers the python checks)
from review.rules.engine import CUSTOM_CHECKS, MESSAGE_FIELDS, custom_params, message_fields
from review.rules.schema import PythonCheck, Rule
from review.score import dimension_of, scheme_for, schemes

# Folders and files under rules/ that hold data for the rules, not rules.
NOT_RULES = {"lexicon", "campaigns", "scoring.yaml"}


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file, the rule and the field."""


@dataclass
class LoadedRule:
    rule: Rule
    path: Path


def rule_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*.y*ml")
        if p.suffix in (".yaml", ".yml")
        and not any(part in NOT_RULES for part in p.relative_to(root).parts)
    )


_ERROR_WORDS = {
    "extra_forbidden": "无法识别的字段（请检查拼写）",
    "missing": "缺少必填字段",
    "literal_error": "取值不在允许范围内",
    "union_tag_invalid": "check.type 不是已知的检查类型（require、forbid、count、table_columns、"
                         "item_fields、dates、sequence、specificity、substance、python）",
}


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err["loc"]) or "（整条规则）"
        why = _ERROR_WORDS.get(err["type"], err["msg"].removeprefix("Value error, "))
        parts.append(f"字段 {where}：{why}")
    return "；".join(parts)


def parse_rule_file(path: Path) -> list[Rule]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleError(f"规则文件 {path}：YAML 格式错误：{exc}") from exc
    entries = raw if isinstance(raw, list) else [raw]
    rules = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise RuleError(f"规则文件 {path} 第 {i} 条规则不是键值映射。")
        rule_id = entry.get("id", f"第{i}条")
        try:
            rule = Rule.model_validate(entry)
        except ValidationError as exc:
            raise RuleError(f"规则文件 {path} 中规则 {rule_id}：{_explain(exc)}") from exc
        _check_message(rule, path)
        _check_dimension(rule, path)
        rules.append(rule)
    return rules


def _check_dimension(rule: Rule, path: Path) -> None:
    """Every doc type the rule applies to must have the dimension it deducts from, or its
    findings would cost nothing."""
    for doc_type in rule.applies_to.doc_types or [t for t in schemes() if t != "other"]:
        dimension = dimension_of(rule, doc_type)
        if dimension not in scheme_for(doc_type).dimensions:
            have = "、".join(scheme_for(doc_type).dimensions)
            raise RuleError(
                f"规则文件 {path} 中规则 {rule.id}：字段 dimension：{DOC_TYPES[doc_type]}的评分方案"
                f"（rules/scoring.yaml）没有“{dimension}”维度（可用：{have}）"
            )


def _check_message(rule: Rule, path: Path) -> None:
    if isinstance(rule.check, PythonCheck):
        if rule.check.name not in CUSTOM_CHECKS:
            known = "、".join(sorted(CUSTOM_CHECKS))
            raise RuleError(
                f"规则文件 {path} 中规则 {rule.id}：字段 check.name：没有名为 {rule.check.name!r} "
                f"的 Python 检查（已注册：{known}）"
            )
        accepted = custom_params(rule.check.name)
        unknown = sorted(set(rule.check.params) - set(accepted))
        if unknown:
            raise RuleError(
                f"规则文件 {path} 中规则 {rule.id}：字段 check.params：{rule.check.name} 检查没有参数 "
                f"{'、'.join(unknown)}（可用：{'、'.join(accepted) or '无'}）"
            )
        return
    allowed = MESSAGE_FIELDS[type(rule.check)]
    for name, template in (("message", rule.message), ("suggestion", rule.suggestion or "")):
        unknown = message_fields(template) - allowed
        if unknown:
            raise RuleError(
                f"规则文件 {path} 中规则 {rule.id}：字段 {name}：占位符 "
                f"{'、'.join('{' + u + '}' for u in sorted(unknown))} 无法填充"
                f"（{rule.check.type} 检查可用：{'、'.join('{' + a + '}' for a in sorted(allowed))}）"
            )


def load_rules(extra_dirs: list[Path] = ()) -> list[LoadedRule]:
    """The shipped rules, then each extra folder's; a later rule with the same id replaces
    the earlier one, so a workspace can override a shipped rule by redefining it."""
    by_id: dict[str, LoadedRule] = {}
    for root in [data_path("rules"), *extra_dirs]:
        seen_here: dict[str, Path] = {}
        for path in rule_files(root):
            for rule in parse_rule_file(path):
                if rule.id in seen_here:
                    raise RuleError(
                        f"规则编号 {rule.id} 重复：{seen_here[rule.id]} 和 {path}。请改为不同的编号。"
                    )
                seen_here[rule.id] = path
                by_id[rule.id] = LoadedRule(rule, path)
    return list(by_id.values())


def configure(
    loaded: list[LoadedRule],
    disabled: list[str],
    weights: dict[str, float],
    thresholds: dict[str, dict] | None = None,
) -> list[Rule]:
    """Apply a workspace's review.toml: disabled rules dropped, weights changed, check
    thresholds changed (validated as if the rule file said them)."""
    thresholds = thresholds or {}
    known = {lr.rule.id for lr in loaded}
    unknown = [r for r in [*disabled, *weights, *thresholds] if r not in known]
    if unknown:
        raise RuleError(
            f"review.toml 的 [rules] 中引用了不存在的规则：{'、'.join(unknown)}。"
            "可用 `review rules list` 查看规则编号。"
        )
    rules = []
    for lr in loaded:
        if lr.rule.id in disabled:
            continue
        rule = lr.rule
        if rule.id in weights:
            rule = rule.model_copy(update={"weight": weights[rule.id]})
        if rule.id in thresholds:
            rule = _with_thresholds(rule, thresholds[rule.id])
        rules.append(rule)
    return rules


def _with_thresholds(rule: Rule, changes: dict) -> Rule:
    raw = rule.model_dump(exclude_unset=True)
    check = dict(raw["check"])
    if isinstance(rule.check, PythonCheck):
        unknown = sorted(set(changes) - set(custom_params(rule.check.name)))
        check["params"] = {**rule.check.params, **changes}
    else:
        unknown = sorted(set(changes) - set(type(rule.check).model_fields) - {"type"})
        check.update(changes)
    if unknown:
        raise RuleError(
            f"review.toml 的 [rules.thresholds.\"{rule.id}\"] 中有无法识别的设置项："
            f"{'、'.join(unknown)}。可用 `review rules explain {rule.id}` 查看这条规则的检查参数。"
        )
    try:
        return Rule.model_validate({**raw, "check": check})
    except ValidationError as exc:
        raise RuleError(f"review.toml 的 [rules.thresholds.\"{rule.id}\"]：{_explain(exc)}") from exc
