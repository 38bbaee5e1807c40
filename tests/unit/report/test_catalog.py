"""The checklist catalog stays in step with the lint rule registry and the JSON contract."""

from __future__ import annotations

from scans.lint.registry import all_rules
from scans.report.catalog import ITEMS, LINT_RULES, SPECS
from scans.report.checklist import CHECKS


def test_it_maps_only_lint_rules_that_exist():
    known = {rule.id for rule in all_rules()}

    for item_id, rule_ids in LINT_RULES.items():
        assert set(rule_ids) <= known, (item_id, set(rule_ids) - known)


def test_it_has_one_check_per_catalog_item_and_unique_ids():
    assert len(SPECS) == len(ITEMS) == 15
    assert set(CHECKS) == set(SPECS)
    assert set(LINT_RULES) - set(SPECS) == {"base-digest"}
