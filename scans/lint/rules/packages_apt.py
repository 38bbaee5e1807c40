"""ADV601-606: apt hygiene (low severity: image size and reproducible, non-interactive builds)."""

from __future__ import annotations

from collections.abc import Iterator

from scans.lint.facts import RunStep, final_instructions, run_commands, run_steps
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity

APT = ("apt-get", "apt")


def apt_installs(dockerfile: Dockerfile) -> Iterator[tuple[RunStep, object]]:
    for step, command in run_commands(dockerfile, *APT):
        if command.subcommand() == "install":
            yield step, command


@rule(
    "ADV601",
    title="apt-get install without -y",
    severity=Severity.LOW,
    reason="Without -y apt-get waits for a confirmation that never comes, and the build aborts.",
    fix="apt-get install -y --no-install-recommends <packages>",
    refs={"hadolint": ("DL3014",), "trivy": ("DS-0021",)},
    guide="",
    peer_notes=(
        "Like hadolint DL3014 we accept -qq (it implies -y), which Trivy DS-0021 flags. We also accept -o "
        "APT::Get::Assume-Yes=true, which hadolint flags."
    ),
)
def apt_no_yes(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in apt_installs(dockerfile):
        if command.has_flag("-y", "--yes", "--assume-yes", "-qq", "-q=2") or "-qy" in command.args:
            continue
        if "Assume-Yes=true" not in " ".join(command.args):  # -o APT::Get::Assume-Yes=true
            yield at("ADV601", step.inst, f"`{command.name} install` without -y.")


@rule(
    "ADV602",
    title="apt-get install without --no-install-recommends",
    severity=Severity.LOW,
    reason="Recommended packages add size and attack surface the app never uses.",
    fix="apt-get install -y --no-install-recommends <packages>",
    refs={"hadolint": ("DL3015",), "trivy": ("DS-0029",), "cis": ("4.3",)},
    guide="Small final image",
    peer_notes=(
        "Trivy DS-0029 accepts the flag on any apt-get in the RUN; we check every install command (a second"
        " `apt-get -y install` without the flag is flagged). Trivy also flags installs that do pass it "
        "after the package list or as -o APT::Install-Recommends=false; we accept both, like hadolint "
        "DL3015."
    ),
)
def apt_recommends(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in apt_installs(dockerfile):
        text = " ".join(command.args)
        if (
            not command.has_flag("--no-install-recommends")
            and "Install-Recommends=false" not in text
            and "Install-Recommends=0" not in text
        ):
            yield at("ADV602", step.inst, f"`{command.name} install` pulls in recommended packages.")


def cleans_apt_lists(step: RunStep) -> bool:
    if "/var/lib/apt" in step.inst.flags.get("mount", ""):
        return True  # a BuildKit cache mount never reaches the layer
    if any(c.name in APT and c.subcommand() == "dist-clean" for c in step.script.commands):
        return True  # apt >= 2.7 removes the lists itself
    for command in step.script.named("rm"):
        if any(w.startswith("/var/lib/apt/lists") for w in command.args):
            return True
    return any(
        c.name in APT and c.subcommand() in ("clean", "autoclean") for c in step.script.commands
    ) and any("/var/lib/apt/lists" in w for c in step.script.commands for w in c.args)


@rule(
    "ADV603",
    title="apt lists not removed in the same RUN",
    severity=Severity.LOW,
    reason=(
        "/var/lib/apt/lists adds tens of megabytes to the layer and goes stale; deleting it in a later RUN "
        "does not shrink the image."
    ),
    fix="End the same RUN with: && rm -rf /var/lib/apt/lists/*",
    refs={"hadolint": ("DL3009",)},
    guide="Small final image",
    peer_notes=(
        "Like hadolint DL3009 we only flag RUNs with `apt-get update` in stages that end up in the final "
        "image; we also read heredoc bodies (hadolint does not) and accept `apt-get dist-clean` and cache "
        "mounts (hadolint flags both)."
    ),
)
def apt_lists_kept(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    shipped = {i.line for i in final_instructions(dockerfile, "RUN")}  # build stages are thrown away
    for step in run_steps(dockerfile):
        if step.inst.line not in shipped:
            continue
        # only `update` writes the lists: an install-only RUN reuses an earlier layer's lists, and
        # deleting them here would not shrink the image (that earlier RUN is the one flagged)
        if any(c.name in APT and c.subcommand() == "update" for c in step.script.commands):
            if not cleans_apt_lists(step):
                yield at("ADV603", step.inst, "This RUN leaves /var/lib/apt/lists in the layer.")


UPDATERS = {"apt-get": "update", "apt": "update", "apk": "update", "yum": "makecache", "dnf": "makecache"}
INSTALL_WORDS = frozenset(
    {"install", "reinstall", "build-dep", "add", "upgrade", "dist-upgrade", "full-upgrade"}
)


@rule(
    "ADV604",
    title="Package index update in a RUN of its own",
    severity=Severity.LOW,
    reason=(
        "A cached `apt-get update` layer is reused while a later install changes, so the install sees a "
        "stale index (old, unpatched versions)."
    ),
    fix=(
        "Update and install in one RUN: RUN apt-get update && apt-get install -y --no-install-recommends "
        "pkg && rm -rf /var/lib/apt/lists/*"
    ),
    refs={"trivy": ("DS-0017",), "cis": ("4.7",), "checkov": ("CKV_DOCKER_5",)},
    guide="",
    peer_notes=(
        "We see installs inside sh -c '...' (`apt-get update && bash -c \"apt-get install ...\"`), so that "
        "RUN is not flagged; Trivy DS-0017 reads only the top-level commands. Trivy also counts `yum update`"
        " alone, which upgrades every package rather than refreshing an index (see ADV606 for upgrades)."
    ),
)
def update_alone(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        commands = step.script.commands
        updates = [c for c in commands if c.name in UPDATERS and UPDATERS[c.name] == c.subcommand()]
        same_manager = {c.name for c in updates}
        installs = [
            c
            for c in commands
            if c.subcommand() in INSTALL_WORDS and (c.name in same_manager or c.name in APT)
        ]
        if updates and not installs:
            yield at("ADV604", step.inst, f"`{updates[0].name} update` without an install in the same RUN.")


@rule(
    "ADV605",
    title="apt used instead of apt-get",
    severity=Severity.LOW,
    reason=(
        "apt is an interactive front end whose output and behaviour may change between releases; apt-get is"
        " the stable scripting interface."
    ),
    fix="Use apt-get (with -y and --no-install-recommends).",
    refs={"hadolint": ("DL3027",), "checkov": ("CKV_DOCKER_9",)},
    guide="",
)
def apt_not_apt_get(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, "apt"):
        if command.subcommand() not in (None, "list", "show", "search", "policy"):
            yield at("ADV605", step.inst, f"`apt {command.subcommand()}` in a build.")


@rule(
    "ADV606",
    title="dist-upgrade in the image",
    severity=Severity.LOW,
    reason=(
        "dist-upgrade may swap major package versions and pull in new dependencies behind your back; update"
        " the base image tag instead."
    ),
    fix="Rebuild on a newer base image; if you must patch, use apt-get upgrade -y for security updates only.",
    refs={"trivy": ("DS-0024",)},
    guide="",
    peer_notes=(
        "Trivy DS-0024 did not fire on `apt-get dist-upgrade -y` in our cases; we flag dist-upgrade and "
        "full-upgrade for apt and apt-get."
    ),
)
def dist_upgrade(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, *APT):
        if command.subcommand() in ("dist-upgrade", "full-upgrade"):
            yield at("ADV606", step.inst, f"`{command.name} {command.subcommand()}` in a build.")
