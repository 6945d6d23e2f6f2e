"""The HTML reports in a real browser: Debian's Chromium, driven by Playwright, opens the pages
from file:// URLs and watches what they do. Pages built from hostile input must run nothing, ask
for nothing outside the page, open no dialog, log no error, and show the payloads as text; the
index must sort and filter with its script and still work with JavaScript off.

Screenshots are kept under the test's tmp dir and copied to reports/test-artifacts/ (git-ignored);
the demo article's screenshot there is the one docs/report-screenshot.png shows.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

import imagefactory as make
from test_report_html import FLAGS, PAYLOADS, HostileReport, build_hostile_report

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (Debian package 'chromium'; python3 dev.py test installs it)",
                allow_module_level=True)
try:
    from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright
except ImportError:
    if os.environ.get("CI"):
        raise  # a test extra: CI must have it
    pytest.skip("playwright is not installed (a test extra: pip install -e '.[test]')", allow_module_level=True)

ARTIFACTS = Path(__file__).resolve().parent.parent / "reports" / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:")


@dataclass
class Watch:
    """Everything a page did that a report page must never do."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self.requests.append(request.url))
        return page

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def assert_quiet(self) -> None:
        assert self.console_errors == [] and self.page_errors == [], (self.console_errors, self.page_errors)
        assert self.dialogs == []
        assert self.outside() == []


def _route(route) -> None:
    """Only local pages load; anything else is refused before it leaves the browser (the Watch records it)."""
    if route.request.url.startswith(LOCAL_SCHEMES):
        route.continue_()
    else:
        route.abort()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="module")
def open_browser(playwright, tmp_path_factory) -> Iterator[Callable[..., BrowserContext]]:
    """Chromium with a fresh profile per context; JavaScript on unless asked otherwise."""
    contexts: list[BrowserContext] = []

    def launch(javascript: bool = True) -> BrowserContext:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, java_script_enabled=javascript, viewport={"width": 1100, "height": 900})
        context.route("**/*", _route)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield launch
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def browser(open_browser) -> BrowserContext:
    return open_browser()


@contextmanager
def opened(context: BrowserContext, path: Path) -> Iterator[tuple[Page, Watch]]:
    watch = Watch()
    page = watch.attach(context.new_page())
    page.goto(path.resolve().as_uri(), wait_until="load")
    try:
        yield page, watch
    finally:
        page.close()


@pytest.fixture(scope="module")
def hostile(cli, tmp_path_factory) -> HostileReport:
    return build_hostile_report(cli, tmp_path_factory.mktemp("hostile-browser"))


def keep_screenshot(page: Page, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot in the test's tmp dir, copied to reports/test-artifacts/."""
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / name)
    return shot


def payload_flags_set(page: Page) -> list[str]:
    return page.evaluate("flags => flags.filter(name => name in window)", FLAGS)


def assert_untouched(page: Page) -> None:
    """The page is as the report wrote it: only its own stylesheet, no active element, body shown."""
    assert payload_flags_set(page) == []
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("getComputedStyle(document.body).display") == "block"
    assert page.locator("script, iframe, object, embed, svg, img:not([src^='data:image/'])").count() == 0


# --- the harness itself --------------------------------------------------------------------

def test_the_watch_catches_a_page_that_misbehaves(browser, tmp_path):
    """A control: without escaping, these payloads would run, and the watch would see it."""
    control = tmp_path / "control.html"
    control.write_text("<!DOCTYPE html><title>control</title><img src='http://localhost:9/pixel.png'>"
                       + PAYLOADS["script"] + "<script>console.error('boom'); alert('hi')</script>", encoding="utf-8")
    with opened(browser, control) as (page, watch):
        assert payload_flags_set(page) == ["__pwned_script"]
    assert watch.outside() == ["http://localhost:9/pixel.png"]
    assert watch.dialogs == ["alert: hi"] and "boom" in watch.console_errors


# --- hostile input --------------------------------------------------------------------------

