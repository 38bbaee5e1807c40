"""Writes a fixture Trivy vulnerability DB, so vulnerability scans run offline in tests.

Layout (../shared/ENVIRONMENT.md, checked against Trivy 0.76): CACHE/db/metadata.json
plus CACHE/db/trivy.db, a bbolt file with the buckets
  "debian 12" -> <source package> -> <vuln id> -> {"FixedVersion": ...}
  "vulnerability" -> <vuln id> -> {"Title", "Description", "Severity", ...}
  "data-source" -> "debian 12" -> {"ID", "Name", "URL"}
Debian advisories are keyed by the SOURCE package (zlib, not zlib1g); Trivy maps
the installed binary packages to their source names itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.bbolt import write_bbolt


@dataclass(frozen=True)
class FixtureVuln:
    vuln_id: str
    source_package: str
    fixed_version: str  # "" = no fix yet
    severity: str  # CRITICAL | HIGH | MEDIUM | LOW | UNKNOWN
    title: str
    platform: str = "debian 12"


# Versions are chosen so they stay above what bookworm ships for years to come, so
# a fresh debootstrap keeps matching: zlib1g 1:1.2.13.dfsg-1 is installed; tar has
# no fix yet; gzip's fix is OLDER than the installed 1.12-1 and must not be reported;
# advisor-fixture is the package tests/data/trivy/fixture.Dockerfile adds in its own layer.
DEBIAN_FIXTURE_VULNS = (
    FixtureVuln(
        "CVE-2099-0001", "zlib", "1:1.3.1.dfsg-1~deb12u1", "HIGH", "zlib: fixture heap overflow in inflate"
    ),
    FixtureVuln("CVE-2099-0002", "tar", "", "MEDIUM", "tar: fixture path traversal, no fix yet"),
    FixtureVuln("CVE-2099-0003", "gzip", "1.10-1", "CRITICAL", "gzip: fixture bug fixed long ago"),
    FixtureVuln(
        "CVE-2099-0004", "advisor-fixture", "2.0-1", "LOW", "advisor-fixture: fixture bug in the app layer"
    ),
)


def advisory_json(vuln: FixtureVuln) -> bytes:
    # Status 2 = "affected" in trivy-db's types; without a FixedVersion Trivy reports it as unfixed.
    advisory = {"FixedVersion": vuln.fixed_version} if vuln.fixed_version else {"Status": 2}
    return json.dumps(advisory).encode()


def vulnerability_json(vuln: FixtureVuln) -> bytes:
    detail = {
        "Title": vuln.title,
        "Description": f"Fixture vulnerability {vuln.vuln_id} for the advisor's tests.",
        "Severity": vuln.severity,
        "VendorSeverity": {"debian": _SEVERITY_NUMBER[vuln.severity]},
        "References": [f"https://security-tracker.debian.org/tracker/{vuln.vuln_id}"],
    }
    return json.dumps(detail).encode()


_SEVERITY_NUMBER = {"UNKNOWN": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}


def fixture_buckets(vulns: tuple[FixtureVuln, ...]) -> dict:
    platforms: dict[bytes, dict] = {}
    for vuln in vulns:
        packages = platforms.setdefault(vuln.platform.encode(), {})
        packages.setdefault(vuln.source_package.encode(), {})[vuln.vuln_id.encode()] = advisory_json(vuln)
    data_source = {
        name: json.dumps(
            {
                "ID": "debian",
                "Name": "Debian Security Tracker",
                "URL": "https://salsa.debian.org/security-tracker-team/security-tracker",
            }
        ).encode()
        for name in platforms
    }
    return {
        **platforms,
        b"vulnerability": {v.vuln_id.encode(): vulnerability_json(v) for v in vulns},
        b"data-source": data_source,
    }


def write_trivy_db(cache_dir: Path, vulns: tuple[FixtureVuln, ...] = DEBIAN_FIXTURE_VULNS) -> Path:
    """Write CACHE/db/{trivy.db,metadata.json}; returns the db directory."""
    db_dir = Path(cache_dir) / "db"
    db_dir.mkdir(parents=True, exist_ok=True)
    write_bbolt(db_dir / "trivy.db", fixture_buckets(vulns))
    now = datetime.now(UTC)
    metadata = {
        "Version": 2,
        "NextUpdate": _stamp(now + timedelta(days=3650)),
        "UpdatedAt": _stamp(now),
        "DownloadedAt": _stamp(now),
    }
    (db_dir / "metadata.json").write_text(json.dumps(metadata))
    return db_dir


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
