"""The reviewer's HTML: an index sorted and grouped without JavaScript (its one script allowed by
hash), article pages with findings worst first and links to each rule's page, rule pages written
from the YAML, accessible markup, and every input text (captions, picture metadata, file names,
rule files from a newsroom's folder) shown as text.

`hostile_report` is shared with tests/test_browser.py, which opens the same pages in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import imagefactory as make
from provenance.api import default_rules
from provenance.reports.html_report import index_script
from provenance.reports.ruledocs import reference_href
from test_html_report import Page

# Each payload, if it ever ran, would set its own window flag; the browser test checks they stay unset.
PAYLOADS = {
    "script": "<script>window.__pwned_script=1</script>",
    "img": '"><img src=x onerror="window.__pwned_img=1">',
    "link": '<a href="javascript:window.__pwned_link=1">open</a>',
    "style": "</style><style>body{display:none}</style>",
    "svg": "<svg onload=window.__pwned_svg=1></svg>",
}
FLAGS = ["__pwned_script", "__pwned_img", "__pwned_link", "__pwned_svg", "__pwned_file", "__pwned_title",
         "__pwned_message", "__pwned_ref", "__pwned_example", "__pwned_lexicon"]
ALL_PAYLOADS = " ".join(PAYLOADS.values())
ARTICLE_NAME = 'story "><img src=x onerror=window.__pwned_file=1>.md'
HOSTILE_RULE = """\
id: desk.hostile_payloads
category: handout
severity: error
title: "Desk rule <script>window.__pwned_title=1</script>"
message: "Desk message \\"><img src=x onerror=window.__pwned_message=1>"
rationale: "Rationale </style><style>body{display:none}</style> and <b>bold</b>"
scope: [caption]
languages: [en]
references:
  - "javascript:window.__pwned_ref=1"
  - "https://example.org/desk-guide?a=1&b=<2>"
  - "//evil.example/x"
  - "data:text/html,<script>alert(1)</script>"
match:
  - phrases: {en: ["desk handout"]}
requires:
  - {lexicon: desk_words}
examples:
  en:
    match: ["A desk handout picture <script>window.__pwned_example=1</script>."]
    no_match: ["An agency picture."]
"""
HOSTILE_LEXICON = 'en: [picture, "<img src=x onerror=window.__pwned_lexicon=1>"]\n'
FRENCH_STORY = """# Défilé à Pyongyang

