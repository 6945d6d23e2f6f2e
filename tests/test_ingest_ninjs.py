"""ninjs 1.x and 2.x: associations (mapping, list, nested), renditions, roles, rights fields;
hostile references read nothing outside the article's folder and write nothing outside --out."""

from __future__ import annotations

import json

import imagefactory as make
from ingest_support import iptc_picture, network_attempts  # noqa: F401  (a fixture)
from support import categories, tree_digest

CAPTION = "Soldiers march across Kim Il Sung Square in Pyongyang."
STATE_SUPPLIED = "In this photo provided by the North Korean government, soldiers march."


def write_json(tmp_path, name: str, item: dict):
    return make.write(tmp_path, name, json.dumps(item, ensure_ascii=False).encode("utf-8"))


def only_article(cli, path) -> dict:
    [article] = cli.report(path)["articles"]
    return article


NINJS_1 = {
    "uri": "urn:text:v1", "type": "text", "language": "en-US", "headline": "Parade in Pyongyang",
    "body_text": "Troops marched on Saturday.\n\nState media showed the parade.",
    "associations": {
        "featureimage": {
            "type": "picture", "description_text": STATE_SUPPLIED, "byline": "Handout",
            "copyrightholder": "Korean Central News Agency", "usageterms": "No archiving",
            "renditions": {"thumbnail": {"href": "https://pictures.example.org/t.jpg"},
                           "original": {"href": "parade.jpg", "mimetype": "image/jpeg"}},
            "associations": {"inner": {"type": "picture", "description_text": CAPTION, "creditline": "AP",
                                       "renditions": {"baseImage": {"href": "inner.jpg"}}}},
        },
        "related": {"type": "text", "headline": "Not a picture"},
    },
}


def test_ninjs_1_reads_mapped_and_nested_associations_with_their_pictures(cli, tmp_path):
    make.write(tmp_path, "parade.jpg", iptc_picture(CAPTION, "KCNA"))
    make.write(tmp_path, "inner.jpg", make.jpeg())
    article = only_article(cli, write_json(tmp_path, "v1.json", NINJS_1))
    assert (article["id"], article["language"], article["headline"]) == ("urn:text:v1", "en", "Parade in Pyongyang")
    assert article["body"] == "Troops marched on Saturday.\n\nState media showed the parade."
    outer, inner = article["figures"]
    assert (outer["caption"], outer["credit"], outer["byline"]) == (STATE_SUPPLIED, "Handout / Korean Central News Agency", "Handout")
    assert outer["image"] == "parade.jpg" and outer["metadata"]["fields"]["credit"][0]["value"] == "KCNA"
    assert (inner["caption"], inner["credit"], inner["image"]) == (CAPTION, "AP", "inner.jpg")
    assert article["notes"] == ["figure 1: usage terms: No archiving"]
    assert {"state_supplied", "handout"} <= categories(article)


NINJS_2 = {
    "uri": "urn:text:v2", "type": "text", "language": "de",
    "headlines": [{"role": "short", "value": "Parade"}, {"role": "main", "value": "Militärparade in Pjöngjang"}],
    "bodies": [{"role": "main", "contenttype": "text/html",
                "value": "<p>Soldaten marschierten.</p><script>alert('KCNA')</script><p>Die Bilder kamen vom Staat.</p>"}],
    "associations": [
        {"name": "featureimage", "type": "picture",
         "descriptions": [{"role": "summary", "value": "Kurz"}, {"role": "drol:caption", "value": "Soldaten marschieren."}],
         "by": "Staatsfotograf", "creditline": "KCNA via dpa", "copyrightholder": {"name": "KCNA"},
         "copyrightnotice": "© KCNA", "usageterms": "Nur redaktionelle Nutzung", "ednote": "Bild vom Staat verbreitet.",
         "renditions": [{"name": "thumbnail", "href": "https://pictures.example.org/t.jpg"},
                        {"name": "original", "href": "parade.jpg", "contenttype": "image/jpeg"}]},
        {"name": "second", "type": "graphic", "language": "en",
         "descriptions": [{"role": "caption", "contenttype": "text/html", "value": "<b>Map</b> of the route"}]},
    ],
}


