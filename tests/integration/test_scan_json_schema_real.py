"""`manage.py scan --format json --verify` on a real image validates against docs/report-schema.json.

The real sandbox builds and probes busybox, and the real trivy scans it against the
fixture vulnerability DB, so every stage's fields come from the tools, not from us.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from scans.results import Limits
from tests.support.scan_schema import schema_errors
from tests.support.trivy_db import write_trivy_db

pytestmark = [
    pytest.mark.slow,
    pytest.mark.podman,
    pytest.mark.trivy,
    pytest.mark.django_db(transaction=True),
]

BUSYBOX = 'FROM busybox:latest\nCMD ["sleep","300"]\n'


def test_it_validates_the_json_of_a_real_scan(sandbox_limits: Limits, settings, tmp_path):
    settings.ADVISOR_TRIVY_CACHE_DIR = str(write_trivy_db(tmp_path / "trivy-cache").parent)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(BUSYBOX)
    out = io.StringIO()

    with pytest.raises(SystemExit) as exited:  # ADV101 (no USER) is high: the default --fail-on
        call_command("scan", str(dockerfile), "--format", "json", "--verify", stdout=out)
    data = json.loads(out.getvalue())

    assert exited.value.code == 1
    assert schema_errors(data) == []
    statuses = {name: stage["status"] for name, stage in data["stages"].items()}
    assert statuses == {name: "completed" for name in ("lint", "build", "trivy", "probe", "report")}
    assert data["stages"]["trivy"]["vuln_db"] == "available"
    assert data["stages"]["probe"]["baseline"]["uid"] == 0  # busybox runs as root
    assert data["stages"]["probe"]["hardened"]["ok"] is True
    assert (data["status"], data["dockerfile_path"]) == ("completed", "Dockerfile")
    assert data["verification"]["status"] == "completed"
    verified = {item["id"]: item["status"] for item in data["verification"]["checklist"]}
    assert [verified[key] for key in ("non-root", "read-only-rootfs", "cap-drop-all")] == ["pass"] * 3
