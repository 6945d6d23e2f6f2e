"""The HTML report: a self-contained page per article, linked from an index, that shows hostile
input as text and writes nothing outside the output folder."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import tree_digest

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>'
STATE_CAPTION = "In this photo released by the Korean Central News Agency, soldiers march in Pyongyang. (KCNA via AP)"

HOSTILE_MARKDOWN = f"""# Rally in the capital {SCRIPT}

Thousands marched on Saturday. {ATTRIBUTE_BREAKOUT} Police said the march was peaceful.

![alt {ATTRIBUTE_BREAKOUT}](javascript:alert)

*{STATE_CAPTION[:-13]} {SCRIPT} {ATTRIBUTE_BREAKOUT} (KCNA via AP)*
"""
HOSTILE_NINJS = {
    "uri": "../../etc/passwd",
    "type": "text",
    "language": "en",
    "headline": f"Summit {SCRIPT}",
    "body_text": f"Leaders met on Friday. {ATTRIBUTE_BREAKOUT}",
    "associations": {"featureimage": {
        "type": "picture",
        "description_text": f"{STATE_CAPTION} {ATTRIBUTE_BREAKOUT}",
        "byline": SCRIPT,
        "renditions": {"original": {"href": "https://tracker.example.com/pixel.gif"}},
    }},
}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN_ELEMENTS = {"script", "img", "iframe", "object", "embed", "base", "link", "form", "svg", "math"}


class Page(HTMLParser):
    """A parsed page: its elements, attributes and text, with nesting checked as it goes."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.nesting_errors: list[str] = []
        self._open: list[str] = []
        self.feed(html)
        self.close()
        self.nesting_errors += [f"<{tag}> never closed" for tag in self._open]

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID_ELEMENTS:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self._open or self._open[-1] != tag:
            self.nesting_errors.append(f"</{tag}> closes {self._open[-1:] or 'nothing'}")
        else:
            self._open.pop()

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def attribute_values(self, name: str) -> list[str]:
        return [attrs[name] or "" for _, attrs in self.elements if name in attrs]


@pytest.fixture
def report(cli, write, tmp_path, monkeypatch) -> Path:
    """Hostile and odd inputs checked into tmp/out, run from an empty working folder."""
    write("in/rally.md", HOSTILE_MARKDOWN)
    write("in/passwd.json", json.dumps(HOSTILE_NINJS))
    write("in/odd name; 'quoted' & été.txt", STATE_CAPTION + "\n")
    write("in/clean.txt", "A worker carries grapes in a vineyard near Bordeaux, Tuesday. (AP Photo/Claire Dumas)\n")
    write("in/empty.txt", "")
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    before = tree_digest(tmp_path)
    result = cli.run("check", tmp_path / "in", "--out", tmp_path / "out", "--format", "html", "--format", "json")
    assert result.exit_code == 1, result.output  # the empty file is an error
    outside = {k: v for k, v in tree_digest(tmp_path).items() if not k.startswith("out/")}
    assert outside == before, "files outside --out were created or changed"
    return tmp_path / "out"


def pages(out: Path) -> dict[str, Page]:
    return {p.name: Page(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.html"))}


def test_index_links_one_page_per_article(report):
    articles = json.loads((report / "report.json").read_text(encoding="utf-8"))["articles"]
    index = Page((report / "index.html").read_text(encoding="utf-8"))
    links = {h for h in index.attribute_values("href") if not h.startswith(("#", "rules/"))}
    article_pages = {p.name for p in report.glob("*.html")} - {"index.html"}
    assert len(links) == len(articles) == 5
    assert links == article_pages
    rule_links = {h for h in index.attribute_values("href") if h.startswith("rules/")}
    assert "rules/index.html" in rule_links and all((report / h).is_file() for h in rule_links)


def test_every_page_links_back_to_the_index(report):
    for name, page in pages(report).items():
        if name != "index.html":
            assert "index.html" in page.attribute_values("href"), name


def test_pages_parse_with_balanced_elements(report):
    for name, page in pages(report).items():
        assert page.nesting_errors == [], name
        assert page.elements[0][0] == "html", name


def test_the_hostile_text_reaches_captions_and_headlines(report):
    articles = json.loads((report / "report.json").read_text(encoding="utf-8"))["articles"]
    hostile = [a for a in articles if a["id"] in ("rally", "../../etc/passwd")]
    assert len(hostile) == 2
    for article in hostile:
        assert SCRIPT in article["headline"]
        assert ATTRIBUTE_BREAKOUT in article["figures"][0]["caption"]


def test_hostile_markup_comes_out_as_text(report):
    for name, page in pages(report).items():
        tags = {tag for tag, _ in page.elements}
        allowed = {"script"} if name == "index.html" else set()  # the index's own script (see test_report_html.py)
        assert not tags & FORBIDDEN_ELEMENTS - allowed, f"{name}: {tags & FORBIDDEN_ELEMENTS}"
        assert [tag for tag, _ in page.elements].count("script") <= len(allowed), name
        handlers = [a for _, attrs in page.elements for a in attrs if a.lower().startswith("on")]
        assert handlers == [], name
    shown = pages(report)
    rally = next(p for n, p in shown.items() if n.startswith("rally"))
    passwd = next(p for n, p in shown.items() if "passwd" in n or "etc" in n)
    for page in (rally, passwd):
        assert SCRIPT in page.text
        assert ATTRIBUTE_BREAKOUT in page.text


def test_the_escaped_text_is_in_the_source(report):
    rally = next(report.glob("rally*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rally
    assert "<script" not in rally.lower()


def test_pages_load_nothing_from_outside(report):
    for name, page in pages(report).items():
        csp = [attrs.get("content") or "" for tag, attrs in page.elements
               if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
        assert csp and "default-src 'none'" in csp[0], name
        urls = page.attribute_values("href") + page.attribute_values("src") + page.attribute_values("action")
        external = [u for u in urls if re.match(r"\s*(https?:|//|javascript:|data:text)", u, re.I)]
        assert external == [], name


def test_page_names_are_safe_and_stay_inside_out(report):
    written = [p for p in report.rglob("*") if p.is_file()]
    folders = {p.parent.relative_to(report) for p in written}
    assert folders == {Path("."), Path("rules")}, folders  # the pages, and the rule pages they link to
    names = {p.name for p in written}
    assert {"index.html", "report.json"} <= names
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.(html|json)", n) and not n.startswith(".") for n in names), names
