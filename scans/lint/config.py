"""Lint configuration: our `.advisor.yaml` and the `.hadolint.yaml` users already have.

The stage takes a LintConfig (plain data); reading files happens only here and
in the CLI, so the stage itself stays free of I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from scans.results import Severity

CONFIG_NAMES = (".advisor.yaml", ".advisor.yml")
HADOLINT_NAMES = (".hadolint.yaml", ".hadolint.yml")
# hadolint's levels -> ours; "none" and "style" have no direct match.
HADOLINT_LEVELS = {
    "error": Severity.HIGH,
    "warning": Severity.MEDIUM,
    "info": Severity.LOW,
    "style": Severity.INFO,
    "ignore": None,
    "none": None,
}


class ConfigError(ValueError):
    """A config file exists but says something we cannot use; the message names the file."""


@dataclass(frozen=True)
class LintConfig:
    ignored: frozenset[str] = frozenset()  # our ids or peers' (DL3008, DS-0002, CKV_DOCKER_3)
    trusted_registries: tuple[str, ...] = ()  # empty: any registry is fine
    fail_on: Severity | None = None  # CLI threshold from a config file; the flag wins
    severity_overrides: dict[str, Severity] = field(default_factory=dict)  # rule id (ours/peer) -> severity
    sources: tuple[str, ...] = ()  # files this config was read from, for messages

    def merged(self, other: LintConfig) -> LintConfig:
        return replace(
            self,
            ignored=self.ignored | other.ignored,
            trusted_registries=self.trusted_registries + other.trusted_registries,
            fail_on=other.fail_on or self.fail_on,
            severity_overrides={**self.severity_overrides, **other.severity_overrides},
            sources=self.sources + other.sources,
        )


def load_config(directories: list[Path]) -> LintConfig:
    """Read the first .hadolint.yaml and .advisor.yaml found in `directories` (in order)."""
    config = LintConfig()
    for names, reader in ((HADOLINT_NAMES, read_hadolint), (CONFIG_NAMES, read_advisor)):
        path = first_existing(directories, names)
        if path is not None:
            config = config.merged(reader(path))
    return config


def first_existing(directories: list[Path], names: tuple[str, ...]) -> Path | None:
    for directory in directories:
        for name in names:
            if (directory / name).is_file():
                return directory / name
    return None


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


def read_hadolint(path: Path) -> LintConfig:
    data = read_yaml(path)
    overrides: dict[str, Severity] = {}
    ignored = {str(x) for x in data.get("ignored") or ()}
    for level, ids in (data.get("override") or {}).items():
        severity = HADOLINT_LEVELS.get(str(level).lower(), "bad")
        if severity == "bad":
            raise ConfigError(f"{path}: unknown override level {level!r}")
        for rule_id in ids or ():
            if severity is None:
                ignored.add(str(rule_id))
            else:
                overrides[str(rule_id)] = severity
    threshold = data.get("failure-threshold")
    return LintConfig(
        ignored=frozenset(ignored),
        trusted_registries=tuple(str(x) for x in data.get("trustedRegistries") or ()),
        fail_on=hadolint_threshold(path, threshold),
        severity_overrides=overrides,
        sources=(str(path),),
    )


def hadolint_threshold(path: Path, value: object) -> Severity | None:
    if value is None:
        return None
    level = str(value).lower()
    if level not in HADOLINT_LEVELS:
        raise ConfigError(f"{path}: unknown failure-threshold {value!r}")
    return HADOLINT_LEVELS[level] or Severity.CRITICAL


def read_advisor(path: Path) -> LintConfig:
    data = read_yaml(path)
    try:
        overrides = {str(k): Severity(str(v).lower()) for k, v in (data.get("severity") or {}).items()}
        fail_on = Severity(str(data["fail_on"]).lower()) if data.get("fail_on") else None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return LintConfig(
        ignored=frozenset(str(x) for x in data.get("ignore") or ()),
        trusted_registries=tuple(str(x) for x in data.get("trusted_registries") or ()),
        fail_on=fail_on,
        severity_overrides=overrides,
        sources=(str(path),),
    )
