"""Guess a text's language from its function words, with no model to download.

The word lists live in `rules/lexicons/function_words.yaml`, so adding a language is an
edit to data. Short or mixed texts return None and the caller falls back to the article's
declared language.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .resources import builtin_rules_dir, load_yaml

_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_HITS = 2


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    data = load_yaml(builtin_rules_dir() / "lexicons" / "function_words.yaml")
    return {lang: frozenset(w.lower() for w in words) for lang, words in data.items()}


@lru_cache(maxsize=8192)
def language_scores(text: str, limit: int = 4000) -> tuple[tuple[str, int], ...]:
    """Each language with how many of the text's words are its function words, best first."""
    words = [w.lower() for w in _WORDS.findall(text[:limit])]
    words += [w.split("'")[0] + "'" for w in words if "'" in w]
    counts = Counter(words)  # each distinct word is looked up once per language
    scores = {lang: sum(n for w, n in counts.items() if w in vocab) for lang, vocab in _function_words().items()}
    return tuple(sorted(scores.items(), key=lambda item: -item[1]))


def detect_language(text: str, limit: int = 4000) -> str | None:
    """The language whose function words the text uses most, or None if unclear."""
    scores = language_scores(text, limit)
    if not scores or scores[0][1] < _MIN_HITS:
        return None
    return scores[0][0]


def language_is_clear(text: str, lang: str) -> bool:
    """Whether the text reads as `lang` with a clear lead over any other language.

    Grammar patterns are run for the text's own language only; when the guess is close
    (Italian and French share many short words) the engine runs every language's patterns.
    """
    scores = language_scores(text)
    if not scores or scores[0][0] != lang or scores[0][1] < _MIN_HITS:
        return False
    runner_up = scores[1][1] if len(scores) > 1 else 0
    return scores[0][1] >= 2 * runner_up
