"""The checklist: exact statuses and evidence for the situations users meet."""

from __future__ import annotations

from dataclasses import replace

from scans.report.catalog import ITEMS
from scans.results import HardenedRun, StageStatus, TrivyResult
from tests.unit.report.scenarios import (
    NAMED_USER,
    ROOT_NGINX,
    build_failed,
    hardened_app,
    root_nginx,
    scenario,
    secret_finding,
)


def items_of(report) -> dict[str, tuple[str, str]]:
    return {item.id: (str(item.status), item.evidence) for item in report.checklist}


def test_it_lists_every_catalog_item_once_in_catalog_order():
    report = root_nginx().report()

    assert [item.id for item in report.checklist] == [spec.id for spec in ITEMS]
    assert [spec.id for spec in ITEMS] == [
        "non-root", "fixed-uid", "copy-chown", "no-escalation", "cap-drop-all", "read-only-rootfs",
        "no-new-privileges", "low-ports", "no-secrets", "base-pinned", "vulns-under-threshold",
        "healthcheck", "logs-stdout", "minimal-image", "default-security-profiles",
    ]  # fmt: skip


def test_it_fails_a_root_nginx_image_with_lint_and_probe_evidence():
    items = items_of(root_nginx().report())

    assert items["non-root"] == ("fail", "no USER in the final stage; effective UID 0 (probe)")
    assert items["fixed-uid"] == (
        "fail",
        "no USER in the final stage: there is no app user; effective UID:GID 0:0 (probe)",
    )
    assert items["cap-drop-all"] == (
        "warn",
        "needs only --cap-add=NET_BIND_SERVICE after --cap-drop=ALL (probe); as built it had 11 capabilities",
    )
    assert items["read-only-rootfs"] == (
        "pass",
        "starts with --read-only plus --tmpfs for /run, /var/cache/nginx, /var/log/nginx, "
        "the paths it writes (probe)",
    )
    assert items["low-ports"] == (
        "pass",
        "listens on 80 (probe); NET_BIND_SERVICE is the only capability it needs for that",
    )
    assert items["vulns-under-threshold"] == (
        "fail",
        "1 critical, 2 high, 7 medium, 12 low (Trivy): 3 at or above high, 4 fixable",
    )
    assert items["no-escalation"] == (
        "warn",
        "2 SUID/SGID files in the image: /usr/bin/passwd, /bin/su (probe)",
    )
    assert items["logs-stdout"] == ("warn", "writes /var/log/nginx/access.log (probe)")
    assert items["healthcheck"] == ("warn", "no HEALTHCHECK in the final stage")
    assert items["minimal-image"][0] == "warn"
    assert items["default-security-profiles"][0] == "pass"


def test_it_passes_every_item_of_a_hardened_image():
    items = items_of(hardened_app().report())

    assert {status for status, _ in items.values()} == {"pass"}
    assert items["non-root"] == ("pass", "line 5: USER 5000:5000; effective UID 5000 (probe)")
    assert items["copy-chown"] == ("pass", "line 4: COPY --chown=5000:5000 app /app")
    assert items["cap-drop-all"] == (
        "pass",
        "starts and stays up with --cap-drop=ALL (probe); as built it had 0 capabilities",
    )
    assert items["read-only-rootfs"] == ("pass", "starts with --read-only and writes nothing (probe)")
    assert items["healthcheck"] == ("pass", 'line 7: HEALTHCHECK --interval=30s CMD ["/app/healthcheck"]')


def test_it_says_why_runtime_items_are_not_checked_when_the_build_failed():
    items = items_of(build_failed().report())

    for item_id in (
        "cap-drop-all",
        "read-only-rootfs",
        "no-new-privileges",
        "minimal-image",
        "vulns-under-threshold",
    ):
        assert items[item_id] == ("not checked", "not checked: the image did not build"), item_id
    assert items["non-root"] == (
        "fail",
        "no USER in the final stage; not confirmed at runtime: the image did not build",
    )
    assert items["low-ports"] == (
        "warn",
        "line 3: EXPOSE 80 (static only: the image did not build); a non-root user needs NET_BIND_SERVICE",
    )


def test_it_says_where_the_static_user_and_the_probe_disagree():
    dockerfile = 'FROM debian:bookworm-slim\nUSER 5000:5000\nCMD ["/app/server"]\n'
    base = hardened_app()
    probe = replace(base.probe, baseline=replace(base.probe.baseline, uid=0, gid=0))
    items = items_of(scenario(dockerfile, base.build, base.trivy, probe).report())

    assert items["non-root"] == (
        "fail",
        "line 2: USER 5000:5000, but the probe measured effective UID 0: "
        "the USER does not take effect at runtime",
    )


