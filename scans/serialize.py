"""Scan rows -> the scan JSON (the contract: names are kept, fields only added)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from scans.messages import render_message
from scans.models import Scan


def scan_to_json(scan: Scan, *, include_verification: bool = True) -> dict[str, Any]:
    runs = scan.stage_map()
    stages: dict[str, Any] = {}
    for name, run in runs.items():
        data = {"status": run.status, **{k: v for k, v in run.result.items() if k != "status"}}
        if run.message_id:
            data["message"] = render_message(run.message_id, code=scan.code8, **message_values(run))
        if name == "trivy" and run.artifact:
            data["sbom_url"] = reverse("scans:sbom", args=[scan.code])
        stages[name] = data
    report = runs["report"].result if "report" in runs else {}
    data: dict[str, Any] = {
        "id": str(scan.code),
        "status": scan.state,
        "created": scan.created.isoformat(),
        "finished": scan.finished.isoformat() if scan.finished else None,
        "dockerfile_path": scan.filename,
        "verifies": str(scan.verifies.code) if scan.verifies_id else None,
        "stages": stages,
        "findings": scan.findings,
        "grade": report.get("grade") or None,
        "checklist": report.get("checklist", []),
        "fixes": report.get("fixes"),
        "verification": None,
    }
    if include_verification:
        data["verification"] = verification_json(scan)
    return data


def message_values(run) -> dict[str, Any]:
    return {"error": run.result.get("error") or "", "problems": run.result.get("problems") or ""}


def verification_json(scan: Scan) -> dict[str, Any] | None:
    child = scan.verifications.order_by("-created").first()
    if child is None:
        return None
    report = child.stage_runs.filter(stage="report").first()
    return {
        "scan_id": str(child.code),
        "status": child.state,
        "checklist": report.result.get("checklist", []) if report else [],
    }
