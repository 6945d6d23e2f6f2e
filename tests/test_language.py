"""Each article is read in its own language, so the right phrase lists apply to it."""

from __future__ import annotations

import pytest

ARTICLES = {
    "en": (
        "Farmers bring in the grape harvest early\n\n"
        "Growers across the region started picking a week earlier than usual after a hot summer.\n\n"
        "A worker carries a crate of grapes in a vineyard near Bordeaux, France, Tuesday. (AP Photo/Claire Dumas)\n"
    ),
    "fr": (
        "Les vendanges commencent avec une semaine d'avance\n\n"
        "Les viticulteurs de la région ont commencé la récolte plus tôt que d'habitude après un été très chaud.\n\n"
        "Un ouvrier porte une caisse de raisin dans un vignoble près de Bordeaux, mardi. (Photo Claire Dumas / AFP)\n"
    ),
    "de": (
        "Winzer beginnen früher mit der Weinlese\n\n"
        "Nach einem heißen Sommer haben die Winzer in der Region eine Woche früher als üblich mit der Lese begonnen.\n\n"
        "Ein Erntehelfer trägt eine Kiste mit Trauben durch einen Weinberg in der Pfalz. Foto: Jonas Weidner/dpa\n"
    ),
    "es": (
        "Los viticultores adelantan la vendimia\n\n"
        "Los productores de la región empezaron la recogida una semana antes de lo habitual tras un verano muy caluroso.\n\n"
        "Un trabajador carga una caja de uvas en un viñedo de La Rioja este martes. EFE/Marta Ruiz\n"
    ),
    "it": (
        "I viticoltori anticipano la vendemmia\n\n"
        "I produttori della zona hanno iniziato la raccolta con una settimana di anticipo dopo un'estate molto calda.\n\n"
        "Un operaio trasporta una cassetta di uva in un vigneto delle Langhe, martedì. (Foto Ansa/Luca Bassi)\n"
    ),
}


@pytest.mark.parametrize("language", sorted(ARTICLES))
def test_an_untagged_article_is_read_in_its_language(cli, write, language):
    path = write(f"harvest-{language}.txt", ARTICLES[language])
    (article,) = cli.report(path)["articles"]
    assert article["language"] == language
    assert [f["language"] for f in article["figures"]] == [language]
