"""Every real-world Dockerfile of the shared corpus: lint never crashes, --fix holds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scans.lint.fixing import fix_dockerfile
from scans.lint.stage import lint_dockerfile
from scans.results import Source, StageStatus

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "public"
# manifest.tsv lists where each file came from; every other file is a Dockerfile.
FILES = sorted(p for p in CORPUS.glob("*") if p.name != "manifest.tsv") if CORPUS.is_dir() else []


def lint(text: str):
    return lint_dockerfile(Source(scan_code="corpus", dockerfile=text))


def test_it_finds_the_shared_corpus() -> None:
    assert len(FILES) >= 400, (
        f"expected ../shared/corpus/public next to the checkout, found {len(FILES)} files in {CORPUS}"
    )


@pytest.mark.slow
def test_it_lints_every_corpus_file_without_crashing() -> None:
    statuses = Counter(lint(path.read_text(encoding="utf-8")).status for path in FILES)
    assert statuses == Counter({StageStatus.COMPLETED: len(FILES)})


@pytest.mark.slow
def test_it_fixes_every_corpus_file_into_one_that_parses_with_strictly_fewer_findings() -> None:
    failures: list[str] = []
    applied = 0
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        before = lint(text)
        fixed = fix_dockerfile(text)
        if not fixed.applied:
            continue
        applied += 1
        after = lint(fixed.text)
        if after.status != StageStatus.COMPLETED or len(after.findings) >= len(before.findings):
            failures.append(
                f"{path.name}: {len(before.findings)} -> {len(after.findings)} {after.error or ''}"
            )
    assert failures == []
    assert applied >= len(FILES) * 0.85  # about 89% of the corpus runs as root: the fix must reach them
