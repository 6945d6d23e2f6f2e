"""Untrusted input: a bad file is reported by name and the run goes on; no input is ever changed."""

from __future__ import annotations

import pytest

from support import categories, tree_digest

GOOD = ("In this photo released by the Korean Central News Agency, soldiers march in Pyongyang, "
        "North Korea. (KCNA via AP)\n")
LATIN1_CAPTION = ("Sur cette photo diffusée par le ministère russe de la Défense, un char russe tire en direction "
                  "de positions ukrainiennes près de Pokrovsk. (AFP PHOTO / RUSSIAN DEFENCE MINISTRY)\n")

BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "blank.md": (b"   \n\n\t\n", "empty"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "broken.json": (b'{"type": "text", "body_text": "KCNA via AP", ', "malformed JSON"),
    "list.json": (b'["not", "a", "ninjs", "item"]', "not a ninjs item"),
}


@pytest.fixture
def desk(write, tmp_path):
    """A folder with one good article next to every kind of bad one."""
    write("desk/good.txt", GOOD)
    write("desk/latin1.txt", LATIN1_CAPTION.encode("latin-1"))
    for name, (content, _) in BAD_INPUTS.items():
        write(f"desk/{name}", content)
    return tmp_path / "desk"


def by_name(report: dict) -> dict[str, dict]:
    return {a["path"].replace("\\", "/").rsplit("/", 1)[-1]: a for a in report["articles"]}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_bad_file_is_an_unreadable_finding_naming_it(cli, desk, name):
    article = by_name(cli.report(desk))[name]
    (finding,) = article["findings"]
    assert finding["category"] == "unreadable" and finding["severity"] == "error"
    assert name in finding["message"]
    assert BAD_INPUTS[name][1] in finding["message"]


def test_the_run_goes_on_past_bad_files(cli, desk):
    articles = by_name(cli.report(desk))
    assert set(articles) == {"good.txt", "latin1.txt", *BAD_INPUTS}
    assert "state_supplied" in categories(articles["good.txt"])


def test_latin1_text_is_read_and_checked_with_a_note(cli, desk):
    article = by_name(cli.report(desk))["latin1.txt"]
    assert "state_supplied" in categories(article)
    assert "diffusée par le ministère russe" in article["figures"][0]["caption"]
    assert any("UTF-8" in note for note in article["notes"])


def test_a_missing_path_is_named_and_the_others_are_still_checked(cli, write, tmp_path):
    good = write("good.txt", GOOD)
    missing = tmp_path / "no-such-story.txt"
    articles = cli.report(missing, good)["articles"]
    assert [a["path"] for a in articles] == [str(missing), str(good)]
    (finding,) = articles[0]["findings"]
    assert finding["category"] == "unreadable"
    assert "no-such-story.txt" in finding["message"] and "no such file" in finding["message"]
    assert "state_supplied" in categories(articles[1])


def test_unreadable_files_are_listed_on_stderr(cli, desk, tmp_path):
    result = cli.run("check", desk, "--out", tmp_path / "out")
    assert result.exit_code == 1
    for name in BAD_INPUTS:
        assert name in result.stderr
    assert "Traceback" not in result.output


def test_input_files_are_byte_identical_afterwards(cli, desk, tmp_path):
    before = tree_digest(desk)
    cli.run("check", desk, "--out", tmp_path / "out", "--format", "html", "--format", "json")
    cli.report(desk)
    assert tree_digest(desk) == before


def test_a_folder_is_read_recursively_with_its_pictures_and_skips_other_files(cli, write, tmp_path):
    write("archive/2025/03/kim.txt", GOOD)
    write("archive/2025/03/kim.md", "# Kim inspects troops\n\n" + GOOD)
    write("archive/2025/kim.json", '{"type": "picture", "description_text": "' + GOOD.strip() + '"}')
    write("archive/2025/03/kim.jpg", b"\xff\xd8\xff\xe0 not an article")
    write("archive/notes.docx", b"PK\x03\x04")
    articles = {a["path"].replace("\\", "/").split("archive/")[1]: a for a in cli.report(tmp_path / "archive")["articles"]}
    assert sorted(articles) == ["2025/03/kim.jpg", "2025/03/kim.md", "2025/03/kim.txt", "2025/kim.json"]
    assert articles["2025/03/kim.jpg"]["format"] == "picture"


def test_several_paths_are_checked_in_the_order_given(cli, write, tmp_path):
    first = write("a/first.txt", GOOD)
    write("b/second.md", "# Soldiers march\n\n" + GOOD)
    third = write("third.json", '{"type": "picture", "description_text": "' + GOOD.strip() + '"}')
    articles = cli.report(third, tmp_path / "b", first)["articles"]
    assert [a["id"] for a in articles][0::2] == ["third", "first"]
    assert articles[1]["path"].endswith("second.md")
    assert all("state_supplied" in categories(a) for a in articles)
