"""A plain-text listing of an ImageMetadata, like a focused `exiftool -G` run."""

from __future__ import annotations

from .model import FIELD_LABELS, C2paSummary, ImageMetadata


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def format_text(meta: ImageMetadata, max_value_chars: int = 300) -> str:
    """Origin, field and value on each line; then C2PA, conflicts, problems and notes."""
    rows: list[tuple[str, str, str]] = [("File", "Path", meta.path)]
    if meta.format:
        rows.append(("File", "Format", meta.format))
    if meta.width and meta.height:
        rows.append(("File", "Image size", f"{meta.width}x{meta.height}"))
    for name, label in FIELD_LABELS.items():
        rows.extend((value.origin, label, value.value) for value in meta.values(name))
    if meta.c2pa is not None:
        rows.extend(("C2PA", label, value) for label, value in c2pa_lines(meta.c2pa))
    width = max(len(origin) for origin, _, _ in rows) + 2
    label_width = max(len(label) for _, label, _ in rows)
    lines = [f"{'[' + origin + ']':<{width}} {label:<{label_width}} : {_shorten(value, max_value_chars)}"
             for origin, label, value in rows]
    for conflict in meta.conflicts:
        said = "; ".join(f"{v.origin} says {_shorten(v.value, 80)!r}" for v in conflict.values)
        lines.append(f"Conflict: {FIELD_LABELS[conflict.field]}: {said}")
    lines.extend(f"Problem ({problem.kind}): {problem.reason}" for problem in meta.problems)
    lines.extend(f"Note: {note}" for note in meta.notes)
    return "\n".join(lines)


def c2pa_lines(summary: C2paSummary) -> list[tuple[str, str]]:
    """The Content Credentials as (label, value) lines a person can read top to bottom."""
    lines = [("Manifest", {"remote": "remote only (not fetched)",
                           "missing": "MISSING (XMP says it was embedded; stripped)"}.get(summary.location,
                                                                                          summary.location))]
    if summary.remote_url:
        lines.append(("Remote manifest", summary.remote_url))
    if summary.validation_state:
        trust = ", signer NOT trusted" if summary.signer_untrusted else ""
        lines.append(("Validation", summary.validation_state + trust))
    if summary.failure_codes:
        lines.append(("Failure codes", ", ".join(summary.failure_codes)))
    if summary.signer or summary.issuer:
        lines.append(("Signer", f"{summary.signer or '?'} (issued by {summary.issuer or '?'})"))
    for label, value in (("Signed at", summary.signed_at), ("Claim generator", summary.claim_generator),
                         ("Trust anchors", summary.trust_anchors), ("Error", summary.error)):
        if value:
            lines.append((label, value))
    for action in summary.actions:
        where = "" if action.active else f" [ingredient manifest {action.manifest}]"
        detail = ", ".join(filter(None, [action.software_agent, action.digital_source_type]))
        lines.append(("Action", f"{action.action}{f' ({detail})' if detail else ''}{where}"))
    for ingredient in summary.ingredients:
        failures = f" failures: {', '.join(ingredient.failure_codes)}" if ingredient.failure_codes else ""
        lines.append(("Ingredient", f"{ingredient.title} ({ingredient.relationship}){failures}"))
    if summary.ai_source_types:
        lines.append(("AI source types", ", ".join(summary.ai_source_types)))
    return lines
