"""ADV1xx: who the container runs as."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import is_root_user, last_user
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, rule
from scans.results import Severity

ADD_USER_FIX = (
    "RUN groupadd --system --gid 5000 app \\\n"
    "    && useradd --system --uid 5000 --gid app --no-create-home --no-log-init app\n"
    "USER 5000:5000"
)


def runtime_user_stage(dockerfile: Dockerfile):
    """The final stage, or the stage it is built FROM when that sets the user."""
    stage = dockerfile.final_stage
    seen = set()
    while stage is not None and stage.index not in seen:
        seen.add(stage.index)
        inst, _ = last_user(dockerfile, stage)
        if inst is not None:
            return stage
        parent = dockerfile.stage_by_name(stage.base_image)
        if parent is None or parent.index >= stage.index:
            return stage
        stage = parent
    return stage


@rule(
    "ADV101",
    title="The final stage has no USER, so the container runs as root",
    severity=Severity.HIGH,
    reason=(
        "Without USER the process runs as UID 0; a compromise of the app is then root "
        "inside the container, one kernel bug away from root on the host."
    ),
    fix=f"Create a dedicated user with a fixed UID/GID after the installs, then switch to it:\n{ADD_USER_FIX}",
    refs={"hadolint": ("DL3002",), "trivy": ("DS-0002",), "cis": ("4.1",), "checkov": ("CKV_DOCKER_3",)},
    guide="Run as a dedicated non-root user",
)
def no_user_in_final_stage(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    stage = runtime_user_stage(dockerfile)
    if stage is None:
        return
    inst, _ = last_user(dockerfile, stage)
    if inst is None:
        yield LintFinding("ADV101", dockerfile.final_stage.line, "The final stage never sets USER.")


@rule(
    "ADV102",
    title="The final USER is root",
    severity=Severity.HIGH,
    reason=(
        "USER root (or 0, 0:0, root:root) makes the runtime user root explicitly; every "
        "process in the container then has UID 0."
    ),
    fix=f"Switch to a non-root numeric user as the last USER:\n{ADD_USER_FIX}",
    refs={"hadolint": ("DL3002",), "trivy": ("DS-0002",), "cis": ("4.1",)},
    guide="Run as a dedicated non-root user",
)
def final_user_is_root(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    stage = runtime_user_stage(dockerfile)
    if stage is None:
        return
    inst, value = last_user(dockerfile, stage)
    if inst is not None and value and is_root_user(value):
        shown = inst.args.strip() if inst.args.strip() == value else f"{inst.args.strip()} (= {value})"
        yield LintFinding("ADV102", inst.line, f"The last USER is {shown}, which is root.")


PACKAGE_INSTALL_RE = re.compile(
    r"\b(apt-get|apt|apk|yum|dnf|microdnf|zypper|tdnf)\s+(?:-\S+\s+)*(install|add|upgrade|update)\b"
)


@rule(
    "ADV103",
    title="USER switches to non-root before a package install in the same stage",
    severity=Severity.MEDIUM,
    reason="Package managers need root; the install will fail at build time, or tempt a sudo workaround.",
    fix="Do all installs first, as root, and put USER after the last one.",
    refs={},
    guide="Switch with USER after installs",
)
def user_before_install(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    from scans.lint.facts import stage_variables
    from scans.lint.parsing import substitute

    for stage in dockerfile.stages:
        current_user: str | None = None
        for inst in stage.instructions:
            if inst.cmd == "USER":
                current_user = substitute(inst.args.strip(), stage_variables(dockerfile, stage, inst.line))
            elif inst.cmd == "RUN" and current_user and not is_root_user(current_user):
                match = PACKAGE_INSTALL_RE.search(inst.script)
                if match and "sudo" not in inst.script:
                    yield LintFinding(
                        "ADV103",
                        inst.line,
                        f"`{match.group(0)}` runs as {current_user}, set by USER earlier in this stage.",
                    )
