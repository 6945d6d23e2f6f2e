"""Shared fixtures: run the `provenance` command in-process and write input files.

Every test builds its own inputs under `tmp_path`; nothing is read from outside the repository.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from provenance.cli import app


@dataclass
class Cli:
    """The `provenance` command as a user runs it, with stdout and stderr kept apart."""

    runner: CliRunner = field(default_factory=CliRunner)

    def run(self, *args: str | Path) -> Result:
        return self.runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    def report(self, *args: str | Path) -> dict:
        """`provenance check ARGS --format json --out -`, parsed; fails the test on a usage error."""
        result = self.run("check", *args, "--format", "json", "--out", "-")
        assert result.exit_code in (0, 1), f"exit {result.exit_code}: {result.stderr}"
        return json.loads(result.stdout)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """The tests keep provenance's caches in a folder of their own, never the user's."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PROVENANCE_CACHE_DIR", str(tmp_path_factory.mktemp("provenance-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def cli() -> Cli:
    """Stateless, so one for the whole session."""
    return Cli()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (text as UTF-8, bytes as given) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write

