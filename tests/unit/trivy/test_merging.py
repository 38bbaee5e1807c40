"""Our lint findings and Trivy's Dockerfile checks become one finding where they agree."""

from __future__ import annotations

from dataclasses import replace

from scans.lint.stage import lint_dockerfile
from scans.results import Finding, Severity, Source
from scans.trivy import parsing
from scans.trivy.merging import merge_with_lint
from tests.unit.trivy.captures import DATA, capture


def lint_and_trivy(name: str) -> tuple[list[Finding], list[Finding]]:
    lint = lint_dockerfile(Source("x", (DATA / f"{name}.Dockerfile").read_text()))
    trivy = parsing.misconfig_findings(capture(f"config-{name}.json"), quote_code=True)
    return list(lint.findings), trivy


def test_it_shows_no_user_once_with_both_references():
    lint, trivy = lint_and_trivy("misconfigured")
    merged = merge_with_lint(lint, trivy)
    adv101 = next(f for f in merged if f.rule == "ADV101")
    assert adv101.refs["trivy"] == ("DS-0002",)
    assert adv101.extra["also_reported_by"] == ["trivy"]
    assert "DS-0002" not in [f.rule for f in merged]


def test_it_keeps_trivy_checks_we_have_no_rule_for():
    lint, trivy = lint_and_trivy("misconfigured")
    # Only ADV101 kept, as if our registry had no peers for the other checks.
    merged = merge_with_lint([f for f in lint if f.rule == "ADV101"], trivy)
    assert [f.rule for f in merged] == ["ADV101", "DS-0001", "DS-0005", "DS-0026", "DS-0029", "DS-0031"]


def test_it_matches_a_trivy_check_on_the_same_line():
    lint, trivy = lint_and_trivy("root-user")
    merged = merge_with_lint(lint, trivy)
    adv102 = next(f for f in merged if f.rule == "ADV102")
    assert (adv102.line, adv102.extra["also_reported_by"]) == (5, ["trivy"])
    assert [f.rule for f in merged if f.source == "trivy"] == []


def lint_finding(line: int | None, trivy_refs: tuple[str, ...]) -> Finding:
    refs = {"hadolint": (), "trivy": trivy_refs, "cis": (), "checkov": ()}
    return Finding("ADV501", Severity.MEDIUM, "t", "m", "f", "lint", line=line, refs=refs)


def trivy_check(check_id: str, line: int | None) -> Finding:
    return Finding(
        check_id,
        Severity.MEDIUM,
        "t",
        "m",
        "f",
        "trivy",
        line=line,
        extra={"kind": "misconfig", "target": "Dockerfile"},
    )


def test_it_keeps_a_trivy_check_that_points_at_a_line_we_did_not_flag():
    merged = merge_with_lint([lint_finding(1, ("DS-0001",))], [trivy_check("DS-0001", 7)])
    assert [(f.source, f.line) for f in merged] == [("lint", 1), ("trivy", 7)]
    assert "also_reported_by" not in merged[0].extra


def test_it_normalises_old_style_ids_on_both_sides():
    merged = merge_with_lint([lint_finding(3, ("DS001",))], [trivy_check("DS-0001", 3)])
    assert len(merged) == 1
    assert merged[0].refs["trivy"] == ("DS001",)
    assert merged[0].extra["also_reported_by"] == ["trivy"]


def test_it_never_merges_image_findings():
    secret = replace(trivy_check("DS-0001", 3), extra={"kind": "misconfig", "target": "app/Dockerfile"})
    merged = merge_with_lint([lint_finding(3, ("DS-0001",))], [secret])
    assert [f.source for f in merged] == ["lint", "trivy"]


def trivy_dockerfile_checks() -> dict[str, str]:
    """Every Dockerfile check of Trivy 0.76, deprecated ones included (config-all-checks.json)."""
    report = capture("config-all-checks.json")
    return {m["ID"]: m["Title"] for r in report["Results"] for m in r["Misconfigurations"]}


def test_it_sees_trivys_ids_in_the_form_our_refs_use():
    checks = trivy_dockerfile_checks()
    assert len(checks) == 28
    assert checks["DS-0002"] == "Image user should not be 'root'"
    assert all(parsing.normalise_check_id(check_id) == check_id for check_id in checks)


def test_it_finds_every_trivy_ref_of_our_rules_among_trivys_checks():
    """A ref that is not one of Trivy's IDs (typo, old DS002 form) could never merge."""
    from scans.lint.registry import all_rules

    refs = {ref for rule in all_rules() for ref in rule.refs.get("trivy", ())}
    assert "DS-0002" in refs
    assert sorted(refs - set(trivy_dockerfile_checks())) == []
