"""The case the tool exists for: AP's disclosure boilerplate on a North Korean government photo,
in each language a desk publishes in. Every disclosure must be found, with evidence that points
back at the exact words."""

from __future__ import annotations

import pytest

from support import field_text

CREDIT = "(Korean Central News Agency/Korea News Service via AP)"

SEED_CAPTIONS = {
    "en": (
        "In this photo provided by the North Korean government, North Korean leader Kim Jong Un inspects "
        "a newly built greenhouse farm in Hamju County, South Hamgyong Province, North Korea, Friday, "
        "Feb. 14, 2025. Independent journalists were not given access to cover the event depicted in this "
        "image distributed by the North Korean government. The content of this image is as provided and "
        "cannot be independently verified. Korean language watermark on image as provided by source reads: "
        f"\"KCNA\" which is the abbreviation for Korean Central News Agency. {CREDIT}"
    ),
    "fr": (
        "Sur cette photo fournie par le gouvernement nord-coréen, le dirigeant nord-coréen Kim Jong Un "
        "inspecte une ferme de serres nouvellement construite dans le district de Hamju, province du "
        "Hamgyong du Sud, en Corée du Nord, le vendredi 14 février 2025. Les journalistes indépendants "
        "n'ont pas eu accès à l'événement représenté sur cette image diffusée par le gouvernement "
        "nord-coréen. Le contenu de cette image est tel que fourni et ne peut être vérifié de manière "
        "indépendante. Le filigrane en coréen sur l'image, tel que fourni par la source, indique "
        f"« KCNA », l'abréviation de Korean Central News Agency. {CREDIT}"
    ),
    "de": (
        "Auf diesem von der nordkoreanischen Regierung zur Verfügung gestellten Foto besichtigt "
        "Machthaber Kim Jong Un am Freitag, 14. Februar 2025, eine neu gebaute Gewächshausfarm im Kreis "
        "Hamju in der Provinz Süd-Hamgyong. Unabhängige Journalisten hatten keinen Zugang zu dem Ereignis, "
        "das auf diesem von der nordkoreanischen Regierung verbreiteten Bild zu sehen ist. Der Inhalt "
        "dieses Bildes ist wie zur Verfügung gestellt und kann nicht unabhängig überprüft werden. Das "
        "koreanischsprachige Wasserzeichen auf dem Bild lautet laut Quelle „KCNA“, die Abkürzung für "
        f"Korean Central News Agency. {CREDIT}"
    ),
    "es": (
        "En esta foto proporcionada por el gobierno norcoreano, el líder norcoreano Kim Jong Un "
        "inspecciona una granja de invernaderos recién construida en el condado de Hamju, provincia de "
        "Hamgyong del Sur, Corea del Norte, el viernes 14 de febrero de 2025. Los periodistas "
        "independientes no tuvieron acceso para cubrir el evento que muestra esta imagen distribuida por "
        "el gobierno norcoreano. El contenido de esta imagen es tal como fue proporcionado y no puede ser "
        "verificado de forma independiente. La marca de agua en coreano de la imagen, tal como la "
        f"proporcionó la fuente, dice \"KCNA\", la abreviatura de Korean Central News Agency. {CREDIT}"
    ),
    "it": (
        "In questa foto fornita dal governo nordcoreano, il leader nordcoreano Kim Jong Un ispeziona una "
        "serra di nuova costruzione nella contea di Hamju, provincia del South Hamgyong, Corea del Nord, "
        "venerdì 14 febbraio 2025. I giornalisti indipendenti non hanno avuto accesso all'evento ritratto "
        "in questa immagine distribuita dal governo nordcoreano. Il contenuto di questa immagine è così "
        "come fornito e non può essere verificato in modo indipendente. La filigrana in lingua coreana "
        "sull'immagine, così come fornita dalla fonte, riporta \"KCNA\", l'abbreviazione di Korean Central "
        f"News Agency. {CREDIT}"
    ),
}

DISCLOSURES = {"state_supplied", "unverified", "access_restricted", "watermark"}


@pytest.fixture(params=sorted(SEED_CAPTIONS), ids=lambda lang: f"seed-{lang}")
def seed_article(request, cli, write) -> dict:
    """The seed caption as the only paragraph of a plain-text file, checked by the CLI."""
    path = write(f"seed-{request.param}.txt", SEED_CAPTIONS[request.param] + "\n")
    (article,) = cli.report(path)["articles"]
    return article


def test_every_disclosure_is_found(seed_article: dict) -> None:
    found = {f["category"] for f in seed_article["findings"]}
    assert DISCLOSURES <= found, f"missing: {sorted(DISCLOSURES - found)}"


def test_the_state_source_is_kcna_in_north_korea(seed_article: dict) -> None:
    state = [f for f in seed_article["findings"] if f["category"] == "state_supplied"]
    assert state, "no state_supplied finding"
    assert {(f["source"]["id"], f["source"]["country"]) for f in state} == {("kcna", "KP")}


def test_every_evidence_slices_back_to_its_text(seed_article: dict) -> None:
    evidence = [e for f in seed_article["findings"] for e in f["evidence"]]
    assert evidence
    for e in evidence:
        assert field_text(seed_article, e)[e["start"]:e["end"]] == e["text"], e


def test_the_caption_is_read_as_one_figure_in_its_language(seed_article: dict) -> None:
    (figure,) = seed_article["figures"]
    assert figure["caption"].startswith(SEED_CAPTIONS[figure["language"]][:20])
    assert seed_article["path"].endswith(f"seed-{figure['language']}.txt")
