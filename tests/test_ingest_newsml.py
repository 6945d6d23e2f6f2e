"""NewsML-G2: picture and text items, newsMessages, rights, remote content; DTDs and entities refused."""

from __future__ import annotations

import time

import imagefactory as make
from ingest_support import iptc_picture, network_attempts  # noqa: F401  (a fixture)
from support import categories, tree_digest

NAR = "http://iptc.org/std/nar/2006-10-01/"
CAPTION = "Kim Jong Un inspects a fertiliser plant in South Hamgyong province."


def picture_item(href: str, *, guid: str = "urn:pic:1", lang: str = "en", credit: str = "KCNA via AP",
                 caption_role: str = "drol:caption") -> str:
    return f"""<newsItem guid="{guid}" standard="NewsML-G2" standardversion="2.33" xml:lang="{lang}">
  <rightsInfo><copyrightHolder uri="http://kcna.example/"><name>Korean Central News Agency</name></copyrightHolder>
    <copyrightNotice>(c) KCNA 2024</copyrightNotice><usageTerms>EDITORIAL USE ONLY. NO SALES.</usageTerms></rightsInfo>
  <itemMeta><itemClass qcode="ninat:picture"/><provider qcode="nprov:AP"/>
    <edNote>ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A THIRD PARTY.</edNote></itemMeta>
  <contentMeta><headline>Kim at plant</headline>
    <description role="drol:summary">Short summary.</description>
    <description role="{caption_role}">{CAPTION}</description>
    <creditline>{credit}</creditline><by>Staff photographer</by></contentMeta>
  <contentSet>
    <remoteContent rendition="rnd:thumbnail" href="https://pictures.example.org/thumb.jpg" contenttype="image/jpeg"/>
    <remoteContent rendition="rnd:highRes" href="{href}" contenttype="image/jpeg"/>
  </contentSet>
</newsItem>"""


TEXT_ITEM = """<newsItem guid="urn:text:1" standard="NewsML-G2" xml:lang="fr">
  <itemMeta><itemClass qcode="ninat:text"/></itemMeta>
  <contentMeta><headline>Kim visite une usine d'engrais</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/nitf+xml">
    <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
      <p>Le dirigeant a visité une usine.</p><p>Les images ont été <em>diffusées</em> par l'agence officielle.</p>
    </body.content></body></nitf></inlineXML></contentSet>
</newsItem>"""


def document(*items: str, package: bool = False) -> bytes:
    package_item = '<packageItem guid="urn:pkg:1"><groupSet root="main"/></packageItem>' if package else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="{NAR}"><header><sent>2024-05-01T10:00:00Z'
            f'</sent></header><itemSet>{package_item}{"".join(items)}</itemSet></newsMessage>').encode("utf-8")


def only_article(cli, path) -> dict:
    [article] = cli.report(path)["articles"]
    return article


def test_a_picture_item_gives_caption_credit_rights_language_and_its_local_picture(cli, tmp_path):
    make.write(tmp_path, "kim.jpg", iptc_picture(CAPTION, "KCNA"))
    item = picture_item("kim.jpg", lang="en-GB").replace("<newsItem ", f'<newsItem xmlns="{NAR}" ', 1)
    article = only_article(cli, make.write(tmp_path, "picture.xml", item.encode()))
    assert (article["format"], article["id"], article["language"]) == ("newsml", "urn:pic:1", "en")
    assert article["headline"] == "Kim at plant"
    [figure] = article["figures"]
    assert (figure["caption"], figure["byline"], figure["image"]) == (CAPTION, "Staff photographer", "kim.jpg")
    assert figure["credit"] == "KCNA via AP / Korean Central News Agency"
    assert figure["metadata"]["fields"]["credit"] == [{"value": "KCNA", "origin": "IPTC:2:110 Credit"}]
    assert article["notes"] == ["figure 1: copyright notice: (c) KCNA 2024",
                                "figure 1: usage terms: EDITORIAL USE ONLY. NO SALES.",
                                "figure 1: editorial note: ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A THIRD PARTY."]
    state = [f for f in article["findings"] if f["category"] == "state_supplied"]
    assert state and {e["field"] for f in state for e in f["evidence"]} >= {"credit"}


def test_a_news_message_is_one_article_its_text_the_body_its_pictures_the_figures(cli, tmp_path):
    make.write(tmp_path, "usine.jpg", make.jpeg())
    message = document(TEXT_ITEM, picture_item("usine.jpg", lang="fr", credit="KCNA via AFP"), package=True)
    article = only_article(cli, make.write(tmp_path, "message.xml", message))
    assert (article["id"], article["language"]) == ("urn:text:1", "fr")
    assert article["headline"] == "Kim visite une usine d'engrais"
    assert article["body"] == "Le dirigeant a visité une usine.\n\nLes images ont été diffusées par l'agence officielle."
    [figure] = article["figures"]
    assert (figure["caption"], figure["language"]) == (CAPTION, "fr")
    assert any("packageItem" in n for n in article["notes"])
    assert "state_supplied" in categories(article)


