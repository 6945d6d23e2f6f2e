"""IPTC ninjs 1.x and 2.x: text items with their associated pictures, and picture items on their own.

1.x writes `headline`, `body_text`/`body_html`, `description_text`, `byline` and keeps
`associations` and `renditions` as mappings; 2.x writes `headlines`, `bodies` and
`descriptions` as lists with roles, `by`, and keeps `associations` and `renditions` as
lists of objects with a `name`. Both are read. A `uri` is only an identifier and a rendition
`href` only a reference: which files get read is decided by `pictures.resolve_local`.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from ..model import Article
from .fields import PictureFields, add_figure, best_rendition, language_code, text
from .html import html_text

_PICTURE_TYPES = {"picture", "image", "graphic"}
_MAX_ASSOCIATION_DEPTH = 8
_CAPTION_ROLES = ("caption", "text", "description", "summary")
_HEADLINE_ROLES = ("main", "headline", "title")


def parse(document: str, display: str) -> Article:
    """Build an article from a ninjs document; raises ValueError with a readable reason."""
    item = _load(document)
    article = Article(path=display, id=text(item.get("uri")) or text(item.get("guid")) or PurePath(display).stem,
                      language=language_code(item.get("language")), headline=_headline(item), format="ninjs")
    if _is_picture(item):
        add_figure(article, _picture(item, article.language))
    else:
        article.body = _body(item)
        for child in _associations(item, 0):
            if _is_picture(child):
                add_figure(article, _picture(child, article.language))
    if not article.body and not article.figures and not article.headline:
        raise ValueError("ninjs item has no text: no body, description or associated pictures")
    return article


def _load(document: str) -> dict:
    try:
        item = json.loads(document)
    except json.JSONDecodeError as err:
        raise ValueError(f"malformed JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    if not isinstance(item, dict):
        raise ValueError("not a ninjs item: the JSON document is not an object")
    return item


def _is_picture(item: dict) -> bool:
    return str(item.get("type", "")).lower() in _PICTURE_TYPES


def _picture(item: dict, fallback_language: str | None) -> PictureFields:
    return PictureFields(caption=_caption(item), credit=text(item.get("creditline")),
                         byline=text(item.get("byline")) or text(item.get("by")), image=_rendition_href(item),
                         language=language_code(item.get("language")) or fallback_language,
                         copyright_holder=_holder(item.get("copyrightholder")),
                         copyright_notice=text(item.get("copyrightnotice")), usage_terms=text(item.get("usageterms")),
                         instructions=text(item.get("ednote")))


def _associations(item: dict, depth: int) -> list[dict]:
    """Associated items, nested ones too (1.x: a mapping of name -> item; 2.x: a list of items)."""
    if depth >= _MAX_ASSOCIATION_DEPTH:
        return []
    found: list[dict] = []
    for child in _values(item.get("associations")):
        if isinstance(child, dict):
            found.append(child)
            found += _associations(child, depth + 1)
    return found


def _body(item: dict) -> str:
    """Plain text if the item has it; otherwise the text of its HTML body."""
    plain = _block(item.get("body_text")) or _by_role(item.get("bodies"), (), html=False)
    if plain:
        return plain
    markup = item.get("body_html") if isinstance(item.get("body_html"), str) else _by_role(item.get("bodies"), (), html=True)
    return html_text(markup) if markup else ""


def _headline(item: dict) -> str:
    return text(item.get("headline")) or text(_by_role(item.get("headlines"), _HEADLINE_ROLES, html=False))


def _caption(item: dict) -> str:
    caption = text(item.get("description_text")) or text(_by_role(item.get("descriptions"), _CAPTION_ROLES, html=False))
    if caption:
        return caption
    markup = item.get("description_html") if isinstance(item.get("description_html"), str) \
        else _by_role(item.get("descriptions"), _CAPTION_ROLES, html=True)
    return html_text(markup) if markup else ""


def _by_role(entries: Any, roles: tuple[str, ...], *, html: bool) -> str:
    """ninjs 2.x `headlines`/`descriptions`/`bodies`: the value of the best role, plain text or HTML.

    Roles are matched loosely ("drol:caption" is a caption); without a matching role the first entry counts.
    """
    candidates = [e for e in (entries if isinstance(entries, list) else [])
                  if isinstance(e, dict) and isinstance(e.get("value"), str) and e["value"].strip()
                  and ("html" in str(e.get("contenttype", "")).lower()) == html]
    for role in roles:
        for entry in candidates:
            if role in str(entry.get("role", "")).lower():
                return entry["value"]
    return candidates[0]["value"] if candidates else ""


def _holder(value: Any) -> str:
    """2.x allows a copyright holder object ({"name": ...}); 1.x a string."""
    return text(value.get("name")) if isinstance(value, dict) else text(value)


def _rendition_href(item: dict) -> str | None:
    renditions = _values(item.get("renditions"), keep_names=True)
    return best_rendition([(name, text(r.get("href"))) for name, r in renditions if isinstance(r, dict)])


def _values(container: Any, keep_names: bool = False) -> list:
    """Members of a 1.x mapping or a 2.x list; with `keep_names`, as (name, member) pairs."""
    if isinstance(container, dict):
        pairs = list(container.items())
    elif isinstance(container, list):
        pairs = [(str(m.get("name", "")) if isinstance(m, dict) else "", m) for m in container]
    else:
        pairs = []
    return pairs if keep_names else [member for _, member in pairs]


def _block(value: Any) -> str:
    """Body text keeps its paragraph breaks (unlike `text`, which makes one line)."""
    return value.strip() if isinstance(value, str) else ""
