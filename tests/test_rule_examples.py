"""Every rule's own examples hold: what it must match it matches, what it must not, it does not."""

from __future__ import annotations

import re
import unicodedata

import pytest

from provenance.api import default_rules
from provenance.rules.testing import ExampleResult, run_examples

RESULTS = run_examples(default_rules())


def case_id(result: ExampleResult) -> str:
    """`captions.unverified/fr/match/le-contenu-de-cette-image`: rule, language, expectation, opening words."""
    ascii_text = unicodedata.normalize("NFKD", result.example.text).encode("ascii", "ignore").decode()
    words = re.findall(r"\w+", ascii_text.lower())[:5]
    expectation = "match" if result.expected else "no_match"
    return f"{result.rule.id}/{result.example.language}/{expectation}/{'-'.join(words)}"


@pytest.mark.parametrize("result", RESULTS, ids=[case_id(r) for r in RESULTS])
def test_rule_example(result: ExampleResult) -> None:
    assert result.passed, result.describe()


def test_every_rule_is_covered_by_examples() -> None:
    assert {r.rule.id for r in RESULTS} == {rule.id for rule in default_rules().rules}
