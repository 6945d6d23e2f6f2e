"""The shipped examples/ folder: what `python3 dev.py check` shows a new user.

Each example article carries the signals its name promises; the controls carry none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import categories

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: What each example must be flagged for (at least); an empty set means no finding at all.
EXPECTED = {
    "de-hochwasser-passau-staff-photos.md": set(),
    "de-rakete-kcna-standbild.txt": {"state_supplied", "access_restricted", "from_video", "editorial_restriction"},
    "en-battery-plant-company-handout.json": {"handout", "editorial_restriction"},
    "en-kim-fertilizer-plant-state-supplied.txt": {"state_supplied", "access_restricted", "unverified", "watermark"},
    "en-kremlin-pool-picture.json": {"state_supplied"},
    "en-refinery-fire-social-video.md": {"social_media", "from_video", "unverified"},
    "en-seoul-reaction-body-trap.txt": set(),
    "es-rescate-open-arms-handout.md": {"handout", "editorial_restriction"},
    "es-xi-discurso-xinhua.json": {"state_supplied", "editorial_restriction"},
    "fr-chars-donetsk-video-defense-russe.md": {"state_supplied", "from_video", "unverified", "editorial_restriction"},
    "fr-kcna-missile-filigrane.json": {"state_supplied", "watermark"},
    "it-alluvione-video-social.txt": {"social_media", "from_video", "unverified"},
    "it-kim-sottomarino-kcna.md": {"state_supplied", "access_restricted", "watermark"},
}
#: Article folders (one story with its pictures), by folder, with what the story must be flagged for.
FOLDERS = {
    # the picture's IPTC says KCNA and carries the disclaimer; the published caption says neither
    "en-parade-undisclosed": {"undisclosed", "state_supplied", "metadata_mismatch", "editorial_restriction"},
}
SIGNALS = {"state_supplied", "handout", "unverified", "access_restricted", "watermark", "from_video",
           "social_media", "editorial_restriction"}


@pytest.fixture(scope="module")
def checked(cli) -> dict[str, dict]:
    return {Path(a["path"]).name: a for a in cli.report(EXAMPLES)["articles"]}


def test_the_table_lists_every_example_file():
    assert {p.name for p in EXAMPLES.iterdir() if p.is_file()} == set(EXPECTED)


def test_the_examples_cover_every_signal_language_and_format():
    assert set().union(*EXPECTED.values()) == SIGNALS
    assert {name[:2] for name in EXPECTED} == {"en", "fr", "de", "es", "it"}
    assert {Path(name).suffix for name in EXPECTED} == {".txt", ".md", ".json"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_is_flagged_for_its_signals(checked, name):
    found = categories(checked[name])
    if EXPECTED[name]:
        assert EXPECTED[name] <= found, f"missing: {sorted(EXPECTED[name] - found)}"
    else:
        assert checked[name]["findings"] == []
    assert "unreadable" not in found


def test_only_the_state_picture_of_a_mixed_article_is_flagged(checked):
    article = checked["es-xi-discurso-xinhua.json"]
    assert {f["figure"] for f in article["findings"] if f["category"] == "state_supplied"} == {0}


def test_the_html_report_has_an_index_and_one_page_per_example(cli, tmp_path):
    result = cli.run("check", EXAMPLES, "--out", tmp_path, "--format", "html", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    pages = {p.name for p in tmp_path.glob("*.html")} - {"index.html"}
    assert (tmp_path / "index.html").is_file() and (tmp_path / "report.json").is_file()
    assert len(pages) == len(EXPECTED) + len(FOLDERS)


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_each_article_folder_is_one_story_flagged_for_what_its_picture_says(cli, folder):
    [article] = cli.report(EXAMPLES / folder)["articles"]
    assert FOLDERS[folder] <= categories(article)
    assert all(f["metadata"] is not None for f in article["figures"] if f["image"])
