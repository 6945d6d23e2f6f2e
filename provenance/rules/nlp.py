"""spaCy tokenizers, one per language, built fast and cached.

No trained model is needed: the rule packs compile to PhraseMatcher and Matcher objects
that only need a tokenizer. Text is *folded* before tokenizing (lower case, accents and
typographic quotes removed) one character for one character, so every offset in the
folded text is also an offset in the original and evidence slices back exactly.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..resources import cache_dir, drop_stale_cache_files, read_cache_file, write_cache_file

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

#: Languages with a tokenizer here; anything else uses the multi-language one.
SUPPORTED = ("en", "fr", "de", "es", "it")

_PUNCT_FOLD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


def _fold_char(char: str) -> str:
    if char in _PUNCT_FOLD:
        return _PUNCT_FOLD[char]
    lower = char.lower()
    if len(lower) != 1:
        lower = char
    base = unicodedata.normalize("NFD", lower)[0]
    return base if base.isalnum() or not lower.isalnum() else lower


class _FoldTable(dict):
    """A `str.translate` table filled on first sight of each character.

    `translate` folds a text in C, ~10x faster than joining folded characters one by
    one; every caption, alias and phrase is folded. The size bound keeps a text of
    countless distinct characters from growing the table without end.
    """

    LIMIT = 1 << 16

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and normalise quotes, keeping the length unchanged."""
    return text.translate(_FOLD_TABLE)


#: spaCy's default `Language.max_length`: longer texts are refused, as `nlp.make_doc` did.
MAX_TEXT_CHARS = 10**6

#: Splits French elision ("l'image", "d'une") the same way in patterns and in text.
#: `spacy.blank("fr")` would do it through thousands of tokenizer exceptions (mostly
#: hyphenated place names) that take ~2.5 s to compile and that phrase matching does not need.
_FRENCH_ELISION = r"(?<=[{alpha}]')(?=[{alpha}])"
#: Credit typography every language needs split: any "/" ("-/KCNA/dpa", "Agency)/Handout",
#: "Twitter/@user") and a full stop glued between a number and a word ("April 6.Iran's").
_CREDIT_INFIXES = (r"/", r"(?<=[0-9])\.(?=[{alpha}])")


def tokenizer(lang: str | None) -> Tokenizer:
    """The tokenizer for `lang`; languages without one here share the multi-language one."""
    return _tokenizer(lang if lang in SUPPORTED else "xx")


def make_doc(lang: str | None, text: str) -> Doc:
    """Tokenize `text` (already folded) with the tokenizer of `lang`."""
    if len(text) > MAX_TEXT_CHARS:
        from spacy.errors import Errors

        raise ValueError(Errors.E088.format(length=len(text), max_length=MAX_TEXT_CHARS))
    return tokenizer(lang)(text)


@lru_cache(maxsize=None)
def _tokenizer(code: str) -> Tokenizer:
    """Built from the language's defaults as `spacy.blank(code).tokenizer` is, minus the `Language`.

    A `Language` costs ~100 ms of every cold start in config resolution and in regexes that
    French then replaces. French is the multi-language tokenizer plus the elision infix.
    """
    import_spacy()
    from spacy.lang.char_classes import ALPHA
    from spacy.lang.punctuation import TOKENIZER_INFIXES
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, get_lang_class
    from spacy.vocab import create_vocab

    base = "xx" if code == "fr" else code
    defaults = get_lang_class(base).Defaults
    infixes = [*TOKENIZER_INFIXES, _FRENCH_ELISION.format(alpha=ALPHA)] if code == "fr" else list(defaults.infixes or [])
    infixes += [infix.format(alpha=ALPHA) for infix in _CREDIT_INFIXES]
    return Tokenizer(
        create_vocab(base, defaults),
        rules=defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(defaults.prefixes).search if defaults.prefixes else None,
        suffix_search=compile_suffix_regex(defaults.suffixes).search if defaults.suffixes else None,
        infix_finditer=compile_infix_regex(infixes).finditer if infixes else None,
        token_match=defaults.token_match,
        url_match=None,  # a URL is matched as words; "6.Iran's" is not a web address
    )


