"""The shipped rules load, validate strictly, and behave as their own examples say."""

from __future__ import annotations

import pytest

from review.rules.examples import run_examples
from review.rules.loader import RuleError, configure, load_rules, parse_rule_file
from review.score import score

RULE = """\
id: local.no_meeting_words
category: boilerplate
severity: warning
weight: 2
check: {type: forbid, terms: [高度重视]}
message: 出现套话“{match}”。
examples:
  fire: ["我们高度重视。"]
  quiet: ["我们召开了3次会议。"]
"""


def _one_rule(tmp_path, text: str):
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    (rule,) = parse_rule_file(path)
    return rule


def test_every_shipped_rule_passes_its_examples():
    rules = [lr.rule for lr in load_rules()]
    assert len(rules) >= 20
    assert run_examples(rules) == []


def test_a_rule_whose_dimension_a_doc_type_lacks_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(RULE.replace("category: boilerplate", "category: boilerplate\ndimension: 原因剖析"),
                    encoding="utf-8")
    with pytest.raises(RuleError, match="原因剖析"):
        parse_rule_file(path)


def test_self_examination_scores_by_its_own_dimensions():
    from review.model import Finding
    rules = {lr.rule.id: lr.rule for lr in load_rules()}
    causes = Finding(rule="selfexam.part.causes", category="missing_section", dimension="",
                     severity="error", message="", quote="", start=0, end=0, weight=15)
    total, dims, _ = score([causes], rules, "self_examination", pass_score=85, redo_score=60)
    assert set(dims) == {"查摆全面", "问题具体", "原因剖析", "整改措施", "照搬照抄", "规范提法", "文风"}
    assert dims["原因剖析"] == 0 and dims["查摆全面"] == 25 and total == 85


def test_workspace_rule_is_added_and_can_be_disabled(tmp_path):
    (tmp_path / "my.yaml").write_text(RULE, encoding="utf-8")
    loaded = load_rules([tmp_path])
    assert "local.no_meeting_words" in {lr.rule.id for lr in loaded}
    kept = configure(loaded, ["local.no_meeting_words"], {"rectify.owner": 9})
    assert "local.no_meeting_words" not in {r.id for r in kept}
    assert next(r for r in kept if r.id == "rectify.owner").weight == 9


@pytest.mark.parametrize(
    "change, words",
    [
        (("severity: warning", "severity: warning\nlevel: 3"), "level"),
        (("category: boilerplate", "category: nonsense"), "nonsense"),
        (("type: forbid", "type: forbids"), "check"),
        (("出现套话“{match}”", "出现套话“{matched}”"), "{matched}"),
        (("terms: [高度重视]", "patterns: ['(']"), "正则"),
    ],
)
def test_bad_rule_files_fail_naming_file_rule_and_field(tmp_path, change, words):
    path = tmp_path / "bad.yaml"
    path.write_text(RULE.replace(*change), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        parse_rule_file(path)
    message = str(info.value)
    assert "bad.yaml" in message and "local.no_meeting_words" in message and words in message


def test_a_rule_whose_example_does_not_fire_is_reported(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        RULE.replace('fire: ["我们高度重视。"]', 'fire: ["我们开了会。"]'), encoding="utf-8"
    )
    failures = run_examples(parse_rule_file(path))
    assert len(failures) == 1 and "应触发却未触发" in failures[0]


def test_unknown_rule_in_settings_is_an_error():
    with pytest.raises(RuleError, match="不存在的规则"):
        configure(load_rules(), ["no.such.rule"], {})


def test_section_scope_looks_only_inside_the_named_section(tmp_path):
    from review.ingest.txt import parse_text
    from review.nlp.analysis import analyze
    from review.rules.engine import Context, evaluate

    rule = _one_rule(
        tmp_path,
        "id: local.causes_ideals\ncategory: missing_section\nseverity: warning\nweight: 3\n"
        "check: {type: require, terms: [理想信念], section: [原因剖析]}\n"
        "message: 原因剖析未从理想信念方面剖析。\n"
        'examples: {fire: ["一、查摆问题\\n理想信念不够坚定。\\n二、原因剖析\\n工作太忙。"],'
        ' quiet: ["一、查摆问题\\n二、原因剖析\\n理想信念有所松懈。"]}\n',
    )
    assert run_examples([rule]) == []
    # A draft without the section is left to the rule that requires the section.
    no_section = analyze(parse_text("理想信念有所松懈。"))
    assert evaluate(rule, no_section, Context("self_examination", "2023")) == []


def test_campaign_files_load_with_their_periods():
    from datetime import date

    from review.campaigns import campaign

    assert campaign("2023").measures == ("理论学习", "调查研究", "推动发展", "检视整改")
    assert campaign("2023").period == (date(2023, 9, 1), date(2024, 1, 31))
    assert campaign("2014").staged and not campaign("2019").staged


def test_workspace_changes_a_threshold_and_typos_are_refused():
    loaded = load_rules()
    rules = {r.id: r for r in configure(loaded, [], {}, {"plan.schedule.rushed": {"min_days": 30}})}
    assert rules["plan.schedule.rushed"].check.min_days == 30
    with pytest.raises(RuleError, match="min_dayz"):
        configure(loaded, [], {}, {"plan.schedule.rushed": {"min_dayz": 30}})
    with pytest.raises(RuleError, match="min_days"):
        configure(loaded, [], {}, {"plan.schedule.rushed": {"min_days": 0}})


def test_every_shipped_rule_has_two_firing_and_two_quiet_examples():
    thin = [lr.rule.id for lr in load_rules()
            if len(lr.rule.examples.fire) < 2 or len(lr.rule.examples.quiet) < 2]
    assert thin == []


def test_table_and_item_scopes(tmp_path):
    rule = _one_rule(
        tmp_path,
        "id: local.cells_placeholder\ncategory: placeholder_left\nseverity: error\nweight: 3\n"
        "check: {type: forbid, terms: [待定], scope: tables}\n"
        "message: 表格中有“{match}”。\n"
        'examples: {fire: ["序号\\t问题\\t整改措施\\t完成时限\\n1\\t会议多\\t合并会议\\t待定",'
        ' "序号\\t问题\\t责任人\\n1\\t待定\\t张明"],'
        ' quiet: ["完成时限待定。\\n序号\\t问题\\t完成时限\\n1\\t会议多\\t12月底", "时限待定。"]}\n',
    )
    assert run_examples([rule]) == []


def test_another_village_is_named_by_the_first_of_its_names_the_plan_holds():
    # Each village in roster order is named by the first of its names found in the plan,
    # at its first place. 柳溪 stands inside 柳溪新村, another village's longer name: both
    # villages are found there, and the earlier in the roster is the one reported.
    from review.ingest.txt import parse_text
    from review.model import Unit
    from review.nlp.analysis import analyze
    from review.rules.custom import foreign_name
    from review.rules.engine import Context

    roster = [Unit("河口村", category="village"), Unit("柳溪村", ["柳溪"], category="village"),
              Unit("柳溪新村", category="village"), Unit("石桥村", category="village"),
              Unit("县委组织部", category="agency")]
    text = "本村学习柳溪新村经验，组织党员赴石桥村参观。县委组织部统一部署。"
    analysis = analyze(parse_text(text))
    ctx = Context("plan", "2023", unit="河口村", unit_category="village", roster=roster)
    hits = [(h.start, analysis.text[h.start:h.end], h.values["match"])
            for h in foreign_name(analysis, ctx)]
    at = analysis.text.index
    assert hits == [(at("柳溪新村"), "柳溪", "柳溪"), (at("石桥村"), "石桥村", "石桥村")]