def test_ninjs_2_reads_listed_associations_roles_bodies_and_rights(cli, tmp_path, network_attempts):
    make.write(tmp_path, "parade.jpg", make.jpeg())
    article = only_article(cli, write_json(tmp_path, "v2.json", NINJS_2))
    assert (article["language"], article["headline"]) == ("de", "Militärparade in Pjöngjang")
    assert article["body"] == "Soldaten marschierten.\n\nDie Bilder kamen vom Staat."
    photo, graphic = article["figures"]
    assert (photo["caption"], photo["credit"], photo["byline"]) == ("Soldaten marschieren.", "KCNA via dpa", "Staatsfotograf")
    assert photo["image"] == "parade.jpg" and photo["metadata"] is not None
    assert (graphic["caption"], graphic["language"], graphic["image"]) == ("Map of the route", "en", None)
    assert article["notes"] == ["figure 1: copyright notice: © KCNA", "figure 1: usage terms: Nur redaktionelle Nutzung",
                                "figure 1: editorial note: Bild vom Staat verbreitet."]
    assert "state_supplied" in categories(article) and network_attempts == []


def test_a_picture_item_alone_is_one_figure_and_only_a_notice_becomes_its_credit(cli, tmp_path):
    item = {"type": "picture", "headline": "Parade", "description_text": CAPTION,
            "copyrightnotice": "(c) Korean Central News Agency"}
    article = only_article(cli, write_json(tmp_path, "picture.json", item))
    [figure] = article["figures"]
    assert (article["headline"], figure["caption"], figure["credit"]) == ("Parade", CAPTION, "(c) Korean Central News Agency")
    assert article["notes"] == []


def test_hostile_references_read_nothing_outside_and_write_nothing_outside_out(cli, tmp_path, network_attempts):
    story = tmp_path / "desk" / "story"
    make.write(story.parent.mkdir() or story.mkdir() or story, "ok.jpg", make.jpeg())
    secret = make.write(tmp_path, "secret.jpg", iptc_picture("SECRET CAPTION", "SECRET CREDIT"))
    hrefs = ["../../secret.jpg", "../../../../../../etc/passwd", "/etc/passwd", secret.as_uri(),
             "ok.jpg/../../../secret.jpg", "%2e%2e/%2e%2e/secret.jpg"]
    item = {"uri": "../../etc/passwd", "guid": "../../../tmp/evil", "type": "text", "headline": "Parade",
            "body_text": "Troops marched.",
            "associations": [{"name": f"p{i}", "type": "picture", "description_text": CAPTION,
                              "renditions": [{"name": "original", "href": href}]} for i, href in enumerate(hrefs)]}
    source = write_json(story, "story.json", item)
    out = tmp_path / "out"
    before = tree_digest(tmp_path)
    result = cli.run("check", source, "--out", out, "--format", "html", "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    after = tree_digest(tmp_path)
    assert {p: d for p, d in after.items() if not p.startswith("out")} == before
    assert all(p.startswith("out/") for p in set(after) - set(before))
    article = json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"][0]
    assert article["id"] == "../../etc/passwd"
    *refused, beside = article["figures"]
    assert len(refused) == len(hrefs) and all(f["metadata"] is None and f["image_note"] for f in refused)
    assert beside["image"] == "ok.jpg" and beside["metadata"] is not None  # the picture really beside it
    assert "SECRET" not in json.dumps(article) and "root:" not in json.dumps(article)
    assert network_attempts == []


def test_a_remote_rendition_only_is_never_fetched(cli, tmp_path, network_attempts):
    item = {"type": "picture", "description_text": CAPTION,
            "renditions": [{"name": "original", "href": "https://pictures.example.org/original.jpg"}]}
    [figure] = only_article(cli, write_json(tmp_path, "remote.json", item))["figures"]
    assert figure["image"] == "https://pictures.example.org/original.jpg"
    assert "not fetched" in figure["image_note"] and network_attempts == []
