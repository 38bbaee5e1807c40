from __future__ import annotations

from pathlib import Path

import pytest

from scans.lint.config import ConfigError, load_config
from scans.results import Severity


def test_it_reads_hadolint_yaml(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text(
        "ignored: [DL3008]\ntrustedRegistries: [docker.io, quay.io]\nfailure-threshold: warning\n"
        "override:\n  error: [DL3003]\n  ignore: [DL3059]\n"
    )
    config = load_config([tmp_path])
    assert config.ignored == frozenset({"DL3008", "DL3059"})
    assert config.trusted_registries == ("docker.io", "quay.io")
    assert config.fail_on == Severity.MEDIUM
    assert config.severity_overrides == {"DL3003": Severity.HIGH}


def test_it_merges_our_config_over_hadolints(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("failure-threshold: error\nignored: [DL3008]\n")
    (tmp_path / ".advisor.yaml").write_text("fail_on: low\nignore: [ADV703]\nseverity: {ADV104: high}\n")
    config = load_config([tmp_path])
    assert config.fail_on == Severity.LOW
    assert config.ignored == frozenset({"DL3008", "ADV703"})
    assert config.severity_overrides == {"ADV104": Severity.HIGH}


def test_it_prefers_the_first_directory_given(tmp_path: Path) -> None:
    near, far = tmp_path / "near", tmp_path / "far"
    near.mkdir(), far.mkdir()
    (near / ".advisor.yaml").write_text("ignore: [ADV101]\n")
    (far / ".advisor.yaml").write_text("ignore: [ADV102]\n")
    assert load_config([near, far]).ignored == frozenset({"ADV101"})


def test_it_rejects_a_config_it_cannot_use(tmp_path: Path) -> None:
    (tmp_path / ".advisor.yaml").write_text("fail_on: sometimes\n")
    with pytest.raises(ConfigError, match="advisor.yaml"):
        load_config([tmp_path])
