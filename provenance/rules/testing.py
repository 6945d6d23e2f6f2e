"""Run every rule's own examples: what `provenance rules test` and the test suite check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..engine import Engine, FieldText
from ..model import Article, Figure
from .ruleset import RuleSet
from .schema import Example, Rule

if TYPE_CHECKING:
    from ..metadata.model import ImageMetadata


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    example: Example
    expected: bool
    matched: bool

    @property
    def passed(self) -> bool:
        return self.expected == self.matched

    def describe(self) -> str:
        want = "should match" if self.expected else "should not match"
        got = "matched" if self.matched else "did not match"
        return f"{self.rule.id} [{self.example.language}/{self.example.field}] {want} but {got}: {self.example.text!r}"


def example_matches(engine: Engine, rule: Rule, example: Example) -> bool:
    """Run one rule alone over one example text, as the field the example names."""
    if example.field == "figure":
        findings = _check_figure_example(engine, rule, example).findings
        return rule.id in {r for f in findings for r in (f.rule, *f.related_rules)}
    if example.metadata is not None:
        meta = metadata_from_example(example.metadata)
        return any(f.rule == rule.id for f in engine.check_metadata(0, meta, [rule]))
    spans = engine.ruleset.credits.spans(example.text) if example.field != "credit" else []
    text = FieldText(field=example.field, text=example.text, language=example.language,
                     figure=0 if example.field in ("caption", "credit") else None,
                     credit_spans=spans, whole_is_credit=example.field == "credit")
    return any(f.rule == rule.id for f in engine.check_field(text, [rule]))


def _check_figure_example(engine: Engine, rule: Rule, example: Example):
    """A whole figure (published caption, credit, picture metadata) through every rule.

    Figure-level rules read what the other rules found, so the example runs them all.
    """
    meta = metadata_from_example(example.metadata) if example.metadata is not None else None
    figure = Figure(caption=example.text, credit=example.credit, language=example.language, metadata=meta)
    article = Article(path="<example>", id="example", language=example.language, figures=[figure])
    rules = [r for r in engine.ruleset.rules if r.enabled or r.id == rule.id]
    return engine.check(article, rules)


def metadata_from_example(data: dict[str, Any]) -> "ImageMetadata":
    """Build picture metadata from an example's mapping: fields, `c2pa`, `problems`, `format`."""
    from ..metadata.model import FIELD_LABELS, C2paAction, C2paSummary, Conflict, ImageMetadata, MetadataValue, Problem

    meta = ImageMetadata(path="<example>", format=data.get("format"))
    for name, value in data.items():
        if name in FIELD_LABELS:
            for item in value if isinstance(value, list) else [value]:
                meta.add(name, str(item), f"Example:{name}")
    if isinstance(data.get("c2pa"), dict):
        c2pa = dict(data["c2pa"])
        actions = [C2paAction(**a) if isinstance(a, dict) else C2paAction(str(a)) for a in c2pa.pop("actions", [])]
        meta.c2pa = C2paSummary(actions=actions, **c2pa)
    for problem in data.get("problems", []):
        meta.problems.append(Problem(problem["kind"], problem.get("reason", "")))
    for conflict in data.get("conflicts", []):
        values = tuple(MetadataValue(v["value"], v["origin"]) for v in conflict["values"])
        meta.conflicts.append(Conflict(conflict["field"], values))
    return meta


def run_examples(ruleset: RuleSet, rule_ids: list[str] | None = None) -> list[ExampleResult]:
    engine = Engine(ruleset)
    results = []
    for rule in ruleset.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        for expected, examples in ((True, rule.must_match), (False, rule.must_not_match)):
            for example in examples:
                results.append(ExampleResult(rule, example, expected, example_matches(engine, rule, example)))
    return results
