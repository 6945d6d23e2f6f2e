"""HTML article pages: headline, body paragraphs and figures, read with a real HTML5 parser.

selectolax (the Lexbor engine) parses the page the way a browser would, but runs nothing:
scripts, styles and navigation are dropped before any text is taken, event handlers are
never read, and only text and picture addresses reach the model. Pictures resolve only to
local files beside the page (see `pictures.resolve_local`); remote ones are never fetched.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any
from urllib.parse import unquote, urlsplit

from ..model import Article
from .fields import MAX_FIGURES, PictureFields, add_figure, fill_missing, language_code, squash
from .jsonld import read_blocks

#: Elements whose content is never article text.
_NOT_CONTENT = ["script", "style", "noscript", "template", "nav", "footer", "aside", "iframe", "object",
                "embed", "svg", "math", "form", "button", "select", "textarea", "dialog"]
#: Where a credit sits inside a figcaption.
_CREDIT = ".credit, .copyright, .photo-credit, small, cite, [itemprop=creditText], [itemprop=copyrightHolder]"
_LAZY_SOURCES = ("src", "data-src", "data-original", "data-lazy-src")
_MAX_ARTICLES = 20  # <article> elements weighed to find the story among teasers
_WEAK_CAPTION = "HTML img"  # alt or title text: used only when nothing better says what the picture shows


def parse(markup: str, display: str) -> Article:
    """Build an article from an HTML page; raises ValueError when there is nothing to check."""
    tree = parse_html(markup)
    linked = read_blocks([s.text() for s in tree.css('script[type="application/ld+json" i]')])
    open_graph = _open_graph(tree)
    _drop_non_content(tree)
    root = _main_content(tree)
    pictures = _page_pictures(root)  # takes the figures out of the tree: what is left is the story's text
    headline = _text_of(root.css_first("h1")) or linked.headline or open_graph.get("og:title", "") \
        or _text_of(tree.css_first("h1")) or _text_of(tree.css_first("title"))  # a site's own <h1> is often its logo
    article = Article(path=display, id=PurePath(display).stem or "article", format="html", headline=headline,
                      language=_page_language(tree) or linked.language,
                      body="\n\n".join(_paragraphs(root)), notes=list(linked.notes))
    merge_declared(pictures, linked.pictures, fill=True)
    merge_declared(pictures, _open_graph_pictures(open_graph), fill=False)
    for fields in pictures:
        add_figure(article, fields)
    if not (article.body or article.figures or article.headline):
        raise ValueError("HTML page has no text: no headline, paragraphs or figures")
    return article


def html_text(markup: str) -> str:
    """The readable text of an HTML fragment (a ninjs body_html), paragraphs kept apart."""
    tree = parse_html(markup)
    _drop_non_content(tree)
    root = tree.body or tree.root
    root.strip_tags(["figure"])
    return "\n\n".join(_paragraphs(root))


def parse_html(markup: str) -> Any:
    """An HTML5 parse tree. Imported here so text-only runs never load the parser."""
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(markup)


def _drop_non_content(tree: Any) -> None:
    tree.strip_tags(_NOT_CONTENT)
    for node in tree.css("br"):
        node.replace_with(" ")


def _main_content(tree: Any) -> Any:
    """The story itself: the <article> with the most text (pages also carry teaser cards), else <main>."""
    articles = tree.css("article")[:_MAX_ARTICLES]
    if articles:
        return max(articles, key=lambda node: len(_text(node)))
    return tree.css_first("main") or tree.body or tree.root


def _page_language(tree: Any) -> str | None:
    html = tree.css_first("html")
    meta = tree.css_first('meta[http-equiv="content-language" i]')
    return language_code(html.attributes.get("lang") if html else None) or \
        language_code(meta.attributes.get("content") if meta else None)


def _paragraphs(root: Any) -> list[str]:
    """The paragraphs of a tree without figures; its whole text when it has no <p> at all."""
    paragraphs = [text for text in (_text(p) for p in root.css("p")) if text]
    if paragraphs or root.css_first("p") is not None:
        return paragraphs
    whole = _text(root)
    return [whole] if whole else []


def _page_pictures(root: Any) -> list[PictureFields]:
    """Each outermost <figure> with a picture, then each picture outside figures that is not a
    tracking pixel; the figures are then taken out of the tree."""
    found: list[PictureFields] = []
    figures = root.css("figure")
    index = 0
    while index < len(figures) and len(found) <= MAX_FIGURES:  # one over the ceiling, so the cut is noted
        figure = figures[index]
        index += len(figure.css("figure"))  # itself and the figures nested in it (document order)
        if figure.css_first("img") is not None:
            found.append(_figure_fields(figure))
    root.strip_tags(["figure"])
    pictures = (img for img in root.css("img") if not _decorative(img))
    found += [_figure_fields(img) for _, img in zip(range(MAX_FIGURES + 1 - len(found)), pictures)]
    return found


def _figure_fields(node: Any) -> PictureFields:
    img = node if node.tag == "img" else node.css_first("img")
    caption_node = None if node.tag == "img" else node.css_first("figcaption")
    fields = PictureFields(image=_source(img), language=language_code(node.attributes.get("lang")))
    if caption_node is not None and _text(caption_node):
        fields.caption, fields.credit = _caption_and_credit(caption_node)
    else:
        for attribute in ("title", "alt"):
            if squash(img.attributes.get(attribute) or ""):
                fields.caption = squash(img.attributes[attribute])
                fields.origins["caption"] = f"{_WEAK_CAPTION} {attribute}"
                break
    return fields


def _caption_and_credit(caption: Any) -> tuple[str, str]:
    """A figcaption's text, with a trailing credit element (<small>, .credit) taken out as the credit."""
    whole = _text(caption)
    credits = caption.css(_CREDIT)
    if not credits:
        return whole, ""
    credit = _text(credits[-1])
    if not credit or not whole.rstrip(" .)]").endswith(credit.rstrip(" .)]")):
        return whole, ""
    credits[-1].decompose()
    return _text(caption), credit.strip(" ()[]") or credit


