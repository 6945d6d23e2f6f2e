"""Pictures with articles: an article's local pictures are read, remote or escaping ones never are,
and a folder of pictures becomes one item per picture without counting a shown picture twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imagefactory as make
from ingest_support import network_attempts  # noqa: F401  (a fixture: every network attempt, refused)

STATE_PICTURE = {"credit": "KCNA via KNS", "source": "Korean Central News Agency"}
UNDISCLOSED_CAPTION = "Soldiers march across Kim Il Sung Square in Pyongyang on Saturday."


def markdown_with(reference: str) -> str:
    return (f"# Parade in the capital\n\nTroops marched through the capital on Saturday.\n\n"
            f"![parade]({reference})\n\n*{UNDISCLOSED_CAPTION}*\n")


def figure_findings(item: dict, index: int) -> list[dict]:
    return [f for f in item["findings"] if f["figure"] == index]


def items_by_name(report: dict) -> dict[str, dict]:
    return {Path(item["path"]).name: item for item in report["articles"]}


# --- Markdown -------------------------------------------------------------------------------

def checked_story(cli, folder: Path, caption: str) -> dict:
    """A Markdown story showing a state-credited picture under `caption`, checked."""
    make.write(folder.mkdir() or folder, "photo.jpg", make.iptc_jpeg(**STATE_PICTURE))
    (folder / "story.md").write_text(markdown_with("photo.jpg").replace(UNDISCLOSED_CAPTION, caption), encoding="utf-8")
    [item] = cli.report(folder / "story.md")["articles"]
    return item


def test_a_markdown_figure_reads_the_picture_beside_it(cli, tmp_path):
    item = checked_story(cli, tmp_path / "story", UNDISCLOSED_CAPTION)
    figure = item["figures"][0]
    assert figure["caption"] == UNDISCLOSED_CAPTION and figure["image"] == "photo.jpg"
    assert figure["image_note"] is None
    assert figure["metadata"]["fields"]["credit"] == [{"value": "KCNA via KNS", "origin": "IPTC:2:110 Credit"}]
    [state] = [f for f in figure_findings(item, 0) if f["category"] == "state_supplied"]
    assert state["source"]["id"] == "kcna" and state["source"]["country"] == "KP"
    assert {"IPTC:2:110 Credit", "IPTC:2:115 Source"} <= {e["origin"] for e in state["evidence"]}


def test_a_caption_hiding_the_embedded_state_source_is_an_undisclosed_error(cli, tmp_path):
    item = checked_story(cli, tmp_path / "story", UNDISCLOSED_CAPTION)
    [undisclosed] = [f for f in figure_findings(item, 0) if f["rule"] == "crosscheck.undisclosed"]
    assert undisclosed["severity"] == "error" and undisclosed["source"]["id"] == "kcna"
    assert {(e["field"], e["origin"]) for e in undisclosed["evidence"]} >= {("metadata", "IPTC:2:115 Source")}


def test_a_caption_disclosing_the_state_source_is_not_undisclosed(cli, tmp_path):
    caption = (f"{UNDISCLOSED_CAPTION[:-1]}, in this photo released by North Korea's official "
               "Korean Central News Agency (KCNA).")
    item = checked_story(cli, tmp_path / "story", caption)
    assert [f for f in figure_findings(item, 0) if f["rule"] == "crosscheck.undisclosed"] == []
    [state] = [f for f in figure_findings(item, 0) if f["category"] == "state_supplied"]
    assert {e["field"] for e in state["evidence"]} == {"caption", "metadata"}


@pytest.mark.parametrize("reference, why", [
    ("../../outside.jpg", "leaves the article's folder"),
    ("{outside}", "absolute"),
    ("https://example.org/a.jpg", "not fetched"),
    ("http://192.0.2.1/a.jpg", "not fetched"),
])
def test_a_picture_outside_the_folder_or_remote_is_not_read_and_the_figure_says_why(
        cli, tmp_path, network_attempts, reference, why):
    outside = make.write(tmp_path, "outside.jpg", make.iptc_jpeg(credit="SANA", source="Syrian Arab News Agency"))
    story = tmp_path / "desk" / "story"
    story.mkdir(parents=True)
    (story / "story.md").write_text(markdown_with(reference.format(outside=outside)), encoding="utf-8")
    result = cli.run("check", story / "story.md", "--format", "json", "--out", "-")
    [item] = json.loads(result.stdout)["articles"]
    figure = item["figures"][0]
    assert figure["caption"] == UNDISCLOSED_CAPTION
    assert figure["metadata"] is None and why in figure["image_note"]
    assert "SANA" not in result.stdout and "Syrian Arab News Agency" not in result.stdout
    assert network_attempts == []


# --- ninjs ----------------------------------------------------------------------------------

def ninjs_text_item(href: str) -> str:
    return json.dumps({
        "uri": "urn:example:parade", "type": "text", "language": "en", "headline": "Parade in the capital",
        "body_text": "Troops marched through the capital on Saturday.",
        "associations": {"featureimage": {"type": "picture", "description_text": UNDISCLOSED_CAPTION,
                                          "renditions": {"original": {"href": href, "mimetype": "image/jpeg"}}}},
    })


def test_a_ninjs_rendition_pointing_to_a_local_file_is_read(cli, tmp_path):
    item_folder = tmp_path / "feed"
    make.write((item_folder / "pictures").mkdir(parents=True) or item_folder / "pictures", "parade.jpg",
               make.iptc_jpeg(**STATE_PICTURE))
    (item_folder / "parade.json").write_text(ninjs_text_item("pictures/parade.jpg"), encoding="utf-8")
    [item] = cli.report(item_folder / "parade.json")["articles"]
    assert item["format"] == "ninjs"
    figure = item["figures"][0]
    assert figure["caption"] == UNDISCLOSED_CAPTION
    assert figure["metadata"]["fields"]["source"] == [{"value": "Korean Central News Agency", "origin": "IPTC:2:115 Source"}]
    [state] = [f for f in figure_findings(item, 0) if f["category"] == "state_supplied"]
    assert state["source"]["id"] == "kcna"


def test_a_ninjs_rendition_on_a_server_is_not_fetched(cli, tmp_path, network_attempts):
    path = tmp_path / "parade.json"
    path.write_text(ninjs_text_item("https://pictures.example.org/parade.jpg"), encoding="utf-8")
    [item] = cli.report(path)["articles"]
    figure = item["figures"][0]
    assert figure["metadata"] is None and "not fetched" in figure["image_note"]
    assert network_attempts == []


# --- folders --------------------------------------------------------------------------------

def test_a_folder_of_bare_pictures_is_one_item_per_picture(cli, tmp_path):
    folder = tmp_path / "pictures"
    make.write(folder.mkdir() or folder, "kcna.jpg", make.iptc_jpeg(**STATE_PICTURE))
    make.write(folder, "stripped.jpg", make.jpeg())
    make.write(folder, "wire.png", make.png([make.itxt("XML:com.adobe.xmp",
                                                       make.xmp_packet({"photoshop:Credit": "AP Photo/Jane Doe"}))]))
    items = items_by_name(cli.report(folder))
    assert set(items) == {"kcna.jpg", "stripped.jpg", "wire.png"}
    assert all(item["format"] == "picture" and len(item["figures"]) == 1 for item in items.values())
    assert {f["category"] for f in items["kcna.jpg"]["findings"]} >= {"state_supplied"}
    assert {f["category"] for f in items["stripped.jpg"]["findings"]} == {"metadata_missing"}
    assert items["wire.png"]["figures"][0]["credit"] == "AP Photo/Jane Doe"
    assert items["wire.png"]["figures"][0]["origins"]["credit"] == "XMP:photoshop:Credit"


def test_a_picture_an_article_shows_is_not_also_an_item_of_its_own(cli, tmp_path):
    folder = tmp_path / "story"
    make.write(folder.mkdir() or folder, "photo.jpg", make.iptc_jpeg(**STATE_PICTURE))
    (folder / "story.md").write_text(markdown_with("photo.jpg"), encoding="utf-8")
    report = cli.report(folder)
    assert list(items_by_name(report)) == ["story.md"]
    shown = [f for item in report["articles"] for f in item["figures"] if f["image"] and f["image"].endswith("photo.jpg")]
    assert len(shown) == 1 and shown[0]["caption"] == UNDISCLOSED_CAPTION


def test_a_picture_is_shown_once_even_when_named_twice_on_the_command_line(cli, tmp_path):
    folder = tmp_path / "story"
    make.write(folder.mkdir() or folder, "photo.jpg", make.iptc_jpeg(**STATE_PICTURE))
    (folder / "story.md").write_text(markdown_with("photo.jpg"), encoding="utf-8")
    report = cli.report(folder / "story.md", folder / "photo.jpg")
    assert list(items_by_name(report)) == ["story.md"]
