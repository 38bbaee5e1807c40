"""The hardening checklist: one item per entry of catalog.ITEMS, in that order."""

from __future__ import annotations

from collections.abc import Callable

from scans.report import checks_image, checks_runtime, checks_user
from scans.report.catalog import ITEMS
from scans.report.evidence import Evidence
from scans.report.runtime import RunPlan
from scans.results import ChecklistItem

Check = Callable[[Evidence, RunPlan], ChecklistItem]

CHECKS: dict[str, Check] = {
    "non-root": checks_user.check_non_root,
    "fixed-uid": checks_user.check_fixed_uid,
    "copy-chown": checks_user.check_copy_chown,
    "no-escalation": checks_user.check_no_escalation,
    "cap-drop-all": checks_runtime.check_cap_drop_all,
    "read-only-rootfs": checks_runtime.check_read_only,
    "no-new-privileges": checks_runtime.check_no_new_privileges,
    "low-ports": checks_runtime.check_low_ports,
    "no-secrets": checks_image.check_no_secrets,
    "base-pinned": checks_image.check_base_pinned,
    "vulns-under-threshold": checks_image.check_vulns,
    "healthcheck": checks_image.check_healthcheck,
    "logs-stdout": checks_runtime.check_logs_stdout,
    "minimal-image": checks_image.check_minimal_image,
    "default-security-profiles": checks_runtime.check_security_profiles,
}


def build_checklist(ev: Evidence, plan: RunPlan) -> tuple[ChecklistItem, ...]:
    return tuple(CHECKS[spec.id](ev, plan) for spec in ITEMS)
