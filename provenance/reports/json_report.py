"""The JSON contract: one document per run, `schema_version` first.

Its JSON Schema ships in the package (provenance/reports/schema/report-1.json, see
`provenance.reports.schema`); change both together, and bump SCHEMA_VERSION and the schema's
`$id` with them.
"""

from __future__ import annotations

import json

from ..api import CheckReport
from ..model import ArticleResult

#: Bump the major part when a field changes meaning or disappears.
SCHEMA_VERSION = "1.0"


def article_to_dict(result: ArticleResult) -> dict:
    article = result.article
    figures = []
    for index, figure in enumerate(article.figures):
        entry = figure.to_dict()
        entry["credit_chain"] = [link.to_dict() for link in result.credits.get(index, [])]
        figures.append(entry)
    return {
        "path": article.path,
        "id": article.id,
        "language": article.language,
        "format": article.format,
        "headline": article.headline,
        "body": article.body,
        "notes": list(article.notes),
        "figures": figures,
        "findings": [f.to_dict() for f in result.findings],
    }


def report_to_dict(report: CheckReport) -> dict:
    from .. import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "provenance", "version": __version__},
        "articles": [article_to_dict(r) for r in report.results],
        "summary": report.summary(),
    }


def render_json(report: CheckReport) -> str:
    """The document with one article per line.

    Each article is encoded on its own by json's C encoder (an indented dump takes the pure
    Python one, several times slower) and never all at once as one tree of dicts, so a run
    over thousands of pictures stays fast and its memory flat. `jq .` pretty-prints it.
    """
    from .. import __version__

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    articles = ",\n".join(dump(article_to_dict(r)) for r in report.results)
    return (f'{{"schema_version": {dump(SCHEMA_VERSION)},\n'
            f'"tool": {dump({"name": "provenance", "version": __version__})},\n'
            f'"articles": [\n{articles}\n],\n'
            f'"summary": {dump(report.summary())}}}\n')
