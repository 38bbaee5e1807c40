"""What the report needs to know about the Dockerfile itself, read once.

The lint findings say what is wrong; the checklist also needs what is right
("line 12: USER 5000:5000") to quote as evidence, so the final stage is read
here with the linter's parser. Nothing here runs a tool or reads a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scans.lint.facts import final_instructions, is_root_user, runtime_user, stage_variables
from scans.lint.parsing import Dockerfile, DockerfileSyntaxError, Instruction, parse_dockerfile, substitute

NUMERIC_USER_RE = re.compile(r"^(\d+)(?::(\d+))?$")


@dataclass(frozen=True)
class Quoted:
    """One Dockerfile instruction as evidence: `line 3: USER root`."""

    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text}"


@dataclass(frozen=True)
class StaticFacts:
    parsed: bool = False
    user: Quoted | None = None  # the runtime USER instruction, None when there is none
    user_value: str | None = None  # its value with ARG/ENV substituted
    exposed: tuple[tuple[int, Quoted], ...] = ()  # (port, EXPOSE instruction)
    healthcheck: Quoted | None = None
    chown_copies: tuple[Quoted, ...] = ()  # COPY/ADD --chown in the final stage
    base: Quoted | None = None  # the final stage's FROM

    @property
    def is_root(self) -> bool:
        """Static view: no USER, or a root USER, means the image runs as root."""
        return self.user_value is None or is_root_user(self.user_value)

    @property
    def numeric_ids(self) -> tuple[int, int | None] | None:
        """(uid, gid) when the runtime USER is numeric, else None."""
        match = NUMERIC_USER_RE.match((self.user_value or "").strip())
        if not match:
            return None
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None


def read_static_facts(dockerfile_text: str) -> StaticFacts:
    """Facts about the final stage; an unparseable file gives `parsed=False`."""
    try:
        dockerfile = parse_dockerfile(dockerfile_text)
    except DockerfileSyntaxError:
        return StaticFacts()
    stage = dockerfile.final_stage
    if stage is None:
        return StaticFacts()
    inst, value = runtime_user(dockerfile)
    healthchecks = final_instructions(dockerfile, "HEALTHCHECK")
    return StaticFacts(
        parsed=True,
        user=quote(inst) if inst else None,
        user_value=value,
        exposed=exposed_ports(dockerfile),
        healthcheck=quote(healthchecks[-1]) if healthchecks else None,
        chown_copies=tuple(
            quote(i) for i in stage.instructions if i.cmd in ("COPY", "ADD") and "chown" in i.flags
        ),
        base=quote(stage.instructions[0]),
    )


def exposed_ports(dockerfile: Dockerfile) -> tuple[tuple[int, Quoted], ...]:
    """EXPOSEd ports of the final image, stages it is built FROM included."""
    ports: list[tuple[int, Quoted]] = []
    for inst in final_instructions(dockerfile, "EXPOSE"):
        stage = dockerfile.stages[inst.stage]
        words = substitute(inst.args, stage_variables(dockerfile, stage, inst.line)).split()
        for word in words:
            number = word.split("/", 1)[0].split("-", 1)[0]
            if number.isdigit():
                ports.append((int(number), quote(inst)))
    return tuple(ports)


def quote(inst: Instruction) -> Quoted:
    first_line = (
        inst.original.strip().splitlines()[0] if inst.original.strip() else f"{inst.cmd} {inst.value}"
    )
    text = first_line.rstrip("\\").strip()
    return Quoted(inst.line, text if len(text) <= 120 else text[:117] + "...")
