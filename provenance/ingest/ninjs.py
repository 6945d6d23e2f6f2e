"""IPTC ninjs (1.x and 2.x): text items with associations, and picture items on their own."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from ..model import Article, Figure

_PICTURE_TYPES = {"picture", "image", "graphic"}
_MAX_ASSOCIATION_DEPTH = 8


def parse(text: str, display: str) -> Article:
    """Build an article from a ninjs document; raises ValueError with a readable reason."""
    try:
        item = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"malformed JSON: {err.msg} at line {err.lineno}, column {err.colno}") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    if not isinstance(item, dict):
        raise ValueError("not a ninjs item: the JSON document is not an object")
    article = Article(path=display, id=_text(item.get("uri") or item.get("guid")) or PurePath(display).stem,
                      language=_language(item), headline=_headline(item), format="ninjs")
    if _is_picture(item):
        article.figures.append(_figure(item, article.language))
    else:
        article.body = _body(item)
        for child in _associations(item, 0):
            if _is_picture(child):
                article.figures.append(_figure(child, article.language))
    if not article.body and not article.figures and not article.headline:
        raise ValueError("ninjs item has no text: no body_text, description_text or associations")
    return article


def _is_picture(item: dict) -> bool:
    return str(item.get("type", "")).lower() in _PICTURE_TYPES


def _figure(item: dict, fallback_language: str | None) -> Figure:
    description = _text(item.get("description_text")) or _description(item, ("caption", "text", "description"))
    credit_parts = [_text(item.get(k)) for k in ("creditline", "byline", "copyrightholder")]
    credit_parts.append(_by(item))
    credit = " / ".join(dict.fromkeys(p for p in credit_parts if p))
    return Figure(caption=description, credit=credit, image=_rendition_href(item),
                  byline=_text(item.get("byline")) or _by(item),
                  language=_language(item) or fallback_language)


def _associations(item: dict, depth: int) -> list[dict]:
    """Associated items, nested ones too (1.x: a mapping; 2.x: a list)."""
    if depth >= _MAX_ASSOCIATION_DEPTH:
        return []
    raw = item.get("associations")
    children = list(raw.values()) if isinstance(raw, dict) else raw if isinstance(raw, list) else []
    found: list[dict] = []
    for child in children:
        if isinstance(child, dict):
            found.append(child)
            found += _associations(child, depth + 1)
    return found


def _body(item: dict) -> str:
    text = _text(item.get("body_text"))
    if text:
        return text
    bodies = item.get("bodies")
    if isinstance(bodies, list):
        plain = [b for b in bodies if isinstance(b, dict) and "html" not in str(b.get("contenttype", ""))]
        return "\n\n".join(_text(b.get("value")) for b in plain if _text(b.get("value")))
    return ""


def _headline(item: dict) -> str:
    headline = _text(item.get("headline"))
    if headline:
        return headline
    headlines = item.get("headlines")
    if isinstance(headlines, list) and headlines and isinstance(headlines[0], dict):
        return _text(headlines[0].get("value"))
    return ""


def _description(item: dict, roles: tuple[str, ...]) -> str:
    """ninjs 2.x `descriptions`: prefer a plain-text caption."""
    descriptions = item.get("descriptions")
    if not isinstance(descriptions, list):
        return ""
    candidates = [d for d in descriptions if isinstance(d, dict) and _text(d.get("value"))]
    for role in roles:
        for d in candidates:
            if role in str(d.get("role", "")).lower():
                return _text(d.get("value"))
    return _text(candidates[0].get("value")) if candidates else ""


def _by(item: dict) -> str:
    by = item.get("by")
    return _text(by) if isinstance(by, str) else ""


def _rendition_href(item: dict) -> str | None:
    renditions = item.get("renditions")
    values = list(renditions.values()) if isinstance(renditions, dict) else renditions if isinstance(renditions, list) else []
    for rendition in values:
        if isinstance(rendition, dict) and isinstance(rendition.get("href"), str):
            return rendition["href"]
    return None


def _language(item: dict) -> str | None:
    lang = item.get("language")
    if isinstance(lang, str) and lang.strip():
        return lang.strip().lower().split("-")[0].split("_")[0][:8]
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
