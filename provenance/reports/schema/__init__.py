"""The published JSON Schema (draft 2020-12) of `--format json`, shipped inside the package.

`report-<major>.json` covers every document of that major version; its `$id` ends with the full
SCHEMA_VERSION the code writes, so a reader can tell which revision it validated against.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..json_report import SCHEMA_VERSION

REPORT_SCHEMA_PATH = Path(__file__).with_name(f"report-{SCHEMA_VERSION.split('.')[0]}.json")


def report_schema() -> dict:
    """The JSON Schema of the report document, parsed."""
    return json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
