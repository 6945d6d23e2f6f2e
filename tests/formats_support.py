"""Inputs and helpers shared by the machine-format tests (tests/test_formats_*.py).

Articles are written here in our own words; the hostile report is built by hand so that caption
text with markup, escapes, control and bidi characters reaches every renderer as evidence.
"""

from __future__ import annotations

import json
from pathlib import Path

from provenance.api import CheckReport, default_rules
from provenance.model import Article, ArticleResult, Evidence, Figure, Finding, Severity

#: The caption is line 5, after a headline and a body paragraph; its findings are warnings, none an error.
STATE_ARTICLE = (
    "Parade in Pyongyang marks party anniversary\n\n"
    "Thousands of soldiers took part in the parade, state media said.\n\n"
    "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang, North Korea, "
    "on Saturday. (KCNA via AP)\n"
)
CLEAN_ARTICLE = (
    "Ferry service resumes after the storm\n\n"
    "Boats left the harbour on schedule on Monday morning for the first time in four days.\n\n"
    "Passengers board the first ferry of the day in Kiel, Germany, Monday. (AP Photo/Ines Brandt)\n"
)
#: A ninjs picture item whose caption holds non-ASCII text, written JSON-escaped (\\u00e9) in the file.
NINJS_ITEM = {
    "uri": "urn:test:picture:1", "type": "picture", "language": "en", "headline": "Défilé à Pyongyang",
    "description_text": "Un défilé: soldiers march past the tribune in Pyongyang, North Korea, on Saturday, "
                        "in this photo released by the Korean Central News Agency. (KCNA via AP)",
}

#: Caption text that tries everything: markup, XML end markers, format escapes, a workflow command
#: on a line of its own, terminal colours, a right-to-left override, a form feed and a NUL.
HOSTILE_CAPTION = ('Troops, 100% "ready": <b>&amp;</b> ]]> \x1b[31mred\x1b[0m \u202eevil\u202c\x0c\x00'
                   "\n::error file=x.py,line=1::pwned\r\n::set-output name=a::b (KCNA via AP)")
HOSTILE_MESSAGE = "Supplier says: 50% done,\nsee </failure><x/> & ::warning::fake"


def write_state_and_clean(write, monkeypatch, tmp_path: Path) -> list[str]:
    """Two articles under desk/, given as relative paths from tmp_path (the working directory)."""
    write("desk/state.txt", STATE_ARTICLE)
    write("desk/clean.txt", CLEAN_ARTICLE)
    monkeypatch.chdir(tmp_path)
    return ["desk/state.txt", "desk/clean.txt"]


def write_ninjs(write, name: str = "desk/item.json") -> Path:
    return write(name, json.dumps(NINJS_ITEM, ensure_ascii=True, indent=2))


def hostile_report(tmp_path: Path) -> CheckReport:
    """A ninjs file holding HOSTILE_CAPTION (JSON-escaped, on line 3), with findings whose message and evidence carry it."""
    path = tmp_path / "hostile.json"
    item = {"headline": "Headline", "description_text": HOSTILE_CAPTION}
    path.write_text(json.dumps(item, ensure_ascii=False, indent=2), encoding="utf-8")
    article = Article(path=str(path), id="hostile", language="en", headline="Headline", format="ninjs",
                      figures=[Figure(caption=HOSTILE_CAPTION)])
    evidence = Evidence(field="caption", start=0, end=len(HOSTILE_CAPTION), text=HOSTILE_CAPTION, figure=0)
    findings = [
        Finding(rule="captions.state_supplied_credit", category="state_supplied", severity=Severity.ERROR,
                message=HOSTILE_MESSAGE, evidence=(evidence,), figure=0),
        Finding(rule="captions.unverified", category="unverified", severity=Severity.INFO,
                message=HOSTILE_MESSAGE, evidence=(evidence,), figure=0),
    ]
    return CheckReport(results=[ArticleResult(article=article, findings=findings)], ruleset=default_rules())


def run_format(cli, fmt: str, *args: str | Path):
    """`provenance check ARGS --format FMT --out -`; fails the test on a usage error."""
    result = cli.run("check", *args, "--format", fmt, "--out", "-")
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {result.stderr}"
    return result


def findings_of(cli, *paths: str | Path) -> list[tuple[str, dict]]:
    """(article path, finding) for every finding of the JSON report, in report order."""
    document = cli.report(*paths)
    return [(a["path"], f) for a in document["articles"] for f in a["findings"]]
