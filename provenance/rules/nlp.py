"""Blank spaCy pipelines, one per language, built fast and cached.

No trained model is needed: the rule packs compile to PhraseMatcher and Matcher objects
that only need a tokenizer. Text is *folded* before tokenizing (lower case, accents and
typographic quotes removed) one character for one character, so every offset in the
folded text is also an offset in the original and evidence slices back exactly.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Languages with a tokenizer here; anything else uses the multi-language one.
SUPPORTED = ("en", "fr", "de", "es", "it")

_PUNCT_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _PUNCT_FOLD:
        return _PUNCT_FOLD[char]
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    base = unicodedata.normalize("NFD", lower)[0]
    return base if base.isalnum() or not lower.isalnum() else lower


def fold(text: str) -> str:
    """Lower-case, strip accents and normalise quotes, keeping the length unchanged."""
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=None)
def pipeline(lang: str | None):
    """The blank tokenizer pipeline for `lang` (cached; built on first use)."""
    import spacy

    code = lang if lang in SUPPORTED else "xx"
    if code == "fr":
        return _fast_french()
    return spacy.blank(code)


def _fast_french():
    """French without spaCy's tokenizer-exception table.

    `spacy.blank("fr")` spends ~2.5 s compiling thousands of exceptions (mostly hyphenated
    place names) that phrase matching does not need. Elision ("l'image", "d'une") is what
    matters here, and an infix rule splits it the same way in patterns and in text.
    """
    import spacy
    from spacy.lang.char_classes import ALPHA
    from spacy.lang.punctuation import TOKENIZER_INFIXES
    from spacy.language import Language
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("xx")
    infixes = list(TOKENIZER_INFIXES) + [rf"(?<=[{ALPHA}]')(?=[{ALPHA}])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    assert isinstance(nlp, Language)
    return nlp
