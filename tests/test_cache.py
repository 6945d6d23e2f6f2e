"""The on-disk caches (parsed rule files, phrase tokens) change speed, never results.

Every test points PROVENANCE_CACHE_DIR at its own folder, so the user's cache is never
read or written here.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest

from provenance.api import Checker
from provenance.resources import cache_dir, load_yaml
from provenance.rules import nlp
from provenance.rules.ruleset import load_rules

RULE = """\
id: desk.cache_probe
category: watermark
severity: info
title: Probe
message: The probe phrase is there
rationale: A rule only these tests use.
scope: [caption]
languages: [en]
match:
  - phrases:
      en: [{phrase}]
examples:
  en:
    match:
      - "The {phrase} is in this caption."
"""

CAPTIONS = [
    ("en", "In this photo released by KCNA, the leader waves. The image could not be independently verified. (KCNA via AP)"),
    ("fr", "Sur cette photo diffusée par l'agence officielle KCNA, le dirigeant salue la foule. (KCNA via AP)"),
    ("de", "Das von der Nachrichtenagentur KCNA verbreitete Foto zeigt eine Parade. Foto: -/KCNA/dpa"),
    ("en", "A street vendor sells candy in Seoul. (Photo by Jane Doe/Reuters)"),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(folder))
    return folder


def _findings(rules_dir: Path | None, text: str) -> list[tuple[str, str]]:
    """(rule, evidence text) pairs for one caption, with a freshly loaded rule set."""
    from provenance.model import Article, Figure

    checker = Checker(load_rules([rules_dir]) if rules_dir else load_rules())
    figure = Figure(caption=text, language="en")
    result = checker.check_article(Article(path="t.txt", id="t", language="en", figures=[figure]))
    return sorted((f.rule, e.text) for f in result.findings for e in f.evidence)


def _report(texts: list[tuple[str, str]]) -> list[list[tuple]]:
    from provenance.model import Article, Figure

    checker = Checker(load_rules())
    results = []
    for lang, text in texts:
        article = Article(path="t.txt", id="t", language=lang, figures=[Figure(caption=text, language=lang)])
        findings = checker.check_article(article).findings
        results.append([(f.rule, f.severity.value, f.message, f.evidence, f.source) for f in findings])
    return results


def _write_rule(folder: Path, phrase: str) -> None:
    (folder / "probe.yaml").write_text(RULE.format(phrase=phrase), encoding="utf-8")


def test_a_warm_cache_gives_the_same_findings_as_no_cache(cache, monkeypatch):
    first = _report(CAPTIONS)
    assert list((cache / "yaml").glob("*.json")) and list((cache / "tokens").glob("*.json"))
    warm = _report(CAPTIONS)
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", "")
    assert first == warm == _report(CAPTIONS)
    assert any(first), "the captions must produce findings for the comparison to mean something"


def test_an_edited_rule_file_is_never_served_from_the_cache(cache, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    _write_rule(rules, "zebra stripe mark")
    assert ("desk.cache_probe", "zebra stripe mark") in _findings(rules, "A zebra stripe mark is here.")
    _write_rule(rules, "giraffe spot mark")
    assert ("desk.cache_probe", "giraffe spot mark") in _findings(rules, "A giraffe spot mark is here.")
    assert not [f for f in _findings(rules, "A zebra stripe mark is here.") if f[0] == "desk.cache_probe"]


def test_an_edit_that_keeps_size_and_time_is_still_seen(cache, tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("en: [alpha]\n", encoding="utf-8")
    before = path.stat()
    assert load_yaml(path) == {"en": ["alpha"]}
    path.write_text("en: [gamma]\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert load_yaml(path) == {"en": ["gamma"]}


def test_damaged_cache_files_are_ignored_and_replaced(cache):
    expected = _report(CAPTIONS)
    files = list(cache.rglob("*.json"))
    assert files
    for path in files:
        path.write_text('{"data": [1, 2', encoding="utf-8")
    assert _report(CAPTIONS) == expected
    for path in cache.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))  # rewritten whole


@pytest.mark.parametrize("where", ["file", "missing-parent-is-a-file"])
def test_an_unwritable_cache_dir_only_costs_time(tmp_path, monkeypatch, where):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    target = blocker if where == "file" else blocker / "cache"
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", str(target))
    cached = _report(CAPTIONS)
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", "")
    assert cached == _report(CAPTIONS)
    assert blocker.read_text(encoding="utf-8").startswith("a file")


def test_a_read_only_cache_still_serves(cache, monkeypatch):
    expected = _report(CAPTIONS)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("provenance.reports.output.write_atomic", refuse)
    monkeypatch.setattr(os, "utime", refuse)
    assert _report(CAPTIONS) == expected


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("PROVENANCE_CACHE_DIR", "")
    assert cache_dir() is None
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _report(CAPTIONS[:1])
    assert not any(tmp_path.rglob("*.json"))


def test_the_default_cache_dir_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("PROVENANCE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "provenance"


def test_yaml_that_json_cannot_carry_is_parsed_every_time(cache, tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text("when: 2023-10-19\n1: one\nshared: &x [a]\nagain: *x\n", encoding="utf-8")
    for _ in range(2):
        data = load_yaml(path)
        assert data["when"] == datetime.date(2023, 10, 19) and data[1] == "one"
        assert data["shared"] is data["again"]
    assert not list((cache / "yaml").glob("*.json"))


def test_token_entries_that_do_not_spell_their_phrase_are_ignored(cache):
    tokens = nlp.PhraseTokens("en")
    live = tokens.orths("state-run news agency")
    tokens.save()
    data = json.loads(tokens.path.read_text(encoding="utf-8"))
    data["tokens"]["state-run news agency"] = ["state", "news"]
    tokens.path.write_text(json.dumps(data), encoding="utf-8")
    again = nlp.PhraseTokens("en")
    assert again.orths("state-run news agency") == live
    assert again.tokenized == 1


def test_token_cache_files_are_specific_to_spacy_and_language(cache, monkeypatch):
    import spacy.about

    english, french = nlp.PhraseTokens("en").path, nlp.PhraseTokens("fr").path
    assert english != french
    monkeypatch.setattr(spacy.about, "__version__", "0.0.0-test")
    assert nlp.PhraseTokens("en").path != english
