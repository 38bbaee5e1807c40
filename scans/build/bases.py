"""Base images a Dockerfile asks for, and whether their registries are allowed.

A deliberately small FROM reader (the lint stage owns real parsing and stages
do not import each other): it only needs the image references, joined over
line continuations, with `$VAR`/`${VAR:-default}` taken from global ARG defaults.
"""

from __future__ import annotations

import re

ARG_RE = re.compile(r"^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?", re.IGNORECASE)
FROM_RE = re.compile(r"^FROM\s+(.*)$", re.IGNORECASE)
VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def logical_lines(dockerfile: str) -> list[str]:
    lines: list[str] = []
    current = ""
    for raw in dockerfile.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append((current + stripped).strip())
        current = ""
    if current:
        lines.append(current.strip())
    return lines


def base_images(dockerfile: str) -> list[str]:
    """Image references of every FROM, skipping `scratch` and earlier stage names."""
    args: dict[str, str] = {}
    stages: set[str] = set()
    images: list[str] = []
    for line in logical_lines(dockerfile):
        if match := ARG_RE.match(line):
            args.setdefault(match.group(1), (match.group(2) or "").strip("\"'"))
        elif match := FROM_RE.match(line):
            words = [w for w in match.group(1).split() if not w.startswith("--")]
            if not words:
                continue
            image = expand(words[0], args)
            if len(words) >= 3 and words[1].lower() == "as":
                stages.add(words[2].lower())
            if image.lower() not in stages and image != "scratch":
                images.append(image)
    return images


def expand(word: str, args: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        return args.get(name) or match.group(2) or ""

    return VAR_RE.sub(value, word)


def registry_of(image: str) -> str:
    """docker.io for short names, as Docker and podman's docker.io default do."""
    first, _, rest = image.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        return first
    return "docker.io"


def disallowed_bases(dockerfile: str, allowed: tuple[str, ...]) -> list[str]:
    """Base images whose registry is not in `allowed`; an empty allow-list allows all."""
    if not allowed:
        return []
    return [image for image in base_images(dockerfile) if registry_of(image) not in allowed]
