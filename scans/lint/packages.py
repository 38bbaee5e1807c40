"""Which packages a RUN installs, per package manager (shared by several rule themes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from scans.lint.facts import RunStep, run_commands
from scans.lint.parsing import Dockerfile
from scans.lint.shell import Command

INSTALL_SUBCOMMANDS = {
    "apt-get": ("install",),
    "apt": ("install",),
    "apk": ("add",),
    "yum": ("install",),
    "dnf": ("install",),
    "microdnf": ("install",),
    "tdnf": ("install",),
    "zypper": ("install", "in"),
    "pip": ("install",),
    "pip3": ("install",),
    "npm": ("install", "i", "add"),
    "gem": ("install",),
}
# Options whose value is a separate word, so it is not mistaken for a package name.
VALUED_OPTIONS = frozenset(
    {"-o", "-t", "--target-release", "-c", "--repository", "-X", "--virtual", "--root",
     "--enablerepo", "--disablerepo", "--setopt", "--installroot", "-r", "--requirement",
     "-i", "--index-url", "--extra-index-url", "--trusted-host", "-f", "--find-links",
     "--constraint", "--prefix", "--target", "-e", "--registry", "-v", "--version"}
)  # fmt: skip


@dataclass(frozen=True)
class Install:
    step: RunStep
    command: Command
    manager: str
    packages: tuple[str, ...]


def installs(dockerfile: Dockerfile) -> list[Install]:
    """Every package-install command in RUN steps, with the package names it names."""
    if "installs" not in dockerfile.memo:
        dockerfile.memo["installs"] = list(_installs(dockerfile))
    return dockerfile.memo["installs"]


def _installs(dockerfile: Dockerfile) -> Iterator[Install]:
    for step, command in run_commands(dockerfile, *INSTALL_SUBCOMMANDS):
        manager = command.name
        if manager.startswith("pip") and command.name not in ("pip", "pip3"):
            continue
        if command.subcommand() in INSTALL_SUBCOMMANDS[manager]:
            yield Install(step, command, manager, tuple(expand(package_names(command), step)))
    for step, command in run_commands(dockerfile, "python", "python3"):
        words = command.args
        if len(words) >= 3 and words[0] == "-m" and words[1] in ("pip", "pip3"):
            pip = Command(("pip", *words[2:]), command.wrappers, command.redirects)
            if pip.subcommand() == "install":
                yield Install(step, pip, "pip", tuple(expand(package_names(pip), step)))


ASSIGNMENT_RE = re.compile(r"(?:^|[\s;&|(])([A-Za-z_]\w*)=(?:'([^']*)'|\"([^\"]*)\"|([^\s;&|]*))")


def expand(names: list[str], step: RunStep) -> list[str]:
    """`buildDeps='curl git'; apk add $buildDeps` installs curl and git."""
    variables = {
        m.group(1): m.group(2) or m.group(3) or m.group(4) or ""
        for m in ASSIGNMENT_RE.finditer(step.inst.script)
    }
    out: list[str] = []
    for name in names:
        key = name.lstrip("$").strip("{}")
        out.extend(variables[key].split() if name.startswith("$") and key in variables else [name])
    return [n for n in out if not n.startswith("$")]


def package_names(command: Command) -> list[str]:
    names: list[str] = []
    skip_next = False
    seen_subcommand = False
    for word in command.args:
        if skip_next:
            skip_next = False
        elif word.startswith("-"):
            skip_next = word in VALUED_OPTIONS
        elif not seen_subcommand:
            seen_subcommand = True
        elif word not in (".", "./"):
            names.append(word)
    return names


def installed_names(dockerfile: Dockerfile) -> dict[str, Install]:
    """Bare package name (version stripped) -> the install that brings it in (first one)."""
    if "installed_names" in dockerfile.memo:
        return dockerfile.memo["installed_names"]
    found: dict[str, Install] = {}
    dockerfile.memo["installed_names"] = found
    for item in installs(dockerfile):
        for package in item.packages:
            bare = package.split("=")[0].split("<")[0].split(">")[0]
            found.setdefault(bare, item)
    return found