def test_without_a_caption_role_an_unroled_description_is_the_caption(cli, tmp_path):
    item = picture_item("x.jpg", caption_role="").replace(' role=""', "")
    [figure] = only_article(cli, make.write(tmp_path, "noroles.xml", document(item)))["figures"]
    assert figure["caption"] == CAPTION


def test_remote_content_is_never_fetched_and_the_figure_says_so(cli, tmp_path, network_attempts):
    message = document(picture_item("https://pictures.example.org/highres.jpg"))
    [figure] = only_article(cli, make.write(tmp_path, "remote.xml", message))["figures"]
    assert figure["image"] == "https://pictures.example.org/highres.jpg"
    assert "not fetched" in figure["image_note"] and figure["metadata"] is None
    assert network_attempts == []


def test_a_package_item_alone_is_skipped_with_a_note_not_an_error(cli, tmp_path):
    package = f'<packageItem xmlns="{NAR}" guid="urn:pkg:9"><groupSet root="main"/></packageItem>'
    article = only_article(cli, make.write(tmp_path, "package.xml", package.encode()))
    assert article["format"] == "newsml" and article["findings"] == []
    assert any("packageItem" in n for n in article["notes"])


def test_an_external_entity_is_refused_unread_naming_the_file(cli, tmp_path, network_attempts):
    secret = make.write(tmp_path, "secret.txt", b"TOP-SECRET-KCNA-CONTENT")
    hostile = (f'<?xml version="1.0"?>\n<!DOCTYPE newsItem [<!ENTITY secret SYSTEM "{secret.as_uri()}">]>\n'
               f'<newsItem xmlns="{NAR}" guid="x"><contentMeta><headline>&secret;</headline>'
               f'<description role="drol:caption">&secret;</description></contentMeta></newsItem>')
    source = make.write(tmp_path, "xxe.xml", hostile.encode())
    result = cli.run("check", source, "--format", "json", "--out", "-")
    assert result.exit_code == 1
    assert "TOP-SECRET" not in result.stdout and "TOP-SECRET" not in result.stderr
    article = only_article(cli, source)
    assert article["format"] == "unreadable" and categories(article) == {"unreadable"}
    message = article["findings"][0]["message"]
    assert str(source) in message and "DTD" in message and "refused" in message
    assert network_attempts == []


def test_an_expanding_entity_is_refused_at_once(cli, tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 12))
    hostile = f'<!DOCTYPE newsItem [<!ENTITY l0 "ha">{laughs}]><newsItem xmlns="{NAR}"><contentMeta><headline>&l11;</headline></contentMeta></newsItem>'
    source = make.write(tmp_path, "laughs.xml", hostile.encode())
    started = time.monotonic()
    article = only_article(cli, source)
    assert time.monotonic() - started < 5
    assert article["format"] == "unreadable" and "refused" in article["findings"][0]["message"]


def test_not_newsml_and_not_xml_are_unreadable_with_the_reason(cli, tmp_path):
    rss = only_article(cli, make.write(tmp_path, "feed.xml", b"<?xml version='1.0'?><rss><channel/></rss>"))
    broken = only_article(cli, make.write(tmp_path, "broken.xml", f'<newsItem xmlns="{NAR}"><a></b>'.encode()))
    assert "not NewsML-G2: the root element is <rss>" in rss["findings"][0]["message"]
    assert "not well-formed XML" in broken["findings"][0]["message"]


def test_reading_a_news_message_writes_nothing_beside_it(cli, tmp_path):
    make.write(tmp_path, "usine.jpg", make.jpeg())
    make.write(tmp_path, "message.xml", document(TEXT_ITEM, picture_item("../../etc/passwd")))
    before = tree_digest(tmp_path)
    refused, beside = only_article(cli, tmp_path / "message.xml")["figures"]
    assert refused["metadata"] is None and "leaves the article's folder" in refused["image_note"]
    assert beside["image"] == "usine.jpg" and beside["metadata"] is not None
    assert tree_digest(tmp_path) == before


def test_deeply_nested_inline_content_is_read_in_one_pass(tmp_path):
    from provenance.ingest.newsml import parse

    nested = "<div>" * 50_000 + "<p>Erster.</p>" + "</div>" * 50_000 + "<p>" * 50_000 + "Zweiter." + "</p>" * 50_000
    item = (f'<newsItem xmlns="{NAR}"><contentMeta><headline>Tief</headline></contentMeta>'
            f'<contentSet><inlineXML>{nested}</inlineXML></contentSet></newsItem>')
    started = time.monotonic()
    article = parse(item.encode(), "tief.xml")
    assert time.monotonic() - started < 10 and article.body == "Erster.\n\nZweiter."
