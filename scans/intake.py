"""Creating a scan: the row, its pending stage rows, and the queued task, in one step."""

from __future__ import annotations

from django.db import transaction

from advisor.models import team_for_new_scan
from scans.models import Scan
from scans.tasks import enqueue_scan


def start_scan(
    dockerfile: str,
    *,
    filename: str = "Dockerfile",
    kind: str = Scan.SourceKind.PASTE,
    user=None,
    verifies: Scan | None = None,
    runtime: dict | None = None,
) -> Scan:
    with transaction.atomic():
        scan = Scan.objects.create(
            dockerfile=dockerfile,
            filename=filename,
            source_kind=kind,
            created_by=user if user is not None and user.is_authenticated else None,
            team=verifies.team if verifies else (team_for_new_scan(user) if user is not None else None),
            verifies=verifies,
            runtime=runtime,
        )
        scan.create_stage_runs()
        enqueue_scan(scan)
    return scan


class NothingToVerify(Exception):
    """The scan has no hardened Dockerfile yet (not finished, or its report failed)."""


def verification_source(scan: Scan) -> tuple[str, dict | None]:
    report = scan.stage_runs.filter(stage="report").first()
    fixes = (report.result.get("fixes") or {}) if report else {}
    if not fixes.get("dockerfile"):
        raise NothingToVerify(str(scan.code))
    return fixes["dockerfile"], report.result.get("runtime") or None


def start_verification(scan: Scan, user=None) -> Scan:
    """A second pipeline run on the hardened Dockerfile with the hardened runtime flags."""
    dockerfile, runtime = verification_source(scan)
    return start_scan(
        dockerfile, filename=scan.filename, kind=scan.source_kind, user=user, verifies=scan, runtime=runtime
    )
