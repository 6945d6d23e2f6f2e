"""What a desk sees of a picture: `provenance metadata` (text and JSON) and the HTML report's
thumbnail and metadata table, each value with its origin, and nothing loaded from outside.
"""

from __future__ import annotations

import base64
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

import imagefactory as make
from test_html_report import Page

CAPTION = "Soldiers march across Kim Il Sung Square in Pyongyang on Saturday."
STATE_FIELDS = {"caption": CAPTION, "credit": "KCNA via KNS", "source": "Korean Central News Agency",
                "instructions": "EDITORIAL USE ONLY"}
DATA_IMAGE = re.compile(r"data:image/(jpeg|png);base64,([A-Za-z0-9+/=]+)")


@pytest.fixture
def state_picture(tmp_path) -> Path:
    """A wire picture with its caption, credit, source and instructions in IPTC, and XMP written by exiftool."""
    path = make.write(tmp_path, "parade.jpg", make.encode(make.pixels((640, 480)), "JPEG"))
    make.exiftool(path, "-charset", "iptc=UTF8", *[f"-IPTC:{tag}={value}" for tag, value in (
        ("Caption-Abstract", CAPTION), ("Credit", "KCNA via KNS"), ("Source", "Korean Central News Agency"),
        ("SpecialInstructions", "EDITORIAL USE ONLY"))], "-XMP-photoshop:Credit=KCNA via KNS")
    return path


# --- provenance metadata --------------------------------------------------------------------

def test_metadata_prints_each_value_after_its_origin(cli, state_picture):
    result = cli.run("metadata", state_picture)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"== {state_picture}"
    for origin, value in (("IPTC:2:110 Credit", "KCNA via KNS"), ("XMP:photoshop:Credit", "KCNA via KNS"),
                          ("IPTC:2:115 Source", "Korean Central News Agency"), ("IPTC:2:120 Caption-Abstract", CAPTION),
                          ("IPTC:2:40 Special Instructions", "EDITORIAL USE ONLY")):
        assert any(re.fullmatch(rf"\[{re.escape(origin)}\]\s+[^:]+: {re.escape(value)}", line) for line in lines), origin


def test_metadata_json_parses_with_fields_and_origins(cli, state_picture):
    result = cli.run("metadata", state_picture, "--format", "json")
    [picture] = json.loads(result.stdout)
    assert picture["path"] == str(state_picture) and picture["format"] == "JPEG"
    assert (picture["width"], picture["height"]) == (640, 480)
    assert picture["fields"]["credit"] == [{"value": "KCNA via KNS", "origin": "IPTC:2:110 Credit"},
                                           {"value": "KCNA via KNS", "origin": "XMP:photoshop:Credit"}]
    assert picture["fields"]["source"] == [{"value": "Korean Central News Agency", "origin": "IPTC:2:115 Source"}]
    assert picture["fields"]["instructions"] == [{"value": "EDITORIAL USE ONLY", "origin": "IPTC:2:40 Special Instructions"}]
    assert picture["problems"] == [] and picture["conflicts"] == []


def test_metadata_of_several_files_keeps_going_past_a_bad_one(cli, tmp_path, state_picture):
    notes = make.write(tmp_path, "notes.jpg", b"Caption: troops march\n" * 10)
    bomb = make.write(tmp_path, "bomb.png", make.png_claiming(100_000, 100_000))
    result = cli.run("metadata", notes, bomb, state_picture, "--format", "json")
    pictures = json.loads(result.stdout)
    assert [p["path"] for p in pictures] == [str(notes), str(bomb), str(state_picture)]
    assert [p["kind"] for p in pictures[0]["problems"]] == ["not_an_image"]
    assert [p["kind"] for p in pictures[1]["problems"]] == ["decompression_bomb"]
    assert pictures[2]["fields"]["credit"][0]["value"] == "KCNA via KNS"
    text = cli.run("metadata", notes, bomb).stdout
    assert "Problem (not_an_image)" in text and "Problem (decompression_bomb)" in text


