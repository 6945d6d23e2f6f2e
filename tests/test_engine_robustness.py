"""The engine on texts that are long, odd or in a language it guesses wrongly."""

from pathlib import Path

import pytest

from provenance import Article, check_caption, default_rules
from provenance.engine import Engine
from provenance.resources import DataError, load_yaml

DISCLOSURE = ("The government said the photos, released to North Korea's Korean Central News Agency (KCNA), "
              "depict a missile launch. The photos cannot be independently verified.\n")


def test_a_body_over_a_million_characters_is_read_to_its_end_with_exact_offsets():
    body = "Rescue teams searched the rubble through the night in the city.\n" * 20_000 + DISCLOSURE
    assert len(body) > 1_000_000
    result = Engine(default_rules()).check(Article(path="long", id="long", language="en", body=body))
    categories = {f.category for f in result.findings}
    assert {"state_supplied", "unverified"} <= categories
    for finding in result.findings:
        for e in finding.evidence:
            assert body[e.start:e.end] == e.text


def test_a_caption_whose_language_is_misread_still_gets_its_grammar_patterns():
    caption = ("I soccorritori cercano tra le macerie a Geneva. L'immagine non può essere verificata in modo "
               "indipendente. (AP Photo/John Smith)")
    assert "unverified" in {f.category for f in check_caption(caption).findings}


def test_a_rule_file_with_a_list_as_a_key_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("? [a]\n: 1\n", encoding="utf-8")
    with pytest.raises(DataError, match="bad.yaml.*key must be plain text"):
        load_yaml(path)


def test_usage_terms_and_editorial_notes_a_feed_declares_are_read_by_the_rules(cli, tmp_path: Path):
    item = ('{"uri": "urn:x", "type": "picture", "language": "en", "description_text": "Firefighters at the blaze.",'
            ' "byline": "Staff", "usageterms": "EDITORIAL USE ONLY. NO SALES.",'
            ' "ednote": "HANDOUT - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY"}')
    (tmp_path / "feed.json").write_text(item, encoding="utf-8")
    [article] = cli.report(tmp_path / "feed.json")["articles"]
    [figure] = article["figures"]
    assert {d["field"] for d in figure["declared"]} == {"usage_terms", "instructions"}
    categories = {f["category"] for f in article["findings"]}
    assert {"editorial_restriction", "handout", "undisclosed"} <= categories
    restriction = next(f for f in article["findings"] if f["category"] == "editorial_restriction")
    assert all(e["field"] == "metadata" and e["origin"].startswith("ninjs:") for e in restriction["evidence"])


@pytest.mark.parametrize("caption, source", [
    ("Kim Jong Un at the launch site. Foto: -/KCNA/dpa", "kcna"),
    ("Ministers meet in Beijing on April 6.Iran's Foreign Ministry/WANA (West Asia News Agency)/Handout via Reuters",
     "ir_foreign_ministry"),
])
def test_credit_typography_is_split_where_names_meet_slashes_and_glued_full_stops(caption, source):
    sources = {f.source.id for f in check_caption(caption).findings if f.category == "state_supplied" and f.source}
    assert source in sources
