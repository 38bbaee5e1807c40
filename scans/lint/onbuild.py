"""ONBUILD triggers: the instruction inside `ONBUILD RUN ...` runs in every image built
FROM this one, so its content is linted like a normal instruction.

The triggers are read by re-parsing a shadow of the file in which each ONBUILD keyword
is cut off and every other instruction is blanked except FROM (stages), ARG/ENV
(substitution) and SHELL (the child inherits the shell). Only findings on ONBUILD
lines are kept, and only from rules about what one instruction does. Rules about the
image's own state (its runtime USER, CMD, HEALTHCHECK, EXPOSE vs user, stage wiring)
are left out: a trigger does not change this image, and the child is linted on its own.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scans.lint.parsing import Dockerfile, DockerfileSyntaxError, parse_dockerfile
from scans.lint.registry import RULES, LintFinding

# Per-instruction rules that apply to a trigger. Left out on purpose (for peer parity,
# see the rules' peer notes): ADV402 ADD-vs-COPY, ADV405 relative WORKDIR, ADV705 cd and
# ADV707 pipefail, ADV303 port range, which hadolint 2.15 does not report inside ONBUILD either.
TRIGGER_RULES = (
    "ADV105", "ADV106", "ADV201", "ADV203", "ADV204", "ADV205", "ADV206", "ADV207",
    "ADV302", "ADV401", "ADV407", "ADV408",
    "ADV504", "ADV505", "ADV506", "ADV507", "ADV508", "ADV509",
    "ADV601", "ADV602", "ADV603", "ADV604", "ADV605", "ADV606", "ADV607", "ADV608", "ADV609",
    "ADV610", "ADV611", "ADV612",
)  # fmt: skip
CONTEXT = frozenset({"FROM", "ARG", "ENV", "SHELL"})
ONBUILD_RE = re.compile(r"^(\s*)onbuild(\s+)", re.IGNORECASE)
PREFIX = "ONBUILD trigger (runs in every image built FROM this one): "


def trigger_findings(dockerfile: Dockerfile) -> list[LintFinding]:
    """Findings of TRIGGER_RULES on the instructions inside ONBUILD, at the ONBUILD lines."""
    triggers = {i.line: i for i in dockerfile.instructions if i.cmd == "ONBUILD"}
    if not triggers:
        return []
    try:
        shadow = parse_dockerfile(shadow_text(dockerfile))
    except DockerfileSyntaxError:  # e.g. `ONBUILD` with nothing after it: nothing to lint
        return []
    shadow.memo.update(config=dockerfile.memo.get("config"))
    found: list[LintFinding] = []
    for rule_id in TRIGGER_RULES:
        for item in RULES[rule_id].check(shadow):
            if item.line in triggers:
                found.append(replace(item, message=PREFIX + item.message))
    return found


def shadow_text(dockerfile: Dockerfile) -> str:
    """The file with ONBUILD cut off its triggers and non-context instructions blanked;
    line numbers stay the same."""
    lines = list(dockerfile.lines)
    for inst in dockerfile.instructions:
        if inst.cmd == "ONBUILD":
            lines[inst.line - 1] = ONBUILD_RE.sub(r"\1", lines[inst.line - 1], count=1)
        elif inst.cmd not in CONTEXT:
            for number in range(inst.line, inst.last_line + 1):
                lines[number - 1] = ""
    return "\n".join(lines) + "\n"