def test_it_warns_when_only_the_base_image_makes_it_non_root():
    base = hardened_app()
    probe = replace(base.probe, baseline=replace(base.probe.baseline, uid=1000, gid=1000))
    items = items_of(
        scenario('FROM node:20-slim\nCMD ["node", "app.js"]\n', base.build, base.trivy, probe).report()
    )

    assert items["non-root"] == (
        "warn",
        "no USER in the final stage, but the base image's user applies: effective UID 1000 (probe); "
        "set USER so it does not depend on the base",
    )


def test_it_fails_a_user_given_by_name():
    base = hardened_app()
    probe = replace(base.probe, baseline=replace(base.probe.baseline, uid=999, gid=999))
    items = items_of(scenario(NAMED_USER, base.build, base.trivy, probe).report())

    assert items["non-root"] == ("pass", "line 3: USER app; effective UID 999 (probe)")
    assert items["fixed-uid"][0] == "fail"
    assert items["fixed-uid"][1].startswith(
        "line 3: USER app is a name: Kubernetes runAsNonRoot cannot verify it"
    )
    assert items["fixed-uid"][1].endswith("; effective UID:GID 999:999 (probe)")


def test_it_warns_when_user_has_no_group():
    base = hardened_app()
    dockerfile = 'FROM debian:bookworm-slim\nUSER 5000\nCMD ["/app/server"]\n'
    items = items_of(scenario(dockerfile, base.build, base.trivy, base.probe).report())

    assert items["fixed-uid"] == (
        "warn",
        "line 2: USER 5000 sets no group; effective UID:GID 5000:5000 (probe)",
    )


def test_it_fails_the_hardened_items_when_the_hardened_run_does_not_stay_up():
    base = root_nginx()
    hardened = HardenedRun(ok=False, user="5000:5000", cap_add=(), tmpfs=("/run",), exit_code=1, attempts=8)
    items = items_of(base.with_(probe=replace(base.probe, hardened=hardened)).report())

    expected = ("fail", "did not stay up under the hardened flags (exit code 1, 8 attempts) (probe)")
    assert items["cap-drop-all"] == expected
    assert items["read-only-rootfs"] == expected
    assert items["no-new-privileges"] == expected
    assert items["low-ports"] == ("fail", "listens on 80 (probe); a non-root user cannot bind it")


def test_it_never_accepts_sys_admin_and_leaves_it_out_of_the_runtime():
    base = root_nginx()
    hardened = replace(base.probe.hardened, cap_add=("CAP_NET_BIND_SERVICE", "CAP_SYS_ADMIN"))
    report = base.with_(probe=replace(base.probe, hardened=hardened)).report()

    assert items_of(report)["cap-drop-all"] == (
        "fail",
        "needs SYS_ADMIN (probe), which is as good as root on the host",
    )
    assert report.runtime["cap_add"] == ["NET_BIND_SERVICE"]
    assert "SYS_ADMIN" not in report.fixes.docker_run.replace("Left out on purpose: SYS_ADMIN", "")


def test_it_does_not_judge_hardening_of_a_container_that_crashes_as_built():
    base = root_nginx()
    baseline = replace(base.probe.baseline, alive=False, exit_code=127)
    items = items_of(base.with_(probe=replace(base.probe, baseline=baseline)).report())

    assert items["cap-drop-all"] == (
        "not checked",
        "not checked: the container exits with code 127 even as built",
    )


def test_it_does_not_check_vulnerabilities_without_a_database():
    base = root_nginx()
    trivy = TrivyResult(StageStatus.UNAVAILABLE, vuln_db="unavailable", message_id="trivy.db_missing")
    items = items_of(base.with_(trivy=trivy).report())

    assert items["vulns-under-threshold"] == (
        "not checked",
        "not checked: the vulnerability database is unavailable",
    )
    assert items["no-secrets"][0] == "pass"


def test_it_applies_the_vulnerability_threshold_setting():
    items = items_of(root_nginx().report(vuln_threshold="critical"))

    assert items["vulns-under-threshold"] == (
        "fail",
        "1 critical, 2 high, 7 medium, 12 low (Trivy): 1 at or above critical, 4 fixable",
    )
    base = hardened_app()
    assert items_of(base.report(vuln_threshold="low"))["vulns-under-threshold"][0] == "fail"
    assert items_of(base.report(vuln_threshold="medium"))["vulns-under-threshold"] == (
        "pass",
        "0 critical, 0 high, 0 medium, 2 low (Trivy): none at or above medium",
    )


