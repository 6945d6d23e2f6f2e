"""The published JSON Schema of `--format json`: valid draft 2020-12, shipped in the package, versioned
like the document, and describing every field the reports really carry (for every kind of input)."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

import imagefactory as make
import provenance
from formats_support import write_ninjs, write_state_and_clean
from provenance.reports import SCHEMA_VERSION
from provenance.reports.schema import REPORT_SCHEMA_PATH, report_schema

MARKDOWN = (
    "# Flood waters recede in the old town\n\n"
    "Residents began clearing mud from their cellars on Sunday.\n\n"
    "![Volunteers fill sandbags](sandbags.jpg)\n"
    "*Volunteers fill sandbags near the river. Photo: Handout/City of Passau*\n"
)
HTML_PAGE = (
    "<html><head><title>Summit</title></head><body><article><h1>Summit opens</h1>"
    "<p>Leaders met on Monday.</p><figure><img src='summit.jpg'>"
    "<figcaption>Leaders pose for a picture in this handout photo released by the Kremlin press service. "
    "(Sputnik/Kremlin Pool Photo via AP)</figcaption></figure></article></body></html>"
)


def closed(schema: dict) -> dict:
    """The schema with every object that lists its properties closed to others: a document that
    validates against it carries no field the schema does not document."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def assert_valid(document: dict) -> None:
    for schema in (report_schema(), closed(report_schema())):
        errors = sorted(Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def every_kind_of_input(write, monkeypatch, tmp_path) -> list[str]:
    """Text, Markdown, ninjs, HTML, a picture with embedded metadata, a binary file and a missing one."""
    paths = write_state_and_clean(write, monkeypatch, tmp_path)
    write("desk/flood.md", MARKDOWN)
    write("desk/summit.html", HTML_PAGE)
    write_ninjs(write)
    make.write(tmp_path, "desk/parade.jpg", make.iptc_jpeg(caption="Soldiers march. (KCNA via KNS)", credit="KCNA via KNS"))
    write("desk/binary.txt", b"caption\x00\x01\x02")
    return [*paths, "desk/flood.md", "desk/summit.html", "desk/item.json", "desk/parade.jpg",
            "desk/binary.txt", "desk/missing.md"]


def test_the_schema_is_valid_draft_2020_12():
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_the_schema_ships_inside_the_package_and_names_the_version():
    package = REPORT_SCHEMA_PATH.resolve().relative_to(provenance.__path__[0])
    assert package.as_posix() == f"reports/schema/report-{SCHEMA_VERSION.split('.')[0]}.json"
    assert report_schema()["$id"].endswith(f":{SCHEMA_VERSION}")
    version_rule = report_schema()["properties"]["schema_version"]
    assert Draft202012Validator(version_rule).is_valid(SCHEMA_VERSION)


def test_reports_of_every_kind_of_input_validate(cli, every_kind_of_input):
    document = cli.report(*every_kind_of_input)
    formats = {a["format"] for a in document["articles"]}
    assert {"text", "markdown", "html", "ninjs", "picture", "unreadable"} <= formats
    assert any(f["source"] for a in document["articles"] for f in a["findings"])
    assert any(fig["metadata"] for a in document["articles"] for fig in a["figures"])
    assert_valid(document)


def test_the_examples_shipped_with_the_project_validate(cli):
    assert_valid(cli.report(str(REPORT_SCHEMA_PATH.parents[3] / "examples")))


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("summary"),
    lambda d: d.update(schema_version="2.0"),
    lambda d: d["articles"][0]["findings"][0].update(severity="fatal"),
    lambda d: d["articles"][0]["findings"][0].update(category="rumour"),
    lambda d: d["articles"][0]["findings"][0]["evidence"][0].update(start=-1),
    lambda d: d["articles"][0]["findings"][0]["evidence"][0].pop("text"),
    lambda d: d["articles"][0]["figures"][0].update(credit_span=[1]),
    lambda d: d["summary"]["by_severity"].pop("error"),
], ids=["no-summary", "major-2", "severity", "category", "negative-offset", "evidence-without-text",
        "credit-span", "by-severity"])
def test_the_schema_rejects_a_damaged_document(cli, write, monkeypatch, tmp_path, damage):
    document = cli.report(*write_state_and_clean(write, monkeypatch, tmp_path))
    assert Draft202012Validator(report_schema()).is_valid(document)
    damaged = json.loads(json.dumps(document))
    damage(damaged)
    assert not Draft202012Validator(report_schema()).is_valid(damaged)