@lru_cache(maxsize=1)
def import_spacy() -> None:
    """Import spaCy with the cyclic GC paused, and spare the interpreter a last GC at exit.

    spaCy's import leaves ~90,000 long-lived objects; collecting while they are created
    costs ~40 ms, and the collection Python runs while shutting down walks them all again
    (~120 ms). Freezing the heap at exit skips that walk; Python does not promise to run
    finalizers of objects still alive at exit, so nothing observable is lost. Call it before
    any `from spacy... import`; if spaCy came in another way, the exit freeze still helps.
    """
    atexit.register(gc.freeze)
    if "spacy" in sys.modules:
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        import spacy  # noqa: F401
    finally:
        if was_enabled:
            gc.enable()


class PhraseTokens:
    """The tokens of rule phrases and registry aliases, remembered between runs.

    Splitting ~3,000 phrases and aliases with a fresh tokenizer is most of what building the
    matchers costs (~70 ms of a cold start). The cache file maps each folded phrase to its
    tokens, so an edited rule can never be served stale tokens: its new phrase is not in the
    file yet and is tokenized. The file name fingerprints all that decides how a phrase
    splits (spaCy, Python, this module's code, the language), so a change there starts a new
    file. An entry is used only if its tokens spell the phrase, and a missing, corrupt,
    unreadable or read-only cache only costs time.
    """

    #: A file that would outgrow this keeps only the phrases of the latest run.
    MAX_ENTRIES = 50_000

    def __init__(self, lang: str | None):
        self.code = lang if lang in SUPPORTED else "xx"
        self._tokenizer = tokenizer(self.code)
        self._strings = self._tokenizer.vocab.strings
        self.path = _cache_file(self.code)
        self._known = self._read()
        self._used: dict[str, list[str]] = {}
        self.tokenized = 0

    def orths(self, phrase: str) -> list[int]:
        """The phrase's tokens as ORTH ids: a PhraseMatcher pattern, the same a Doc gives."""
        words = self._known.get(phrase)
        if not _spells(words, phrase):
            words = [token.text for token in self._tokenizer(phrase)]
            self.tokenized += 1
        self._used[phrase] = words
        return [self._strings.add(word) for word in words]

    def save(self) -> None:
        """Write the file if this run tokenized anything; never fails the run."""
        if not self.tokenized or self.path is None:
            return
        entries = {**self._known, **self._used}
        if len(entries) > self.MAX_ENTRIES:
            entries = self._used
        write_cache_file(self.path, json.dumps({"tokens": entries}, ensure_ascii=False))
        # Files of other fingerprints (another spaCy, older code) go once unused for a month.
        drop_stale_cache_files(self.path.parent, "*.json", keep=self.path)

    def _read(self) -> dict:
        data = read_cache_file(self.path) if self.path else None
        tokens = data.get("tokens") if isinstance(data, dict) else None
        return tokens if isinstance(tokens, dict) else {}


def _cache_file(code: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    from spacy.about import __version__ as spacy_version

    fingerprint = hashlib.sha256(b"\0".join(
        [source, spacy_version.encode(), sys.version.encode(), code.encode()])).hexdigest()[:20]
    return folder / "tokens" / f"{code}-{fingerprint}.json"


def _spells(words: object, phrase: str) -> bool:
    """True if `words` are tokens that, with single spaces between some, make up `phrase`."""
    if not isinstance(words, list):
        return False
    pos = 0
    for word in words:
        if not isinstance(word, str) or not word or not phrase.startswith(word, pos):
            return False
        pos += len(word)
        if phrase.startswith(" ", pos):
            pos += 1
    return pos == len(phrase)
