"""Exit codes and the `rules` commands: what a CI job or a CMS hook relies on.

0: nothing at or above --fail-on; 1: findings at or above it; 2: usage errors and broken rule files.
"""

from __future__ import annotations

import pytest

from provenance import __version__
from provenance.api import default_rules

CLEAN = "A worker carries a crate of grapes in a vineyard near Bordeaux, France, Tuesday. (AP Photo/Claire Dumas)\n"
STATE = "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang. (KCNA via AP)\n"

VALID_RULE = """\
id: desk.logo
category: watermark
severity: info
title: Broadcaster logo on the picture
rationale: A logo on a still says where the picture really comes from.
scope: [caption]
languages: [en]
match:
  - phrases:
      en: [station logo]
examples:
  en:
    match: ["The station logo is visible in the corner."]
"""


@pytest.fixture
def clean(write):
    return write("clean.txt", CLEAN)


@pytest.fixture
def state(write):
    """A caption whose worst finding is a warning (state-supplied)."""
    return write("state.txt", STATE)


def severities(cli, path) -> set[str]:
    return {f["severity"] for a in cli.report(path)["articles"] for f in a["findings"]}


# -- exit codes -------------------------------------------------------------------------

def test_a_clean_article_exits_0(cli, clean, tmp_path):
    result = cli.run("check", clean, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_the_state_caption_is_a_warning_and_nothing_worse(cli, state):
    assert "warning" in severities(cli, state) and "error" not in severities(cli, state)


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_sets_the_threshold(cli, state, tmp_path, fail_on, code):
    result = cli.run("check", state, "--out", tmp_path / "out", "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_the_default_threshold_is_error(cli, write, clean, tmp_path):
    unreadable = write("empty.txt", "")
    assert cli.run("check", clean, unreadable, "--out", tmp_path / "out").exit_code == 1
    assert cli.run("check", clean, unreadable, "--out", tmp_path / "out", "--fail-on", "never").exit_code == 0


def test_json_to_stdout_uses_the_same_exit_codes(cli, state):
    args = ("check", state, "--format", "json", "--out", "-")
    assert cli.run(*args, "--fail-on", "warning").exit_code == 1
    assert cli.run(*args, "--fail-on", "error").exit_code == 0


@pytest.mark.parametrize("args", [
    ("check",),                                     # no paths
    ("check", "x.txt", "--fail-on", "sometimes"),   # unknown threshold
    ("check", "x.txt", "--format", "pdf"),          # unknown format
    ("check", "x.txt", "--no-such-option"),
    ("no-such-command",),
], ids=["no-paths", "bad-fail-on", "bad-format", "unknown-option", "unknown-command"])
def test_usage_errors_exit_2(cli, args):
    assert cli.run(*args).exit_code == 2


def test_an_unwritable_output_folder_exits_2(cli, clean, write):
    blocker = write("not-a-folder", "a file where the output folder should be")
    result = cli.run("check", clean, "--out", blocker)
    assert result.exit_code == 2
    assert str(blocker) in result.stderr


def test_version(cli):
    result = cli.run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"provenance {__version__}"


# -- broken rule files --------------------------------------------------------------------

BROKEN_RULES = {
    "invalid-yaml": ("id: desk.broken\ncategory: [watermark\n", "invalid YAML"),
    "unknown-category": (VALID_RULE.replace("category: watermark", "category: vibes"), "'vibes'"),
    "bad-severity": (VALID_RULE.replace("severity: info", "severity: urgent"), "urgent"),
    "no-examples": (VALID_RULE.split("examples:")[0], "examples"),
    "unknown-lexicon": (VALID_RULE.replace("  - phrases:\n      en: [station logo]",
                                           "  - phrases: {lexicon: no_such_lexicon}"), "no_such_lexicon"),
    "bad-token-pattern": (VALID_RULE.replace("  - phrases:\n      en: [station logo]",
                                             "  - patterns:\n      en: [[{NOT_AN_ATTRIBUTE: logo}]]"),
                          "NOT_AN_ATTRIBUTE"),
}


@pytest.fixture(params=sorted(BROKEN_RULES))
def broken_rules(request, write):
    """A newsroom rule folder holding one broken rule file, and the fault its message must name."""
    content, fault = BROKEN_RULES[request.param]
    path = write(f"desk-rules/captions/{request.param}.yaml", content)
    return path.parent.parent, path, fault


COMMANDS_WITH_RULES = {
    "check": lambda story, folder: ["check", story, "--rules", folder, "--format", "json", "--out", "-"],
    "rules-list": lambda story, folder: ["rules", "list", "--rules", folder],
    "rules-test": lambda story, folder: ["rules", "test", folder],
}


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_RULES))
def test_a_broken_rule_file_exits_2_naming_file_and_fault(cli, clean, broken_rules, command):
    folder, path, fault = broken_rules
    result = cli.run(*COMMANDS_WITH_RULES[command](clean, folder))
    assert result.exit_code == 2, result.output
    assert path.name in result.stderr and fault in result.stderr, result.stderr
    assert result.stdout == ""


def test_a_missing_rule_folder_exits_2(cli, clean, tmp_path):
    result = cli.run("check", clean, "--rules", tmp_path / "nowhere", "--format", "json", "--out", "-")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_a_valid_newsroom_rule_is_loaded_and_applied(cli, write):
    folder = write("desk-rules/captions/logo.yaml", VALID_RULE).parent.parent
    story = write("story.txt", "In this image taken from television, the station logo is visible. (AP Photo)\n")
    articles = cli.report(story, "--rules", folder)["articles"]
    found_by = {rule for a in articles for f in a["findings"] for rule in [f["rule"], *f["related_rules"]]}
    assert "desk.logo" in found_by


# -- rules list / show / test -----------------------------------------------------------

def test_rules_list_names_every_rule(cli):
    result = cli.run("rules", "list")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert listed == {rule.id for rule in default_rules().rules}


def test_rules_show_explains_a_rule(cli):
    rule = default_rules().get("captions.unverified")
    result = cli.run("rules", "show", rule.id)
    assert result.exit_code == 0
    assert rule.title in result.stdout
    assert rule.rationale.split(".")[0] in result.stdout
    assert rule.must_match[0].text in result.stdout


def test_rules_show_an_unknown_rule_exits_2(cli):
    result = cli.run("rules", "show", "captions.no_such_rule")
    assert result.exit_code == 2
    assert "captions.no_such_rule" in result.stderr


def test_rules_test_passes_on_the_shipped_packs(cli):
    result = cli.run("rules", "test")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("passed, 0 failed")


def test_rules_test_reports_a_failing_example(cli, write):
    wrong = VALID_RULE.replace('match: ["The station logo is visible in the corner."]',
                               'match: ["The logo of the station is visible."]')
    folder = write("desk-rules/captions/logo.yaml", wrong).parent.parent
    result = cli.run("rules", "test", folder)
    assert result.exit_code == 1
    assert "FAIL desk.logo" in result.stdout
    assert "0 passed, 1 failed" in result.stdout
