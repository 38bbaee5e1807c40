"""Settings -> the plain config dataclasses stages receive (stages never read settings)."""

from __future__ import annotations

from django.conf import settings

from scans.results import BuildLimits, Limits, ProbeLimits, SandboxConfig, TrivyConfig


def limits_from_settings() -> Limits:
    return Limits(
        sandbox=SandboxConfig(
            user=settings.ADVISOR_SANDBOX_USER or None,
            podman=settings.ADVISOR_PODMAN,
            runtime=settings.ADVISOR_PODMAN_RUNTIME,
            cgroup_manager=settings.ADVISOR_PODMAN_CGROUP_MANAGER,
            storage_driver=settings.ADVISOR_PODMAN_STORAGE_DRIVER,
            pull=settings.ADVISOR_PULL_POLICY,
            allowed_registries=tuple(settings.ADVISOR_ALLOWED_REGISTRIES),
            build_network=settings.ADVISOR_BUILD_NETWORK,
            work_dir=settings.ADVISOR_SANDBOX_WORK_DIR,
        ),
        build=BuildLimits(
            timeout_s=settings.ADVISOR_BUILD_TIMEOUT_S,
            log_max_bytes=settings.ADVISOR_BUILD_LOG_MAX_BYTES,
            max_image_mb=settings.ADVISOR_MAX_IMAGE_MB,
        ),
        probe=ProbeLimits(
            timeout_s=settings.ADVISOR_PROBE_TIMEOUT_S,
            max_attempts=settings.ADVISOR_PROBE_MAX_ATTEMPTS,
        ),
        trivy=TrivyConfig(
            binary=settings.ADVISOR_TRIVY_BINARY,
            cache_dir=settings.ADVISOR_TRIVY_CACHE_DIR,
            timeout_s=settings.ADVISOR_TRIVY_TIMEOUT_S,
            db_repository=settings.ADVISOR_TRIVY_DB_REPOSITORY,
            offline=settings.ADVISOR_TRIVY_DB_UPDATE == "offline",
        ),
    )


def sandbox_phase_budget_s(limits: Limits) -> int:
    """Celery soft time limit for the sandbox phase: the sum of its stage budgets."""
    probe_runs = 2 + limits.probe.max_attempts
    return limits.build.timeout_s + 2 * limits.trivy.timeout_s + probe_runs * limits.probe.timeout_s + 120
