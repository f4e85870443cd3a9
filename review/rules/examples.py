"""Run every rule's own examples: `fire` examples must make it fire, `quiet` ones must not."""

from __future__ import annotations

from review.campaigns import campaign
from review.ingest.txt import parse_text
from review.model import Unit
from review.nlp.analysis import analyze
from review.rules.custom import COPY_SETS
from review.rules.engine import Context, applies, evaluate
from review.rules.schema import Example, PythonCheck, Rule
from review.similarity import Draft, Reference, build_index, detect, standard_phrases
from review.workspace.roster import roster_names


def _context(rule: Rule, example: Example) -> Context:
    a = rule.applies_to
    unit_category = example.unit_category or (a.unit_categories[0] if a.unit_categories else None)
    roster = [
        Unit("柳溪村", ["柳溪村党支部"], "village", "branch"),
        Unit("河口镇", [], "town", "section_leadership"),
        Unit("县委办公室", [], "agency", "section_leadership"),
        Unit("桃源村", [], "village", "branch"),
    ]
    return Context(
        doc_type=example.doc_type or (a.doc_types[0] if a.doc_types else "implementation_plan"),
        campaign=example.campaign or (a.campaigns[0] if a.campaigns else "2023"),
        unit=example.unit or "示例单位",
        unit_category=unit_category,
        level=example.level or (a.levels[0] if a.levels else None),
        roster=roster,
    )


def _copy_report(analysis, reference_text: str, check_name: str, ctx: Context):
    """The example's copy report against its reference, filed under the set the rule covers."""
    ref = analyze(parse_text(reference_text))
    reference = Reference("example-reference", ref.text,
                          tuple((s.start, s.end) for s in ref.sentences),
                          COPY_SETS[check_name][0], "示例来源.docx", "参照单位")
    draft = Draft("example", analysis.text, tuple((s.start, s.end) for s in analysis.sentences),
                  ctx.unit)
    return detect(draft, build_index([reference]), standard_phrases(campaign(ctx.campaign)))


def _as_example(value: str | Example) -> Example:
    return value if isinstance(value, Example) else Example(text=value)


def run_examples(rules: list[Rule]) -> list[str]:
    """Descriptions of every example that did not behave; empty when all pass."""
    failures: list[str] = []
    for rule in rules:
        for expected, examples in (("fire", rule.examples.fire), ("quiet", rule.examples.quiet)):
            for raw in examples:
                example = _as_example(raw)
                ctx = _context(rule, example)
                analysis = analyze(parse_text(example.text), campaign(ctx.campaign).period,
                                   roster_names(ctx.roster))
                if example.reference is not None and isinstance(rule.check, PythonCheck):
                    ctx.copies = _copy_report(analysis, example.reference, rule.check.name, ctx)
                # An example may set the unit or doc type to show where the rule does not apply.
                fired = evaluate(rule, analysis, ctx) if applies(rule, ctx) else []
                if expected == "fire" and not fired:
                    failures.append(f"{rule.id}：应触发却未触发：{example.text!r}")
                elif expected == "quiet" and fired:
                    failures.append(
                        f"{rule.id}：不应触发却触发了（{fired[0].message}）：{example.text!r}"
                    )
    return failures
