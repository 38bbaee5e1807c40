"""Thin Celery shells around scans.pipeline. Arguments are ids, never objects."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from scans import pipeline
from scans.limits import limits_from_settings, sandbox_phase_budget_s
from scans.models import Scan
from scans.sandbox.janitor import prune_stale_objects
from scans.trivy.runner import update_vuln_db

log = logging.getLogger(__name__)
SANDBOX_SOFT_LIMIT_S = sandbox_phase_budget_s(limits_from_settings())


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def run_lint_phase(scan_id: int) -> None:
    scan = Scan.objects.filter(id=scan_id).first()
    if scan is None:
        return
    if pipeline.run_lint_phase(scan):
        transaction.on_commit(lambda: run_sandbox_phase.delay(scan_id))


@shared_task(acks_late=True, soft_time_limit=SANDBOX_SOFT_LIMIT_S, time_limit=int(SANDBOX_SOFT_LIMIT_S * 1.2))
def run_sandbox_phase(scan_id: int) -> None:
    scan = Scan.objects.filter(id=scan_id).first()
    if scan is not None:
        pipeline.run_sandbox_phase(scan)


@shared_task
def sweep_stale_scans() -> int:
    """Fail scans stuck in `running` past any possible deadline (their worker died)."""
    deadline = timezone.now() - timedelta(seconds=SANDBOX_SOFT_LIMIT_S * 1.5 + 60)
    stale = list(Scan.objects.filter(state=Scan.State.RUNNING, started__lt=deadline))
    for scan in stale:
        pipeline.fail_unfinished_stages(scan, "scan.stale")
        scan.finish(Scan.State.ERROR, "scan.stale")
    return len(stale)


def enqueue_scan(scan: Scan) -> None:
    """Queue the scan once the row is committed, so the worker can always find it."""

    def send() -> None:
        result = run_lint_phase.delay(scan.id)
        Scan.objects.filter(id=scan.id).update(task_id=result.id)

    transaction.on_commit(send)


@shared_task
def prune_sandbox() -> int:
    """Remove sandbox containers, images and dirs of scans that are no longer running
    (e.g. a worker killed mid-build left them behind)."""
    active = {
        str(code) for code in Scan.objects.filter(state=Scan.State.RUNNING).values_list("code", flat=True)
    }
    return prune_stale_objects(limits_from_settings().sandbox, active)


@shared_task
def refresh_vuln_db() -> None:
    record = update_vuln_db(limits_from_settings().trivy)
    if record is not None and record.exit_code != 0:
        log.warning("trivy DB update failed (exit %s): %s", record.exit_code, record.output[-500:])


@worker_ready.connect
def prepare_worker(sender=None, **kwargs) -> None:
    if settings.ADVISOR_SANDBOX_ENABLED:
        prune_sandbox.apply_async(queue="sandbox")
    if settings.ADVISOR_TRIVY_DB_UPDATE in ("startup", "schedule"):
        refresh_vuln_db.apply_async(queue="sandbox")
