"""Issue 4's acceptance: the same caption, published with and without its disclosure, in every
article format and three languages, beside a picture whose own metadata says it is state-supplied.
`undisclosed` fires exactly on the captions without the disclosure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import imagefactory as make

#: (caption without disclosure, disclosure sentence) per language; the credit stays in both.
CAPTIONS = {
    "en": ("Kim Jong Un inspects a greenhouse farm in Hamju County, South Hamgyong Province.",
           "In this photo provided by the North Korean government, Kim Jong Un inspects a greenhouse farm "
           "in Hamju County, South Hamgyong Province."),
    "fr": ("Kim Jong Un inspecte une ferme de serres dans le district de Hamju, province du Hamgyong du Sud.",
           "Sur cette photo fournie par le gouvernement nord-coréen, Kim Jong Un inspecte une ferme de serres "
           "dans le district de Hamju, province du Hamgyong du Sud."),
    "de": ("Kim Jong Un besichtigt eine Gewächshausfarm im Kreis Hamju in der Provinz Süd-Hamgyong.",
           "Auf diesem von der nordkoreanischen Regierung zur Verfügung gestellten Foto besichtigt Kim Jong Un "
           "eine Gewächshausfarm im Kreis Hamju in der Provinz Süd-Hamgyong."),
}
HEADLINES = {"en": "Kim visits greenhouse farm", "fr": "Kim visite une ferme de serres",
             "de": "Kim besucht Gewächshausfarm"}
BODIES = {"en": "North Korea's leader toured the farm on Tuesday, the country's state media said.",
          "fr": "Le dirigeant nord-coréen a visité la ferme mardi, selon les médias d'Etat du pays.",
          "de": "Der nordkoreanische Machthaber besuchte die Farm am Dienstag, wie Staatsmedien berichteten."}


def write_text(lang: str, caption: str) -> tuple[str, str]:
    return "story.txt", f"{HEADLINES[lang]}\n\n{BODIES[lang]}\n\n{caption}\n"


def write_markdown(lang: str, caption: str) -> tuple[str, str]:
    return "story.md", f"# {HEADLINES[lang]}\n\n{BODIES[lang]}\n\n![Kim](kim.jpg)\n\n*{caption}*\n"


def write_html(lang: str, caption: str) -> tuple[str, str]:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": HEADLINES[lang], "inLanguage": lang,
          "image": {"@type": "ImageObject", "contentUrl": "kim.jpg", "caption": caption, "creditText": "AP"}}
    return "story.html", (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{HEADLINES[lang]}</title>'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>'
        f"<body><article><h1>{HEADLINES[lang]}</h1><p>{BODIES[lang]}</p>"
        f'<figure><img src="kim.jpg" alt="Kim"><figcaption>{caption}</figcaption></figure>'
        "</article></body></html>")


def write_newsml(lang: str, caption: str) -> tuple[str, str]:
    return "story.xml", (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:kim" version="1" '
        f'standard="NewsML-G2" standardversion="2.29" xml:lang="{lang}">'
        '<itemMeta><itemClass qcode="ninat:picture"/></itemMeta>'
        f'<contentMeta><headline>{HEADLINES[lang]}</headline>'
        f'<description role="drol:caption">{caption}</description><creditline>AP</creditline></contentMeta>'
        '<contentSet><remoteContent href="kim.jpg" contenttype="image/jpeg"/></contentSet></newsItem>')


def write_ninjs1(lang: str, caption: str) -> tuple[str, str]:
    item = {"uri": "urn:test:kim", "type": "text", "language": lang, "headline": HEADLINES[lang],
            "body_text": BODIES[lang],
            "associations": {"featureimage": {"type": "picture", "description_text": caption, "copyrightholder": "AP",
                                              "renditions": {"original": {"href": "kim.jpg"}}}}}
    return "story.json", json.dumps(item, ensure_ascii=False)


def write_ninjs2(lang: str, caption: str) -> tuple[str, str]:
    item = {"uri": "urn:test:kim", "type": "text", "language": lang, "headlines": [{"value": HEADLINES[lang]}],
            "bodies": [{"contenttype": "text/plain", "value": BODIES[lang]}],
            "associations": [{"name": "featureimage", "type": "picture", "copyrightholder": "AP",
                              "descriptions": [{"role": "caption", "value": caption}],
                              "renditions": [{"name": "original", "href": "kim.jpg"}]}]}
    return "story.json", json.dumps(item, ensure_ascii=False)


FORMATS = {"text": write_text, "markdown": write_markdown, "html": write_html, "newsml": write_newsml,
           "ninjs1": write_ninjs1, "ninjs2": write_ninjs2}


@pytest.mark.parametrize("disclosed", [False, True], ids=["without-disclosure", "with-disclosure"])
@pytest.mark.parametrize("lang", sorted(CAPTIONS))
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_undisclosed_fires_exactly_when_the_caption_hides_a_state_supplied_picture(cli, tmp_path, fmt, lang, disclosed):
    caption = CAPTIONS[lang][1 if disclosed else 0] + " (AP)"
    name, text = FORMATS[fmt](lang, caption)
    (tmp_path / name).write_text(text, encoding="utf-8")
    make.write(tmp_path, "kim.jpg", make.iptc_jpeg(credit="KCNA via KNS/AP", source="Korean Central News Agency"))
    report = cli.report(tmp_path / name)
    [article] = report["articles"]
    [figure] = [f for f in article["figures"] if f["caption"]]
    assert figure["metadata"] is not None, "the picture beside the article was read"
    undisclosed = [f for f in article["findings"] if f["rule"] == "crosscheck.undisclosed"]
    if disclosed:
        assert not undisclosed, undisclosed
    else:
        assert undisclosed and undisclosed[0]["severity"] == "error"
        assert undisclosed[0]["source"]["id"] == "kcna"
        assert "Korean Central News Agency" in undisclosed[0]["suggestion"]
