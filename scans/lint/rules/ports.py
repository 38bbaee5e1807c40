"""ADV3xx: ports the image declares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import final_instructions, stage_variables
from scans.lint.parsing import Dockerfile, Instruction, substitute
from scans.lint.registry import LintFinding, at, rule
from scans.lint.rules.users import final_user_is_non_root
from scans.results import Severity

PORT_RE = re.compile(r"^(\d+)(?:-(\d+))?(?:/(tcp|udp|sctp))?$", re.IGNORECASE)


def exposed_ports(dockerfile: Dockerfile, inst: Instruction) -> list[tuple[str, list[int]]]:
    """(as written, [ports]) for each word of an EXPOSE; unresolved variables are skipped."""
    stage = dockerfile.stages[inst.stage]
    variables = {**dockerfile.global_args, **stage_variables(dockerfile, stage, inst.line)}
    found: list[tuple[str, list[int]]] = []
    for word in inst.args.split():
        value = substitute(word, variables)
        match = PORT_RE.match(value)
        if match:
            low = int(match.group(1))
            high = int(match.group(2)) if match.group(2) else low
            found.append((word, [low, high] if high != low else [low]))
    return found


@rule(
    "ADV301",
    title="EXPOSE below 1024 while the runtime user is non-root",
    severity=Severity.MEDIUM,
    reason=(
        "A non-root process cannot bind ports below 1024 without CAP_NET_BIND_SERVICE; the app "
        "fails at start, and the usual workaround is to go back to root."
    ),
    fix=(
        "Listen on a high port (8080) and map it (-p 80:8080), or grant only NET_BIND_SERVICE "
        "(--cap-drop=ALL --cap-add=NET_BIND_SERVICE)."
    ),
    refs={},
    guide="No ports below 1024, or NET_BIND_SERVICE only",
)
def low_port_non_root(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    if not final_user_is_non_root(dockerfile):
        return
    for inst in final_instructions(dockerfile, "EXPOSE"):
        for word, ports in exposed_ports(dockerfile, inst):
            if ports[0] < 1024:
                yield at("ADV301", inst, f"Port {word} is privileged, but the container runs as non-root.")


@rule(
    "ADV302",
    title="EXPOSE 22 (SSH)",
    severity=Severity.MEDIUM,
    reason=(
        "Exposing SSH means running a second remote entry point in the container, with its own keys and "
        "passwords."
    ),
    fix="Remove EXPOSE 22 and the SSH daemon; use `docker exec` or `kubectl exec` for debugging.",
    refs={"trivy": ("DS-0004",), "checkov": ("CKV_DOCKER_1",)},
    guide="No escalation paths",
    peer_notes=(
        "We also flag a port range that includes 22 (EXPOSE 20-23); Trivy DS-0004 reads single ports only."
    ),
)
def ssh_port(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd != "EXPOSE":
            continue
        for word, ports in exposed_ports(dockerfile, inst):
            if ports[0] <= 22 <= ports[-1]:
                yield at("ADV302", inst, f"{word} exposes the SSH port.")


@rule(
    "ADV303",
    title="EXPOSE port out of range",
    severity=Severity.MEDIUM,
    reason=(
        "A port above 65535 is invalid: the build or the run fails, or the intended port is silently not "
        "published."
    ),
    fix="Use a port between 1 and 65535.",
    refs={"hadolint": ("DL3011",), "trivy": ("DS-0008",)},
    guide="",
)
def port_out_of_range(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd != "EXPOSE":
            continue
        for word, ports in exposed_ports(dockerfile, inst):
            if any(port > 65535 for port in ports):
                yield at("ADV303", inst, f"{word} is not a valid port.")
