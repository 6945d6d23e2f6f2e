"""Article folders (one article file plus its pictures is one story) and `provenance check -`
(one article from standard input, its format sniffed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imagefactory as make
from ingest_support import iptc_picture
from provenance.api import Checker
from provenance.ingest import InputLimits
from provenance.cli import app
from support import categories

CAPTION = "Soldiers march across Kim Il Sung Square in Pyongyang on Saturday."
STORY = f"# Parade in the capital\n\nTroops marched through the capital on Saturday.\n\n![parade](shown.jpg)\n\n*{CAPTION}*\n"


def names(report: dict) -> list[str]:
    return [Path(a["path"]).name for a in report["articles"]]


def test_an_article_folder_is_one_story_with_its_unshown_pictures_as_figures(cli, tmp_path):
    story = tmp_path / "story"
    make.write(story.mkdir() or story, "shown.jpg", iptc_picture(CAPTION, "AP"))
    make.write(story, "extra.jpg", iptc_picture("Leader inspects the troops.", "KCNA via KNS"))
    (story / "story.md").write_text(STORY, encoding="utf-8")
    report = cli.report(story)
    assert names(report) == ["story.md"]
    shown, extra = report["articles"][0]["figures"]
    assert shown["image"] == "shown.jpg" and shown["caption"] == CAPTION
    assert extra["image"] == "extra.jpg" and (extra["caption"], extra["credit"]) == ("", "")
    assert extra["metadata"]["fields"]["credit"][0] == {"value": "KCNA via KNS", "origin": "IPTC:2:110 Credit"}
    extra_findings = [f for f in report["articles"][0]["findings"] if f["figure"] == 1]
    assert any(f["category"] == "state_supplied" and f["evidence"][0]["field"] == "metadata" for f in extra_findings)


def test_a_folder_with_two_articles_leaves_unshown_pictures_as_items_of_their_own(cli, tmp_path):
    make.write(tmp_path, "shown.jpg", make.jpeg())
    make.write(tmp_path, "loose.jpg", make.jpeg())
    (tmp_path / "a.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CAPTION + " (KCNA via AP)\n", encoding="utf-8")
    report = cli.report(tmp_path)
    assert sorted(names(report)) == ["a.md", "b.txt", "loose.jpg"]
    assert [f["image"] for f in report["articles"][0]["figures"]] == ["shown.jpg"]


def test_each_subfolder_is_its_own_story(cli, tmp_path):
    for name in ("one", "two"):
        folder = tmp_path / name
        make.write(folder.mkdir() or folder, f"{name}.jpg", make.jpeg())
        (folder / "story.md").write_text(STORY, encoding="utf-8")
    report = cli.report(tmp_path)
    assert [len(a["figures"]) for a in report["articles"]] == [2, 2]
    assert [a["figures"][1]["image"] for a in report["articles"]] == ["one.jpg", "two.jpg"]


def test_a_text_article_named_alone_takes_the_one_picture_beside_it_as_its_captions_picture(cli, tmp_path):
    make.write(tmp_path, "kim.jpg", iptc_picture("", "KCNA via KNS"))
    story = tmp_path / "story.txt"
    story.write_text(f"Parade in the capital\n\nTroops marched on Saturday.\n\n{CAPTION} (AP)\n", encoding="utf-8")
    report = cli.report(story)
    [article] = report["articles"]
    [figure] = article["figures"]
    assert (figure["image"], figure["caption"]) == ("kim.jpg", CAPTION + " (AP)")
    assert figure["metadata"]["fields"]["credit"][0]["value"] == "KCNA via KNS"
    assert "figure 1: its picture is taken to be kim.jpg, the only picture beside the article" in article["notes"]


def test_two_captions_and_one_picture_are_not_paired_by_guess(cli, tmp_path):
    make.write(tmp_path, "kim.jpg", make.jpeg())
    story = tmp_path / "story.txt"
    story.write_text(f"Parade\n\n{CAPTION} (KCNA via AP)\n\nTanks roll past the stand. (AP Photo/Jon Doe)\n",
                     encoding="utf-8")
    figures = cli.report(story)["articles"][0]["figures"]
    assert [f["image"] for f in figures] == [None, None, "kim.jpg"] and figures[2]["caption"] == ""


def test_a_linked_picture_leading_out_of_the_folder_is_not_read(cli, tmp_path):
    secret = make.write(tmp_path, "secret.jpg", iptc_picture("SECRET", "SECRET"))
    story = tmp_path / "story"
    story.mkdir()
    try:
        (story / "link.jpg").symlink_to(secret)
    except OSError:
        pytest.skip("this file system cannot make symbolic links")
    (story / "story.md").write_text(STORY, encoding="utf-8")
    article = cli.report(story / "story.md")["articles"][0]
    assert "SECRET" not in json.dumps(article) and all(f["image"] != "link.jpg" for f in article["figures"])


STDIN_INPUTS = {
    "ninjs": json.dumps({"type": "picture", "description_text": CAPTION, "creditline": "KCNA via AP"}),
    "newsml": ('<?xml version="1.0" encoding="UTF-8"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">'
               '<itemMeta><itemClass qcode="ninat:picture"/></itemMeta><contentMeta>'
               f'<description role="drol:caption">{CAPTION}</description><creditline>KCNA via AP</creditline>'
               '</contentMeta></newsItem>'),
    "html": f"<!doctype html><html lang=en><body><figure><img src=a.jpg><figcaption>{CAPTION} "
            "<small>KCNA via AP</small></figcaption></figure></body></html>",
    "markdown": f"# Parade\n\n![parade](a.jpg)\n\n*{CAPTION} (KCNA via AP)*\n",
    "text": f"Parade in the capital\n\n{CAPTION} (KCNA via AP)\n",
}


@pytest.mark.parametrize("kind", STDIN_INPUTS)
def test_an_article_on_standard_input_is_sniffed_and_checked(kind):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["check", "-", "--format", "json", "--out", "-"],
                                input=STDIN_INPUTS[kind].encode("utf-8"))
    assert result.exit_code == 1, result.stderr
    [article] = json.loads(result.stdout)["articles"]
    assert (article["path"], article["format"]) == ("-", kind)
    assert "state_supplied" in categories(article)
    assert all(f["metadata"] is None for f in article["figures"])


def test_a_picture_named_on_standard_input_is_not_read_from_the_working_folder(tmp_path, monkeypatch):
    make.write(tmp_path, "a.jpg", iptc_picture(CAPTION, "KCNA"))
    monkeypatch.chdir(tmp_path)
    report = Checker().check_paths(["-"], stdin=STDIN_INPUTS["markdown"].encode())
    [figure] = report.results[0].article.figures
    assert figure.metadata is None and "no folder" in figure.image_note


def test_standard_input_over_the_size_limit_is_unreadable():
    report = Checker(limits=InputLimits(max_bytes=100)).check_paths(["-"], stdin=b"x" * 101)
    assert report.results[0].article.format == "unreadable"
    assert "over the 100-byte limit" in report.results[0].findings[0].message


def test_a_hostile_newsml_on_standard_input_is_refused():
    hostile = b'<!DOCTYPE newsItem [<!ENTITY x SYSTEM "file:///etc/passwd">]><newsItem>&x;</newsItem>'
    report = Checker().check_paths(["-"], stdin=hostile)
    assert report.results[0].article.format == "unreadable"
    assert report.results[0].findings[0].message.startswith("-: NewsML-G2 declares a DTD")
