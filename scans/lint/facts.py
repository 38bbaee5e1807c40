"""Derived facts about a parsed Dockerfile that several rules need.

Everything here is computed once per parse (see Dockerfile.memo) because most
rules read the same RUN scripts and users.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from scans.lint.config import LintConfig
from scans.lint.parsing import Dockerfile, Instruction, Stage, substitute
from scans.lint.shell import Command, Script, parse_argv, parse_shell

ROOT_USERS = frozenset({"root", "0"})


@dataclass(frozen=True)
class RunStep:
    """A RUN instruction, its parsed script and the user it runs as (None: the image default)."""

    stage: Stage
    inst: Instruction
    script: Script
    user: str | None


def stage_variables(dockerfile: Dockerfile, stage: Stage, upto_line: int) -> dict[str, str]:
    """ARG and ENV values visible in `stage` before `upto_line` (BuildKit scoping)."""
    key = f"vars:{stage.index}:{upto_line}"
    if key not in dockerfile.memo:
        dockerfile.memo[key] = _stage_variables(dockerfile, stage, upto_line)
    return dict(dockerfile.memo[key])


def _stage_variables(dockerfile: Dockerfile, stage: Stage, upto_line: int) -> dict[str, str]:
    variables: dict[str, str] = {}
    for inst in stage.instructions:
        if inst.line >= upto_line:
            break
        if inst.cmd == "ARG":
            for name, default in parse_arg_pairs(inst.args):
                if default is not None:
                    variables[name] = substitute(default, variables)
                elif name in dockerfile.global_args:
                    variables[name] = dockerfile.global_args[name]
        elif inst.cmd == "ENV":
            variables.update(parse_env_pairs(inst.args, variables))
    return variables


def parse_arg_pairs(args: str) -> list[tuple[str, str | None]]:
    """`ARG A=1 B` -> [("A", "1"), ("B", None)]."""
    pairs: list[tuple[str, str | None]] = []
    for word in split_words(args):
        name, sep, default = word.partition("=")
        pairs.append((name.strip(), default if sep else None))
    return pairs


def split_words(text: str) -> list[str]:
    return list(_split_words(text))


@lru_cache(maxsize=4096)
def _split_words(text: str) -> tuple[str, ...]:
    # shlex is slow and the same ENV/ARG/COPY text is split by several rules
    try:
        return tuple(shlex.split(text))
    except ValueError:
        return tuple(text.split())


def parse_env_pairs(args: str, variables: dict[str, str] | None = None) -> dict[str, str]:
    variables = variables or {}
    words = split_words(args)
    if words and "=" not in words[0]:  # legacy form: ENV KEY value words
        return {words[0]: substitute(" ".join(words[1:]), variables)}
    pairs = {}
    for word in words:
        key, _, value = word.partition("=")
        pairs[key] = substitute(value, variables)
    return pairs


def last_user(dockerfile: Dockerfile, stage: Stage) -> tuple[Instruction | None, str | None]:
    """The stage's last USER instruction and its value with ARG/ENV substituted."""
    users = [i for i in stage.instructions if i.cmd == "USER"]
    if not users:
        return None, None
    inst = users[-1]
    value = substitute(inst.args.strip(), stage_variables(dockerfile, stage, inst.line))
    return inst, value


def is_root_user(value: str | None) -> bool:
    """None means "never set": the image default, which is root for almost every base."""
    if value is None:
        return True
    user = value.partition(":")[0].strip().lower()
    return user in ROOT_USERS


def parent_stage(dockerfile: Dockerfile, stage: Stage) -> Stage | None:
    parent = dockerfile.stage_by_name(stage.base_image)
    return parent if parent is not None and parent.index < stage.index else None


def inherited_user(dockerfile: Dockerfile, stage: Stage) -> str | None:
    """The user a stage starts with: the last USER of the stage it is built FROM."""
    parent = parent_stage(dockerfile, stage)
    while parent is not None:
        _, value = last_user(dockerfile, parent)
        if value is not None:
            return value
        parent = parent_stage(dockerfile, parent)
    return None


def script_of(inst: Instruction) -> Script:
    args = inst.json_args
    if args is not None:
        return parse_argv(tuple(args))
    return parse_shell(inst.script)


