"""The advisor passes its own advice: its Dockerfile lints clean, its compose file is hardened."""

from __future__ import annotations

from pathlib import Path

import yaml

from scans.lint.stage import lint_dockerfile
from scans.results import Severity, Source

ROOT = Path(__file__).resolve().parents[2]


def test_our_dockerfile_has_no_findings_above_info():
    result = lint_dockerfile(Source("self", (ROOT / "Dockerfile").read_text()))
    serious = [(f.rule, f.line, f.message) for f in result.findings if f.severity != Severity.INFO]
    assert result.status == "completed"
    assert serious == []


def test_every_compose_service_runs_hardened():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "redis", "postgres"}
    for name, service in services.items():
        uid, _, gid = str(service["user"]).partition(":")
        assert uid.isdigit() and gid.isdigit() and int(uid) > 0 and int(gid) > 0, name
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "cap_add" not in service, name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert not service.get("privileged"), name
        for mapping in service.get("ports", []):
            assert int(str(mapping).split(":")[-1]) >= 1024, name


def test_compose_keeps_secrets_out_of_the_environment():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        env = service.get("environment", {})
        assert "SECRET_KEY" not in env and "DATABASE_URL" not in env and "POSTGRES_PASSWORD" not in env, name
