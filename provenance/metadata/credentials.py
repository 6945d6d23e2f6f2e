"""C2PA Content Credentials through the official c2pa-python library, fully offline.

Left to its defaults the library fetches remote manifests over the network and trusts
whatever its defaults trust. Here the network is off (no remote manifests, no OCSP, no
allowed hosts) and the trust anchors are exactly the bundle the caller configured, or none.
A manifest that lives only on a server is itself a fact to report, not a reason to go online.
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading

from .model import C2paAction, C2paIngredient, C2paSummary, ImageMetadata, Problem
from .values import clean_text

_URL = re.compile(r"https?://\S+")
_lock = threading.Lock()


def offline_settings(trust_anchor_pem: str | None) -> dict:
    """c2pa settings that never touch the network and trust only the given anchors."""
    return {
        "version": 1,
        "verify": {"verify_after_reading": True, "verify_trust": True, "verify_timestamp_trust": True,
                   "ocsp_fetch": False, "remote_manifest_fetch": False},
        "core": {"allowed_network_hosts": []},
        "trust": {"trust_anchors": trust_anchor_pem, "user_anchors": None, "allowed_list": None},
    }


@functools.cache
def _library():
    """c2pa, imported on the first file that has a manifest store: most never do, and it costs 35 ms."""
    try:
        import c2pa
    except ImportError:  # pragma: no cover - c2pa-python is a declared dependency
        return None
    return c2pa


@functools.lru_cache(maxsize=4)
def _context(trust_anchor_pem: str | None):
    return _library().Context.from_dict(offline_settings(trust_anchor_pem))


def read_c2pa(data: bytes, mime: str, trust_anchor_pem: str | None,
              trust_label: str | None = None) -> tuple[C2paSummary | None, list[Problem]]:
    """The Content Credentials of a file in memory: (summary or None when there are none, problems).

    Only for a file whose container walk saw a manifest store (a JUMBF box, a caBX or C2PA
    chunk): the library parses the whole file, which costs more than the rest of the read,
    and on a damaged file without a manifest it only repeats the walker's damage report.
    """
    c2pa = _library()
    if c2pa is None:
        return None, [Problem("unsupported", "c2pa-python is not installed; Content Credentials not read")]
    try:
        with _lock:
            reader = c2pa.Reader.try_create(mime, io.BytesIO(data), None, _context(trust_anchor_pem))
        if reader is None:
            return None, []
        with reader:
            store = json.loads(reader.json())
    except Exception as error:  # the native library reports every failure as some C2paError
        return _failed_read(str(error))
    summary = summarize(store)
    summary.trust_anchors = trust_label
    return summary, []


def _failed_read(message: str) -> tuple[C2paSummary, list[Problem]]:
    """A remote-only manifest, or a manifest the library could not read."""
    if message.startswith(("Remote", "RemoteManifest")):
        url = _URL.search(message)
        return C2paSummary(location="remote", remote_url=url.group(0) if url else None,
                           error="the manifest is stored remotely and was not fetched (no network use)"), []
    reason = message.split(": ", 1)[-1] if ": " in message else message
    return C2paSummary(error=f"the C2PA manifest could not be read: {reason}"), [
        Problem("malformed", f"C2PA manifest could not be read or validated: {reason}")]


def summarize(store: dict) -> C2paSummary:
    """The facts a desk needs from a manifest store as the library reports it."""
    manifests: dict = store.get("manifests") or {}
    active_label = store.get("active_manifest") or ""
    active = manifests.get(active_label) or {}
    signature = active.get("signature_info") or {}
    results = store.get("validation_results") or {}
    return C2paSummary(
        validation_state=store.get("validation_state"),
        failure_codes=_failure_codes(results.get("activeManifest"), store.get("validation_status")),
        signer=signature.get("common_name"),
        issuer=signature.get("issuer"),
        signed_at=signature.get("time"),
        claim_generator=_claim_generator(active),
        title=active.get("title"),
        authors=_authors(active),
        actions=[action for label, manifest in sorted(manifests.items(), key=lambda m: (m[0] != active_label, m[0]))
                 for action in _actions(manifest, label, label == active_label)],
        ingredients=_ingredients(active, results.get("ingredientDeltas") or []),
    )


def _codes(entries: list | None) -> list[str]:
    return list(dict.fromkeys(e["code"] for e in entries or [] if isinstance(e, dict) and e.get("code")))


def _failure_codes(active_results: dict | None, status: list | None) -> list[str]:
    if active_results is not None:
        return _codes(active_results.get("failure"))
    return _codes(status)


def _claim_generator(manifest: dict) -> str | None:
    infos = manifest.get("claim_generator_info") or []
    named = [" ".join(str(part) for part in (i.get("name"), i.get("version")) if part)
             for i in infos if isinstance(i, dict) and i.get("name")]
    return manifest.get("claim_generator") or ", ".join(named) or None


def _actions(manifest: dict, label: str, active: bool) -> list[C2paAction]:
    found = []
    for assertion in manifest.get("assertions") or []:
        if not str(assertion.get("label", "")).startswith("c2pa.actions"):
            continue
        for action in (assertion.get("data") or {}).get("actions") or []:
            agent = action.get("softwareAgent")
            agent = agent.get("name") if isinstance(agent, dict) else agent
            source_type = action.get("digitalSourceType")
            found.append(C2paAction(action=str(action.get("action", "")),
                                    software_agent=clean_text(agent) if isinstance(agent, str) else None,
                                    digital_source_type=clean_text(source_type) if isinstance(source_type, str) else None,
                                    manifest=label, active=active))
    return found


def _authors(manifest: dict) -> list[str]:
    """Author names of the schema.org CreativeWork assertion (who the signer says made it)."""
    names = []
    for assertion in manifest.get("assertions") or []:
        if str(assertion.get("label", "")).startswith("stds.schema-org.CreativeWork"):
            authors = (assertion.get("data") or {}).get("author") or []
            for author in authors if isinstance(authors, list) else [authors]:
                name = author.get("name") if isinstance(author, dict) else None
                if isinstance(name, str) and clean_text(name):
                    names.append(clean_text(name))
    return list(dict.fromkeys(names))


def _ingredients(manifest: dict, deltas: list) -> list[C2paIngredient]:
    failures = {str(d.get("ingredientAssertionURI", "")).rsplit("/", 1)[-1]:
                _codes((d.get("validationDeltas") or {}).get("failure")) for d in deltas if isinstance(d, dict)}
    return [C2paIngredient(title=i.get("title"), relationship=i.get("relationship"),
                           manifest=i.get("active_manifest"),
                           failure_codes=tuple(failures.get(i.get("label", ""), [])))
            for i in manifest.get("ingredients") or [] if isinstance(i, dict)]


def add_c2pa(meta: ImageMetadata, summary: C2paSummary) -> None:
    """The normalized fields the active manifest speaks to: source type, generator, author."""
    for action in summary.actions:
        if action.active and action.digital_source_type:
            meta.add("digital_source_type", action.digital_source_type, "C2PA:c2pa.actions")
    if summary.claim_generator:
        meta.add("software", summary.claim_generator, "C2PA:claim_generator")
    for author in summary.authors:
        meta.add("byline", author, "C2PA:stds.schema-org.CreativeWork")