def run_steps(dockerfile: Dockerfile) -> list[RunStep]:
    """Every RUN with its parsed commands and effective user, in file order."""
    if "run_steps" not in dockerfile.memo:
        steps: list[RunStep] = []
        for stage in dockerfile.stages:
            user = inherited_user(dockerfile, stage)
            posix = not any(hint in stage.base_image.lower() for hint in WINDOWS_HINTS)
            for inst in stage.instructions:
                if inst.cmd == "USER":
                    user = substitute(inst.args.strip(), stage_variables(dockerfile, stage, inst.line))
                elif inst.cmd == "SHELL":
                    posix = is_posix_shell(inst.json_args or [])
                elif inst.cmd == "RUN":
                    # PowerShell or cmd scripts are not shell: reading them as sh gives nonsense
                    script = script_of(inst) if posix or inst.is_json_form else Script((), "skipped")
                    steps.append(RunStep(stage, inst, script, user))
        dockerfile.memo["run_steps"] = steps
    return dockerfile.memo["run_steps"]


def is_posix_shell(argv: list[str]) -> bool:
    name = argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower() if argv else "sh"
    return name.removesuffix(".exe") not in ("powershell", "pwsh", "cmd")


def run_commands(dockerfile: Dockerfile, *names: str) -> Iterator[tuple[RunStep, Command]]:
    """(step, command) for every command in every RUN, optionally only those named."""
    for step in run_steps(dockerfile):
        for command in step.script.commands:
            if not names or command.name in names:
                yield step, command


def runtime_stage(dockerfile: Dockerfile) -> Stage | None:
    """The stage whose USER applies at runtime: the final one, or its ancestor that set USER."""
    stage = dockerfile.final_stage
    while stage is not None:
        if last_user(dockerfile, stage)[0] is not None:
            return stage
        parent = parent_stage(dockerfile, stage)
        if parent is None:
            return stage
        stage = parent
    return stage


def runtime_user(dockerfile: Dockerfile) -> tuple[Instruction | None, str | None]:
    stage = runtime_stage(dockerfile)
    return (None, None) if stage is None else last_user(dockerfile, stage)


def final_instructions(dockerfile: Dockerfile, cmd: str) -> list[Instruction]:
    """Instructions of kind `cmd` that shape the final image (inherited stages included)."""
    stage = dockerfile.final_stage
    chain: list[Stage] = []
    while stage is not None and stage not in chain:
        chain.insert(0, stage)
        stage = parent_stage(dockerfile, stage)
    return [i for s in chain for i in s.instructions if i.cmd == cmd]


ALPINE_HINTS = ("alpine", "busybox")
NO_SHELL_HINTS = ("scratch", "distroless", "chainguard/static", "cgr.dev/chainguard/static")
WINDOWS_HINTS = ("windows", "nanoserver", "servercore", "mcr.microsoft.com/powershell")


def base_family(dockerfile: Dockerfile, stage: Stage) -> str:
    """ "alpine", "none" (no shell), "windows", or "debian" (useradd available: also RHEL, SUSE)."""
    chain = [stage]
    while (parent := parent_stage(dockerfile, chain[-1])) is not None and parent not in chain:
        chain.append(parent)
    image = chain[-1].base_image.lower()
    if any(hint in image for hint in WINDOWS_HINTS):
        return "windows"
    if image == "scratch" or any(hint in image for hint in NO_SHELL_HINTS[1:]):
        return "none"
    indexes = {s.index for s in chain}
    uses_apk = any(step.stage.index in indexes and step.script.named("apk") for step in run_steps(dockerfile))
    if uses_apk or any(hint in image for hint in ALPINE_HINTS):
        return "alpine"
    return "debian"


def copy_parts(inst: Instruction) -> tuple[list[str], str]:
    """(sources, destination) of a COPY/ADD in either form; heredoc sources are skipped."""
    words = inst.json_args if inst.json_args is not None else split_words(inst.args)
    words = [w for w in words if not w.startswith("<<")]
    if len(words) < 2:
        return [], words[0] if words else ""
    return words[:-1], words[-1]


def lint_config(dockerfile: Dockerfile) -> LintConfig:
    """The config the stage put on this parse (rules such as ADV502 read it)."""
    return dockerfile.memo.get("config") or LintConfig()
