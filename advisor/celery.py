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
