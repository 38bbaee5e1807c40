"""ADV5xx: where the image's contents come from, and secrets."""

from __future__ import annotations

from collections.abc import Iterator

from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, rule
from scans.results import Severity


def image_tag(reference: str) -> str | None:
    """The tag of an image reference, or None (digest pins count as tagged)."""
    if "@" in reference:
        return "@digest"
    last = reference.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


@rule(
    "ADV501",
    title="FROM without a tag, or with :latest",
    severity=Severity.MEDIUM,
    reason="An untagged or :latest base changes under you; builds stop being reproducible and a scan says little about tomorrow's image.",
    fix="Pin a specific version, ideally with its digest: FROM debian:12.8-slim@sha256:<digest>",
    refs={"hadolint": ("DL3006", "DL3007"), "trivy": ("DS-0001",), "cis": ("4.2",), "checkov": ("CKV_DOCKER_7",)},
    guide="Pin the base image",
)
def from_latest(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    stage_names = {s.name.lower() for s in dockerfile.stages if s.name}
    for stage in dockerfile.stages:
        image = stage.base_image
        if image.lower() in stage_names or image == "scratch" or "$" in image:
            continue
        tag = image_tag(image)
        if tag is None:
            yield LintFinding("ADV501", stage.line, f"{image} has no tag, so it means :latest.")
        elif tag == "latest":
            yield LintFinding("ADV501", stage.line, f"{image} uses the moving :latest tag.")
