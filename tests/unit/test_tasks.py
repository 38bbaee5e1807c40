from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from scans.models import Scan
from scans.tasks import run_lint_phase, run_sandbox_phase, sweep_stale_scans
from tests.factories import ScanFactory


def test_a_late_acked_message_outlives_the_longest_task():
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > run_sandbox_phase.time_limit > run_sandbox_phase.soft_time_limit
    assert run_lint_phase.acks_late and run_sandbox_phase.acks_late


def test_tasks_go_to_their_own_queues():
    routes = settings.CELERY_TASK_ROUTES
    assert routes[run_lint_phase.name]["queue"] == "lint"
    assert routes[run_sandbox_phase.name]["queue"] == "sandbox"


@pytest.mark.django_db
def test_the_janitor_fails_scans_whose_worker_died():
    stale = ScanFactory(state=Scan.State.RUNNING, started=timezone.now() - timedelta(days=1))
    fresh = ScanFactory(state=Scan.State.RUNNING, started=timezone.now())
    assert sweep_stale_scans() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.state, stale.message_id) == ("error", "scan.stale")
    assert {run.status for run in stale.stage_runs.all()} == {"error"}
    assert fresh.state == "running"
