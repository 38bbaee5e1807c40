"""python -m scans.lint: the Django-free entry point pre-commit runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from scans.lint.__main__ import main

ROOT = Path(__file__).resolve().parents[3]


def test_it_returns_1_for_a_root_dockerfile_and_0_for_a_hardened_one(tmp_path: Path, capsys) -> None:
    (tmp_path / "Dockerfile").write_text('FROM debian:12\nCMD ["app"]\n')
    (tmp_path / "Hardened").write_text('FROM debian:12\nUSER 5000:5000\nCMD ["app"]\n')
    assert main([str(tmp_path / "Dockerfile")]) == 1
    assert main([str(tmp_path / "Hardened")]) == 0
    assert "ADV101 high" in capsys.readouterr().out


def test_it_returns_2_for_a_missing_file(capsys) -> None:
    assert main(["/nonexistent/Dockerfile"]) == 2
    assert "No such file" in capsys.readouterr().err


def test_it_runs_as_a_module_without_django_settings() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scans.lint", "--fail-on", "medium", "-"],
        input="FROM debian:latest\nUSER 5000\n", capture_output=True, text=True, cwd=ROOT, check=False,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 1
    assert "-:1 ADV501 medium:" in proc.stdout


def test_it_declares_a_pre_commit_hook_for_dockerfiles() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["advisor-lint", "advisor-lint-system"]
    assert all(h["entry"] == "python -m scans.lint" for h in hooks)
