"""Checklist items about who the container runs as and how it could become root."""

from __future__ import annotations

from scans.report.catalog import LINT_RULES, make_item, not_checked, quote_finding, quote_findings
from scans.report.evidence import Evidence, join_limited, plural
from scans.report.runtime import APP_USER, RunPlan
from scans.results import ChecklistItem, CheckStatus


def static_user_text(ev: Evidence) -> str:
    """The Dockerfile's side of 'who runs': `line 3: USER root` or `no USER in the final stage`."""
    if not ev.static.parsed:
        return "the Dockerfile could not be parsed"
    if ev.static.user is None:
        return "no USER in the final stage"
    shown = str(ev.static.user)
    written = ev.static.user.text.split(None, 1)[-1].strip()
    return shown if ev.static.user_value == written else f"{shown} (= {ev.static.user_value})"


def add_user_fix(plan: RunPlan) -> str:
    return (
        f"Run as {plan.user}: create that user with fixed IDs after the installs "
        "and switch to it before CMD:\n"
        f"RUN groupadd --system --gid {plan.gid} {APP_USER} \\\n"
        f"    && useradd --system --uid {plan.uid} --gid {plan.gid} "
        f"--no-create-home --no-log-init {APP_USER}\n"
        f"USER {plan.user}"
    )


def check_non_root(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = add_user_fix(plan)
    static = static_user_text(ev)
    if not ev.probe_ran or ev.baseline.uid is None:
        if not ev.lint_ran:
            return not_checked("non-root", f"the Dockerfile could not be parsed and {ev.probe_missing}", fix)
        status = CheckStatus.FAIL if ev.static.is_root else CheckStatus.PASS
        return make_item("non-root", status, f"{static}; not confirmed at runtime: {ev.probe_missing}", fix)
    uid = ev.baseline.uid
    measured = f"effective UID {uid} (probe)"
    if uid == 0 and ev.lint_ran and not ev.static.is_root:
        evidence = (
            f"{static}, but the probe measured effective UID 0: the USER does not take effect at runtime"
        )
        return make_item("non-root", CheckStatus.FAIL, evidence, fix)
    if uid == 0:
        return make_item("non-root", CheckStatus.FAIL, f"{static}; {measured}", fix)
    if ev.lint_ran and ev.static.user is None:
        evidence = (
            f"{static}, but the base image's user applies: {measured}; "
            "set USER so it does not depend on the base"
        )
        return make_item(
            "non-root", CheckStatus.WARN, evidence, f"State the user explicitly with USER {plan.user}"
        )
    if ev.lint_ran and ev.static.is_root:
        evidence = (
            f"{static}, but the main process runs as UID {uid} (probe): the entrypoint drops root itself"
        )
        return make_item("non-root", CheckStatus.WARN, evidence, fix)
    return make_item("non-root", CheckStatus.PASS, f"{static}; {measured}", fix)


def check_fixed_uid(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = add_user_fix(plan)
    if not ev.lint_ran:
        return not_checked("fixed-uid", "the Dockerfile could not be parsed", fix)
    hits = ev.lint_hits(LINT_RULES["fixed-uid"])
    measured = f"; effective UID:GID {ev.baseline.uid}:{ev.baseline.gid} (probe)" if ev.probe_ran else ""
    ids = ev.static.numeric_ids
    if ev.static.is_root:
        status, evidence = CheckStatus.FAIL, f"{static_user_text(ev)}: there is no app user"
    elif ids is None:
        status = CheckStatus.FAIL
        evidence = f"{static_user_text(ev)} is a name: Kubernetes runAsNonRoot cannot verify it"
    elif ids[1] is None:
        status, evidence = CheckStatus.WARN, f"{static_user_text(ev)} sets no group"
    else:
        status, evidence = CheckStatus.PASS, static_user_text(ev)
    if hits:
        status = CheckStatus.FAIL
        evidence = f"{evidence}; {quote_findings(hits)}"
    return make_item("fixed-uid", status, evidence + measured, fix)


def check_copy_chown(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    fix = f"Set the owner while copying instead of in a RUN chown layer:\nCOPY --chown={plan.user} . /app"
    if not ev.lint_ran:
        return not_checked("copy-chown", "the Dockerfile could not be parsed", fix)
    hits = ev.lint_hits(LINT_RULES["copy-chown"])
    # Paths that get a tmpfs in the hardened run are writable there (tmpfs is mode 1777).
    needed = [
        path
        for path in (ev.image.root_owned_writable_needed if ev.image else ())
        if not any(path == mount or path.startswith(mount.rstrip("/") + "/") for mount in plan.tmpfs)
    ]
    if hits:
        return make_item("copy-chown", CheckStatus.FAIL, quote_findings(hits), fix)
    if needed:
        evidence = f"the runtime user must write {join_limited(needed)}, owned by root (probe)"
        return make_item("copy-chown", CheckStatus.FAIL, evidence, fix)
    if ev.static.chown_copies:
        return make_item("copy-chown", CheckStatus.PASS, "; ".join(map(str, ev.static.chown_copies[:3])), fix)
    evidence = "no RUN chown after COPY; copied files stay root-owned and read-only to the app user"
    return make_item("copy-chown", CheckStatus.PASS, evidence, fix)


ESCALATION_FIX = (
    "Remove sudo, gosu/su-exec and setcap from the image and strip SUID/SGID bits:\n"
    "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n"
    "and run with --security-opt=no-new-privileges."
)
SUID_FIX = (
    "Strip the SUID/SGID bits in the final stage (no-new-privileges also stops them at runtime):\n"
    "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +"
)


def check_no_escalation(ev: Evidence, plan: RunPlan) -> ChecklistItem:
    if not ev.lint_ran and ev.image is None:
        return not_checked(
            "no-escalation", f"the Dockerfile could not be parsed and {ev.probe_missing}", ESCALATION_FIX
        )
    failures = [quote_finding(f) for f in ev.lint_hits(LINT_RULES["no-escalation"])]
    warnings: list[str] = []
    if ev.image is not None:
        if ev.image.empty_password_users:
            failures.append(
                f"users with an empty password: {join_limited(list(ev.image.empty_password_users))} (probe)"
            )
        if ev.image.suid_files:
            suid = list(ev.image.suid_files)
            warnings.append(
                f"{plural(len(suid), 'SUID/SGID file')} in the image: {join_limited(suid)} (probe)"
            )
    if failures:
        return make_item("no-escalation", CheckStatus.FAIL, "; ".join(failures + warnings), ESCALATION_FIX)
    if warnings:
        return make_item("no-escalation", CheckStatus.WARN, "; ".join(warnings), SUID_FIX)
    image_part = (
        "no SUID/SGID files in the image (probe)"
        if ev.image
        else f"image files not checked: {ev.probe_missing}"
    )
    static_part = (
        "no sudo, SUID or setcap in the Dockerfile" if ev.lint_ran else "the Dockerfile could not be parsed"
    )
    evidence = f"{static_part}; {image_part}"
    return make_item("no-escalation", CheckStatus.PASS, evidence, ESCALATION_FIX)
