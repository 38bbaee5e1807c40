"""Checklist items measured by running the image: capabilities, read-only, ports, profiles."""

from __future__ import annotations

from scans.report.catalog import LINT_RULES, make_item, not_checked, quote_findings
from scans.report.evidence import Evidence, join_limited, plural
from scans.report.runtime import FORBIDDEN_CAPS, RunPlan, bare_cap
from scans.results import ChecklistItem, CheckStatus

HARDENED_ITEMS = ("cap-drop-all", "read-only-rootfs", "no-new-privileges")


def hardened_unmeasurable(ev: Evidence) -> str | None:
    """Why the hardened run says nothing, or None when its result can be judged."""
    if not ev.probe_ran:
        return ev.probe_missing
    if ev.hardened is None:
        return "the probe did not try the hardened flags"
    if not ev.baseline.alive and ev.baseline.exit_code not in (0, None):
        return f"the container exits with code {ev.baseline.exit_code} even as built"
    return None


def did_not_stay_up(ev: Evidence) -> str:
    hardened = ev.hardened
    assert hardened is not None
    code = f"exit code {hardened.exit_code}" if hardened.exit_code is not None else "it did not stay up"
    tries = f", {plural(hardened.attempts, 'attempt')}" if hardened.attempts else ""
    return f"did not stay up under the hardened flags ({code}{tries}) (probe)"


def cap_flags(plan: RunPlan) -> str:
    return " ".join(["--cap-drop=ALL", *(f"--cap-add={cap}" for cap in plan.cap_add)])


