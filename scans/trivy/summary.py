"""Counts and the base-image attribution the report needs from a vulnerability list.

Base-image heuristic (which layers came from FROM, not from the user's steps):
buildah/podman record the user's FROM in the image history: the first history entry
that the Dockerfile's own steps created carries the comment "FROM <base image>" (the
following ones say "FROM <parent image id>"). Every layer before the last such named
entry belongs to the base image. Images built by other tools
lack that comment; then only the first layer counts as base, which is right for
single-layer bases (debian, alpine, busybox) and undercounts multi-layer bases. A
vulnerability is "from the base image" when Trivy says the package came from one of
those layers, so "rebuild on a newer base" is advice about exactly these.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from scans.trivy.parsing import Vulnerability

SUMMARY_KEYS = ("critical", "high", "medium", "low", "unknown")
TOP_PACKAGES = 5


@dataclass(frozen=True)
class BaseImage:
    name: str | None  # "docker.io/library/debian:bookworm-slim", when the history says
    layers: frozenset[str]  # DiffIDs
    by_history: bool  # False: the first-layer fallback was used


def summarise(vulns: list[Vulnerability]) -> dict[str, int]:
    """{"critical", "high", "medium", "low", "unknown", "fixable"}: one count per finding."""
    counts = Counter(vuln.severity.lower() for vuln in vulns)
    summary = {key: counts.get(key, 0) for key in SUMMARY_KEYS}
    # Severities Trivy might add later count as unknown rather than vanish.
    summary["unknown"] += sum(n for word, n in counts.items() if word not in SUMMARY_KEYS)
    summary["fixable"] = sum(1 for vuln in vulns if vuln.is_fixable)
    return summary


def top_packages(vulns: list[Vulnerability], limit: int = TOP_PACKAGES) -> list[dict[str, Any]]:
    counts = Counter(vuln.package for vuln in vulns)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"package": name, "count": count} for name, count in ranked[:limit]]


def base_image_layers(report: dict[str, Any]) -> BaseImage:
    metadata = report.get("Metadata") or {}
    diff_ids = list(metadata.get("DiffIDs") or [])
    history = ((metadata.get("ImageConfig") or {}).get("history")) or []
    found: BaseImage | None = None
    layer_index = 0
    for entry in history:
        base_name = named_from(str(entry.get("comment", "")))
        if base_name:
            # The LAST named FROM wins: a base built by buildah has its own in its history.
            found = BaseImage(base_name, frozenset(diff_ids[:layer_index]), True)
        if not entry.get("empty_layer"):
            layer_index += 1
    return found or BaseImage(None, frozenset(diff_ids[:1]), False)


_IMAGE_ID = re.compile(r"^[0-9a-f]{12,64}$")


def named_from(comment: str) -> str | None:
    """ "FROM debian:bookworm-slim" → the name; buildah's later steps say "FROM <image id>"."""
    if not comment.startswith("FROM "):
        return None
    name = comment[5:].strip()
    return None if not name or _IMAGE_ID.match(name) else name


def vulnerability_details(vulns: list[Vulnerability], base: BaseImage) -> dict[str, Any]:
    in_base = sum(1 for vuln in vulns if vuln.layer in base.layers)
    return {
        "vuln_total": len(vulns),
        "top_packages": top_packages(vulns),
        "base_image": base.name,
        "base_image_layers": len(base.layers),
        "base_image_vulns": in_base,
        "base_image_fixable": sum(1 for v in vulns if v.layer in base.layers and v.is_fixable),
        "base_image_by_history": base.by_history,
        "not_fixable": sum(1 for vuln in vulns if not vuln.is_fixable),
    }
