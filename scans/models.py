"""Scans, their stage runs and share links. State changes live here as methods."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from scans.results import StageStatus

STAGE_NAMES = ("lint", "build", "trivy", "probe", "report")


class Scan(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        COMPLETED = "completed"
        ERROR = "error"

    FINAL_STATES = (State.COMPLETED, State.ERROR)

    class SourceKind(models.TextChoices):
        PASTE = "paste"
        UPLOAD = "upload"
        API = "api"
        CLI = "cli"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(
        "advisor.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="scans"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices, default=SourceKind.PASTE)
    filename = models.CharField(max_length=255, default="Dockerfile")
    dockerfile = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    message_id = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    findings = models.JSONField(default=list)
    runtime = models.JSONField(null=True, blank=True)  # hardened run config to verify (child scans)
    verifies = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="verifications"
    )
    created = models.DateTimeField(default=timezone.now, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"scan {self.code8}"

    @property
    def code8(self) -> str:
        return self.code.hex[:8]

    @property
    def is_final(self) -> bool:
        return self.state in self.FINAL_STATES

    def create_stage_runs(self) -> None:
        StageRun.objects.bulk_create([StageRun(scan=self, stage=name) for name in STAGE_NAMES])

    def claim(self) -> bool:
        """queued -> running, only if still queued.

        A conditional UPDATE, then a check that exactly one row changed: with
        acks_late a message can be delivered twice, and only one delivery may run.
        """
        now = timezone.now()
        changed = Scan.objects.filter(id=self.id, state=self.State.QUEUED).update(
            state=self.State.RUNNING, started=now
        )
        if changed == 1:
            self.state, self.started = self.State.RUNNING, now
        return changed == 1

    def finish(self, state: str = State.COMPLETED, message_id: str = "") -> None:
        self.state, self.message_id, self.finished = state, message_id, timezone.now()
        self.save(update_fields=["state", "message_id", "finished"])

    def stage_map(self) -> dict[str, StageRun]:
        runs = {run.stage: run for run in self.stage_runs.all()}
        return {name: runs[name] for name in STAGE_NAMES if name in runs}


class StageRun(models.Model):
    class Status(models.TextChoices):
        PENDING = StageStatus.PENDING.value
        RUNNING = StageStatus.RUNNING.value
        COMPLETED = StageStatus.COMPLETED.value
        FAILED = StageStatus.FAILED.value
        SKIPPED = StageStatus.SKIPPED.value
        UNAVAILABLE = StageStatus.UNAVAILABLE.value
        ERROR = StageStatus.ERROR.value

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="stage_runs")
    stage = models.CharField(max_length=10)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    message_id = models.CharField(max_length=64, blank=True)
    result = models.JSONField(default=dict)
    commands = models.JSONField(default=list)
    log = models.TextField(blank=True)  # live output while running (build log)
    artifact = models.TextField(blank=True)  # e.g. the CycloneDX SBOM of the trivy stage
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scan", "stage"], name="one_run_per_stage")]

    def __str__(self) -> str:
        return f"{self.stage}: {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.RUNNING)

    def claim(self) -> bool:
        """pending -> running, only if still pending (same redelivery guard as Scan.claim)."""
        now = timezone.now()
        changed = StageRun.objects.filter(id=self.id, status=self.Status.PENDING).update(
            status=self.Status.RUNNING, started=now
        )
        if changed == 1:
            self.status, self.started = self.Status.RUNNING, now
        return changed == 1


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareLink(models.Model):
    """A read-only link to one report. Only the token's hash is stored, so a
    database leak does not leak working links; a row (not a signature) so it can be revoked."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    @classmethod
    def create_for(cls, scan: Scan, user=None, *, days: int | None = None) -> tuple[ShareLink, str]:
        token = secrets.token_urlsafe(32)  # 256 bits
        expires = timezone.now() + timedelta(days=days) if days else None
        link = cls.objects.create(scan=scan, token_hash=hash_token(token), created_by=user, expires=expires)
        return link, token

    @property
    def is_active(self) -> bool:
        if self.revoked:
            return False
        return self.expires is None or self.expires > timezone.now()

    def revoke(self) -> None:
        self.revoked = timezone.now()
        self.save(update_fields=["revoked"])
