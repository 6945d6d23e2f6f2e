"""Broken and hostile picture files through `provenance check`: each ends in a finding naming the file,
within a second and with bounded memory, and the rest of the run goes on.

The files are made here: an empty file, text named .jpg, a cut JPEG, EXIF IFDs pointing past
their block, XMP with entity expansion or an external entity, a 1 MB caption, a PNG header
claiming 100,000 x 100,000 pixels.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import imagefactory as make

#: The work a file may cost (CPU seconds: a busy CI machine must not fail it) and a wall-clock guard against hangs.
CPU_SECONDS_PER_FILE = 1.0
WALL_SECONDS_PER_FILE = 5.0
PEAK_GROWTH_PER_FILE = 64 * 1024 * 1024
CLEAN_CAPTION = "A worker carries a crate of grapes in a vineyard near Bordeaux, France, Tuesday. (AP Photo/Claire Dumas)\n"


def described_jpeg() -> bytes:
    """A JPEG with EXIF, IPTC and XMP, to be cut or damaged."""
    exif = make.exif_block(ImageDescription="Soldiers march in a square.", Artist="Staff photographer")
    packet = make.xmp_packet({"dc:description": "Soldiers march in a square.", "photoshop:Credit": "Staff"})
    return make.jpeg(exif=exif, xmp=packet, iptc=make.iim([(2, 110, b"Staff")]))


def bad_ifd(entries: list[tuple[int, int, int, int]], first_ifd: int = 8) -> Callable[[], bytes]:
    return lambda: make.jpeg(exif=make.exif_ifd(entries, first_ifd), xmp=make.xmp_packet({"photoshop:Credit": "Staff"}))


def one_megabyte_caption() -> bytes:
    caption = ("Soldiers march across the square as officials look on. " * 20000)[:1024 * 1024]
    return make.iptc_jpeg(caption=caption, credit="Staff")


#: file name -> (how to make it, the problem kind its finding must cite)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "zero-bytes.jpg": (lambda: b"", "truncated"),
    "notes.jpg": (lambda: b"Caption: troops march in the capital\nCredit: handout\n" * 20, "not_an_image"),
    "cut-in-header.jpg": (lambda: described_jpeg()[:200], "truncated"),
    "cut-in-pixels.jpg": (lambda: described_jpeg()[:-40], "truncated"),
    "billion-laughs.jpg": (lambda: make.jpeg(xmp=make.xmp_packet(
        {"photoshop:Credit": "never read"}, doctype=make.BILLION_LAUGHS,
        raw_body="<photoshop:Headline>&lol9;</photoshop:Headline>")), "hostile_xml"),
    "external-entity.jpg": (lambda: make.jpeg(xmp=make.xmp_packet(
        {}, doctype=make.EXTERNAL_ENTITY, raw_body="<photoshop:Credit>&secret;</photoshop:Credit>")), "hostile_xml"),
    "one-megabyte-caption.jpg": (one_megabyte_caption, "too_large"),
    "claims-100000x100000.png": (lambda: make.png_claiming(100_000, 100_000), "decompression_bomb"),
}
#: EXIF whose offsets point outside the block: the metadata is damaged, the rest still read.
BAD_IFDS: dict[str, Callable[[], bytes]] = {
    "ifd-value-past-the-end.jpg": bad_ifd([(0x010E, 2, 50, 0x7FFFFFF0)]),
    "ifd-count-absurd.jpg": bad_ifd([(0x010E, 2, 0xFFFFFFFF, 26)]),
    "exif-sub-ifd-past-the-end.jpg": bad_ifd([(0x8769, 4, 1, 0xFFFFFF00)]),
    "first-ifd-past-the-end.jpg": bad_ifd([(0x0112, 3, 1, 1)], first_ifd=0xFFFFFFF0),
}


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory):
    """Load the rules and the picture readers once, so timings measure the file, not the start-up."""
    from typer.testing import CliRunner

    from provenance.cli import app

    picture = make.write(tmp_path_factory.mktemp("warm"), "warm.jpg", make.iptc_jpeg(credit="Staff"))
    CliRunner().invoke(app, ["check", str(picture), "--format", "json", "--out", "-"])


def timed_item(cli, path: Path) -> dict:
    """The one item `provenance check PATH` reports; the check must take under a second of CPU."""
    cpu, wall = time.process_time(), time.monotonic()
    report = cli.report(path)
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    assert cpu < CPU_SECONDS_PER_FILE and wall < WALL_SECONDS_PER_FILE, f"{path.name}: {cpu:.2f} s CPU, {wall:.2f} s"
    [item] = report["articles"]
    return item


def problem_findings(item: dict, kind: str) -> list[dict]:
    """Unreadable/damaged findings citing a reader problem of this kind."""
    return [f for f in item["findings"] if f["category"] == "unreadable"
            and any(e["origin"] == f"File:{kind}" for e in f["evidence"])]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_file_ends_in_an_unreadable_error_naming_it_within_a_second(cli, tmp_path, name):
    build, kind = HOSTILE[name]
    path = make.write(tmp_path, name, build())
    item = timed_item(cli, path)
    assert item["path"] == str(path) and item["figures"][0]["image"] == str(path)
    [finding] = [f for f in problem_findings(item, kind) if f["rule"] == "metadata.unreadable"]
    assert finding["severity"] == "error"
    assert any(e["text"].startswith(f"{kind}: ") and len(e["text"]) > len(kind) + 10 for e in finding["evidence"])


@pytest.mark.parametrize("name", BAD_IFDS)
def test_bad_ifd_offsets_end_in_a_damaged_finding_and_the_rest_is_read(cli, tmp_path, name):
    path = make.write(tmp_path, name, BAD_IFDS[name]())
    item = timed_item(cli, path)
    assert item["figures"][0]["credit"] == "Staff"
    [finding] = problem_findings(item, "malformed")
    assert finding["rule"] == "metadata.damaged" and "EXIF" in finding["evidence"][0]["text"]


@pytest.mark.parametrize("name", BAD_IFDS)
def test_bad_ifd_offsets_never_break_the_check(cli, tmp_path, name):
    path = make.write(tmp_path, name, BAD_IFDS[name]())
    item = timed_item(cli, path)
    assert item["figures"][0]["credit"] == "Staff"
    assert {p["kind"] for p in item["figures"][0]["metadata"]["problems"]} <= {"malformed"}


def test_the_external_entity_is_never_resolved(cli, tmp_path):
    build, _ = HOSTILE["external-entity.jpg"]
    result = cli.run("check", make.write(tmp_path, "external-entity.jpg", build()), "--format", "json", "--out", "-")
    assert "root:" not in result.stdout and "/bin/" not in result.stdout
    assert json.loads(result.stdout)["articles"][0]["figures"][0]["metadata"]["fields"] == {}


def test_the_one_megabyte_caption_is_cut_and_the_credit_still_read(cli, tmp_path):
    item = timed_item(cli, make.write(tmp_path, "long.jpg", one_megabyte_caption()))
    figure = item["figures"][0]
    assert figure["credit"] == "Staff" and figure["origins"]["credit"] == "IPTC:2:110 Credit"
    assert 1000 < len(figure["caption"]) <= 65536
    assert figure["caption"].startswith("Soldiers march across the square")


def test_hostile_files_stay_fast_and_small_in_a_fresh_process(tmp_path):
    """Peak memory (RSS, C allocations included) grows by little for each file, checked one after another."""
    files = {**{n: b for n, (b, _) in HOSTILE.items()}, **BAD_IFDS}
    for name, build in files.items():
        make.write(tmp_path, name, build())
    warm = make.write(tmp_path, "warm.jpg", make.iptc_jpeg(credit="Staff"))
    script = textwrap.dedent("""
        import json, resource, sys, time
        from provenance.api import Checker
        checker = Checker()
        checker.check_paths([sys.argv[1]])
        for path in sys.argv[2:]:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            cpu, wall = time.process_time(), time.monotonic()
            result = checker.check_paths([path]).results[0]
            print(json.dumps({"path": path, "cpu": time.process_time() - cpu, "wall": time.monotonic() - wall,
                              "growth_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,
                              "categories": sorted({f.category for f in result.findings})}))
    """)
    paths = [str(tmp_path / name) for name in files]
    run = subprocess.run([sys.executable, "-c", script, str(warm), *paths], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["path"] for line in lines] == paths
    for line in lines:
        assert line["cpu"] < CPU_SECONDS_PER_FILE and line["wall"] < WALL_SECONDS_PER_FILE, line
        assert line["growth_kb"] * 1024 < PEAK_GROWTH_PER_FILE, line
    assert all("unreadable" in line["categories"] for line in lines if Path(line["path"]).name in HOSTILE)


# --- the rest of the run goes on ------------------------------------------------------------

@pytest.fixture
def mixed_folder(tmp_path) -> Path:
    """Every hostile file, a good picture and a clean article that sorts after them all."""
    folder = tmp_path / "incoming"
    for name, (build, _) in HOSTILE.items():
        make.write(folder.mkdir(exist_ok=True) or folder, name, build())
    make.write(folder, "good-picture.jpg", make.iptc_jpeg(caption="Grapes are harvested near Bordeaux.",
                                                         credit="AP Photo/Claire Dumas"))
    (folder / "zz-story.txt").write_text(CLEAN_CAPTION, encoding="utf-8")
    return folder


def picture_entries(report: dict, name: str) -> list[tuple[dict, int]]:
    """(item, figure index) for each place the picture file `name` shows up in a report.

    A picture is an item of its own, or a figure of the article beside it: either way its
    findings carry that figure index.
    """
    return [(item, index) for item in report["articles"] for index, figure in enumerate(item["figures"])
            if figure.get("image") and Path(figure["image"]).name == name]


def findings_about(report: dict, name: str) -> list[dict]:
    return [f for item, index in picture_entries(report, name) for f in item["findings"] if f["figure"] == index]


def test_a_folder_of_hostile_files_still_checks_the_article_and_the_good_picture(cli, mixed_folder):
    report = cli.report(mixed_folder)
    [story] = [a for a in report["articles"] if Path(a["path"]).name == "zz-story.txt"]
    assert story["format"] == "text" and story["figures"][0]["caption"].startswith("A worker carries a crate")
    assert [f for f in story["findings"] if f["figure"] == 0 and f["severity"] == "error"] == []
    [(item, index)] = picture_entries(report, "good-picture.jpg")
    credit = item["figures"][index]["metadata"]["fields"]["credit"]
    assert credit == [{"value": "AP Photo/Claire Dumas", "origin": "IPTC:2:110 Credit"}]
    assert [f for f in findings_about(report, "good-picture.jpg") if f["category"] == "unreadable"] == []
    for name, (_, kind) in HOSTILE.items():
        assert len(picture_entries(report, name)) == 1, name
        cited = {e["origin"] for f in findings_about(report, name) if f["category"] == "unreadable" for e in f["evidence"]}
        assert f"File:{kind}" in cited, name


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_the_exit_code_of_a_hostile_folder_follows_fail_on(cli, mixed_folder, fail_on, code):
    result = cli.run("check", mixed_folder, "--format", "json", "--out", "-", "--fail-on", fail_on)
    assert result.exit_code == code
    report = json.loads(result.stdout)
    assert all(picture_entries(report, name) for name in HOSTILE)


@pytest.mark.parametrize("fail_on, code", [("error", 0), ("warning", 1)])
def test_a_damaged_but_readable_picture_is_a_warning_not_an_error(cli, tmp_path, fail_on, code):
    block = b"\x1c\x02\x78\x00\x05Hello" + b"\x1c\x09\x01\xff\xff" + b"junk" * 10
    packet = make.xmp_packet({"photoshop:Credit": "AP Photo/Claire Dumas",
                              "dc:description": "Grapes are harvested near Bordeaux."})
    path = make.write(tmp_path, "damaged-iptc.jpg", make.jpeg(xmp=packet, iptc=block))
    result = cli.run("check", path, "--format", "json", "--out", "-", "--fail-on", fail_on)
    [item] = json.loads(result.stdout)["articles"]
    [finding] = problem_findings(item, "malformed")
    assert finding["rule"] == "metadata.damaged" and finding["severity"] == "warning"
    assert item["figures"][0]["credit"] == "AP Photo/Claire Dumas"
    assert result.exit_code == code


def test_an_article_showing_a_hostile_picture_is_checked_and_the_figure_carries_the_error(cli, tmp_path):
    story = tmp_path / "story"
    make.write(story.mkdir() or story, "bomb.png", make.png_claiming(100_000, 100_000))
    (story / "story.md").write_text("# Parade\n\nTroops marched on Saturday.\n\n![parade](bomb.png)\n\n"
                                    "*Soldiers march in the capital on Saturday. (AP Photo/Jane Doe)*\n", encoding="utf-8")
    [item] = cli.report(story)["articles"]
    assert item["format"] == "markdown" and item["body"].startswith("Troops marched")
    figure = item["figures"][0]
    assert figure["caption"].startswith("Soldiers march") and figure["metadata"] is not None
    [finding] = problem_findings(item, "decompression_bomb")
    assert finding["figure"] == 0 and finding["severity"] == "error"