def check_cap_drop_all(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = f"Run with {cap_flags(plan)}; in Kubernetes: capabilities: {{drop: [ALL]}}"
    why = hardened_unmeasurable(ev)
    if why:
        return not_checked("cap-drop-all", why, fix)
    hardened, as_built = (
        ev.hardened,
        f"as built it had {plural(len(ev.baseline.cap_eff), 'capability', 'capabilities')}",
    )
    assert hardened is not None
    wanted = sorted(bare_cap(cap) for cap in hardened.cap_add)
    if not hardened.ok:
        return make_item("cap-drop-all", CheckStatus.FAIL, did_not_stay_up(ev), fix)
    forbidden = [cap for cap in wanted if cap in FORBIDDEN_CAPS]
    if forbidden:
        evidence = f"needs {', '.join(forbidden)} (probe), which is as good as root on the host"
        return make_item("cap-drop-all", CheckStatus.FAIL, evidence, fix)
    if wanted:
        evidence = f"needs only --cap-add={','.join(wanted)} after --cap-drop=ALL (probe); {as_built}"
        return make_item("cap-drop-all", CheckStatus.WARN, evidence, fix)
    evidence = f"starts and stays up with --cap-drop=ALL (probe); {as_built}"
    return make_item("cap-drop-all", CheckStatus.PASS, evidence, fix)


def tmpfs_flags(plan: RunPlan) -> str:
    return " ".join(["--read-only", *(f"--tmpfs {path}" for path in plan.tmpfs)])


def check_read_only(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = f"Run with {tmpfs_flags(plan)}; in Kubernetes: readOnlyRootFilesystem: true with emptyDir volumes"
    why = hardened_unmeasurable(ev)
    if why:
        return not_checked("read-only-rootfs", why, fix)
    hardened = ev.hardened
    assert hardened is not None
    if not hardened.ok:
        return make_item("read-only-rootfs", CheckStatus.FAIL, did_not_stay_up(ev), fix)
    if hardened.tmpfs:
        paths = join_limited(list(hardened.tmpfs), 6)
        evidence = f"starts with --read-only plus --tmpfs for {paths}, the paths it writes (probe)"
    else:
        evidence = "starts with --read-only and writes nothing (probe)"
    return make_item("read-only-rootfs", CheckStatus.PASS, evidence, fix)


def check_no_new_privileges(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = "Run with --security-opt=no-new-privileges; in Kubernetes: allowPrivilegeEscalation: false"
    if ev.probe_ran and ev.baseline.no_new_privs:
        return make_item("no-new-privileges", CheckStatus.PASS, "NoNewPrivs 1 already as built (probe)", fix)
    why = hardened_unmeasurable(ev)
    if why:
        return not_checked("no-new-privileges", why, fix)
    assert ev.hardened is not None
    if not ev.hardened.ok:
        return make_item("no-new-privileges", CheckStatus.FAIL, did_not_stay_up(ev), fix)
    evidence = "starts with --security-opt=no-new-privileges (probe); as built NoNewPrivs was 0"
    return make_item("no-new-privileges", CheckStatus.PASS, evidence, fix)


def ports_seen(ev: Evidence) -> tuple[list[int], str] | None:
    """The ports and how we know them: the probe's sockets, else the EXPOSE lines."""
    if ev.probe_ran:
        ports = sorted(set(ev.baseline.listening_ports))
        listed = ", ".join(map(str, ports))
        return ports, f"listens on {listed} (probe)" if ports else "listens on no TCP port (probe)"
    if ev.lint_ran:
        quoted = "; ".join(dict.fromkeys(str(q) for _, q in ev.static.exposed)) or "no EXPOSE"
        return sorted({port for port, _ in ev.static.exposed}), f"{quoted} (static only: {ev.probe_missing})"
    return None


def check_low_ports(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = "Listen on a port above 1024 (e.g. 8080) and publish it as -p 80:8080, or add only NET_BIND_SERVICE"
    found = ports_seen(ev)
    if found is None:
        return not_checked("low-ports", f"the Dockerfile could not be parsed and {ev.probe_missing}", fix)
    ports, seen = found
    low = [port for port in ports if port < 1024]
    hits = ev.lint_hits(LINT_RULES["low-ports"])
    if hits:
        seen = f"{seen}; {quote_findings(hits)}"
    if not low:
        return make_item("low-ports", CheckStatus.PASS, seen, fix)
    if not ev.probe_ran:
        return make_item(
            "low-ports", CheckStatus.WARN, f"{seen}; a non-root user needs NET_BIND_SERVICE", fix
        )
    if ev.hardened is None or not ev.hardened.ok:
        return make_item("low-ports", CheckStatus.FAIL, f"{seen}; a non-root user cannot bind it", fix)
    # Other added capabilities (say DAC_OVERRIDE for a log directory) are cap-drop-all's business.
    caps = {bare_cap(cap) for cap in ev.hardened.cap_add}
    how = (
        "NET_BIND_SERVICE is the only capability it needs for that"
        if "NET_BIND_SERVICE" in caps
        else "it binds without any capability under the hardened flags"
    )
    return make_item("low-ports", CheckStatus.PASS, f"{seen}; {how}", fix)


PROFILES_FIX = (
    "Keep the runtime's default seccomp, AppArmor and SELinux profiles: never use --privileged, "
    "--security-opt seccomp=unconfined, apparmor=unconfined or label=disable; "
    "in Kubernetes set seccompProfile: {type: RuntimeDefault}"
)
SECCOMP_MODES = {0: "disabled", 1: "strict", 2: "filter"}


def check_security_profiles(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if not ev.probe_ran or ev.baseline.seccomp is None:
        why = ev.probe_missing if not ev.probe_ran else "the probe could not read the seccomp mode"
        return not_checked("default-security-profiles", why, PROFILES_FIX)
    mode = ev.baseline.seccomp
    measured = f"Seccomp mode {mode} ({SECCOMP_MODES.get(mode, 'unknown')}) as built (probe)"
    if mode == 2:
        evidence = f"{measured}: the default profile applies and the image needs nothing else"
        return make_item("default-security-profiles", CheckStatus.PASS, evidence, PROFILES_FIX)
    evidence = f"{measured}: no seccomp filter was active; keep the default profile where you deploy"
    return make_item("default-security-profiles", CheckStatus.WARN, evidence, PROFILES_FIX)


LOGS_FIX = (
    "Write logs to stdout/stderr, or link the log files there:\n"
    "RUN ln -sf /dev/stdout /var/log/app/access.log && ln -sf /dev/stderr /var/log/app/error.log"
)


def check_logs_stdout(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if not ev.lint_ran and not ev.probe_ran:
        return not_checked(
            "logs-stdout", f"the Dockerfile could not be parsed and {ev.probe_missing}", LOGS_FIX
        )
    problems = [quote_findings(hits)] if (hits := ev.lint_hits(LINT_RULES["logs-stdout"])) else []
    if ev.probe_ran:
        logs = [path for path in ev.baseline.written_paths if path.startswith("/var/log/")]
        if logs:
            problems.append(f"writes {join_limited(logs)} (probe)")
    if problems:
        return make_item("logs-stdout", CheckStatus.WARN, "; ".join(problems), LOGS_FIX)
    evidence = (
        "writes nothing under /var/log (probe)"
        if ev.probe_ran
        else f"no log files under /var/log in the Dockerfile (static only: {ev.probe_missing})"
    )
    return make_item("logs-stdout", CheckStatus.PASS, evidence, LOGS_FIX)