def test_it_fails_secrets_found_in_the_layers():
    base = hardened_app()
    trivy = replace(base.trivy, findings=(secret_finding("/app/.env"),))
    items = items_of(base.with_(trivy=trivy).report())

    assert items["no-secrets"] == ("fail", "1 in the image layers (Trivy): AWS Access Key ID in /app/.env")


def test_it_quotes_the_unpinned_base_image():
    dockerfile = ROOT_NGINX.replace("debian:bookworm-slim", "debian")
    items = items_of(build_failed(dockerfile).report())

    assert items["base-pinned"][0] == "fail"
    assert items["base-pinned"][1].startswith("line 1: FROM debian")


def test_it_reports_an_unparseable_dockerfile_as_not_checked():
    report = build_failed("this is not a Dockerfile\n").report()
    items = items_of(report)

    assert items["healthcheck"] == ("not checked", "not checked: the Dockerfile could not be parsed")
    assert items["non-root"] == (
        "not checked",
        "not checked: the Dockerfile could not be parsed and the image did not build",
    )
    assert report.grade == "F"


def test_it_quotes_the_lint_lines_behind_static_items():
    dockerfile = (
        "FROM debian:bookworm-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends sudo\n"
        "ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
        "COPY app /app\n"
        "RUN chown -R app /app\n"
        "USER 5000:5000\n"
        'CMD ["/app/server"]\n'
    )
    items = items_of(build_failed(dockerfile).report())

    assert items["no-escalation"] == (
        "fail",
        "line 2: RUN apt-get update && apt-get install -y --no-install-recommends sudo",
    )
    assert items["no-secrets"][0] == "fail"
    # the lint message, not the line: the quoted line would repeat the secret
    assert items["no-secrets"][1].startswith("line 3: ENV AWS_SECRET_ACCESS_KEY ")
    assert "wJalrXUtnFEMI" not in items["no-secrets"][1]
    assert items["copy-chown"] == ("fail", "line 5: RUN chown -R app /app")
    assert items["base-pinned"] == ("warn", "line 1: FROM debian:bookworm-slim: pinned by tag, not by digest")


def test_it_does_not_count_a_dockerfile_only_trivy_run_as_an_image_scan():
    base = build_failed()
    trivy = TrivyResult(
        StageStatus.COMPLETED,
        vuln_db="available",
        summary={"critical": 0, "high": 0, "medium": 0, "low": 0, "unknown": 0, "fixable": 0},
        message_id="trivy.config_only",
    )
    items = items_of(base.with_(trivy=trivy).report())

    assert items["vulns-under-threshold"] == ("not checked", "not checked: the image did not build")
    assert items["no-secrets"][1].endswith("; layers not scanned: the image did not build")


def test_it_fails_copy_chown_only_for_root_owned_paths_outside_the_tmpfs_mounts():
    base = root_nginx()
    image = replace(
        base.probe.image, root_owned_writable_needed=("/var/cache/nginx/client_temp", "/srv/app/data")
    )
    items = items_of(base.with_(probe=replace(base.probe, image=image)).report())

    assert items["copy-chown"] == ("fail", "the runtime user must write /srv/app/data, owned by root (probe)")


def test_it_judges_low_ports_apart_from_capabilities_added_for_other_reasons():
    """GIVEN the real busybox httpd case: port 80 and a root-owned log dir under tmpfs."""
    base = root_nginx()
    hardened = replace(base.probe.hardened, cap_add=("DAC_OVERRIDE", "NET_BIND_SERVICE"))
    items = items_of(base.with_(probe=replace(base.probe, hardened=hardened)).report())

    assert items["low-ports"][0] == "pass"
    assert items["cap-drop-all"] == (
        "warn",
        "needs only --cap-add=DAC_OVERRIDE,NET_BIND_SERVICE after --cap-drop=ALL (probe); "
        "as built it had 11 capabilities",
    )


def test_it_says_why_trivy_has_nothing_when_the_image_did_build():
    base = root_nginx()
    items = items_of(base.with_(trivy=TrivyResult(StageStatus.ERROR, message_id="trivy.missing")).report())

    assert items["vulns-under-threshold"] == ("not checked", "not checked: Trivy hit an error")
    assert items["no-secrets"][1].endswith("; layers not scanned: Trivy hit an error")
