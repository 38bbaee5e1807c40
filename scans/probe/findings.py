"""Probe evidence -> findings (source "probe", rule ids PRBxxx)."""

from __future__ import annotations

from collections.abc import Iterator

from scans.results import BaselineRun, Finding, HardenedRun, ImageFacts, Severity


def probe_finding(rule: str, severity: Severity, title: str, message: str, fix: str, reason: str) -> Finding:
    return Finding(
        rule=rule, severity=severity, title=title, message=message, fix=fix, source="probe", reason=reason
    )


def probe_findings(baseline: BaselineRun, hardened: HardenedRun, image: ImageFacts) -> tuple[Finding, ...]:
    return (*runtime_findings(baseline, hardened), *image_findings(image))


def runtime_findings(baseline: BaselineRun, hardened: HardenedRun) -> Iterator[Finding]:
    if baseline.uid == 0:
        user = hardened.user or "5000:5000"
        yield probe_finding(
            "PRB001", Severity.HIGH, "Runs as root at runtime",
            "The container's main process ran with UID 0.",
            f"Create a user with a fixed UID/GID and end the Dockerfile with `USER {user}`"
            + (f"; the probe started it with --user={user}." if hardened.ok and hardened.user else "."),
            "Root in a container is root on the host's kernel; one escape bug away from the host.",
        )  # fmt: skip
    low_ports = [port for port in baseline.listening_ports if port < 1024]
    if low_ports:
        yield probe_finding(
            "PRB002", Severity.MEDIUM, "Binds a port below 1024",
            f"It listens on {', '.join(map(str, low_ports))}, which needs root or CAP_NET_BIND_SERVICE.",
            "Listen on a port of 1024 or above and map it (-p 80:8080), "
            "or grant only --cap-add=NET_BIND_SERVICE.",
            "A privileged port is the usual reason images keep running as root.",
        )  # fmt: skip
    if baseline.written_paths:
        tmpfs = " ".join(f"--tmpfs {path}" for path in hardened.tmpfs) or "a volume"
        yield probe_finding(
            "PRB004", Severity.MEDIUM, "Writes to its root filesystem",
            "At runtime it wrote: " + ", ".join(baseline.written_paths) + ".",
            f"Run with --read-only and {tmpfs}, or log to stdout instead of files.",
            "A writable root filesystem lets an attacker change binaries and hides state in the container.",
        )  # fmt: skip
    if not hardened.ok:
        yield probe_finding(
            "PRB005", Severity.MEDIUM, "Does not run hardened",
            f"With {' '.join(hardened.flags)} it did not behave as built (exit code {hardened.exit_code}).",
            "Make it start as a non-root user on a read-only root filesystem; see the evidence log.",
            "Hardening that breaks the app is not applied in practice.",
        )  # fmt: skip
    elif hardened.cap_add:
        yield probe_finding(
            "PRB011", Severity.INFO, "Needs capabilities",
            "It worked with --cap-drop=ALL only after adding " + ", ".join(hardened.cap_add) + ".",
            "Grant exactly these: " + " ".join(f"--cap-add={cap}" for cap in hardened.cap_add) + ".",
            "Every capability kept is kernel attack surface.",
        )  # fmt: skip
    if not baseline.alive:
        yield probe_finding(
            "PRB010", Severity.INFO, "Main process exits at once",
            f"It exited with code {baseline.exit_code} within the probe's settle time.",
            "If it is a service, check its command; a one-shot job is fine.",
            "Runtime evidence for a process that exits is limited to what it did before exiting.",
        )  # fmt: skip


def image_findings(image: ImageFacts) -> Iterator[Finding]:
    if image.suid_files:
        yield probe_finding(
            "PRB003", Severity.MEDIUM, "SUID/SGID files in the image",
            "Set-ID files: " + ", ".join(image.suid_files[:20]) + ".",
            "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + (and run with no-new-privileges).",
            "A set-ID binary is a ready-made privilege escalation path.",
        )  # fmt: skip
    if image.world_writable_dirs:
        yield probe_finding(
            "PRB006", Severity.MEDIUM, "World-writable directories without the sticky bit",
            "Any user can replace files in: " + ", ".join(image.world_writable_dirs[:20]) + ".",
            "chmod o-w them, or chmod +t where shared writing is intended (like /tmp).",
            "Other users can swap files that the application trusts.",
        )  # fmt: skip
    if image.empty_password_users:
        yield probe_finding(
            "PRB007", Severity.HIGH, "Accounts with an empty password",
            "No password: " + ", ".join(image.empty_password_users) + ".",
            "Lock them: RUN passwd -l <user> (or usermod -p '*').",
            "An empty password lets anyone with a shell become that user, root included.",
        )  # fmt: skip
    if image.duplicate_uids:
        yield probe_finding(
            "PRB008", Severity.MEDIUM, "Duplicate UIDs",
            "Several accounts share UID " + ", ".join(map(str, image.duplicate_uids)) + ".",
            "Give every account its own fixed UID.",
            "Shared UIDs make file ownership and audit trails ambiguous; a second UID 0 is a hidden root.",
        )  # fmt: skip
    if image.has_shell and image.has_package_manager:
        yield probe_finding(
            "PRB009", Severity.LOW, "Shell and package manager in the final image",
            "The runtime image contains a shell and a package manager.",
            "Use a multi-stage build with a slim or distroless final stage.",
            "They let an intruder install tools; the app does not need them at runtime.",
        )  # fmt: skip