def _source(img: Any) -> str | None:
    """The picture's address: lazy-loading attributes first when src is a placeholder."""
    attributes = img.attributes
    for name in _LAZY_SOURCES:
        value = (attributes.get(name) or "").strip()
        if value and not value.lower().startswith("data:"):
            return value
    srcset = attributes.get("srcset") or attributes.get("data-srcset") or ""
    candidates = [c.split()[0] for c in srcset.split(",") if c.strip()]
    return candidates[0] if candidates else (attributes.get("src") or "").strip() or None


def _decorative(img: Any) -> bool:
    attributes = img.attributes
    tiny = any((attributes.get(side) or "").strip() in ("0", "1", "2") for side in ("width", "height"))
    hidden = attributes.get("aria-hidden") == "true" or attributes.get("role") in ("presentation", "none")
    return tiny or hidden or _source(img) is None


def merge_declared(pictures: list[PictureFields], declared: list[PictureFields], *, fill: bool) -> None:
    """Pictures a page declares (JSON-LD, Open Graph) join the ones it shows.

    A declared picture the page shows fills what the page left out (`fill`); one it does not
    show becomes a figure of its own.
    """
    shown = _PictureIndex(pictures)
    for item in declared[:MAX_FIGURES]:
        match = shown.find(item.image)
        if match is None:
            pictures.append(item)
            shown.add(item)
        elif fill:
            if item.caption and match.origins.get("caption", "").startswith(_WEAK_CAPTION):
                match.caption = ""
                del match.origins["caption"]
            fill_missing(match, item)


class _PictureIndex:
    """Pictures by address and by file name: a CDN copy of a picture a page shows is the same picture."""

    def __init__(self, pictures: list[PictureFields]):
        self._by_address: dict[str, PictureFields] = {}
        self._by_name: dict[str, PictureFields] = {}
        for picture in pictures:
            self.add(picture)

    def add(self, picture: PictureFields) -> None:
        if picture.image:
            self._by_address.setdefault(picture.image, picture)
            self._by_name.setdefault(_file_name(picture.image), picture)

    def find(self, address: str | None) -> PictureFields | None:
        if not address:
            return None
        return self._by_address.get(address) or self._by_name.get(_file_name(address))


def _file_name(address: str) -> str:
    return unquote(urlsplit(address).path.rsplit("/", 1)[-1]).lower() or address


def _open_graph(tree: Any) -> dict[str, str]:
    """The page's og: properties (first value of each)."""
    found: dict[str, str] = {}
    for meta in tree.css("meta[property^='og:'], meta[name^='og:']"):
        name = (meta.attributes.get("property") or meta.attributes.get("name") or "").strip().lower()
        found.setdefault(name, squash(meta.attributes.get("content") or ""))
    return found


def _open_graph_pictures(open_graph: dict[str, str]) -> list[PictureFields]:
    address = open_graph.get("og:image") or open_graph.get("og:image:url") or open_graph.get("og:image:secure_url")
    if not address:
        return []
    alt = open_graph.get("og:image:alt", "")
    return [PictureFields(image=address, caption=alt, origins={"caption": "Open Graph og:image:alt"} if alt else {})]


def _text(node: Any) -> str:
    return squash(node.text(deep=True))


def _text_of(node: Any | None) -> str:
    return _text(node) if node is not None else ""
