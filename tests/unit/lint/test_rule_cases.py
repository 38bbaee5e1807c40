"""Every rule's table of cases (in test_rules_<theme>.py): the bad Dockerfile is flagged on
exactly the expected lines, the good one not at all."""

from __future__ import annotations

import pytest

from tests.unit.lint import (
    test_rules_packages,
    test_rules_ports_files,
    test_rules_privileges,
    test_rules_runtime,
    test_rules_supply_chain,
    test_rules_users,
)
from tests.unit.lint.helpers import lines_for

THEMES = (
    test_rules_users,
    test_rules_privileges,
    test_rules_ports_files,
    test_rules_supply_chain,
    test_rules_packages,
    test_rules_runtime,
)
CASES = [case for theme in THEMES for case in theme.CASES]


@pytest.mark.parametrize(
    ("rule_id", "bad", "lines", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_it_flags_the_bad_dockerfile_and_not_the_good_one(
    rule_id: str, bad: str, lines: list[int], good: str
) -> None:
    assert lines_for(bad, rule_id) == lines
    assert lines_for(good, rule_id) == []
