"""The four fixes, each derived from this scan's RunPlan, not from a template of good intentions.

1. the hardened Dockerfile (full text + unified diff), from the linter's fixer;
2. a `docker run` command; 3. a docker-compose service; 4. a Kubernetes Pod.
All three runtime fixes carry the same user, capabilities and writable paths.
When the probe did not run they say so in a leading comment.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from scans.lint.fixing import fix_dockerfile
from scans.report.evidence import Evidence
from scans.report.runtime import APP_USER, TMPFS_OPTIONS, RunPlan
from scans.results import Fixes

IMAGE = "your-image:tag"  # we never learn the user's image name; a placeholder they replace
SERVICE = "app"
# Kubernetes sets no ambient capabilities, so `add` alone does not reach a non-root process.
AMBIENT_NOTE = (
    "# Kubernetes gives added capabilities to a non-root process only through file capabilities\n"
    "# on its binary (RUN setcap cap_net_bind_service=+ep /path/to/app); a port >= 1024 needs none."
)


class QuotedStr(str):
    """Always double-quoted in YAML: "5000:5000" and "22:22" are base-60 numbers to YAML 1.1 readers."""


class FixDumper(yaml.SafeDumper):
    """Indents list items under their key, as hand-written compose and Kubernetes files do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


FixDumper.add_representer(
    QuotedStr, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=FixDumper, sort_keys=False, default_flow_style=False)


def build_fixes(ev: Evidence, plan: RunPlan) -> Fixes:
    fixed = fix_dockerfile(ev.source.dockerfile, uid=plan.uid, gid=plan.gid, user=APP_USER)
    note = plan_note(ev, plan)
    return Fixes(
        dockerfile=fixed.text,
        dockerfile_diff=fixed.diff,
        docker_run=docker_run_command(plan, note),
        compose=compose_snippet(plan, note),
        kubernetes=kubernetes_manifest(plan, note),
    )


def plan_note(ev: Evidence, plan: RunPlan) -> str:
    """A comment line for the runtime fixes; empty when everything was measured."""
    notes = []
    if not plan.measured:
        notes.append(f"# Derived from the Dockerfile only ({ev.probe_missing}): writable paths and")
        notes.append("# capabilities were not measured; /tmp is a guess, check what the app writes.")
    elif ev.hardened is not None and not ev.hardened.ok:
        notes.append("# The probe found no hardened set-up that stays up; this is the last one it tried.")
    if plan.dropped_caps:
        notes.append(f"# Left out on purpose: {', '.join(plan.dropped_caps)} (as good as root on the host).")
    return "\n".join(notes)


def docker_run_command(plan: RunPlan, note: str = "") -> str:
    flags = [
        "--rm",
        f"--user {plan.user}",
        "--read-only",
        *(f"--tmpfs {path}:{TMPFS_OPTIONS}" for path in plan.tmpfs),
        "--cap-drop=ALL",
        *(f"--cap-add={cap}" for cap in plan.cap_add),
        "--security-opt=no-new-privileges",
        *(f"-p {port}:{port}" for port in plan.ports),
    ]
    command = " \\\n  ".join(["docker run", *flags, IMAGE])
    return f"{note}\n{command}" if note else command


def compose_snippet(plan: RunPlan, note: str = "") -> str:
    service: dict[str, Any] = {
        "image": IMAGE,
        "user": QuotedStr(plan.user),
        "read_only": True,
        "tmpfs": [f"{path}:{TMPFS_OPTIONS}" for path in plan.tmpfs],
        "cap_drop": ["ALL"],
        "cap_add": list(plan.cap_add),
        "security_opt": ["no-new-privileges:true"],
        "ports": [QuotedStr(f"{port}:{port}") for port in plan.ports],
    }
    service = {key: value for key, value in service.items() if value != []}
    return with_note(note, dump_yaml({"services": {SERVICE: service}}))


def kubernetes_manifest(plan: RunPlan, note: str = "") -> str:
    volumes = volume_names(plan.tmpfs)
    spec: dict[str, Any] = {
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": plan.uid,
            "runAsGroup": plan.gid,
            "fsGroup": plan.gid,
        },
        "containers": [kubernetes_container(plan, volumes)],
    }
    if volumes:
        spec["volumes"] = [{"name": name, "emptyDir": {}} for _, name in volumes]
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": SERVICE}, "spec": spec}
    if plan.cap_add:
        note = "\n".join(filter(None, [note, AMBIENT_NOTE]))
    return with_note(note, dump_yaml(pod))


def kubernetes_container(plan: RunPlan, volumes: list[tuple[str, str]]) -> dict[str, Any]:
    capabilities: dict[str, Any] = {"drop": ["ALL"]}
    if plan.cap_add:
        capabilities["add"] = list(plan.cap_add)
    container: dict[str, Any] = {
        "name": SERVICE,
        "image": IMAGE,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": plan.uid,
            "runAsGroup": plan.gid,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": capabilities,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }
    if plan.ports:
        container["ports"] = [{"containerPort": port} for port in plan.ports]
    if volumes:
        container["volumeMounts"] = [{"name": name, "mountPath": path} for path, name in volumes]
    return container


def volume_names(paths: tuple[str, ...]) -> list[tuple[str, str]]:
    """(path, name) with names valid as Kubernetes volume names (DNS-1123 labels), unique."""
    named: list[tuple[str, str]] = []
    used: set[str] = set()
    for path in paths:
        base = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")[:50] or "root"
        name, suffix = base, 2
        while name in used:
            name, suffix = f"{base}-{suffix}", suffix + 1
        used.add(name)
        named.append((path, name))
    return named


def with_note(note: str, text: str) -> str:
    return f"{note}\n{text}" if note else text
