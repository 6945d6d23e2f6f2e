"""What a report renderer may need beyond the results: one value object, the same for every format."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Severity


@dataclass(frozen=True)
class ReportOptions:
    """`fail_on`: the --fail-on threshold (None: nothing fails), which JUnit turns into failures.
    `rules_docs`: where the rule documentation pages (`<rule-id>.html`) are, relative to the report
    or absolute; SARIF's helpUri points there."""

    fail_on: Severity | None = Severity.ERROR
    rules_docs: str = "rules/"

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity.rank >= self.fail_on.rank

    def rule_doc(self, rule_id: str) -> str:
        return f"{self.rules_docs.rstrip('/')}/{rule_id}.html"
