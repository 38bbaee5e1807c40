"""The fixes: exact docker run flags, compose and Kubernetes YAML that parse, a better Dockerfile."""

from __future__ import annotations

from dataclasses import replace

import yaml

from scans.lint.stage import lint_dockerfile
from scans.report.fixes import volume_names
from scans.results import Severity, Source
from tests.unit.report.scenarios import ROOT_NGINX, build_failed, hardened_app, root_nginx, scenario

STATIC_NOTE = (
    "# Derived from the Dockerfile only (the image did not build): writable paths and\n"
    "# capabilities were not measured; /tmp is a guess, check what the app writes.\n"
)


def test_it_writes_a_docker_run_command_from_the_probes_measurements():
    fixes = root_nginx().report().fixes

    assert fixes.docker_run == (
        "docker run \\\n"
        "  --rm \\\n"
        "  --user 5000:5000 \\\n"
        "  --read-only \\\n"
        "  --tmpfs /run:rw,noexec,nosuid,mode=1777 \\\n"
        "  --tmpfs /var/cache/nginx:rw,noexec,nosuid,mode=1777 \\\n"
        "  --tmpfs /var/log/nginx:rw,noexec,nosuid,mode=1777 \\\n"
        "  --cap-drop=ALL \\\n"
        "  --cap-add=NET_BIND_SERVICE \\\n"
        "  --security-opt=no-new-privileges \\\n"
        "  -p 80:80 \\\n"
        "  your-image:tag"
    )
    assert "--privileged" not in fixes.docker_run


def test_it_needs_no_cap_add_or_tmpfs_for_an_image_that_writes_nothing():
    fixes = hardened_app().report().fixes

    assert fixes.docker_run.split(" \\\n  ") == [
        "docker run",
        "--rm",
        "--user 5000:5000",
        "--read-only",
        "--cap-drop=ALL",
        "--security-opt=no-new-privileges",
        "-p 8080:8080",
        "your-image:tag",
    ]


def test_it_writes_a_compose_service_that_parses():
    compose = yaml.safe_load(root_nginx().report().fixes.compose)

    assert compose == {
        "services": {
            "app": {
                "image": "your-image:tag",
                "user": "5000:5000",
                "read_only": True,
                "tmpfs": [
                    "/run:rw,noexec,nosuid,mode=1777",
                    "/var/cache/nginx:rw,noexec,nosuid,mode=1777",
                    "/var/log/nginx:rw,noexec,nosuid,mode=1777",
                ],
                "cap_drop": ["ALL"],
                "cap_add": ["NET_BIND_SERVICE"],
                "security_opt": ["no-new-privileges:true"],
                "ports": ["80:80"],
            }
        }
    }


def test_it_quotes_values_that_yaml_1_1_would_read_as_numbers():
    base = root_nginx()
    probe = replace(base.probe, baseline=replace(base.probe.baseline, listening_ports=(22,)))
    compose = base.with_(probe=probe).report().fixes.compose

    assert '- "22:22"' in compose
    assert yaml.safe_load(compose)["services"]["app"]["ports"] == ["22:22"]


def test_it_writes_a_kubernetes_pod_with_emptydirs_for_the_written_paths():
    pod = yaml.safe_load(root_nginx().report().fixes.kubernetes)
    container = pod["spec"]["containers"][0]

    assert pod["kind"] == "Pod"
    assert pod["spec"]["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 5000,
        "runAsGroup": 5000,
        "fsGroup": 5000,
    }
    assert container["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": 5000,
        "runAsGroup": 5000,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["volumeMounts"] == [
        {"name": "run", "mountPath": "/run"},
        {"name": "var-cache-nginx", "mountPath": "/var/cache/nginx"},
        {"name": "var-log-nginx", "mountPath": "/var/log/nginx"},
    ]
    assert pod["spec"]["volumes"] == [
        {"name": "run", "emptyDir": {}},
        {"name": "var-cache-nginx", "emptyDir": {}},
        {"name": "var-log-nginx", "emptyDir": {}},
    ]
    assert container["ports"] == [{"containerPort": 80}]


def test_it_leaves_out_add_and_volumes_when_none_are_needed():
    pod = yaml.safe_load(hardened_app().report().fixes.kubernetes)
    container = pod["spec"]["containers"][0]

    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert "volumeMounts" not in container
    assert "volumes" not in pod["spec"]


def test_it_gives_kubernetes_volumes_unique_valid_names():
    assert volume_names(("/var/run", "/var-run", "/", "/Tmp/Cache_Dir")) == [
        ("/var/run", "var-run"),
        ("/var-run", "var-run-2"),
        ("/", "root"),
        ("/Tmp/Cache_Dir", "tmp-cache-dir"),
    ]


def test_it_hardens_the_dockerfile_and_the_result_lints_with_fewer_findings():
    dockerfile = ROOT_NGINX.replace("EXPOSE 80", "EXPOSE 8080")
    base = root_nginx()
    fixes = scenario(dockerfile, base.build, base.trivy, base.probe).report().fixes
    before = lint_dockerfile(Source("x", dockerfile))
    after = lint_dockerfile(Source("x", fixes.dockerfile))

    assert "USER 5000:5000" in fixes.dockerfile.splitlines()
    assert "+USER 5000:5000" in fixes.dockerfile_diff.splitlines()
    assert fixes.dockerfile_diff.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert len(after.findings) < len(before.findings)
    assert "ADV101" in {f.rule for f in before.findings}
    assert [f.rule for f in after.findings if f.severity.rank >= Severity.HIGH.rank] == []


def test_it_says_the_runtime_fixes_come_from_the_dockerfile_when_the_build_failed():
    report = build_failed().report()

    assert report.fixes.docker_run.startswith(STATIC_NOTE + "docker run \\\n")
    assert "  --tmpfs /tmp:rw,noexec,nosuid,mode=1777 \\\n" in report.fixes.docker_run
    assert "  --cap-add=NET_BIND_SERVICE \\\n" in report.fixes.docker_run
    assert report.fixes.compose.startswith(STATIC_NOTE + "services:\n")
    assert yaml.safe_load(report.fixes.kubernetes)["spec"]["volumes"] == [{"name": "tmp", "emptyDir": {}}]
    assert "USER 5000:5000" in report.fixes.dockerfile


def test_it_hands_the_verify_scan_the_hardened_runtime_in_the_probes_vocabulary():
    assert root_nginx().report().runtime == {
        "user": "5000:5000",
        "cap_add": ["NET_BIND_SERVICE"],
        "tmpfs": ["/run", "/var/cache/nginx", "/var/log/nginx"],
        "read_only": True,
        "no_new_privileges": True,
    }
    assert hardened_app().report().runtime == {
        "user": "5000:5000",
        "cap_add": [],
        "tmpfs": [],
        "read_only": True,
        "no_new_privileges": True,
    }


def test_it_keeps_the_uid_an_image_already_runs_as():
    base = hardened_app()
    probe = replace(base.probe, baseline=replace(base.probe.baseline, uid=1001, gid=1002))
    report = base.with_(probe=probe).report()

    assert report.runtime["user"] == "1001:1002"
    assert "  --user 1001:1002 \\\n" in report.fixes.docker_run


def test_it_warns_that_kubernetes_needs_file_capabilities_for_an_added_cap():
    with_cap = root_nginx().report().fixes.kubernetes
    without = hardened_app().report().fixes.kubernetes

    assert with_cap.startswith("# Kubernetes gives added capabilities to a non-root process only through")
    assert without.startswith("apiVersion: v1\n")
