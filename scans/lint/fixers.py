"""The individual safe fixes behind fix_dockerfile, in priority order.

A fixer takes the parsed Dockerfile and keyword settings, and returns Edits.
Line numbers are 1-based; an insertion before line L is Edit(L, L - 1, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from scans.lint.facts import (
    RunStep,
    base_family,
    copy_parts,
    final_instructions,
    run_steps,
    runtime_user,
)
from scans.lint.fixers_base import Edit, Flagged
from scans.lint.fixers_run import fix_run_steps
from scans.lint.parsing import Dockerfile, Instruction
from scans.lint.rules.ports import exposed_ports

# Instructions that may follow the USER switch without needing root.
TRAILING_METADATA = frozenset(
    {
        "CMD",
        "ENTRYPOINT",
        "EXPOSE",
        "HEALTHCHECK",
        "LABEL",
        "STOPSIGNAL",
        "VOLUME",
        "ENV",
        "ARG",
        "WORKDIR",
        "USER",
    }
)


Fixer = Callable[..., list[Edit]]


def user_block(family: str, uid: int, gid: int, user: str) -> list[str]:
    """The lines that create the runtime user; images without a shell get USER only."""
    if family == "alpine":
        create = [
            f"RUN addgroup -S -g {gid} {user} \\",
            f"    && adduser -S -D -H -u {uid} -G {user} {user}",
        ]
    elif family in ("none", "windows"):
        create = []
    else:
        create = [
            f"RUN groupadd --system --gid {gid} {user} \\",
            f"    && useradd --system --uid {uid} --gid {gid} --no-create-home --no-log-init {user}",
        ]
    return [*create, f"USER {uid}:{gid}"]


def fix_runtime_user(
    dockerfile: Dockerfile, flagged: Flagged, *, uid: int, gid: int, user: str
) -> list[Edit]:
    """ADV101/ADV102: create a fixed-UID user and switch to it before CMD/ENTRYPOINT."""
    inst, value = runtime_user(dockerfile)
    stage = dockerfile.final_stage
    rule = "ADV101" if inst is None else "ADV102"
    if stage is None or not any(r == rule for r, _ in flagged) or base_family(dockerfile, stage) == "windows":
        return []
    members = list(stage.instructions)
    cut = len(members)
    while cut > 1 and members[cut - 1].cmd in TRAILING_METADATA:
        cut -= 1
    edits: list[Edit] = []
    for member in members[cut:]:
        if member.cmd == "USER":  # a root USER in the trailing block would undo ours
            edits.append(Edit(member.line, member.end_line, (), (rule,)))
    block = tuple(user_block(base_family(dockerfile, stage), uid, gid, user))
    if cut < len(members):
        edits.append(Edit(members[cut].line, members[cut].line - 1, block, (rule,)))
    else:
        after = members[-1].last_line  # after a trailing heredoc, not inside it
        edits.append(Edit(after + 1, after, block, (rule,)))
    return edits + low_port_notes(dockerfile)  # after the block: a pragma binds to the next line


LOW_PORT_NOTE = (
    "# advisor ignore=ADV301 -- runs as non-root now: start it with --cap-drop=ALL "
    "--cap-add=NET_BIND_SERVICE, or move the app to a port >= 1024"
)


def low_port_notes(dockerfile: Dockerfile) -> list[Edit]:
    """Switching to non-root makes EXPOSE < 1024 need NET_BIND_SERVICE at run time.

    The fix cannot change the app's port, so it records the runtime requirement
    (which the report's docker run / Kubernetes snippets grant) next to the EXPOSE.
    """
    notes: list[Edit] = []
    for inst in final_instructions(dockerfile, "EXPOSE"):
        if any(ports[0] < 1024 for _, ports in exposed_ports(dockerfile, inst)):
            notes.append(Edit(inst.line, inst.line - 1, (LOW_PORT_NOTE,), ("ADV101",)))
    return notes


JSON_SAFE_WORD = re.compile(r"^[A-Za-z0-9_./:=@%+,-]+$")


def fix_exec_form(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    """ADV701: shell-form CMD/ENTRYPOINT with plain words only -> JSON form."""
    edits: list[Edit] = []
    for inst in dockerfile.instructions:
        if ("ADV701", inst.line) not in flagged or inst.line != inst.end_line:
            continue
        words = inst.args.split()
        if words and all(JSON_SAFE_WORD.match(w) for w in words):
            keyword = inst.original.split(None, 1)[0]
            edits.append(Edit(inst.line, inst.line, (f"{keyword} {json.dumps(words)}",), ("ADV701",)))
    return edits


PIPEFAIL_SHELL = {
    "alpine": '["/bin/ash", "-o", "pipefail", "-c"]',
    "debian": '["/bin/bash", "-o", "pipefail", "-c"]',
}


def fix_pipefail(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    """ADV707: SHELL with pipefail before the first flagged RUN of each stage."""
    edits: list[Edit] = []
    done: set[int] = set()
    for step in run_steps(dockerfile):
        shell = PIPEFAIL_SHELL.get(base_family(dockerfile, step.stage))
        if ("ADV707", step.inst.line) in flagged and shell and step.stage.index not in done:
            done.add(step.stage.index)
            edits.append(Edit(step.inst.line, step.inst.line - 1, (f"SHELL {shell}",), ("ADV707",)))
    return edits


def fix_maintainer(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    """ADV706: MAINTAINER x -> LABEL org.opencontainers.image.authors="x"."""
    edits: list[Edit] = []
    for inst in dockerfile.instructions:
        if ("ADV706", inst.line) in flagged and inst.line == inst.end_line:
            label = json.dumps(inst.args.strip())
            edits.append(
                Edit(inst.line, inst.line, (f"LABEL org.opencontainers.image.authors={label}",), ("ADV706",))
            )
    return edits


def fix_add_to_copy(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    """ADV402: ADD of plain local files -> COPY (same flags, same arguments)."""
    edits: list[Edit] = []
    for inst in dockerfile.instructions:
        if ("ADV402", inst.line) in flagged:
            first = dockerfile.lines[inst.line - 1]
            new = re.sub(r"^(\s*)ADD\b", r"\1COPY", first, count=1, flags=re.IGNORECASE)
            if new != first:
                edits.append(Edit(inst.line, inst.line, (new,), ("ADV402",)))
    return edits


def fix_copy_chown(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    """ADV403: `COPY src /app` + `RUN chown -R u:g /app` -> `COPY --chown=u:g src /app`.

    Only when the RUN is that one chown and nothing between the two touches the path,
    so the result owns exactly the same files.
    """
    edits: list[Edit] = []
    for step in run_steps(dockerfile):
        commands = step.script.commands
        if ("ADV403", step.inst.line) not in flagged or len(commands) != 1 or step.inst.heredocs:
            continue
        words = [w for w in commands[0].args if not w.startswith("-")]
        if len(words) != 2 or not commands[0].has_flag("-R", "--recursive"):
            continue
        copy = sole_copy_into(step, words[1].rstrip("/") or "/")
        if copy is not None and copy.line == copy.end_line:
            first = dockerfile.lines[copy.line - 1]
            new = re.sub(
                r"^(\s*(?:COPY|ADD))\b", rf"\1 --chown={words[0]}", first, count=1, flags=re.IGNORECASE
            )
            edits.append(Edit(copy.line, copy.line, (new,), ("ADV403",)))
            edits.append(Edit(step.inst.line, step.inst.end_line, (), ("ADV403",)))
    return edits


def sole_copy_into(step: RunStep, path: str) -> Instruction | None:
    """The one COPY/ADD (without --chown) that wrote `path` before this RUN, if nothing else did."""
    before = [i for i in step.stage.instructions if i.line < step.inst.line]
    writers = [
        i for i in before if i.cmd in ("COPY", "ADD") and (copy_parts(i)[1].rstrip("/") or "/") == path
    ]
    if len(writers) != 1 or "chown" in writers[0].flags:
        return None
    later = [i for i in before if i.line > writers[0].line]
    return None if any(path in i.value for i in later) else writers[0]


FIXERS: list[Fixer] = [
    fix_run_steps,
    fix_runtime_user,
    fix_exec_form,
    fix_pipefail,
    fix_maintainer,
    fix_add_to_copy,
    fix_copy_chown,
]
