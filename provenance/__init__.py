"""provenance: check that published photo captions keep the picture's provenance.

The package reads articles and pictures (ingestion), applies rule packs written as data
(rules, engine) and writes reports (reports). `check` and `check_caption` are the API a
CMS calls; the `provenance` command is a thin layer over them.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Checker, CheckReport, check, check_caption, default_rules  # noqa: E402
from .model import Article, ArticleResult, Evidence, Figure, Finding, Severity, SourceRef  # noqa: E402

__all__ = [
    "Article", "ArticleResult", "CheckReport", "Checker", "Evidence", "Figure", "Finding",
    "Severity", "SourceRef", "check", "check_caption", "default_rules", "__version__",
]