Sur cette photo fournie par l'agence officielle nord-coréenne KCNA, des soldats défilent sur la place Kim Il Sung, le 8 février 2025. Le contenu de cette image ne peut être vérifié de manière indépendante. (KCNA via AP)
"""
CLEAN_STORY = "A worker carries grapes in a vineyard near Bordeaux, Tuesday. (AP Photo/Claire Dumas)\n"


@dataclass
class HostileReport:
    out: Path
    article: Path  # the hostile article's page
    rules: Path  # the folder of rule pages


def hostile_picture() -> bytes:
    """A state-credited JPEG whose IPTC and XMP text fields carry the payloads."""
    iptc = make.iim([make.utf8_declaration(),
                     (2, 120, f"Soldiers march. {PAYLOADS['script']}".encode()),
                     (2, 110, f"KCNA via KNS {PAYLOADS['img']}".encode()),
                     (2, 115, b"Korean Central News Agency"),
                     (2, 80, PAYLOADS["svg"].encode()),
                     (2, 40, f"EDITORIAL USE ONLY {PAYLOADS['style']}".encode())])
    xmp = make.xmp_packet({"dc:description": f"XMP caption {PAYLOADS['link']}",
                           "photoshop:Credit": f"KCNA {PAYLOADS['script']}"})
    return make.jpeg(iptc=iptc, xmp=xmp, size=(320, 200))


def build_hostile_report(cli, root: Path) -> HostileReport:
    """An article whose headline, body, caption, alt text, file name and picture metadata carry the
    payloads, checked with a newsroom rule folder whose rule text carries them too."""
    stories = root / "in"
    stories.mkdir(parents=True)
    (stories / "parade.jpg").write_bytes(hostile_picture())
    (stories / ARTICLE_NAME).write_text(
        f"# Parade in the capital {PAYLOADS['script']}\n\nTroops marched on Saturday. {PAYLOADS['img']} "
        f"{PAYLOADS['link']} {PAYLOADS['style']}\n\n![alt {PAYLOADS['img']}](parade.jpg)\n\n"
        f"*Soldiers march across the square in a desk handout picture. {ALL_PAYLOADS} (KCNA via AP)*\n",
        encoding="utf-8")
    (root / "others").mkdir()
    (root / "others" / "defile.md").write_text(FRENCH_STORY, encoding="utf-8")
    (root / "others" / "clean.txt").write_text(CLEAN_STORY, encoding="utf-8")
    desk = root / "desk"
    (desk / "captions").mkdir(parents=True)
    (desk / "lexicons").mkdir()
    (desk / "captions" / "hostile.yaml").write_text(HOSTILE_RULE, encoding="utf-8")
    (desk / "lexicons" / "desk_words.yaml").write_text(HOSTILE_LEXICON, encoding="utf-8")
    out = root / "out"
    result = cli.run("check", stories, root / "others", "--rules", desk, "--out", out,
                     "--format", "html", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    [article] = [p for p in out.glob("story-*.html")]
    return HostileReport(out=out, article=article, rules=out / "rules")


@pytest.fixture(scope="module")
def hostile(cli, tmp_path_factory) -> HostileReport:
    return build_hostile_report(cli, tmp_path_factory.mktemp("hostile"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def csp_of(page: Page) -> str:
    [csp] = [attrs.get("content") or "" for tag, attrs in page.elements
             if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    return csp


def report_json(out: Path) -> dict:
    return json.loads(read(out / "report.json"))


# --- the payloads reach the pages, as text ------------------------------------------------

def test_the_payloads_reach_the_report_unchanged(hostile):
    [article] = [a for a in report_json(hostile.out)["articles"] if a["path"].endswith(ARTICLE_NAME)]
    assert PAYLOADS["script"] in article["headline"]
    assert ALL_PAYLOADS in article["figures"][0]["caption"]
    credits = [v["value"] for v in article["figures"][0]["metadata"]["fields"]["credit"]]
    assert f"KCNA via KNS {PAYLOADS['img']}" in credits
    assert "desk.hostile_payloads" in {f["rule"] for f in article["findings"]}


def test_every_page_shows_the_payloads_as_text_and_runs_none(hostile):
    page = Page(read(hostile.article))
    for payload in PAYLOADS.values():
        assert payload in page.text
    assert ARTICLE_NAME in page.text
    assert "Desk rule <script>window.__pwned_title=1</script>" in page.text
    for path in [*hostile.out.glob("*.html"), *hostile.rules.glob("*.html")]:
        parsed = Page(read(path))
        assert parsed.nesting_errors == [], path.name
        tags = [tag for tag, _ in parsed.elements]
        assert not {"iframe", "object", "embed", "svg", "math", "base", "link", "form"} & set(tags), path.name
        assert tags.count("style") == 1, path.name  # the page's own stylesheet, nothing else
        handlers = [a for _, attrs in parsed.elements for a in attrs if a.lower().startswith("on")]
        assert handlers == [], path.name
        urls = parsed.attribute_values("href") + parsed.attribute_values("src")
        assert not [u for u in urls if re.match(r"\s*(javascript|vbscript|data:text)", u, re.I)], path.name
        images = [attrs.get("src", "") for tag, attrs in parsed.elements if tag == "img"]
        assert all(src.startswith("data:image/") for src in images), path.name


def test_the_metadata_values_are_escaped_in_the_source(hostile):
    html = read(hostile.article)
    assert "KCNA via KNS &#34;&gt;&lt;img src=x onerror=&#34;window.__pwned_img=1&#34;&gt;" in html
    assert "&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;" in html
    assert "<script" not in html.lower() and "<svg" not in html.lower()


# --- the index: works without JavaScript, better with its one script -------------------------

def test_the_index_counts_by_severity_and_category(hostile):
    summary = report_json(hostile.out)["summary"]
    page = Page(read(hostile.out / "index.html"))
    for severity, n in summary["by_severity"].items():
        assert f"{n} {severity}" in page.text
    html = read(hostile.out / "index.html")
    rows = dict(re.findall(r'<tr><td class="nowrap"><a href="#category-(\w+)">\w+</a></td><td>[^<]*</td>'
                           r'<td class="num">(\d+)</td>', html))
    assert rows == {category: str(n) for category, n in summary["by_category"].items()}
    for category in summary["by_category"]:
        assert f'<h3 id="category-{category}">' in html


def test_the_index_rows_come_sorted_worst_first(hostile):
    html = read(hostile.out / "index.html")
    table = html[html.index('<table id="articles">'):html.index("</table>")]
    worst = [int(w) for w in re.findall(r'<tr data-worst="(\d)"', table)]
    assert len(worst) == 3 and worst == sorted(worst, reverse=True) and worst[0] == 3 and worst[-1] == 0


def test_every_anchor_in_the_index_has_its_target(hostile):
    html = read(hostile.out / "index.html")
    page = Page(html)
    ids = set(page.attribute_values("id"))
    for href in page.attribute_values("href"):
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:
            assert (hostile.out / href).is_file(), href


def test_the_filter_controls_stay_hidden_without_javascript(hostile):
    page = Page(read(hostile.out / "index.html"))
    [controls] = [attrs for tag, attrs in page.elements if attrs.get("id") == "filters"]
    assert "hidden" in controls
    assert "[hidden] { display: none !important; }" in read(hostile.out / "index.html")  # not undone by .controls
    labels = {attrs.get("for") for tag, attrs in page.elements if tag == "label"}
    assert {"filter-severity", "filter-category"} <= labels


def test_the_index_script_is_allowed_by_its_hash_alone(hostile):
    html = read(hostile.out / "index.html")
    page = Page(html)
    [script] = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert script == index_script()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    csp = csp_of(page)
    assert f"script-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1] and "default-src 'none'" in csp
    assert not [attrs for tag, attrs in page.elements if tag == "script" and attrs]  # no src, no handler
    for path in [hostile.article, *hostile.rules.glob("*.html")]:
        assert "script-src" not in csp_of(Page(read(path))), path.name


# --- the article page -------------------------------------------------------------------------

def test_findings_are_numbered_worst_first_and_marks_point_to_them(hostile):
    html = read(hostile.article)
    headings = re.findall(r'<h3 id="finding-(\d+)-h"><span class="badge sev-(\w+)">', html)
    ranks = {"error": 3, "warning": 2, "info": 1}
    assert [int(n) for n, _ in headings] == list(range(1, len(headings) + 1))
    assert [ranks[s] for _, s in headings] == sorted((ranks[s] for _, s in headings), reverse=True)
    for number in set(re.findall(r'<mark class="sev-\w+"[^>]*>.*?<a href="#finding-(\d+)"', html, re.S)):
        assert f'id="finding-{number}"' in html


def test_each_finding_links_to_its_rule_page_with_title_and_rationale(hostile):
    html = read(hostile.article)
    [article] = [a for a in report_json(hostile.out)["articles"] if a["path"].endswith(ARTICLE_NAME)]
    rules = default_rules()
    for finding in article["findings"]:
        href = f"rules/{finding['rule']}.html"
        assert f'href="{href}"' in html, finding["rule"]
        rule_page = Page(read(hostile.out / href))
        rule = rules.get(finding["rule"])
        if rule is not None:
            assert rule.title in rule_page.text and rule.rationale in Page(html).text


def test_a_caption_in_another_language_carries_its_lang(hostile):
    [page] = list(hostile.out.glob("defile-*.html"))
    parsed = Page(read(page))
    langs = [(tag, attrs.get("lang")) for tag, attrs in parsed.elements if attrs.get("lang")]
    assert ("html", "en") in langs and ("blockquote", "fr") in langs, langs


def test_the_credit_chain_runs_from_originator_to_publisher(hostile):
    html = read(hostile.article)
    chain = html[html.index('<ol class="chain"'):]
    chain = chain[:chain.index("</ol>")]
    roles = re.findall(r'<span class="role">(\w+)</span>', chain)
    assert roles[0] == "originator" and roles[-1] in ("distributor", "publisher"), roles
    assert 'class="hand flagged"' in chain  # the state source a finding names


def test_the_suggested_disclosure_is_shown_in_the_captions_language(cli, tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "photo.jpg").write_bytes(make.iptc_jpeg(credit="KCNA via KNS", source="Korean Central News Agency"))
    (story / "story.md").write_text("# Parade\n\nTroops marched.\n\n![parade](photo.jpg)\n\n"
                                    "*Soldiers march across Kim Il Sung Square in Pyongyang on Saturday.*\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.run("check", story, "--out", out, "--format", "html", "--fail-on", "never").exit_code == 0
    [page] = [p for p in out.glob("*.html") if p.name != "index.html"]
    html = read(page)
    match = re.search(r'<div class="suggestion">.*?<blockquote lang="en">(.*?)</blockquote>', html, re.S)
    assert match and "Korean Central News Agency" in match.group(1)


# --- accessibility --------------------------------------------------------------------------

def all_pages(hostile: HostileReport) -> list[Path]:
    return [*sorted(hostile.out.glob("*.html")), *sorted(hostile.rules.glob("*.html"))]


def test_headings_descend_one_level_at_a_time(hostile):
    for path in all_pages(hostile):
        levels = [int(tag[1]) for tag, _ in Page(read(path)).elements if re.fullmatch(r"h[1-6]", tag)]
        assert levels[0] == 1 and levels.count(1) == 1, path.name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (path.name, levels)


def test_landmarks_and_labelled_tables(hostile):
    for path in all_pages(hostile):
        html = read(path)
        tags = [tag for tag, _ in Page(html).elements]
        assert tags.count("main") == 1 and "header" in tags and "footer" in tags, path.name
        assert tags.count("table") == tags.count("caption"), path.name
        assert re.search(r'<nav aria-label="[^"]+">', html) or "<nav" not in html, path.name
        assert "<th>" not in html, path.name  # every header cell says its scope


def test_text_colours_have_enough_contrast():
    css = read(Path(__file__).resolve().parent.parent / "provenance/reports/templates/_base.html.j2")
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [("error", "error-bg"), ("warning", "warning-bg"), ("info", "info-bg"), ("ok", "ok-bg"),
             ("ink", "page"), ("ink", "paper"), ("muted", "page"), ("muted", "paper"), ("link", "paper"),
             ("link", "page"), ("link", "warning-bg"), ("link", "error-bg"), ("link", "info-bg")]
    for fg, bg in pairs:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_print_stylesheet_hides_navigation_and_shows_every_row(hostile):
    html = read(hostile.out / "index.html")
    printing = html[html.index("@media print"):]
    assert re.search(r"nav[^{]*\.controls[^{]*\{\s*display:\s*none", printing)
    assert re.search(r"tr\[hidden\]\s*\{\s*display:\s*table-row", printing)


# --- rule pages -----------------------------------------------------------------------------

def test_rules_docs_writes_one_page_per_rule_and_an_index(cli, tmp_path):
    out = tmp_path / "docs"
    result = cli.run("rules", "docs", "--out", out)
    assert result.exit_code == 0, result.stderr
    rules = default_rules().rules
    assert {p.name for p in out.iterdir()} == {f"{r.id}.html" for r in rules} | {"index.html"}
    index = Page(read(out / "index.html"))
    assert set(index.attribute_values("href")) - {"#main"} == {f"{r.id}.html" for r in rules}


def test_a_rule_page_says_what_the_yaml_says(cli, tmp_path):
    out = tmp_path / "docs"
    cli.run("rules", "docs", "--out", out)
    rule = default_rules().get("captions.state_supplied_credit")
    page = Page(read(out / f"{rule.id}.html"))
    for text in (rule.title, rule.category, rule.severity.value, rule.rationale, "caption, credit",
                 "English", "French", "German", "Spanish", "Italian", "Registry source", "supply_cues"):
        assert text in page.text, text
    for example in rule.must_match + rule.must_not_match:
        assert example.text in page.text
    example_langs = {attrs.get("lang") for tag, attrs in page.elements if tag == "li" and attrs.get("lang")}
    assert example_langs == set(rule.languages)
    assert set(rule.references) <= set(page.attribute_values("href"))


def test_patterns_and_cross_checks_are_summarised_in_words(cli, tmp_path):
    out = tmp_path / "docs"
    cli.run("rules", "docs", "--out", out)
    unverified = Page(read(out / "captions.unverified.html")).text
    assert "Token patterns" in unverified and "cannot|can't" in unverified
    undisclosed = Page(read(out / "crosscheck.undisclosed.html")).text
    assert "Cross-check" in undisclosed and "state_supplied, handout" in undisclosed
    assert "Suggested disclosure" in undisclosed


def test_a_newsroom_rule_page_escapes_everything_and_links_only_web_references(hostile):
    html = read(hostile.rules / "desk.hostile_payloads.html")
    page = Page(html)
    for text in ("Desk rule <script>window.__pwned_title=1</script>", "<b>bold</b>",
                 "<script>window.__pwned_example=1</script>", "<img src=x onerror=window.__pwned_lexicon=1>",
                 "javascript:window.__pwned_ref=1", "//evil.example/x", "data:text/html,<script>alert(1)</script>"):
        assert text in page.text, text
    links = [h for h in page.attribute_values("href") if not h.startswith(("#", "index.html", "../"))]
    assert links == ["https://example.org/desk-guide?a=1&b=<2>"]
    assert "<script" not in html.lower() and "<b>" not in html


@pytest.mark.parametrize("reference, linked", [
    ("https://www.iptc.org/std/photometadata/", True),
    ("HTTP://example.org/x", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    (" https://example.org/leading-space", False),
    ("https://example.org/a b", False),
    ("//example.org/protocol-relative", False),
    ("data:text/html,<b>x</b>", False),
    ("file:///etc/passwd", False),
    ("https:no-host", False),
    ("AP Stylebook, 'handout'", False),
])
def test_only_http_references_become_links(reference, linked):
    assert (reference_href(reference) is not None) is linked
