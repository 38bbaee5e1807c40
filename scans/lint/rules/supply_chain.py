"""ADV50x: where the image's contents come from (base images, downloads, TLS checks)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import lint_config, run_steps
from scans.lint.parsing import Dockerfile, Stage
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity


def image_tag(reference: str) -> str | None:
    """The tag of an image reference, or None (digest pins count as tagged)."""
    if "@" in reference:
        return "@digest"
    last = reference.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def image_registry(reference: str) -> str:
    """docker.io for short names, else the first path component when it looks like a host."""
    first, sep, _ = reference.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return first.lower()
    return "docker.io"


def external_stages(dockerfile: Dockerfile) -> Iterator[Stage]:
    """Stages FROM a real image (not scratch, not an earlier stage, not an unresolved ARG)."""
    names = {s.name.lower() for s in dockerfile.stages if s.name}
    for stage in dockerfile.stages:
        image = stage.base_image
        # an ARG without a default leaves "" (or "/app", "app:"): the build passes it, we cannot know it
        unresolved = "$" in image or not image or image.startswith("/") or image.endswith(":")
        if image.lower() not in names and image.lower() != "scratch" and not unresolved:
            yield stage


@rule(
    "ADV501",
    title="FROM without a tag, or with :latest",
    severity=Severity.MEDIUM,
    reason=(
        "An untagged or :latest base changes under you; builds stop being reproducible and a scan says "
        "little about tomorrow's image."
    ),
    fix="Pin a specific version, ideally with its digest: FROM debian:12.8-slim@sha256:<digest>",
    refs={
        "hadolint": ("DL3006", "DL3007"),
        "trivy": ("DS-0001",),
        "cis": ("4.2",),
        "checkov": ("CKV_DOCKER_7",),
    },
    guide="Pin the base image",
    peer_notes=(
        "We resolve ARG defaults in FROM (ARG BASE=quay.io/org/img; FROM $BASE), which hadolint skips; "
        "names we cannot resolve (FROM golangci-binary-${X}, usually a stage picked by ARG) are not "
        "flagged, while hadolint DL3006 reports them as untagged. hadolint takes a registry port for a "
        "tag (FROM localhost:5000/app); we and Trivy DS-0001 flag it as untagged."
    ),
)
def from_latest(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for stage in external_stages(dockerfile):
        tag = image_tag(stage.base_image)
        if tag is None:
            yield LintFinding("ADV501", stage.line, f"{stage.base_image} has no tag, so it means :latest.")
        elif tag == "latest":
            yield LintFinding("ADV501", stage.line, f"{stage.base_image} uses the moving :latest tag.")


@rule(
    "ADV502",
    title="Base image from a registry outside the allow-list",
    severity=Severity.MEDIUM,
    reason=(
        "Images from registries you have not vetted can be swapped or typo-squatted; an allow-list keeps "
        "the supply chain to sources you trust."
    ),
    fix=(
        "Pull the base from a trusted registry (mirror it there), or add the registry to trusted_registries"
        " / trustedRegistries."
    ),
    refs={"hadolint": ("DL3026",), "cis": ("4.2",)},
    guide="Pin the base image",
)
def untrusted_registry(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    trusted = {r.lower() for r in lint_config(dockerfile).trusted_registries}
    if not trusted:
        return
    if "docker.io" in trusted:
        trusted |= {"index.docker.io", "registry-1.docker.io"}
    for stage in external_stages(dockerfile):
        registry = image_registry(stage.base_image)
        if registry not in trusted:
            yield LintFinding(
                "ADV502", stage.line, f"{stage.base_image} comes from {registry}, which is not trusted."
            )


@rule(
    "ADV503",
    title="Base image not pinned by digest",
    severity=Severity.INFO,
    reason=(
        "A tag can be re-pointed to different content; only a digest names exactly one image, so a rebuild "
        "gets what was scanned."
    ),
    fix=(
        "Append the digest: FROM debian:12.8-slim@sha256:<digest> (docker buildx imagetools inspect shows "
        "it)."
    ),
    refs={"cis": ("4.2",)},
    guide="Pin the base image",
)
def no_digest(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for stage in external_stages(dockerfile):
        tag = image_tag(stage.base_image)
        if tag not in (None, "latest", "@digest"):
            yield LintFinding("ADV503", stage.line, f"{stage.base_image} is pinned by tag only.")


SUBSTITUTED_DOWNLOAD = re.compile(r"[$<]\(\s*(curl|wget)\b")
DOWNLOADERS = frozenset({"curl", "wget", "fetch"})
SHELL_NAMES = frozenset(
    {"sh", "bash", "dash", "ash", "zsh", "ksh", "python", "python3", "perl", "ruby", "node", "php"}
)


@rule(
    "ADV504",
    title="Downloaded script piped straight into a shell",
    severity=Severity.HIGH,
    reason=(
        "curl | sh runs whatever the server sends, unverified and unreviewable; a compromised host or a "
        "truncated download runs as root in your build."
    ),
    fix=(
        "Download to a file, verify it, then run it: curl -fsSLo install.sh URL && echo '<sha256>  "
        "install.sh' | sha256sum -c - && sh install.sh"
    ),
    refs={},
    guide="Verify what you download",
)
def curl_pipe_shell(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        for pipeline in step.script.pipelines():
            names = [c.name for c in pipeline]
            first = next((i for i, n in enumerate(names) if n in DOWNLOADERS), None)
            if first is not None and any(n in SHELL_NAMES for n in names[first + 1 :]):
                yield at(
                    "ADV504",
                    step.inst,
                    f"`{names[first]} ... | {names[-1]}` runs a downloaded script unverified.",
                )
                break
        else:
            for command in step.script.named(*SHELL_NAMES):
                if any(SUBSTITUTED_DOWNLOAD.search(arg) for arg in command.args):
                    yield at(
                        "ADV504",
                        step.inst,
                        f"`{command.name}` runs a script fetched by command substitution.",
                    )
                    break
