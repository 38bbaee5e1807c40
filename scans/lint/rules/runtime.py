"""ADV7xx: how the container starts and is supervised (CMD/ENTRYPOINT, HEALTHCHECK, SHELL)."""

from __future__ import annotations

from collections.abc import Iterator

from scans.lint.facts import copy_parts, final_instructions, run_steps
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity


@rule(
    "ADV701",
    title="CMD or ENTRYPOINT in shell form",
    severity=Severity.LOW,
    reason=(
        "Shell form runs the app under /bin/sh -c, so SIGTERM goes to the shell, not the app: no graceful "
        "shutdown, a kill after the timeout."
    ),
    fix=(
        'Use the JSON (exec) form: CMD ["python", "app.py"]; put `exec` in front of the last command of a '
        "wrapper script."
    ),
    refs={"hadolint": ("DL3025",)},
    guide="Signals reach the app",
    peer_notes=(
        "hadolint DL3025 also flags CMD in build stages and HEALTHCHECK CMD; only the final image's "
        "CMD/ENTRYPOINT receive signals, so we flag only those."
    ),
)
def shell_form_start(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for cmd in ("ENTRYPOINT", "CMD"):
        for inst in final_instructions(dockerfile, cmd):
            if not inst.is_json_form and inst.args.strip():
                yield at("ADV701", inst, f"{cmd} {inst.args.strip()[:60]} is in shell form.")


@rule(
    "ADV702",
    title="Several CMD or ENTRYPOINT in one stage",
    severity=Severity.LOW,
    reason="Only the last one counts; the earlier ones mislead readers about how the container starts.",
    fix="Keep one CMD and at most one ENTRYPOINT per stage.",
    refs={"hadolint": ("DL4003", "DL4004"), "trivy": ("DS-0016", "DS-0007")},
    guide="",
)
def several_starts(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for stage in dockerfile.stages:
        for cmd in ("CMD", "ENTRYPOINT"):
            found = [i for i in stage.instructions if i.cmd == cmd]
            for inst in found[1:]:
                yield at(
                    "ADV702", inst, f"{cmd} again (first on line {found[0].line}); only the last one applies."
                )


@rule(
    "ADV703",
    title="No HEALTHCHECK in the final image",
    severity=Severity.LOW,
    reason=(
        "Without a health check the runtime only knows the process exists, not that it serves; a hung app "
        "keeps receiving traffic."
    ),
    fix='HEALTHCHECK --interval=30s --timeout=3s CMD ["/app/healthcheck"] (or the orchestrator\'s probes).',
    refs={"hadolint": ("DL3057",), "trivy": ("DS-0026",), "cis": ("4.6",), "checkov": ("CKV_DOCKER_2",)},
    guide="HEALTHCHECK present",
    peer_notes=(
        "hadolint's DL3057 is off by default, so hadolint reports nothing here; Trivy DS-0026 and CIS 4.6 "
        "agree with us."
    ),
)
def no_healthcheck(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    final = dockerfile.final_stage
    if final is not None and not final_instructions(dockerfile, "HEALTHCHECK"):
        yield LintFinding("ADV703", final.line, "The final image has no HEALTHCHECK.")


@rule(
    "ADV704",
    title="Several HEALTHCHECK instructions",
    severity=Severity.LOW,
    reason="Only the last HEALTHCHECK counts; the others are dead code that misleads.",
    fix="Keep one HEALTHCHECK in the final stage.",
    refs={"hadolint": ("DL3012",), "trivy": ("DS-0023",)},
    guide="HEALTHCHECK present",
)
def several_healthchecks(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for stage in dockerfile.stages:
        found = [i for i in stage.instructions if i.cmd == "HEALTHCHECK"]
        for inst in found[1:]:
            yield at("ADV704", inst, f"HEALTHCHECK again (first on line {found[0].line}).")


@rule(
    "ADV705",
    title="cd in RUN instead of WORKDIR",
    severity=Severity.LOW,
    reason=(
        "cd only lasts for one RUN; later steps silently run elsewhere. WORKDIR states the directory for "
        "every following step."
    ),
    fix="WORKDIR /path, then RUN the command.",
    refs={"hadolint": ("DL3003",), "trivy": ("DS-0013",)},
    guide="",
    peer_notes=(
        "We follow hadolint DL3003 (any cd in RUN, including in fallback-parsed scripts); Trivy DS-0013 "
        "reports far fewer."
    ),
)
def cd_in_run(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        cds = step.script.named("cd")
        if cds:
            yield at("ADV705", step.inst, f"`cd {' '.join(cds[0].args)}` in RUN.")


@rule(
    "ADV706",
    title="MAINTAINER is deprecated",
    severity=Severity.INFO,
    reason="MAINTAINER was removed from the Dockerfile reference; the information belongs in a label.",
    fix='LABEL org.opencontainers.image.authors="team@example.com"',
    refs={"hadolint": ("DL4000",), "trivy": ("DS-0022",), "checkov": ("CKV_DOCKER_6",)},
    guide="",
)
def maintainer(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd == "MAINTAINER":
            yield at("ADV706", inst, "MAINTAINER is deprecated.")


def has_pipefail(words: list[str]) -> bool:
    return any(w == "pipefail" for w in words) and any(
        w == "-o" or w.startswith("-") and "o" in w for w in words
    )


@rule(
    "ADV707",
    title="RUN with a pipe but no pipefail",
    severity=Severity.LOW,
    reason=(
        "Without pipefail only the last command's exit code counts: `curl URL | tar x` succeeds even when "
        "the download failed."
    ),
    fix=(
        'Before the RUN: SHELL ["/bin/bash", "-o", "pipefail", "-c"] (or `set -o pipefail &&` at the start '
        "of the RUN)."
    ),
    refs={"hadolint": ("DL4006",)},
    guide="",
    peer_notes=(
        "We read pipes inside sh -c strings and $(...) substitutions, and skip PowerShell/cmd RUNs; "
        "hadolint DL4006 misses some of those. We accept `set -o pipefail` (or `set -euo pipefail`) before "
        "the pipe in the same RUN, which hadolint flags because it wants SHELL; a shell without pipefail "
        'fails the build loudly there, so nothing is silently ignored. An exec-form RUN ["bash", "-o", '
        '"pipefail", "-c", "a | b"] is accepted too; hadolint flags it.'
    ),
)
def pipe_without_pipefail(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        pipelines = step.script.pipelines()
        if not pipelines:
            continue
        if step.inst.is_json_form:  # ["sh", "-c", "a | b"]: SHELL does not apply, only its own options
            shell_words = step.inst.json_args or []
        else:
            shells = [i for i in step.stage.instructions if i.cmd == "SHELL" and i.line < step.inst.line]
            shell_words = (shells[-1].json_args or []) if shells else []
        if shell_words and (has_pipefail(shell_words) or not any("sh" in w for w in shell_words[:1])):
            continue
        if pipefail_set_before(step.script.commands, pipelines[0][0]):
            continue
        yield at(
            "ADV707", step.inst, "This RUN has a pipe, and a failure before the last command is ignored."
        )


def pipefail_set_before(commands: tuple, first_piped: object) -> bool:
    """`set -o pipefail` counts only before the first pipe (`a | b && set -o pipefail` is too late)."""
    for command in commands:
        if command is first_piped:
            return False
        if command.name == "set" and "pipefail" in command.args:
            return True
    return False


@rule(
    "ADV708",
    title="COPY --from an unknown stage or its own stage",
    severity=Severity.MEDIUM,
    reason=(
        "--from pointing at an undefined name pulls an image of that name from a registry (a supply-chain "
        "surprise); its own stage is a build error."
    ),
    fix=(
        "Name an earlier stage (FROM ... AS build, then COPY --from=build), or pin the image you mean: COPY"
        " --from=alpine:3.20@sha256:<digest>"
    ),
    refs={"hadolint": ("DL3022", "DL3023"), "trivy": ("DS-0006",)},
    guide="",
    peer_notes=(
        "Trivy DS-0006 covers only --from naming its own stage; we also flag names of no earlier stage "
        "(as hadolint DL3022 does) and --from=<index> of its own stage (hadolint DL3023 compares names). "
        "Stage names match case-insensitively, as in BuildKit (AS Build, then --from=build); hadolint "
        "compares them case-sensitively. "
        "hadolint DL3022 also flags --from=org/image references, which are legal image pulls, so we do not."
    ),
)
def copy_from_unknown(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        source = inst.flags.get("from") if inst.cmd in ("COPY", "ADD") else None
        if not source or "$" in source:
            continue
        own = dockerfile.stages[inst.stage]
        earlier = {s.name.lower() for s in dockerfile.stages[: inst.stage] if s.name}
        if own.name and source.lower() == own.name.lower() or source == str(own.index):
            yield at("ADV708", inst, f"COPY --from={source} refers to the stage it is in.")
        elif source.lower() not in earlier and not (source.isdigit() and int(source) < inst.stage):
            if ":" not in source and "/" not in source and "@" not in source:
                yield at(
                    "ADV708",
                    inst,
                    f"COPY --from={source}: no earlier stage has that name, so it is pulled as an image "
                    "(unless the build passes --build-context).",
                )


@rule(
    "ADV709",
    title="Duplicate stage name",
    severity=Severity.MEDIUM,
    reason="Two stages with one name make COPY --from and --target ambiguous; the build picks one silently.",
    fix="Give each stage a unique name: FROM ... AS build, FROM ... AS runtime",
    refs={"hadolint": ("DL3024",), "trivy": ("DS-0012",), "checkov": ("CKV_DOCKER_11",)},
    guide="",
    peer_notes=(
        "BuildKit compares stage names case-insensitively, so AS a and AS A collide; Trivy DS-0012 compares"
        " them case-sensitively, and trivy 0.76 did not report even two stages named `x` in our cases."
    ),
)
def duplicate_stage(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    seen: dict[str, int] = {}
    for stage in dockerfile.stages:
        if stage.name:
            key = stage.name.lower()
            if key in seen:
                yield LintFinding(
                    "ADV709", stage.line, f"Stage name {stage.name} is already used on line {seen[key]}."
                )
            seen.setdefault(key, stage.line)


@rule(
    "ADV710",
    title="COPY of several sources to a destination without a trailing /",
    severity=Severity.MEDIUM,
    reason=(
        "With several sources the destination must be a directory; without the trailing slash the build "
        "fails."
    ),
    fix="End the destination with a slash: COPY a b /app/",
    refs={"hadolint": ("DL3021",), "trivy": ("DS-0011",)},
    guide="",
    peer_notes=(
        "A destination from a variable (COPY a b $DEST) is not flagged: its value usually ends in a slash "
        "and is not known here; both peers flag it."
    ),
)
def copy_dest_slash(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd in ("COPY", "ADD") and not inst.heredocs:
            sources, destination = copy_parts(inst)
            if len(sources) > 1 and not destination.endswith("/") and "$" not in destination:
                yield at("ADV710", inst, f"{len(sources)} sources but {destination} has no trailing slash.")
