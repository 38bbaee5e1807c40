from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from advisor.env import env_bool, env_int, env_secret

ROOT = Path(__file__).resolve().parents[2]


def test_env_bool_refuses_garbage(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)


def test_env_int_checks_the_minimum(monkeypatch):
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_NUM", 5, minimum=1)
    monkeypatch.setenv("X_NUM", "12")
    assert env_int("X_NUM", 5, minimum=1) == 12


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "s3cr3t"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("X_SECRET")


def run_without_secret_key(code: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    env.update(DEBUG="False")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)


def test_the_web_app_refuses_to_start_without_a_secret_key_in_production():
    proc = run_without_secret_key("import advisor.wsgi")
    assert proc.returncode == 1
    assert "SECRET_KEY is required when DEBUG is off" in proc.stderr


def test_command_line_tools_need_no_secret_key(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM debian:12\nUSER 5000:5000\n")
    code = (
        f"import sys; sys.argv = ['manage.py', 'lint', {str(dockerfile)!r}]; exec(open('manage.py').read())"
    )
    proc = run_without_secret_key(code)
    assert "ImproperlyConfigured" not in proc.stderr
    assert "ADV703" in proc.stdout  # it linted: no HEALTHCHECK
