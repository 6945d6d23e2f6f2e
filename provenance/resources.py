"""Where the shipped data lives and how YAML is read from it safely.

The rule packs sit at the top of the repository (`rules/`) so a newsroom edits them as
data; a wheel carries the same folder inside the package as `provenance/_rules`.
"""

from __future__ import annotations

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
        return _parse_yaml(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise DataError(f"{path}:{where}: invalid YAML: {problem}") from None
