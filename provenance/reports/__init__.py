"""Reports: findings out as HTML for people and JSON for machines.

Every writer renders fully in memory first and then replaces its file in one step, so a
failed run never leaves a half-written report behind.
"""

from __future__ import annotations

from .json_report import SCHEMA_VERSION, report_to_dict, render_json
from .output import write_atomic

__all__ = ["SCHEMA_VERSION", "render_json", "report_to_dict", "write_atomic"]
