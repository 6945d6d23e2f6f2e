"""What the article publishes against what the picture carries: the publishing-workflow checks."""

import pytest

from provenance import Article, Figure, default_rules
from provenance.engine import Engine
from provenance.rules.testing import metadata_from_example

CAPTIONS = {
    "en": "Kim Jong Un inspects a fertilizer plant in South Phyongan Province.",
    "fr": "Kim Jong Un inspecte une usine d'engrais dans la province du Phyongan du Sud.",
    "de": "Kim Jong Un besichtigt eine Düngemittelfabrik in der Provinz Süd-Phyongan.",
    "es": "Kim Jong Un inspecciona una fábrica de fertilizantes en la provincia de Phyongan del Sur.",
    "it": "Kim Jong Un ispeziona una fabbrica di fertilizzanti nella provincia del Phyongan meridionale.",
}


def check_figure(caption: str, language: str, credit: str = "AP", **metadata):
    figure = Figure(caption=caption, credit=credit, language=language, metadata=metadata_from_example(metadata))
    article = Article(path="story", id="story", language=language, figures=[figure])
    return Engine(default_rules()).check(article).findings


def rules_of(findings) -> set[str]:
    return {f.rule for f in findings}


@pytest.mark.parametrize("language", sorted(CAPTIONS))
def test_a_state_picture_published_without_disclosure_is_an_error_with_a_suggestion(language):
    findings = check_figure(CAPTIONS[language], language, credit="AP", credit_=None, source="KCNA via KNS")
    undisclosed = [f for f in findings if f.rule == "crosscheck.undisclosed"]
    assert undisclosed and undisclosed[0].severity.value == "error"
    assert undisclosed[0].source.id == "kcna"
    assert "Korean Central News Agency" in undisclosed[0].suggestion


@pytest.mark.parametrize("language", sorted(CAPTIONS))
def test_adding_the_suggested_wording_discloses_the_picture(language):
    first = check_figure(CAPTIONS[language], language, source="KCNA via KNS")
    suggestion = next(f.suggestion for f in first if f.rule == "crosscheck.undisclosed")
    fixed = check_figure(f"{CAPTIONS[language]} {suggestion}", language, source="KCNA via KNS")
    assert not {"crosscheck.undisclosed", "crosscheck.state_without_disclaimer"} & rules_of(fixed)


def test_a_disclosed_caption_is_not_flagged():
    caption = "In this photo provided by the North Korean government, " + CAPTIONS["en"][0].lower() + CAPTIONS["en"][1:]
    assert "crosscheck.undisclosed" not in rules_of(check_figure(caption, "en", source="KCNA via KNS"))


def test_a_translated_caption_that_dropped_the_disclaimer_is_caught_without_the_picture():
    kept = ("Sur cette photo fournie par le gouvernement nord-coréen, le ministre serre la main de son homologue à "
            "Pyongyang. Le contenu de cette image est tel qu'il a été fourni et ne peut être vérifié de manière "
            "indépendante. (Agence centrale de presse coréenne/Korea News Service via AP)")
    dropped = kept.replace("Le contenu de cette image est tel qu'il a été fourni et ne peut être vérifié de "
                           "manière indépendante. ", "")
    engine = Engine(default_rules())
    results = [engine.check(Article(path=p, id=p, figures=[Figure(caption=c)])) for p, c in (("kept", kept), ("dropped", dropped))]
    assert "crosscheck.state_without_disclaimer" not in rules_of(results[0].findings)
    assert "crosscheck.state_without_disclaimer" in rules_of(results[1].findings)


def test_a_shortened_credit_names_what_it_dropped():
    findings = check_figure(CAPTIONS["en"], "en", credit="AP", credit_=None, source="KCNA via KNS/AP")
    shortened = next(f for f in findings if f.rule == "crosscheck.credit_shortened")
    assert "Korean Central News Agency" in shortened.message
    assert {e.field for e in shortened.evidence} == {"metadata", "credit"}


def test_dates_in_five_languages_are_compared_with_the_capture_date():
    captions = {"en": "Soldiers march on Monday, March 9, 2020.", "fr": "Des soldats défilent le lundi 9 mars 2020.",
                "de": "Soldaten marschieren am 9. März 2020.", "es": "Soldados desfilan el 9 de marzo de 2020.",
                "it": "Soldati sfilano il 9 marzo 2020."}
    for language, caption in captions.items():
        assert "crosscheck.capture_date" not in rules_of(check_figure(caption, language, date_created="2020-03-09")), language
        assert "crosscheck.capture_date" in rules_of(check_figure(caption, language, date_created="2018-06-01")), language


def test_a_gps_position_far_from_the_caption_place_is_flagged():
    assert "crosscheck.place" in rules_of(check_figure("Soldiers march in Moscou.", "fr", gps="39.03, 125.75"))
    assert "crosscheck.place" not in rules_of(check_figure("Soldiers march in Pyongyang.", "en", gps="39.03, 125.75"))
