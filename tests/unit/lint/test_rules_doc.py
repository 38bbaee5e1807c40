from __future__ import annotations

from pathlib import Path

from scans.lint.registry import all_rules
from scans.lint.rules_doc import render_rules_markdown

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_it_keeps_the_committed_rules_doc_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render_rules_markdown(), "run: python scripts/gen_rules_doc.py"


def test_it_lists_every_rule_with_its_refs() -> None:
    text = render_rules_markdown()
    for rule in all_rules():
        assert f"## {rule.id}: {rule.title}" in text
    assert (
        "| ADV402 | low | ADD of a local file that is not an archive (use COPY) "
        "| DL3020; DS-0005; 4.9; CKV_DOCKER_4 |" in text
    )
