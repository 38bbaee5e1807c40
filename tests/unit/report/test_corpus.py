"""The report holds on every Dockerfile of the shared public corpus: it never raises and its YAML parses."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scans.report.catalog import ITEMS
from tests.unit.report.scenarios import build_failed, root_nginx, scenario

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "public"
FILES = sorted(CORPUS.glob("*Dockerfile*"))


def test_it_finds_the_corpus():
    assert len(FILES) >= 400, f"expected the shared corpus at {CORPUS}"


@pytest.mark.slow
def test_it_reports_on_every_corpus_file_from_the_dockerfile_alone_and_with_a_probe():
    probed = root_nginx()
    for path in FILES:
        text = path.read_text(errors="replace")
        for case in (build_failed(text), scenario(text, probed.build, probed.trivy, probed.probe)):
            report = case.report()
            assert [item.id for item in report.checklist] == [spec.id for spec in ITEMS], path.name
            assert report.grade in {"A", "B", "C", "D", "F"}, path.name
            assert yaml.safe_load(report.fixes.compose)["services"]["app"]["read_only"] is True, path.name
            assert yaml.safe_load(report.fixes.kubernetes)["kind"] == "Pod", path.name
            assert report.runtime["user"].split(":")[0] != "0", path.name
