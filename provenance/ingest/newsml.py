"""IPTC NewsML-G2: news items (text and pictures), alone or wrapped in a newsMessage.

Parsed with defusedxml and no DTD allowed: a document that declares one (and so could
declare entities, external or expanding) is refused whole, before anything in it is read
or fetched. A newsMessage is one delivery, read as one article: its text items make the
headline and body, its picture items the figures. packageItems only list other items and
are skipped with a note.
"""

from __future__ import annotations

from pathlib import PurePath
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from ..model import Article
from .fields import PictureFields, add_figure, best_rendition, language_code, squash
from .html import html_text

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PICTURE_CLASSES = ("picture", "graphic", "image")


def parse(data: bytes, display: str) -> Article:
    """Build an article from a NewsML-G2 document; raises ValueError with a readable reason."""
    root = _load(data)
    items, packages = _items(root)
    if not items and not packages:
        raise ValueError("NewsML-G2 document has no newsItem: nothing to check")
    texts = [i for i in items if not _is_picture(i)]
    lead = texts[0] if texts else items[0] if items else root
    article = Article(path=display, id=lead.get("guid") or PurePath(display).stem, format="newsml",
                      language=_language(lead), headline=_meta_text(lead, "headline"))
    article.body = "\n\n".join(filter(None, (_body(item, article) for item in texts)))
    for item in items:
        if _is_picture(item):
            add_figure(article, _picture(item, article.language))
    if packages:
        article.notes.append(f"{packages} packageItem(s) skipped: a package only lists other items "
                             "and has no text or picture of its own")
    if len(texts) > 1:
        article.notes.append(f"the newsMessage holds {len(texts)} text items: read as one article")
    return article


def _load(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as err:
        raise ValueError(f"NewsML-G2 declares a DTD (<!DOCTYPE {err.name}>{_system_id(err.sysid)}): refused "
                         "unread, its entities were neither expanded nor fetched") from None
    except (EntitiesForbidden, ExternalReferenceForbidden) as err:
        raise ValueError(f"NewsML-G2 declares an entity{_system_id(err.sysid)}: refused unread, "
                         "nothing was expanded or fetched") from None
    except DefusedXmlException as err:
        raise ValueError(f"NewsML-G2 uses an XML feature refused for safety: {err}") from None
    except ParseError as err:
        raise ValueError(f"not well-formed XML: {err}") from None


def _system_id(sysid: str | None) -> str:
    return f" naming {sysid!r}" if sysid else ""


def _items(root: Element) -> tuple[list[Element], int]:
    """The newsItems of the document and how many packageItems it holds."""
    name = _local(root.tag)
    if name == "newsItem":
        return [root], 0
    if name == "packageItem":
        return [], 1  # a package only lists other items: nothing of its own to check
    if name != "newsMessage":
        raise ValueError(f"not NewsML-G2: the root element is <{name}>, not <newsItem> or <newsMessage>")
    items = root.findall("{*}itemSet/{*}newsItem")
    return items, len(root.findall("{*}itemSet/{*}packageItem"))


def _is_picture(item: Element) -> bool:
    item_class = item.find("{*}itemMeta/{*}itemClass")
    declared = f"{item_class.get('qcode', '')} {item_class.get('uri', '')}".lower() if item_class is not None else ""
    if declared.strip():
        return any(kind in declared for kind in _PICTURE_CLASSES)
    remote = item.findall("{*}contentSet/{*}remoteContent")
    return bool(remote) and all(r.get("contenttype", "").startswith("image/") for r in remote)


def _picture(item: Element, fallback_language: str | None) -> PictureFields:
    rights = item.find("{*}rightsInfo")
    fields = PictureFields(caption=_description(item), credit=_meta_text(item, "creditline"),
                           byline=_meta_text(item, "by") or _text(item.find("{*}contentMeta/{*}creator/{*}name")),
                           image=_remote_href(item), language=_language(item) or fallback_language,
                           instructions=_text(item.find("{*}itemMeta/{*}edNote")))
    if rights is not None:
        fields.copyright_holder = _holder(rights.find("{*}copyrightHolder"))
        fields.copyright_notice = _text(rights.find("{*}copyrightNotice"))
        fields.usage_terms = _text(rights.find("{*}usageTerms"))
    return fields


def _holder(holder: Element | None) -> str:
    """A copyright holder as a name element or, failing that, its `literal` attribute."""
    if holder is None:
        return ""
    return _text(holder.find("{*}name")) or squash(holder.get("literal", ""))


def _description(item: Element) -> str:
    """The caption: a description whose role says caption (drol:caption), else one without a role,
    else a summary."""
    descriptions = [d for d in item.findall("{*}contentMeta/{*}description") if _text(d)]
    ranked = sorted(descriptions, key=lambda d: _caption_rank(d.get("role", "").lower()))
    return _text(ranked[0]) if ranked and _caption_rank(ranked[0].get("role", "").lower()) < 3 else ""


def _caption_rank(role: str) -> int:
    if "caption" in role:
        return 0
    if not role:
        return 1
    return 2 if "summary" in role or "description" in role else 3


def _remote_href(item: Element) -> str | None:
    contents = item.findall("{*}contentSet/{*}remoteContent")
    return best_rendition([(c.get("rendition", ""), c.get("href", "")) for c in contents])


def _body(item: Element, article: Article) -> str:
    """A text item's content: inline XML (NITF, XHTML) or inline data; remote content is not fetched."""
    content = item.find("{*}contentSet")
    if content is None:
        return ""
    inline = content.find("{*}inlineXML")
    if inline is not None:
        return "\n\n".join(p for p in _paragraphs(inline) if p) or _text(inline)
    data = content.find("{*}inlineData")
    if data is not None:
        value = "".join(data.itertext()).strip()
        return html_text(value) if "html" in data.get("contenttype", "") else value
    if content.find("{*}remoteContent") is not None:
        article.notes.append("a text item's content is remote: not fetched, its body was not checked")
    return ""


def _paragraphs(content: Element) -> list[str]:
    """The text of each outermost <p> (NITF or XHTML), in document order, in one pass."""
    found: list[str] = []
    stack = list(reversed(content))
    while stack:
        node = stack.pop()
        if _local(node.tag) == "p":
            found.append(_text(node))
        else:
            stack.extend(reversed(node))
    return found


def _language(item: Element) -> str | None:
    declared = item.find("{*}contentMeta/{*}language")
    return language_code(item.get(_XML_LANG)) or language_code(declared.get("tag") if declared is not None else None)


def _meta_text(item: Element, name: str) -> str:
    return _text(item.find(f"{{*}}contentMeta/{{*}}{name}"))


def _text(element: Element | None) -> str:
    return squash("".join(element.itertext())) if element is not None else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
