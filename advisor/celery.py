"""The Celery app. Two queues so fast lint work never waits behind a 10-minute build."""

from __future__ import annotations

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "advisor.settings")

app = Celery("advisor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = (Queue("lint"), Queue("sandbox"))
app.autodiscover_tasks()

# The janitor sweeps scans whose worker died (see scans.tasks.sweep_stale_scans).
app.conf.beat_schedule = {
    "sweep-stale-scans": {"task": "scans.tasks.sweep_stale_scans", "schedule": 600.0},
    "prune-sandbox": {
        "task": "scans.tasks.prune_sandbox",
        "schedule": 3600.0,
        "options": {"queue": "sandbox"},
    },
}
if os.environ.get("ADVISOR_TRIVY_DB_UPDATE") == "schedule":
    app.conf.beat_schedule["refresh-vuln-db"] = {
        "task": "scans.tasks.refresh_vuln_db",
        "schedule": 6 * 3600.0,
        "options": {"queue": "sandbox"},
    }