# --- HTML report ----------------------------------------------------------------------------

class MetadataTable(HTMLParser):
    """The rows (cell texts) of the page's metadata tables."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._depth = 0
        self._in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table" and "metadata" in (dict(attrs).get("class") or "").split():
            self._depth += 1
        elif self._depth and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag == "td":
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "table" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def html_page(cli, tmp_path, *inputs: Path) -> str:
    """Check the inputs into an HTML report; the one article page, as text."""
    out = tmp_path / "out"
    result = cli.run("check", *inputs, "--out", out, "--format", "html", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    [page] = [p for p in out.glob("*.html") if p.name != "index.html"]
    return page.read_text(encoding="utf-8")


def test_the_picture_page_embeds_a_small_thumbnail_as_data(cli, tmp_path, state_picture):
    page = Page(html_page(cli, tmp_path, state_picture))
    images = [attrs for tag, attrs in page.elements if tag == "img"]
    assert len(images) == 1
    match = DATA_IMAGE.fullmatch(images[0]["src"])
    assert match, images[0]["src"][:60]
    with Image.open(io.BytesIO(base64.b64decode(match.group(2)))) as thumbnail:
        assert thumbnail.format == "JPEG" and max(thumbnail.size) < 640


def test_the_metadata_table_shows_each_value_with_its_origin(cli, tmp_path, state_picture):
    rows = {(value, origin) for _, value, origin, *_ in MetadataTable(html_page(cli, tmp_path, state_picture)).rows}
    assert {("KCNA via KNS", "IPTC:2:110 Credit"), ("KCNA via KNS", "XMP:photoshop:Credit"),
            ("Korean Central News Agency", "IPTC:2:115 Source"), (CAPTION, "IPTC:2:120 Caption-Abstract"),
            ("EDITORIAL USE ONLY", "IPTC:2:40 Special Instructions")} <= rows


def test_the_metadata_table_links_values_to_the_findings_citing_them(cli, tmp_path, state_picture):
    html = html_page(cli, tmp_path, state_picture)
    cited = {row[2]: row[3] for row in MetadataTable(html).rows}
    assert re.fullmatch(r"\d+(, \d+)*", cited["IPTC:2:115 Source"])
    for number in cited["IPTC:2:115 Source"].split(", "):
        assert f'id="finding-{number}"' in html


def test_the_picture_page_loads_nothing_from_outside(cli, tmp_path, state_picture):
    page = Page(html_page(cli, tmp_path, state_picture))
    csp = [attrs.get("content") or "" for tag, attrs in page.elements if tag == "meta" and attrs.get("http-equiv")]
    assert csp and "default-src 'none'" in csp[0] and "img-src data:" in csp[0]
    for value in page.attribute_values("href") + page.attribute_values("src"):
        assert value.startswith("#") or value.endswith(".html") or DATA_IMAGE.fullmatch(value), value[:60]
    assert page.nesting_errors == []


def test_a_hostile_picture_gets_no_thumbnail_and_its_problem_is_shown(cli, tmp_path):
    bomb = make.write(tmp_path, "bomb.png", make.png_claiming(100_000, 100_000))
    page = Page(html_page(cli, tmp_path, bomb))
    assert [tag for tag, _ in page.elements if tag == "img"] == []
    assert "File problem (decompression_bomb)" in page.text


def test_a_remote_picture_is_named_but_never_embedded_or_linked(cli, tmp_path):
    story = make.write(tmp_path, "story.md", b"# Parade\n\nTroops marched on Saturday.\n\n"
                                             b"![parade](https://pictures.example.org/parade.jpg)\n\n"
                                             b"*Soldiers march in the capital on Saturday. (AP Photo/Jane Doe)*\n")
    html = html_page(cli, tmp_path, story)
    page = Page(html)
    assert [tag for tag, _ in page.elements if tag == "img"] == []
    assert "https://pictures.example.org/parade.jpg" not in page.attribute_values("href") + page.attribute_values("src")
    assert "Picture not checked: remote picture" in page.text
