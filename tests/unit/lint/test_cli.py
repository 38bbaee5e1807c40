"""manage.py lint through call_command (flags, exit codes, formats) and once as a real process."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[3]
ROOT_DOCKERFILE = 'FROM debian:12\nCMD ["app"]\n'
CLEAN_DOCKERFILE = (
    "FROM debian:12@sha256:" + "a" * 64 + '\nUSER 5000:5000\nHEALTHCHECK CMD ["app", "check"]\nCMD ["app"]\n'
)


def run_lint(*args: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = 0
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        call_command("lint", *args, stdout=out)
    except SystemExit as exit_:
        code = int(exit_.code)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue()


def write(tmp_path: Path, text: str, name: str = "Dockerfile") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_it_exits_1_when_a_finding_reaches_the_default_high_threshold(tmp_path: Path) -> None:
    code, out = run_lint(write(tmp_path, ROOT_DOCKERFILE))
    assert code == 1
    assert f"{tmp_path}/Dockerfile:1 ADV101 high:" in out


def test_it_exits_0_below_the_threshold_and_respects_fail_on(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN_DOCKERFILE)
    assert run_lint(path)[0] == 0
    assert run_lint(path, "--fail-on", "info")[0] == 0
    assert run_lint(write(tmp_path, "FROM debian:12\nUSER 5000\n", "D2"), "--fail-on", "low")[0] == 1


def test_it_prints_the_promised_json_shape(tmp_path: Path) -> None:
    code, out = run_lint(write(tmp_path, ROOT_DOCKERFILE), "--format", "json")
    data = json.loads(out)
    assert code == 1
    [entry] = data["files"]
    assert entry["path"].endswith("Dockerfile") and entry["error"] is None
    adv101 = next(f for f in entry["findings"] if f["rule"] == "ADV101")
    assert adv101["line"] == 1 and adv101["source"] == "lint" and adv101["refs"]["trivy"] == ["DS-0002"]
    assert adv101["code"] == "FROM debian:12"


def test_it_reads_standard_input_for_a_dash() -> None:
    code, out = run_lint("-", "--format", "json", stdin=ROOT_DOCKERFILE)
    assert code == 1
    assert json.loads(out)["files"][0]["path"] == "-"


def test_it_reports_unreadable_content_as_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "bin").write_bytes(b"FROM a\x00")
    code, out = run_lint(str(tmp_path / "bin"), "--format", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["error"] == "file contains NUL bytes (binary file?)"


def test_it_is_a_usage_error_to_name_a_missing_file() -> None:
    with pytest.raises(CommandError) as error:
        call_command("lint", "/nonexistent/Dockerfile")
    assert error.value.returncode == 2


def test_it_lists_the_rules_as_json() -> None:
    code, out = run_lint("--list-rules", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert rows[0] == {
        "id": "ADV101",
        "severity": "high",
        "title": "The final stage has no USER, so the container runs as root",
        "refs": {"trivy": ["DS-0002"], "cis": ["4.1"], "checkov": ["CKV_DOCKER_3"]},
    }


def test_it_prints_a_diff_with_fix(tmp_path: Path) -> None:
    _, out = run_lint(write(tmp_path, ROOT_DOCKERFILE), "--fix")
    assert "--- a/Dockerfile\n+++ b/Dockerfile" in out
    assert "+USER 5000:5000" in out


def test_it_reads_hadolint_yaml_next_to_the_file(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3057]\nfailure-threshold: none\n")
    code, out = run_lint(write(tmp_path, ROOT_DOCKERFILE), "--format", "json")
    rules = [f["rule"] for f in json.loads(out)["files"][0]["findings"]]
    assert "ADV703" not in rules and "ADV101" in rules
    assert code == 0  # threshold "none": hadolint's way of never failing


@pytest.mark.slow
def test_it_exits_2_on_a_bad_flag_as_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "advisor.settings", "DEBUG": "True"}
    argv = [sys.executable, str(ROOT / "manage.py"), "lint"]
    bad = subprocess.run([*argv, "--bogus"], capture_output=True, text=True, env=env, check=False)
    assert bad.returncode == 2
    good = subprocess.run(
        [*argv, "-"], input=ROOT_DOCKERFILE, capture_output=True, text=True, env=env, check=False
    )
    assert good.returncode == 1
    assert "-:1 ADV101 high:" in good.stdout
