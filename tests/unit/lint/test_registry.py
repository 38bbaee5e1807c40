from __future__ import annotations

import re
from pathlib import Path

from scans.lint.registry import all_rules

TESTS = Path(__file__).parent


def test_it_gives_every_rule_metadata_in_our_namespace() -> None:
    for rule in all_rules():
        assert re.fullmatch(r"ADV[1-7]\d\d", rule.id), rule.id
        assert rule.title and rule.reason and rule.fix, rule.id
        assert set(rule.refs) <= {"hadolint", "trivy", "cis", "checkov"}, rule.id


def test_it_has_a_positive_and_negative_case_for_every_rule() -> None:
    text = "".join(p.read_text() for p in TESTS.glob("test_rules_*.py"))
    missing = [rule.id for rule in all_rules() if not re.search(rf'\(\s*"{rule.id}",', text)]
    assert missing == []


def test_it_keeps_the_ids_other_code_relies_on() -> None:
    ids = {rule.id for rule in all_rules()}
    assert {"ADV101", "ADV102", "ADV103", "ADV501"} <= ids
