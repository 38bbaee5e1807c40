"""Derived facts about a parsed Dockerfile that several rules need."""

from __future__ import annotations

from scans.lint.parsing import Dockerfile, Instruction, Stage, substitute

ROOT_USERS = frozenset({"root", "0"})


def stage_variables(dockerfile: Dockerfile, stage: Stage, upto_line: int) -> dict[str, str]:
    """ARG and ENV values visible in `stage` before `upto_line` (BuildKit scoping)."""
    variables: dict[str, str] = {}
    for inst in stage.instructions:
        if inst.line >= upto_line:
            break
        if inst.cmd == "ARG":
            name, sep, default = inst.args.partition("=")
            name = name.strip()
            if sep:
                variables[name] = substitute(default.strip().strip("\"'"), variables)
            elif name in dockerfile.global_args:
                variables[name] = dockerfile.global_args[name]
        elif inst.cmd == "ENV":
            variables.update(parse_env_pairs(inst.args, variables))
    return variables


def parse_env_pairs(args: str, variables: dict[str, str]) -> dict[str, str]:
    import shlex

    try:
        words = shlex.split(args)
    except ValueError:
        words = args.split()
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


def is_root_user(value: str) -> bool:
    user, _, group = value.partition(":")
    return user.strip().lower() in ROOT_USERS