def test_the_hostile_article_page_runs_nothing_and_shows_the_payloads_as_text(browser, hostile, tmp_path):
    with opened(browser, hostile.article) as (page, watch):
        keep_screenshot(page, tmp_path, "hostile-article.png")
        assert_untouched(page)
        for payload in PAYLOADS.values():
            assert page.get_by_text(payload).first.is_visible(), payload
        assert page.get_by_text("Desk rule <script>window.__pwned_title=1</script>").first.is_visible()
        assert page.locator("img.thumb").evaluate("img => img.complete && img.naturalWidth > 0")
        protocols = set(page.evaluate("[...document.links].map(a => a.protocol)"))
        assert protocols == {"file:"}
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        assert payload_flags_set(page) == []
    watch.assert_quiet()


def test_the_hostile_rule_page_runs_nothing_and_links_only_the_web_reference(browser, hostile, tmp_path):
    with opened(browser, hostile.rules / "desk.hostile_payloads.html") as (page, watch):
        keep_screenshot(page, tmp_path, "hostile-rule.png")
        assert_untouched(page)
        for text in ("javascript:window.__pwned_ref=1", "<script>window.__pwned_example=1</script>",
                     "<img src=x onerror=window.__pwned_lexicon=1>"):
            page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
            assert page.get_by_text(text).first.is_visible(), text
        external = page.evaluate("[...document.links].filter(a => a.protocol !== 'file:').map(a => a.href)")
        assert external == ["https://example.org/desk-guide?a=1&b=%3C2%3E"]
    watch.assert_quiet()


# --- the index ------------------------------------------------------------------------------

def visible_rows(page: Page) -> list[str]:
    return page.locator("#articles tbody tr:visible td:first-child a").all_inner_texts()


def test_the_index_sorts_and_filters_with_its_script(browser, hostile, tmp_path):
    with opened(browser, hostile.out / "index.html") as (page, watch):
        controls = page.locator("#filters")
        assert controls.is_visible()  # the script ran: the CSP accepted its hash
        assert page.locator("#filter-status").inner_text() == "Showing 3 of 3 article(s)"
        keep_screenshot(page, tmp_path, "index.png")
        first, middle, clean = visible_rows(page)
        page.select_option("#filter-severity", "error")
        assert visible_rows(page) == [first]
        assert page.locator("#filter-status").inner_text() == "Showing 1 of 3 article(s)"
        page.select_option("#filter-severity", "none")
        assert visible_rows(page) == [clean]
        page.select_option("#filter-severity", "")
        page.select_option("#filter-category", "unverified")  # only the French story says it
        assert visible_rows(page) == [middle] == ["Défilé à Pyongyang"]
        page.select_option("#filter-category", "")
        page.get_by_role("button", name="Worst").click()
        assert page.locator("th[aria-sort]").inner_text().startswith("Worst")
        assert visible_rows(page) == [clean, middle, first]
        page.get_by_role("button", name="Article").click()
        titles = visible_rows(page)
        assert titles == sorted(titles, key=str.lower)
        assert payload_flags_set(page) == []
    watch.assert_quiet()


def test_the_index_works_without_javascript(open_browser, hostile, tmp_path):
    context = open_browser(javascript=False)
    with opened(context, hostile.out / "index.html") as (page, watch):
        keep_screenshot(page, tmp_path, "index-no-javascript.png")
        assert not page.locator("#filters").is_visible()
        assert page.locator("#articles th button").count() == 0
        worst = page.locator("#articles tbody tr").evaluate_all("rows => rows.map(r => Number(r.dataset.worst))")
        assert worst == sorted(worst, reverse=True)
        page.locator("a[href='#category-handout']").first.click()
        assert page.url.endswith("#category-handout")
        assert page.locator("#category-handout").is_visible()
        assert page.locator("#severity-error + ul a").count() == 1
    watch.assert_quiet()


def test_the_print_view_hides_navigation_and_filters(browser, hostile):
    with opened(browser, hostile.out / "index.html") as (page, watch):
        page.select_option("#filter-severity", "error")
        page.emulate_media(media="print")
        assert not page.locator("nav").first.is_visible() and not page.locator("#filters").is_visible()
        assert page.locator("#articles tbody tr:visible").count() == 3  # a printed report lists every article
    watch.assert_quiet()


