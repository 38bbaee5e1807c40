"""docs/report-schema.md lists every field the report stage writes, and every checklist id."""

from __future__ import annotations

from pathlib import Path

from scans.report.catalog import ITEMS
from scans.report.exports import summarize_verification
from tests.unit.report.scenarios import root_nginx, scan_json, verification_of

DOC = Path(__file__).resolve().parents[3] / "docs" / "report-schema.md"


def documented(name: str) -> bool:
    return f"`{name}`" in DOC.read_text()


def test_it_documents_every_report_field():
    report = root_nginx().report().to_json()
    fields = {
        *report,
        *report["counts"],
        *report["fixes"],
        *report["runtime"],
        *report["checklist"][0],
    }

    assert sorted(name for name in fields if not documented(name)) == []


def test_it_documents_the_top_level_and_verification_fields():
    data = scan_json(root_nginx())
    data["verification"] = verification_of(root_nginx())
    summary = summarize_verification(data)
    fields = {*data, *data["verification"], *summary, *summary["rows"][0]}

    assert sorted(name for name in fields if not documented(name)) == []


def test_it_documents_every_checklist_item_id():
    text = DOC.read_text()

    assert [spec.id for spec in ITEMS if f"| `{spec.id}` ({spec.weight}) |" not in text] == []
