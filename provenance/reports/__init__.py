"""Reports: findings out as HTML for people and as machine formats for tools.

Machine formats: JSON (the contract, with a published JSON Schema in schema/), SARIF 2.1.0 for
code scanning, JUnit XML for CI test views, GitHub Actions annotations and a compact terminal
format. `writer.FORMATS` is the one registry of them all. Every writer renders fully in memory
first and then replaces its files one by one atomically, so a failed run never leaves a
half-written report behind.
"""

from __future__ import annotations

from .json_report import SCHEMA_VERSION, report_to_dict, render_json
from .options import ReportOptions
from .output import write_atomic
from .writer import FORMATS, render_stdout, write_reports

__all__ = ["FORMATS", "SCHEMA_VERSION", "ReportOptions", "render_json", "render_stdout", "report_to_dict",
           "write_atomic", "write_reports"]