def test_links_lead_from_the_index_to_an_article_to_its_rules_and_back(browser, hostile):
    with opened(browser, hostile.out / "index.html") as (page, watch):
        page.locator("#articles tbody tr").first.locator("a").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(hostile.article.name.replace('"', "%22").replace("<", "%3C").replace(">", "%3E"))
        first = page.locator("article.finding").first
        title = first.locator("h3").inner_text()
        first.get_by_role("link", name="More about the rule").click()
        page.wait_for_load_state("load")
        assert "/rules/" in page.url and page.locator("h1").inner_text() in title
        page.get_by_role("link", name="Report", exact=True).click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html") and "/rules/" not in page.url
        assert_untouched_index = page.evaluate("document.styleSheets.length") == 1
        assert assert_untouched_index and payload_flags_set(page) == []
    watch.assert_quiet()


# --- the README's screenshot -------------------------------------------------------------------

DEMO_STORY = """# North Korea stages a military parade in Pyongyang

North Korea held a military parade in the capital on Saturday, state media said. Independent journalists were not given access to the event.

![parade](parade.jpg)

*Soldiers march across Kim Il Sung Square in Pyongyang, North Korea, on Saturday, Feb. 8, 2025. (AP)*
"""


def demo_picture() -> bytes:
    """A drawn parade square whose IPTC says KCNA supplied it, for editorial use only."""
    image = Image.new("RGB", (640, 400))
    draw = ImageDraw.Draw(image)
    for y in range(220):
        draw.line([(0, y), (640, y)], fill=(120 + y // 4, 160 + y // 5, 210))
    draw.rectangle([0, 220, 640, 400], fill=(150, 150, 140))
    draw.rectangle([250, 110, 390, 220], fill=(180, 60, 50))
    draw.rectangle([300, 150, 340, 220], fill=(90, 40, 30))
    for row in range(4):
        for col in range(14):
            x, y = 30 + col * 43 + row * 6, 240 + row * 38
            draw.rectangle([x, y, x + 14, y + 30], fill=(50, 70, 45))
            draw.ellipse([x + 2, y - 10, x + 12, y], fill=(200, 160, 130))
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=85)
    iptc = make.iim([make.utf8_declaration(), (2, 110, b"KCNA via KNS"), (2, 115, b"Korean Central News Agency"),
                     (2, 40, b"EDITORIAL USE ONLY. NO SALES."), (2, 120, b"Soldiers march in Pyongyang. KCNA/KNS")])
    app13 = make.segment(0xED, b"Photoshop 3.0\x00" + make.photoshop_resources([(0x0404, iptc)]))
    data = encoded.getvalue()
    return data[:2] + app13 + data[2:]


def test_the_demo_article_page_as_a_reviewer_sees_it(cli, browser, tmp_path, monkeypatch):
    story = tmp_path / "story"
    story.mkdir()
    (story / "parade.jpg").write_bytes(demo_picture())
    (story / "parade-story.md").write_text(DEMO_STORY, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)  # the page names the file as given: story/parade-story.md
    assert cli.run("check", "story", "--out", out, "--format", "html", "--fail-on", "never").exit_code == 0
    [page_path] = [p for p in out.glob("parade-story-*.html")]
    with opened(browser, page_path) as (page, watch):
        assert page.locator("img.thumb").evaluate("img => img.complete && img.naturalWidth > 0")
        severities = page.locator("article.finding h3 .badge").all_inner_texts()
        assert severities[0] == "error" and severities == sorted(severities, key=["error", "warning", "info"].index)
        assert page.locator(".suggestion blockquote[lang='en']").inner_text().startswith("This photo was provided by")
        assert page.locator(".hand.flagged").count() >= 1
        page.set_viewport_size({"width": 1100, "height": 1500})
        shot = tmp_path / "report-screenshot.png"
        page.screenshot(path=str(shot))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, ARTIFACTS / "report-screenshot.png")
    watch.assert_quiet()
