"""Where the shipped data lives and how YAML is read from it safely.

The rule packs sit at the top of the repository (`rules/`) so a newsroom edits them as
data; a wheel carries the same folder inside the package as `provenance/_rules`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent

#: Rule files larger than this are refused: a rule pack is text, not a data dump.
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024


class DataError(Exception):
    """A rule, registry or lexicon file is unusable; the message names file and fault."""


def builtin_rules_dir() -> Path:
    """The rule packs shipped with this installation."""
    for candidate in (_PACKAGE_DIR / "_rules", _PACKAGE_DIR.parent / "rules"):
        if (candidate / "sources").is_dir():
            return candidate
    raise DataError(f"no rule packs found next to {_PACKAGE_DIR} (looked for _rules/ and ../rules/)")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which otherwise silently drop a value."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"a key must be plain text, not {type(key).__name__}", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _FastStrictLoader(getattr(yaml, "CSafeLoader", _StrictLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser (when PyYAML has it): ~10x faster, which saves
    ~90 ms of every cold start. Its error messages are terser, so a file it rejects is
    parsed again by `_StrictLoader` for the message."""


_FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def cache_dir() -> Path | None:
    """Where provenance keeps its caches: $PROVENANCE_CACHE_DIR (set but empty: no cache),
    else $XDG_CACHE_HOME/provenance, else ~/.cache/provenance."""
    configured = os.environ.get("PROVENANCE_CACHE_DIR")
    if configured is not None:
        return Path(configured).expanduser() if configured.strip() else None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    try:
        return (Path(base) if base else Path.home() / ".cache") / "provenance"
    except RuntimeError:  # no home directory to be found
        return None


def write_cache_file(path: Path, text: str) -> None:
    """Replace a cache file in one step; a cache that cannot be written only costs time."""
    from .reports.output import write_atomic  # a plain file utility; imported late to keep layers apart

    try:
        write_atomic(path, text)
    except OSError:
        pass


def read_cache_file(path: Path, max_bytes: int = 32 * 1024 * 1024) -> Any:
    """The JSON in a cache file, or None if it is missing, too large or damaged.

    A file in use is touched once a day, so `drop_stale_cache_files` only removes files
    that no run needs any more."""
    try:
        with path.open(encoding="utf-8") as handle:
            status = os.fstat(handle.fileno())
            if status.st_size > max_bytes:
                return None
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if time.time() - status.st_mtime > _DAY:
        try:
            os.utime(path)
        except OSError:
            pass  # a read-only cache still serves
    return data


_DAY = 24 * 3600


def drop_stale_cache_files(folder: Path, pattern: str, keep: Path, max_age: float = 30 * _DAY) -> None:
    """Delete files of a cache that no run has used for `max_age` seconds."""
    cutoff = time.time() - max_age
    try:
        for path in folder.glob(pattern):
            if path != keep and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    except OSError:
        pass


class _ParsedYamlCache:
    """Parsed rule files kept as JSON between runs, which reads ~10x faster than YAML.

    An entry is named by a hash of the file's exact text and of the loader (this module's
    code, PyYAML's version), so an edited file can never be served its old data: its new
    text simply has no entry yet. Only documents that JSON gives back exactly are kept
    (no dates, no non-string keys, no anchors shared between places); a missing, corrupt
    or unwritable cache only costs time.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder

    def load(self, text: str) -> Any:
        path = self._entry(text)
        if path is None:
            return _parse_yaml(text)
        entry = read_cache_file(path)
        if isinstance(entry, dict) and "data" in entry:
            return entry["data"]
        data = _parse_yaml(text)
        if _survives_json(data):
            write_cache_file(path, json.dumps({"data": data}, ensure_ascii=False))
            drop_stale_cache_files(path.parent, "*.json", keep=path)  # entries of edited files
        return data

    def _entry(self, text: str) -> Path | None:
        fingerprint = _loader_fingerprint()
        if self.folder is None or fingerprint is None:
            return None
        digest = hashlib.sha256(fingerprint + text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / "yaml" / f"{digest[:40]}.json"

@lru_cache(maxsize=1)
def _loader_fingerprint() -> bytes | None:
    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None
    return hashlib.sha256(b"\0".join([source, yaml.__version__.encode()])).digest()


def _survives_json(data: Any) -> bool:
    """True if JSON gives `data` back exactly, each container its own object as YAML gave it."""
    try:
        if json.loads(json.dumps(data, allow_nan=False)) != data:
            return False
    except (TypeError, ValueError):
        return False
    seen: set[int] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)):
            if id(item) in seen:
                return False  # an anchor used twice: JSON would make two copies
            seen.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return True


def load_yaml(path: Path) -> Any:
    """Parse one YAML data file, turning every failure into a `DataError` naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise DataError(f"{path}: {size} bytes is too large for a rule file")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DataError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except OSError as err:
        raise DataError(f"{path}: cannot read ({err.strerror})") from None
    try:
        return _ParsedYamlCache(cache_dir()).load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise DataError(f"{path}:{where}: invalid YAML: {problem}") from None
