"""A reproducible corpus of varied wire-style articles for the throughput bench.

    .venv/bin/python bench/corpus.py OUT_DIR [--count 1000] [--seed 7]

Articles come in five languages and three formats (plain text, Markdown, IPTC ninjs JSON).
Captions mix credits (state media, wire agencies, handouts, photographers, none) with and
without the usual disclaimers (unverified, no independent access, watermark, video still),
and body paragraphs sometimes quote state media as a news source, the classic trap.
All sentences are written for this bench; the seed makes a corpus identical run to run.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Phrasebook:
    """What one language needs to write an article: templates with {slots}."""

    headlines: tuple[str, ...]
    body: tuple[str, ...]
    quoting_state_media: tuple[str, ...]
    captions: tuple[str, ...]
    supplied: tuple[str, ...]
    disclaimers: tuple[str, ...]


PHRASEBOOKS: dict[str, Phrasebook] = {
    "en": Phrasebook(
        headlines=("Leaders meet in {city} as talks resume", "Floods hit {city} after days of rain",
                   "{city} hosts a military parade"),
        body=("Officials said the talks would continue on {day}.", "Thousands gathered in the centre of {city}.",
              "The ministry gave no figure for the damage.", "Markets were calm on {day} morning."),
        quoting_state_media=("{state} said the visit had strengthened ties.", "According to {state}, the test succeeded."),
        captions=("A soldier stands guard in {city} on {day}.", "Rescuers search the rubble in {city}.",
                  "The delegation arrives at the airport in {city}."),
        supplied=("In this photo released by {state}, the leader waves to the crowd.",
                  "This handout picture provided by the {official} shows the launch."),
        disclaimers=("The content of this image could not be independently verified.",
                     "Independent journalists were not given access to cover the event.",
                     "The image carries a watermark from the source.",
                     "This image was taken from video footage."),
    ),
    "fr": Phrasebook(
        headlines=("Les dirigeants se retrouvent à {city}", "Inondations à {city} après des jours de pluie",
                   "Défilé militaire à {city}"),
        body=("Les discussions reprendront {day}, selon les autorités.", "Des milliers de personnes se sont réunies à {city}.",
              "Le ministère n'a donné aucun chiffre sur les dégâts."),
        quoting_state_media=("Selon {state}, la visite a renforcé les liens entre les deux pays.",
                             "{state} a affirmé que l'essai avait réussi."),
        captions=("Un soldat monte la garde à {city} le {day}.", "Des secouristes fouillent les décombres à {city}.",
                  "La délégation arrive à l'aéroport de {city}."),
        supplied=("Sur cette photo diffusée par {state}, le dirigeant salue la foule.",
                  "Cette photo fournie par le {official} montre le lancement."),
        disclaimers=("Le contenu de cette image ne peut être vérifié de manière indépendante.",
                     "Les journalistes indépendants n'ont pas pu couvrir l'événement.",
                     "L'image porte le filigrane de la source."),
    ),
    "de": Phrasebook(
        headlines=("Spitzentreffen in {city}", "Hochwasser in {city} nach tagelangem Regen", "Militärparade in {city}"),
        body=("Die Gespräche sollen am {day} weitergehen.", "Tausende versammelten sich im Zentrum von {city}.",
              "Das Ministerium nannte keine Zahlen zu den Schäden."),
        quoting_state_media=("Wie {state} berichtete, sei der Test gelungen.",),
        captions=("Ein Soldat steht in {city} Wache.", "Helfer suchen in {city} nach Verschütteten."),
        supplied=("Das von {state} verbreitete Foto zeigt den Machthaber bei einer Parade.",
                  "Dieses vom {official} zur Verfügung gestellte Foto zeigt den Start."),
        disclaimers=("Das Bild konnte nicht unabhängig überprüft werden.",
                     "Unabhängige Journalisten hatten keinen Zugang zu der Veranstaltung."),
    ),
    "es": Phrasebook(
        headlines=("Cumbre en {city}", "Inundaciones en {city} tras días de lluvia"),
        body=("Las conversaciones se reanudarán el {day}.", "Miles de personas se reunieron en {city}."),
        quoting_state_media=("Según {state}, la prueba fue un éxito.",),
        captions=("Un soldado monta guardia en {city}.", "Rescatistas buscan entre los escombros en {city}."),
        supplied=("En esta foto distribuida por {state}, el líder saluda a la multitud.",),
        disclaimers=("La imagen no pudo ser verificada de forma independiente.",),
    ),
    "it": Phrasebook(
        headlines=("Vertice a {city}", "Alluvione a {city} dopo giorni di pioggia"),
        body=("I colloqui riprenderanno {day}.", "Migliaia di persone si sono radunate a {city}."),
        quoting_state_media=("Secondo {state}, il test è riuscito.",),
        captions=("Un soldato di guardia a {city}.", "I soccorritori cercano tra le macerie a {city}."),
        supplied=("In questa foto diffusa da {state}, il leader saluta la folla.",),
        disclaimers=("L'immagine non può essere verificata in modo indipendente.",),
    ),
}

CITIES = ("Pyongyang", "Damascus", "Tehran", "Moscow", "Beijing", "Geneva", "Lyon", "Hamburg", "Valencia", "Naples")
DAYS = ("Monday", "Tuesday", "12 March", "3 October", "Sunday")
STATE_MEDIA = ("KCNA", "the Korean Central News Agency", "SANA", "IRNA", "Xinhua", "TASS", "RIA Novosti")
OFFICIALS = ("Russian Defence Ministry", "Iranian presidency", "Syrian presidency press office")
CREDITS = ("(KCNA via AP)", "(Korean Central News Agency/Korea News Service via AP)", "REUTERS/KCNA",
           "(AFP/KCNA)", "Foto: -/KCNA/dpa", "(SANA via AP)", "Xinhua/Li Wei", "(Photo by Jane Doe/Reuters)",
           "(AP Photo/John Smith)", "EPA-EFE/Anna Rossi", "(Handout via Reuters)", "(Courtesy of the family)", "")


def article(rng: random.Random, index: int) -> tuple[str, str]:
    """One article as (file name, content)."""
    lang = rng.choice(list(PHRASEBOOKS))
    book = PHRASEBOOKS[lang]
    slots = {"city": rng.choice(CITIES), "day": rng.choice(DAYS), "state": rng.choice(STATE_MEDIA),
             "official": rng.choice(OFFICIALS)}
    headline = rng.choice(book.headlines).format(**slots)
    paragraphs = [" ".join(rng.choice(book.body).format(**slots) for _ in range(rng.randint(1, 3)))
                  for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.3:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(book.quoting_state_media).format(**slots))
    captions = [_caption(rng, book, slots) for _ in range(rng.randint(1, 2))]
    kind = rng.choice(("txt", "md", "json"))
    name = f"{index:04d}-{lang}.{kind}"
    if kind == "json":
        return name, _ninjs(lang, headline, paragraphs, captions, index)
    if kind == "md":
        figures = [f"![photo](img{index}-{i}.jpg)\n\n*{c}*" for i, c in enumerate(captions)]
        return name, "\n\n".join([f"# {headline}", paragraphs[0], *figures, *paragraphs[1:]]) + "\n"
    return name, "\n\n".join([headline, paragraphs[0], *captions, *paragraphs[1:]]) + "\n"


def _caption(rng: random.Random, book: Phrasebook, slots: dict[str, str]) -> str:
    template = rng.choice(book.supplied) if rng.random() < 0.4 else rng.choice(book.captions)
    parts = [template.format(**slots)]
    parts += rng.sample(book.disclaimers, k=rng.randint(0, min(2, len(book.disclaimers))))
    credit = rng.choice(CREDITS)
    return " ".join(parts + [credit]).strip()


def _ninjs(lang: str, headline: str, paragraphs: list[str], captions: list[str], index: int) -> str:
    pictures = {f"picture{i}": {"type": "picture", "description_text": c} for i, c in enumerate(captions)}
    item = {"uri": f"urn:bench:{index}", "type": "text", "language": lang, "headline": headline,
            "body_text": "\n\n".join(paragraphs), "associations": pictures}
    return json.dumps(item, ensure_ascii=False, indent=1)


def write_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """Write `count` articles into `folder` (created if needed)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        name, content = article(rng, index)
        (folder / name).write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_corpus(args.out, args.count, args.seed)
    print(f"wrote {args.count} articles to {args.out}")


if __name__ == "__main__":
    main()
