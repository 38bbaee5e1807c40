"""Safe rewrites inside RUN steps: apt/apk/pip flags, apt list cleanup, dropping sudo.

All rewrites of one RUN are combined into a single Edit so they never collide.
Only RUNs that bashlex (or the plain-word fast path) parsed, without heredocs or JSON form, are touched: for
anything else we cannot be sure the text change keeps the shell meaning.
"""

from __future__ import annotations

import re

from scans.lint.facts import RunStep, is_root_user, run_steps
from scans.lint.fixers_base import Edit, Flagged
from scans.lint.parsing import Dockerfile

APT_INSTALL = re.compile(r"\b(apt-get(?:\s+-[-\w=:]+)*\s+install)\b")
APK_ADD = re.compile(r"\b(apk(?:\s+-[-\w=]+)*\s+add)\b")
PIP_INSTALL = re.compile(r"\b(pip3?(?:\s+-[-\w=]+)*\s+install)\b")
SUDO = re.compile(r"\bsudo\s+(?=[A-Za-z/])")


def rewrite_line(line: str, rules: set[str], text: str) -> str:
    """Apply the flag fixes for `rules` to one physical line of a RUN."""
    if "ADV601" in rules or "ADV602" in rules:
        extra = (" -y" if "ADV601" in rules else "") + (
            " --no-install-recommends" if "ADV602" in rules else ""
        )
        line = APT_INSTALL.sub(lambda m: m.group(1) + extra, line)
    if "ADV607" in rules:
        line = APK_ADD.sub(lambda m: m.group(1) + " --no-cache", line)
    if "ADV608" in rules:
        line = PIP_INSTALL.sub(lambda m: m.group(1) + " --no-cache-dir", line)
    if "ADV201" in rules:
        line = SUDO.sub("", line)
    return line


def step_rules(step: RunStep, flagged: Flagged) -> set[str]:
    rules = {rule for rule, line in flagged if line == step.inst.line}
    wanted = {"ADV601", "ADV602", "ADV603", "ADV607", "ADV608", "ADV201"} & rules
    if "ADV201" in wanted and (not is_root_user(step.user) or re.search(r"\bsudo\s+-", step.inst.original)):
        wanted.discard("ADV201")  # sudo -u or a non-root USER: removing sudo changes who runs it
    return wanted


def fix_run_steps(dockerfile: Dockerfile, flagged: Flagged, **_: object) -> list[Edit]:
    edits: list[Edit] = []
    for step in run_steps(dockerfile):
        inst = step.inst
        if inst.heredocs or inst.is_json_form or step.script.parsed_by not in ("bashlex", "plain"):
            continue
        rules = step_rules(step, flagged)
        if not rules:
            continue
        lines = list(dockerfile.lines[inst.line - 1 : inst.end_line])
        new = [rewrite_line(line, rules, inst.original) for line in lines]
        if "ADV603" in rules and can_append(new[-1]):
            new[-1] = new[-1].rstrip() + " \\"
            new.append("    && rm -rf /var/lib/apt/lists/*")
        done = tuple(sorted(r for r in rules if r != "ADV603" or len(new) > len(lines)))
        if new != lines:
            edits.append(Edit(inst.line, inst.end_line, tuple(new), done))
    return edits


def can_append(last: str) -> bool:
    """`&& rm` may follow the last line only when it ends a complete command."""
    text = last.rstrip()
    return bool(text) and not text.endswith(("\\", ";", "&", "|", "{", "(")) and "#" not in text
