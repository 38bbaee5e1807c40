"""The individual safe fixes behind fix_dockerfile, in priority order.

A fixer takes the parsed Dockerfile and keyword settings, and returns Edits.
Line numbers are 1-based; an insertion before line L is Edit(L, L - 1, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from scans.lint.facts import base_family, is_root_user, runtime_stage, runtime_user
from scans.lint.parsing import Dockerfile, Instruction

# Instructions that may follow the USER switch without needing root.
TRAILING_METADATA = frozenset(
    {"CMD", "ENTRYPOINT", "EXPOSE", "HEALTHCHECK", "LABEL", "STOPSIGNAL", "VOLUME", "ENV", "ARG", "WORKDIR", "USER"}
)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int  # inclusive; start - 1 for a pure insertion
    lines: tuple[str, ...]
    rule: str

    def overlaps(self, other: Edit) -> bool:
        if self.end < self.start or other.end < other.start:
            return False
        return self.start <= other.end and other.start <= self.end


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


def fix_runtime_user(dockerfile: Dockerfile, *, uid: int, gid: int, user: str) -> list[Edit]:
    """ADV101/ADV102: create a fixed-UID user and switch to it before CMD/ENTRYPOINT."""
    inst, value = runtime_user(dockerfile)
    stage = dockerfile.final_stage
    if stage is None or not is_root_user(value) or base_family(dockerfile, stage) == "windows":
        return []
    rule = "ADV101" if inst is None else "ADV102"
    members = list(stage.instructions)
    cut = len(members)
    while cut > 1 and members[cut - 1].cmd in TRAILING_METADATA:
        cut -= 1
    edits: list[Edit] = []
    for member in members[cut:]:
        if member.cmd == "USER":  # a root USER in the trailing block would undo ours
            edits.append(Edit(member.line, member.end_line, (), rule))
    block = tuple(user_block(base_family(dockerfile, stage), uid, gid, user))
    if cut < len(members):
        edits.append(Edit(members[cut].line, members[cut].line - 1, block, rule))
    else:
        after = members[-1].end_line + trailing_heredoc_lines(dockerfile, members[-1])
        edits.append(Edit(after + 1, after, block, rule))
    return edits


def trailing_heredoc_lines(dockerfile: Dockerfile, inst: Instruction) -> int:
    """Heredoc bodies sit after end_line; count them so we insert after the delimiter."""
    if not inst.heredocs:
        return 0
    last = inst.heredocs[-1]
    return last.line + last.body.count("\n") + 1 - inst.end_line


JSON_SAFE_WORD = re.compile(r"^[A-Za-z0-9_./:=@%+,-]+$")


def fix_exec_form(dockerfile: Dockerfile, **_: object) -> list[Edit]:
    """ADV701: shell-form CMD/ENTRYPOINT with plain words only -> JSON form."""
    import json

    edits: list[Edit] = []
    for inst in dockerfile.instructions:
        if inst.cmd not in ("CMD", "ENTRYPOINT") or inst.is_json_form or inst.line != inst.end_line:
            continue
        words = inst.args.split()
        if words and all(JSON_SAFE_WORD.match(w) for w in words):
            keyword = inst.original.split(None, 1)[0]
            edits.append(Edit(inst.line, inst.line, (f"{keyword} {json.dumps(words)}",), "ADV701"))
    return edits


FIXERS: list[Fixer] = [fix_runtime_user, fix_exec_form]
