#!/usr/bin/env python3
"""Set up and run: the README's two quickstart commands, and what CI runs.

    python3 dev.py check   # set up .venv, then `provenance check examples/` -> reports/index.html
    python3 dev.py test    # set up .venv with test tools, then run the whole test suite

Needs only Python 3.11+ (and git for the clone). Everything else is installed here,
into .venv, so a fresh machine and CI do exactly the same thing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd: str | Path) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def setup(extras: str) -> None:
    """Create .venv if needed and install the project (editable) with `extras`."""
    if sys.version_info < (3, 11):
        sys.exit(f"provenance needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print(f"+ creating {VENV.relative_to(ROOT)}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    if run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", spec) != 0:
        sys.exit("installing the project into .venv failed (see pip's message above)")


#: Debian packages some tests use: ExifTool writes IPTC/XMP fields that Pillow cannot; Chromium
#: opens the HTML reports in a real browser (tests/test_browser.py, driven by Playwright).
#: A test that needs one skips with its reason when it is absent.
SYSTEM_TOOLS = {"exiftool": "libimage-exiftool-perl", "chromium": "chromium"}


def install_system_tools() -> None:
    """Install missing Debian tools when this machine lets us (root with apt-get, as in CI)."""
    missing = [pkg for tool, pkg in SYSTEM_TOOLS.items() if shutil.which(tool) is None]
    if not missing:
        return
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        print(f"note: {', '.join(missing)} not installed and cannot be installed here; "
              "the tests that need it will be skipped", flush=True)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *missing]):
        print("+", " ".join(cmd), flush=True)
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:  # apt's output only when it failed: the rest is noise in a test log
            print(done.stdout[-4000:], flush=True)
            print(f"note: installing {', '.join(missing)} failed; the tests that need it will be skipped", flush=True)
            return


def main(argv: list[str]) -> int:
    task = argv[1] if len(argv) > 1 else ""
    if task == "check":
        setup("")
        code = run(BIN / "provenance", "check", "examples/", "--format", "html", "--format", "json", *argv[2:])
        print("open reports/index.html to read the report", flush=True)
        return 0 if code in (0, 1) else code  # 1 only means findings at or above --fail-on
    if task == "test":
        setup("test")
        install_system_tools()
        return run(BIN / "python", "-m", "pytest", *argv[2:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
