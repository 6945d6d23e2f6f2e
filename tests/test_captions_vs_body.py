"""Where a name sits decides what it means: "KCNA said" in the story quotes a news source;
"(KCNA via AP)" under a picture says who supplied it."""

from __future__ import annotations

import json

import pytest

from support import categories

#: Body text quoting state media as a news source, with a staff photo, per language.
BODY_QUOTES_STATE_MEDIA = {
    "en": (
        "North Korea fires artillery near sea border\n\n"
        "SEOUL, South Korea (AP) — North Korea fired dozens of artillery rounds near its western sea border on "
        "Friday. KCNA said the drills were a warning to \"warmongers\" in the South. The Korean Central News "
        "Agency also reported that leader Kim Jong Un watched the firing.\n\n"
        "South Korean marines patrol on Yeonpyeong island, South Korea, Friday. (AP Photo/Min-jun Park)\n"
    ),
    "fr": (
        "La Corée du Nord tire des obus près de la frontière maritime\n\n"
        "Séoul (AFP) - La Corée du Nord a tiré vendredi des dizaines d'obus près de sa frontière maritime, selon "
        "l'agence officielle KCNA, qui a affirmé que les exercices visaient les « va-t-en-guerre » du Sud. "
        "L'agence de presse d'État a ajouté que Kim Jong Un avait assisté aux tirs.\n\n"
        "Des soldats sud-coréens patrouillent sur l'île de Yeonpyeong, vendredi. (Photo Min-seo Cho / AFP)\n"
    ),
    "de": (
        "Nordkorea feuert Artilleriegranaten nahe Seegrenze ab\n\n"
        "Seoul (dpa) - Nordkorea hat am Freitag Dutzende Artilleriegranaten nahe der Seegrenze abgefeuert. Die "
        "staatliche Nachrichtenagentur KCNA meldete, die Übung sei eine Warnung an den Süden. Machthaber Kim "
        "Jong Un habe das Schießen beobachtet, hieß es.\n\n"
        "Südkoreanische Marinesoldaten patrouillieren auf der Insel Yeonpyeong. Foto: Jonas Weidner/dpa\n"
    ),
    "es": (
        "Corea del Norte dispara artillería cerca de la frontera marítima\n\n"
        "Seúl (EFE).- Corea del Norte disparó este viernes decenas de proyectiles cerca de su frontera marítima, "
        "informó la agencia estatal KCNA, que calificó las maniobras de advertencia al Sur. Según la agencia, el "
        "líder Kim Jong Un presenció los disparos.\n\n"
        "Soldados surcoreanos patrullan en la isla de Yeonpyeong, este viernes. EFE/Marta Ruiz\n"
    ),
    "it": (
        "La Corea del Nord spara colpi di artiglieria vicino al confine marittimo\n\n"
        "Seul (ANSA) - La Corea del Nord ha sparato venerdì decine di colpi di artiglieria vicino al confine "
        "marittimo, ha riferito l'agenzia di stampa statale Kcna, secondo cui le manovre erano un avvertimento "
        "al Sud. Il leader Kim Jong Un ha assistito alle esercitazioni, ha aggiunto l'agenzia.\n\n"
        "Soldati sudcoreani pattugliano l'isola di Yeonpyeong, venerdì. (Foto Ansa/Luca Bassi)\n"
    ),
}


@pytest.mark.parametrize("language", sorted(BODY_QUOTES_STATE_MEDIA))
def test_body_text_quoting_state_media_is_not_a_state_supplied_picture(cli, write, language):
    path = write(f"artillery-{language}.txt", BODY_QUOTES_STATE_MEDIA[language])
    (article,) = cli.report(path)["articles"]
    assert len(article["figures"]) == 1, "the staff photo caption should be read as a figure"
    assert "state_supplied" not in categories(article), article["findings"]


def test_the_same_in_a_ninjs_body(cli, write):
    item = {"type": "text", "language": "en", "headline": "North Korea fires artillery",
            "body_text": BODY_QUOTES_STATE_MEDIA["en"].split("\n\n")[1],
            "associations": {"featureimage": {"type": "picture", "byline": "Min-jun Park",
                                              "description_text": "South Korean marines patrol on Yeonpyeong island."}}}
    (article,) = cli.report(write("artillery.json", json.dumps(item)))["articles"]
    assert "state_supplied" not in categories(article), article["findings"]


def test_a_state_caption_is_flagged_from_the_caption_not_from_the_body(cli, write):
    caption = ("In this photo provided by the North Korean government, artillery is fired during a drill. "
               "(Korean Central News Agency/Korea News Service via AP)\n")
    path = write("artillery-handout.txt", BODY_QUOTES_STATE_MEDIA["en"] + "\n" + caption)
    (article,) = cli.report(path)["articles"]
    state = [f for f in article["findings"] if f["category"] == "state_supplied"]
    assert state and all(f["source"]["id"] == "kcna" for f in state)
    fields = {e["field"] for f in state for e in f["evidence"]}
    assert fields <= {"caption", "credit"}, fields
