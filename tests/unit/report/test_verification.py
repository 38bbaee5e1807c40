"""Before/after rows and the one-line verdict of a verify scan."""

from __future__ import annotations

from dataclasses import replace

from scans.report.exports import summarize_verification
from scans.report.verification import compare_verification, verification_verdict
from tests.unit.report.scenarios import (
    build_failed,
    hardened_app,
    root_nginx,
    scan_json,
    scenario,
    verification_of,
)


def verified_nginx():
    """The verify scan of root_nginx: its hardened Dockerfile, run with the hardened runtime."""
    original = root_nginx()
    fixed = original.report().fixes.dockerfile
    probe = replace(
        original.probe,
        baseline=replace(original.probe.baseline, uid=5000, gid=5000, cap_eff=("CAP_NET_BIND_SERVICE",)),
        hardened=replace(original.probe.hardened, user=None),
    )
    return scenario(fixed, original.build, original.trivy, probe)


def user_line() -> int:
    """Where the hardened Dockerfile (the linter's fixer) put `USER 5000:5000`."""
    return root_nginx().report().fixes.dockerfile.splitlines().index("USER 5000:5000") + 1


def test_it_pairs_items_by_id_and_names_the_change():
    rows = compare_verification(
        scan_json(root_nginx())["checklist"], verification_of(verified_nginx())["checklist"]
    )
    by_id = {row["id"]: row for row in rows}

    assert [row["id"] for row in rows][:3] == ["non-root", "fixed-uid", "copy-chown"]
    assert by_id["non-root"] == {
        "id": "non-root",
        "title": "Runs as a non-root user",
        "before": "fail",
        "after": "pass",
        "before_evidence": "no USER in the final stage; effective UID 0 (probe)",
        "after_evidence": f"line {user_line()}: USER 5000:5000; effective UID 5000 (probe)",
        "change": "fixed",
    }
    assert by_id["vulns-under-threshold"]["change"] == "still failing"
    assert by_id["cap-drop-all"]["change"] == "unchanged"
    assert by_id["read-only-rootfs"]["change"] == "unchanged"


def test_it_names_regressions_improvements_and_items_it_cannot_compare():
    before = [
        {"id": "a", "title": "A", "status": "pass", "evidence": "x", "fix": ""},
        {"id": "b", "title": "B", "status": "fail", "evidence": "x", "fix": ""},
        {"id": "c", "title": "C", "status": "warn", "evidence": "x", "fix": ""},
    ]
    after = [
        {"id": "a", "title": "A", "status": "warn", "evidence": "y", "fix": ""},
        {"id": "b", "title": "B", "status": "warn", "evidence": "y", "fix": ""},
        {"id": "c", "title": "C", "status": "not checked", "evidence": "y", "fix": ""},
        {"id": "d", "title": "D", "status": "pass", "evidence": "y", "fix": ""},
    ]

    changes = [(row["id"], row["change"]) for row in compare_verification(before, after)]

    assert changes == [("a", "regressed"), ("b", "improved"), ("c", "not compared"), ("d", "not compared")]


def test_it_verifies_a_fix_that_starts_non_root_read_only_without_capabilities():
    verdict = verification_verdict(scan_json(hardened_app()), verification_of(hardened_app()))

    assert verdict == "verified: starts as UID 5000 with a read-only root filesystem and no capabilities"


def test_it_names_the_one_capability_kept_and_what_is_left_to_fix():
    verdict = verification_verdict(scan_json(root_nginx()), verification_of(verified_nginx()))

    assert verdict == (
        "verified: starts as UID 5000 with a read-only root filesystem and only NET_BIND_SERVICE; "
        "still to fix: Vulnerabilities under the threshold"
    )


def test_it_takes_the_uid_from_the_verify_scans_probe_when_given_its_full_json():
    verify = verified_nginx()
    full = scan_json(
        verify.with_(probe=replace(verify.probe, baseline=replace(verify.probe.baseline, uid=6000)))
    )

    assert verification_verdict(scan_json(root_nginx()), full).startswith("verified: starts as UID 6000 ")


def test_it_says_what_still_fails():
    verify = verified_nginx()
    still_root = verify.with_(probe=replace(verify.probe, baseline=replace(verify.probe.baseline, uid=0)))

    assert verification_verdict(scan_json(root_nginx()), verification_of(still_root)) == (
        f"not verified: still failing: Runs as a non-root user (line {user_line()}: USER 5000:5000, "
        "but the probe measured effective UID 0: the USER does not take effect at runtime)"
    )


def test_it_says_why_a_verify_scan_proved_nothing():
    original = scan_json(root_nginx())

    failed_build = verification_of(build_failed(root_nginx().report().fixes.dockerfile))
    assert verification_verdict(original, failed_build) == "not verified: the image did not build"
    assert verification_verdict(original, None) == "not verified yet"
    running = {"scan_id": "x", "status": "running", "checklist": []}
    assert verification_verdict(original, running) == "verification running"
    crashed = {"scan_id": "x", "status": "error", "checklist": []}
    assert (
        verification_verdict(original, crashed)
        == "not verified: the verification scan ended error without a report"
    )


def test_it_summarises_from_either_side_of_the_pair():
    original = scan_json(root_nginx())
    verify = scan_json(verified_nginx(), scan_id="0f0e0d0c-0000-4000-8000-000000000002")
    from_child = summarize_verification(verify, parent_json=original)
    original_with_link = {**original, "verification": verification_of(verified_nginx())}
    from_parent = summarize_verification(original_with_link)

    assert from_child == from_parent
    assert from_child["scan_id"] == "0f0e0d0c-0000-4000-8000-000000000002"
    assert from_child["original_id"] == "0f0e0d0c-0000-4000-8000-000000000001"
    assert from_child["verdict"].startswith("verified: starts as UID 5000 ")
    assert len(from_child["rows"]) == 15
    assert summarize_verification(original) is None


def test_it_names_the_capabilities_the_verify_scans_own_probe_needed():
    verify = verified_nginx()
    hardened = replace(verify.probe.hardened, cap_add=())
    full = scan_json(verify.with_(probe=replace(verify.probe, hardened=hardened)))

    assert verification_verdict(scan_json(root_nginx()), full).endswith(
        "with a read-only root filesystem and no capabilities; "
        "still to fix: Vulnerabilities under the threshold"
    )
