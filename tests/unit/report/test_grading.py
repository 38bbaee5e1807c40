"""The grade formula (documented in grading.py and docs/report-schema.md) and the top changes."""

from __future__ import annotations

from scans.report.catalog import ITEMS, make_item
from scans.report.grading import grade_checklist, pick_top_changes, score_checklist
from scans.results import CheckStatus
from tests.unit.report.scenarios import build_failed, hardened_app, root_nginx

PASS, WARN, FAIL, NOT = CheckStatus.PASS, CheckStatus.WARN, CheckStatus.FAIL, CheckStatus.NOT_CHECKED


def checklist(**statuses: CheckStatus):
    """Every catalog item passing, except the ones named (dashes written as underscores)."""
    chosen = {key.replace("_", "-"): status for key, status in statuses.items()}
    return tuple(
        make_item(spec.id, chosen.get(spec.id, PASS), "evidence", f"Fix {spec.id}:\ndetails")
        for spec in ITEMS
    )


def test_it_gives_a_root_container_an_f_whatever_else_it_does():
    report = root_nginx().report()

    assert score_checklist(report.checklist) == 53.8
    assert report.grade == "F"
    assert grade_checklist(checklist(non_root=FAIL)) == "F"


def test_it_gives_a_fully_hardened_image_an_a():
    report = hardened_app().report()

    assert score_checklist(report.checklist) == 100.0
    assert report.grade == "A"
    assert report.top_changes == ()


def test_it_fails_any_scan_that_leaks_a_secret():
    assert grade_checklist(checklist(no_secrets=FAIL)) == "F"


def test_it_caps_at_b_when_any_item_fails():
    items = checklist(healthcheck=FAIL)

    assert score_checklist(items) == 97.5
    assert grade_checklist(items) == "B"


def test_it_maps_scores_to_letters_at_the_documented_floors():
    # weights: cap-drop-all 4 + vulns 4 + no-escalation 4 + read-only 3 = 15 of 40
    assert score_checklist(checklist(cap_drop_all=WARN, no_escalation=WARN)) == 90.0
    assert grade_checklist(checklist(cap_drop_all=WARN, no_escalation=WARN)) == "A"
    eighty = checklist(
        cap_drop_all=WARN, no_escalation=WARN, vulns_under_threshold=WARN, fixed_uid=WARN, healthcheck=WARN
    )
    assert score_checklist(eighty) == 80.0
    assert grade_checklist(eighty) == "B"
    assert (
        grade_checklist(checklist(vulns_under_threshold=FAIL, read_only_rootfs=FAIL, cap_drop_all=FAIL))
        == "C"
    )
    fifty_five = checklist(
        vulns_under_threshold=FAIL,
        read_only_rootfs=FAIL,
        cap_drop_all=FAIL,
        no_escalation=FAIL,
        fixed_uid=FAIL,
    )
    assert score_checklist(fifty_five) == 55.0
    assert grade_checklist(fifty_five) == "D"


def test_it_ignores_not_checked_items_but_caps_at_c_on_thin_evidence():
    unchecked = ("cap-drop-all", "read-only-rootfs", "minimal-image", "vulns-under-threshold")
    some = checklist(**{item.replace("-", "_"): NOT for item in unchecked})
    assert score_checklist(some) == 100.0
    assert grade_checklist(some) == "A"

    # 21 of 40 weight unchecked: less than half was checked
    thin_ids = (
        "cap-drop-all",
        "read-only-rootfs",
        "no-new-privileges",
        "vulns-under-threshold",
        "no-secrets",
        "fixed-uid",
    )
    thin = checklist(**{item.replace("-", "_"): NOT for item in thin_ids})
    assert score_checklist(thin) == 100.0
    assert grade_checklist(thin) == "C"
    assert grade_checklist(checklist(**{spec.id.replace("-", "_"): NOT for spec in ITEMS})) == "F"


def test_it_lists_failures_first_heaviest_first_then_warnings():
    items = checklist(healthcheck=FAIL, logs_stdout=WARN, vulns_under_threshold=FAIL, no_secrets=WARN)

    assert pick_top_changes(items) == ("Fix vulns-under-threshold", "Fix healthcheck", "Fix no-secrets")


def test_it_merges_items_that_share_a_fix_and_keeps_three():
    report = root_nginx().report()

    assert report.top_changes == (
        "Run as 5000:5000: create that user with fixed IDs after the installs and switch to it before CMD",
        "Rebuild on a newer base image and upgrade the packages Trivy lists as fixable, "
        "until nothing at or above high remains",
        "Strip the SUID/SGID bits in the final stage (no-new-privileges also stops them at runtime)",
    )


def test_it_grades_a_failed_build_from_the_dockerfile_alone():
    report = build_failed().report()

    assert score_checklist(report.checklist) == 56.2
    assert report.grade == "F"


def test_it_caps_at_c_when_the_probe_did_not_run():
    runtime = {"cap_drop_all": NOT, "read_only_rootfs": NOT, "no_new_privileges": NOT}
    assert grade_checklist(checklist(**runtime)) == "C"
    assert grade_checklist(checklist(cap_drop_all=NOT, read_only_rootfs=NOT)) == "A"
    assert build_failed(hardened_app().source.dockerfile).report().grade == "C"
