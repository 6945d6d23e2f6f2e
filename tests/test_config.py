"""Settings files: found by walking up, overridden by --config and by options, strict about keys.

Every test works in its own project folder (with a `.git` marker so the walk up stops there)
and runs the command from inside it, the way a desk runs it from its content repository.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from provenance.api import Checker, default_rules
from provenance.config import CreditAllowlist, credit_parts, find_config, lead_in
from provenance.model import Article, Figure, Severity
from test_cli import VALID_RULE

STATE = "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang. (KCNA via AP)\n"
STATE_RULE = "captions.state_supplied_credit"
COURTESY = "Firefighters battle a blaze at a warehouse in Springfield on Tuesday. (Courtesy of Springfield Fire Department)\n"
KCNA_VIA_AP = "Soldiers march in Pyongyang on Tuesday. (KCNA via KNS/AP)\n"

#: A newsroom rule shipped switched off: only `rules.enable` turns it on.
DISABLED_RULE = VALID_RULE.replace("languages: [en]\n", "languages: [en]\nenabled: false\n")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A content repository: `.git` at its root, stories in stories/, the command run from stories/."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "stories").mkdir()
    (root / "stories" / "state.txt").write_text(STATE, encoding="utf-8")
    monkeypatch.chdir(root / "stories")
    return root


def rules_of(document: dict) -> list[str]:
    """Every rule that saw something: a finding's own and those merged into it (related_rules)."""
    return [rule for a in document["articles"] for f in a["findings"] for rule in (f["rule"], *f["related_rules"])]


def severity_of(document: dict, rule: str) -> str:
    return next(f["severity"] for a in document["articles"] for f in a["findings"] if f["rule"] == rule)


# -- discovery ----------------------------------------------------------------------------

def test_without_settings_the_state_rule_speaks(cli, project):
    assert STATE_RULE in rules_of(cli.report("state.txt"))


