"""Thin Celery shells around scans.pipeline. Arguments are ids, never objects."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from scans import pipeline
from scans.limits import limits_from_settings, sandbox_phase_budget_s
from scans.models import Scan

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
