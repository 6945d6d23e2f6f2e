"""JSON-LD in HTML pages: the article's headline and language, and what it declares about its pictures.

Read with hard ceilings (block size, nesting, node count): a page is untrusted, and a bad
block becomes a note on the article, never a crash. Nothing is fetched: `@context` and
`@id` are names here, not addresses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .fields import PictureFields, language_code, text

MAX_BLOCK_CHARS = 512 * 1024
MAX_BLOCKS = 32
MAX_DEPTH = 12
MAX_NODES = 5_000

_IMAGE_KEYS = ("image", "associatedMedia", "primaryImageOfPage")
_ARTICLE_TYPES = {"reportagenews", "blogposting", "liveblogposting", "report", "newsarticle", "article"}


@dataclass
class LinkedData:
    """What a page's JSON-LD says, gathered over all its blocks."""

    headline: str = ""
    language: str | None = None
    pictures: list[PictureFields] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_blocks(blocks: list[str]) -> LinkedData:
    """Every JSON-LD block of a page; the ones that cannot be read are named in `notes`."""
    found = LinkedData()
    if len(blocks) > MAX_BLOCKS:
        found.notes.append(f"the page has {len(blocks)} JSON-LD blocks: only the first {MAX_BLOCKS} were read")
    for number, block in enumerate(blocks[:MAX_BLOCKS], 1):
        document, problem = _load(block)
        if problem:
            found.notes.append(f"JSON-LD block {number} {problem}: ignored")
            continue
        _read_document(document, found)
    return found


def _load(block: str) -> tuple[Any, str]:
    if len(block) > MAX_BLOCK_CHARS:
        return None, f"is {len(block):,} characters, over the {MAX_BLOCK_CHARS:,}-character limit"
    try:
        return json.loads(block), ""
    except json.JSONDecodeError as err:
        return None, f"is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})"
    except RecursionError:
        return None, "is nested too deeply"


def _read_document(document: Any, found: LinkedData) -> None:
    placed = list(_nodes(document))
    if len(placed) >= MAX_NODES:
        found.notes.append(f"a JSON-LD block has over {MAX_NODES:,} objects: the rest were not read")
    nodes = [node for node, _ in placed]
    by_id: dict[str, dict] = {}
    for node in nodes:  # a bare {"@id": ...} is a reference to a node, not the node
        if _ref(node) and len(node) > 1:
            by_id.setdefault(_ref(node), node)
    logos = {_ref(n.get("logo")) for n in nodes} - {None}
    referenced: set[int] = set()
    for node in nodes:
        if _is_article(node):
            found.headline = found.headline or text(node.get("headline")) or text(node.get("name"))
            found.language = found.language or _language(node.get("inLanguage"))
            for image in _images_of(node, by_id):
                referenced.add(id(image))
                _add_picture(found, image)
    for node, key in placed:
        standalone = key in (None, "@graph") and id(node) not in referenced and _ref(node) not in logos
        if standalone and _has_type(node, {"imageobject"}):
            _add_picture(found, node)


def _add_picture(found: LinkedData, image: dict) -> None:
    picture = _picture(image)
    if picture.image or picture.caption or picture.credit:
        found.pictures.append(picture)


def _nodes(document: Any) -> Iterator[tuple[dict, str | None]]:
    """Every object in the document with the key it sits under (None at the top), breadth first,
    within the depth and count ceilings."""
    level: list[tuple[Any, str | None]] = [(document, None)]
    depth = count = 0
    while level and depth <= MAX_DEPTH:
        following: list[tuple[Any, str | None]] = []
        for value, key in level:
            if isinstance(value, dict):
                count += 1
                if count > MAX_NODES:
                    return
                yield value, key
                following.extend((v, k) for k, v in value.items() if isinstance(v, (dict, list)))
            elif isinstance(value, list):
                following.extend((v, key) for v in value if isinstance(v, (dict, list)))
        level, depth = following, depth + 1


def _ref(value: Any) -> str | None:
    """The `@id` an object carries, when it is a plain string."""
    ref = value.get("@id") if isinstance(value, dict) else None
    return ref if isinstance(ref, str) else None


def _images_of(article: dict, by_id: dict[str, dict]) -> Iterator[dict]:
    for key in _IMAGE_KEYS:
        values = article.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and value.strip():
                yield {"@type": "ImageObject", "url": value}
            elif isinstance(value, dict):
                yield by_id.get(_ref(value) or "", value) if set(value) <= {"@id"} else value


def _picture(image: dict) -> PictureFields:
    fields = PictureFields(caption=text(image.get("caption")) or text(image.get("description")),
                           credit=text(image.get("creditText")),
                           byline=_names(image.get("creator")) or _names(image.get("author")),
                           image=_first_text(image.get("contentUrl")) or _first_text(image.get("url")),
                           language=_language(image.get("inLanguage")),
                           copyright_holder=_names(image.get("copyrightHolder")),
                           copyright_notice=text(image.get("copyrightNotice")))
    for name, key in (("caption", "caption" if text(image.get("caption")) else "description"),
                      ("credit", "creditText")):
        if getattr(fields, name):
            fields.origins[name] = f"JSON-LD ImageObject {key}"
    return fields


def _is_article(node: dict) -> bool:
    return _has_type(node, _ARTICLE_TYPES) or any(t.endswith("article") for t in _types(node))


def _has_type(node: dict, wanted: set[str]) -> bool:
    return bool(_types(node) & wanted)


def _types(node: dict) -> set[str]:
    declared = node.get("@type")
    values = declared if isinstance(declared, list) else [declared]
    return {v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if isinstance(v, str)}


def _names(value: Any) -> str:
    """A person or organisation as JSON-LD writes one: a string, an object with a name, or a list."""
    values = value if isinstance(value, list) else [value]
    names = [text(v) if isinstance(v, str) else text(v.get("name")) if isinstance(v, dict) else "" for v in values[:20]]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _first_text(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    return next((text(v) for v in values if text(v)), "")


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        return language_code(value.get("alternateName")) or language_code(value.get("name"))
    return language_code(value)