def test_provenance_toml_in_a_parent_folder_applies(cli, project):
    (project / "provenance.toml").write_text(f'[rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    assert STATE_RULE not in rules_of(cli.report("state.txt"))


def test_pyproject_tool_table_applies(cli, project):
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "desk"\n\n[tool.provenance.rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    assert STATE_RULE not in rules_of(cli.report("state.txt"))


def test_provenance_toml_beats_pyproject_in_the_same_folder(cli, project):
    (project / "pyproject.toml").write_text(f'[tool.provenance.rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    (project / "provenance.toml").write_text('[check]\nfail_on = "warning"\n', encoding="utf-8")
    assert find_config() == project / "provenance.toml"
    assert STATE_RULE in rules_of(cli.report("state.txt"))


def test_the_nearest_file_wins(cli, project):
    (project / "provenance.toml").write_text(f'[rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    (project / "stories" / "pyproject.toml").write_text('[tool.provenance.check]\nfail_on = "info"\n', encoding="utf-8")
    assert STATE_RULE in rules_of(cli.report("state.txt"))


def test_a_pyproject_without_the_tool_table_is_passed_over(cli, project):
    (project / "provenance.toml").write_text(f'[rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    (project / "stories" / "pyproject.toml").write_text('[project]\nname = "stories"\n', encoding="utf-8")
    assert find_config() == project / "provenance.toml"


def test_the_walk_stops_at_the_repository_root(cli, project):
    (project.parent / "provenance.toml").write_text(f'[rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    assert find_config() is None
    assert STATE_RULE in rules_of(cli.report("state.txt"))


def test_config_option_replaces_discovery(cli, project, tmp_path):
    (project / "provenance.toml").write_text(f'[rules]\ndisable = ["{STATE_RULE}"]\n', encoding="utf-8")
    other = tmp_path / "elsewhere.toml"
    other.write_text('[check]\nfail_on = "never"\n', encoding="utf-8")
    assert STATE_RULE in rules_of(cli.report("state.txt", "--config", other))


# -- values and overrides -------------------------------------------------------------------

@pytest.mark.parametrize("table", [
    f'[rules.severity]\n"{STATE_RULE}" = "error"\n',
    f'[rules.severity]\n{STATE_RULE} = "error"\n',  # unquoted: a nested table in TOML, read as the dotted id
], ids=["quoted-id", "dotted-id"])
def test_severity_overrides(cli, project, table):
    (project / "provenance.toml").write_text(table, encoding="utf-8")
    assert severity_of(cli.report("state.txt"), STATE_RULE) == "error"


def test_fail_on_from_the_settings_and_the_option_beats_it(cli, project):
    (project / "provenance.toml").write_text('[check]\nfail_on = "warning"\n', encoding="utf-8")
    assert cli.run("check", "state.txt", "--format", "json", "--out", "-").exit_code == 1
    assert cli.run("check", "state.txt", "--format", "json", "--out", "-", "--fail-on", "error").exit_code == 0


def test_formats_and_out_from_the_settings_relative_to_the_file(cli, project):
    (project / "provenance.toml").write_text('[check]\nformats = ["json"]\nout = "build/provenance"\n', encoding="utf-8")
    result = cli.run("check", "state.txt")
    assert result.exit_code == 0, result.stderr
    assert json.loads((project / "build" / "provenance" / "report.json").read_text(encoding="utf-8"))["articles"]
    assert not (project / "build" / "provenance" / "index.html").exists()


def test_out_option_beats_the_settings(cli, project):
    (project / "provenance.toml").write_text('[check]\nformats = ["json"]\nout = "build/provenance"\n', encoding="utf-8")
    result = cli.run("check", "state.txt", "--out", "-")
    assert json.loads(result.stdout)["articles"]
    assert not (project / "build").exists()


def test_extra_rules_relative_to_the_file_and_enable_a_rule_shipped_disabled(cli, project):
    rule = project / "desk-rules" / "captions" / "logo.yaml"
    rule.parent.mkdir(parents=True)
    rule.write_text(DISABLED_RULE, encoding="utf-8")
    (project / "stories" / "logo.txt").write_text(
        "In this image taken from television, the station logo is visible. (AP Photo)\n", encoding="utf-8")
    (project / "provenance.toml").write_text('[rules]\nextra = ["desk-rules"]\n', encoding="utf-8")
    assert "desk.logo" not in rules_of(cli.report("logo.txt"))
    (project / "provenance.toml").write_text('[rules]\nextra = ["desk-rules"]\nenable = ["desk.logo"]\n', encoding="utf-8")
    assert "desk.logo" in rules_of(cli.report("logo.txt"))


# -- mistakes: exit 2 with the file and the key -----------------------------------------------

BAD_SETTINGS = {
    "unknown-section": ("provenance.toml", "[colours]\nerror = 'red'\n", "provenance.toml: colours: unknown key"),
    "unknown-key": ("provenance.toml", "[check]\nformat = ['json']\n", "provenance.toml: check.format: unknown key"),
    "unknown-rule-severity": ("pyproject.toml", "[tool.provenance.rules.severity]\nfoo = 'warning'\n",
                              "pyproject.toml: [tool.provenance] rules.severity.foo: unknown rule"),
    "bad-severity": ("provenance.toml", f"[rules.severity]\n'{STATE_RULE}' = 'urgent'\n",
                     f"provenance.toml: rules.severity.{STATE_RULE}: unknown severity 'urgent'"),
    "unknown-rule-disable": ("provenance.toml", "[rules]\ndisable = ['captions.nope']\n",
                             "provenance.toml: rules.disable[0]: unknown rule 'captions.nope'"),
    "bad-fail-on": ("provenance.toml", "[check]\nfail_on = 'sometimes'\n", "provenance.toml: check.fail_on: unknown threshold"),
    "not-a-list": ("provenance.toml", f"[rules]\ndisable = '{STATE_RULE}'\n", "provenance.toml: rules.disable: expected a list"),
    "bad-format": ("provenance.toml", "[check]\nformats = ['pdf']\n", "provenance.toml: check.formats[0]: unknown format 'pdf'"),
    "missing-extra": ("provenance.toml", "[rules]\nextra = ['no-such-folder']\n",
                      "provenance.toml: rules.extra[0]: rule folder not found"),
    "invalid-toml": ("provenance.toml", "[rules\ndisable = []\n", "provenance.toml: invalid TOML"),
    "enabled-and-disabled": ("provenance.toml", f"[rules]\nenable = ['{STATE_RULE}']\ndisable = ['{STATE_RULE}']\n",
                             f"provenance.toml: rules.enable: {STATE_RULE} also in rules.disable"),
}


@pytest.mark.parametrize("name", sorted(BAD_SETTINGS))
def test_a_bad_setting_exits_2_naming_the_file_and_the_key(cli, project, name):
    file_name, content, message = BAD_SETTINGS[name]
    (project / file_name).write_text(content, encoding="utf-8")
    result = cli.run("check", "state.txt", "--format", "json", "--out", "-")
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr
    assert result.stderr.startswith("provenance: ") and result.stdout == ""


def test_a_missing_config_file_exits_2(cli, project):
    result = cli.run("check", "state.txt", "--config", "nowhere.toml")
    assert result.exit_code == 2
    assert "nowhere.toml: configuration file not found" in result.stderr


def test_a_config_option_pyproject_needs_the_tool_table(cli, project):
    (project / "pyproject.toml").write_text('[project]\nname = "desk"\n', encoding="utf-8")
    result = cli.run("check", "state.txt", "--config", project / "pyproject.toml")
    assert result.exit_code == 2
    assert "no [tool.provenance] table" in result.stderr


# -- the credit allowlist ----------------------------------------------------------------------

@pytest.fixture
def credits(project):
    (project / "stories" / "courtesy.txt").write_text(COURTESY, encoding="utf-8")
    (project / "stories" / "kcna.txt").write_text(KCNA_VIA_AP, encoding="utf-8")
    return ["courtesy.txt", "kcna.txt"]


def allowlisted_run(cli, project, articles, *entries):
    listed = ", ".join(json.dumps(e) for e in entries)
    (project / "provenance.toml").write_text(f"[allowlist]\ncredits = [{listed}]\n", encoding="utf-8")
    return cli.report(*articles)


def test_a_trusted_credit_silences_what_lies_only_inside_it(cli, project, credits):
    before = cli.report(*credits)
    courtesy_rules = [f["rule"] for f in before["articles"][0]["findings"]]
    assert courtesy_rules, "the courtesy credit must raise findings for this test to mean anything"
    after = allowlisted_run(cli, project, credits, "Springfield Fire Department")
    assert after["articles"][0]["findings"] == []
    assert after["summary"]["allowlisted"] == len(courtesy_rules)
    assert after["articles"][1]["findings"] == before["articles"][1]["findings"]


@pytest.mark.parametrize("entries", [["AP"], ["KNS/AP"], ["ap"], ["KNS"], ["Pyongyang"]])
def test_an_agency_at_the_end_of_a_chain_never_silences_the_state_source(cli, project, credits, entries):
    document = allowlisted_run(cli, project, credits, *entries)
    assert STATE_RULE in [f["rule"] for f in document["articles"][1]["findings"]]
    assert document["summary"]["allowlisted"] == 0


@pytest.mark.parametrize("entry", ["Fire Department", "Springfield", "Springfield Fire"])
def test_a_substring_of_a_credit_part_matches_nothing(cli, project, credits, entry):
    document = allowlisted_run(cli, project, credits, entry)
    assert document["summary"]["allowlisted"] == 0
    assert document["articles"][0]["findings"]


def credit_keys(text: str) -> list[str]:
    rules = default_rules()
    return [p.key for p in credit_parts(text, lead_in(tuple(t for v in rules.lexicons["credit_markers"].values() for t in v)))]


@pytest.mark.parametrize("credit, keys", [
    ("(KCNA via KNS/AP)", ["kcna", "kns", "ap"]),
    ("Photo: Courtesy of Springfield Fire Department", ["springfield fire department"]),
    ("Foto: Bundesregierung/Steffen Kugler", ["bundesregierung", "steffen kugler"]),
    ("(AP Photo/Claire Dumas)", ["ap photo", "claire dumas"]),
    ("Photo by Jane Doe; The Daily Bugle", ["jane doe", "the daily bugle"]),
    ("Ministry of Defence via REUTERS", ["ministry of defence", "reuters"]),
])
def test_credit_parts_are_whole_hands_without_their_marker(credit, keys):
    assert credit_keys(credit) == keys


def test_the_allowlist_in_the_python_api():
    """The trusted hand's own finding goes; findings that also rest on the 'Handout' hand stay."""
    figure = Figure(caption="Firefighters battle a blaze at a warehouse in Springfield.",
                    credit="Handout/Springfield Fire Department", language="en")
    evidence_of = {}
    for allowlist in (None, CreditAllowlist(["Springfield Fire Department"])):
        article = Article(path="<cms>", id="cms", language="en", figures=[replace(figure)])
        result = Checker(allowlist=allowlist).check_article(article)
        evidence_of[allowlist is None] = sorted(tuple(e.text for e in f.evidence) for f in result.findings)
    assert ("Fire Department",) in evidence_of[True]
    assert evidence_of[False] == [t for t in evidence_of[True] if t != ("Fire Department",)]
    assert all("Handout" in texts for texts in evidence_of[False]) and evidence_of[False]


def test_checker_refuses_unknown_rule_ids():
    with pytest.raises(ValueError, match="captions.nope"):
        Checker(disable=["captions.nope"])
    with pytest.raises(ValueError, match="captions.nope"):
        Checker(severity_overrides={"captions.nope": Severity.ERROR})


# -- the CMS hook example ------------------------------------------------------------------------

def load_example(monkeypatch):
    """examples/hooks/cms_hook.py as a CMS would import it (it is not part of the package)."""
    path = Path(__file__).resolve().parent.parent / "examples" / "hooks" / "cms_hook.py"
    spec = importlib.util.spec_from_file_location("cms_hook", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "cms_hook", module)
    spec.loader.exec_module(module)
    return module


def test_the_cms_hook_example_blocks_an_undisclosed_state_picture(project, monkeypatch):
    hook = load_example(monkeypatch)
    blocked = hook.pre_publish("Soldiers march in Pyongyang on Tuesday.", "KCNA via KNS/AP")
    assert not blocked.ok and any("KCNA" in line for line in blocked.problems)
    assert any("Korean Central News Agency" in sentence for sentence in blocked.suggestions)


def test_the_cms_hook_example_reads_the_house_allowlist(project, monkeypatch):
    hook = load_example(monkeypatch)
    archive = ("A tram crosses the old bridge in 1962.", "Courtesy of The Daily Bugle")
    assert not hook.Gate(project).pre_publish(*archive).ok
    (project / "provenance.toml").write_text('[allowlist]\ncredits = ["The Daily Bugle"]\n', encoding="utf-8")
    decision = hook.Gate(project).pre_publish(*archive)
    assert decision.ok and decision.problems == decision.notes == []


# -- integrations: the pre-commit hook and the GitHub Action run what they say ---------------------

ROOT = Path(__file__).resolve().parent.parent


def test_the_pre_commit_hook_runs_on_article_files(cli, project):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "provenance" and hook["language"] == "python"
    assert all(re.search(hook["files"], name) for name in ("a.md", "b.txt", "c.json", "d.html", "e.xml"))
    assert not any(re.search(hook["files"], name) for name in ("setup.py", "photo.jpg", "notes.docx"))
    command, *args = shlex.split(hook["entry"])
    assert command == "provenance"
    (project / "stories" / "kcna.txt").write_text(KCNA_VIA_AP, encoding="utf-8")
    result = cli.run(*args, "state.txt", "kcna.txt")  # pre-commit appends the staged file names
    assert result.exit_code == 1, result.stderr
    assert re.search(r"^kcna\.txt:\d+:\d+: error crosscheck\.undisclosed ", result.stdout, re.MULTILINE)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's steps run in bash")
def test_the_action_check_step_passes_inputs_and_records_the_exit_code(project, tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = {step.get("id"): step for step in action["runs"]["steps"]}
    (project / "stories" / "kcna.txt").write_text(KCNA_VIA_AP, encoding="utf-8")
    outputs = tmp_path / "github-output"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PATHS": "state.txt\nkcna.txt", "FAIL_ON": "error", "CONFIG": "", "BASELINE": "",
           "SARIF_DIR": str(tmp_path / "sarif"), "GITHUB_OUTPUT": str(outputs)}
    run = subprocess.run(["bash", "-e", "-c", steps["check"]["run"]], env=env, capture_output=True, text=True,
                         cwd=project / "stories", timeout=300)
    assert run.returncode == 0, run.stderr  # the step itself succeeds; a later step fails by the code
    recorded = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert recorded["exit-code"] == "1"
    sarif = json.loads(Path(recorded["sarif-file"]).read_text(encoding="utf-8"))
    assert {r["ruleId"] for run_ in sarif["runs"] for r in run_["results"]} >= {"crosscheck.undisclosed"}
    assert "upload-sarif" in str(action["runs"]["steps"]) and "exit-code" in action["outputs"]
