"""ADV505-506: TLS and signature checks switched off (downloads that are not verified)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scans.lint.facts import parse_arg_pairs, parse_env_pairs, run_steps
from scans.lint.parsing import Dockerfile, Instruction
from scans.lint.registry import LintFinding, at, rule
from scans.lint.shell import Command
from scans.results import Severity

# command name -> flags that disable TLS or signature verification
INSECURE_FLAGS: dict[str, tuple[str, ...]] = {
    "curl": ("-k", "--insecure"),
    "wget": ("--no-check-certificate",),
    "pip": ("--trusted-host",),
    "pip3": ("--trusted-host",),
    "apt-get": ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories"),
    "apt": ("--allow-unauthenticated", "--allow-insecure-repositories"),
    "apk": ("--allow-untrusted",),
    "yum": ("--nogpgcheck",),
    "dnf": ("--nogpgcheck",),
    "microdnf": ("--nogpgcheck",),
    "tdnf": ("--nogpgcheck",),
    "zypper": ("--no-gpg-checks",),
    "rpm": ("--nosignature", "--nodigest"),
    "gem": ("-P", "--trust-policy"),
}
INSECURE_SETTINGS = re.compile(
    r"strict-ssl\s*(=|\s)\s*false|sslverify\s*(=|\s)\s*(false|0|no)|http\.sslverify\s+false"
    r"|check-certificate\s*=\s*off|--no-check-certificate|insecure\b",
    re.IGNORECASE,
)
CONFIG_TOOLS = frozenset(
    {"npm", "yarn", "git", "pnpm", "pip", "pip3", "conda", "echo", "printf", "sed", "tee"}
)


def insecure_flag(command: Command) -> str | None:
    for flag in INSECURE_FLAGS.get(command.name, ()):
        if flag == "-P" and not any(w in ("NoSecurity", "LowSecurity") for w in command.args):
            continue
        if command.has_flag(flag):
            return flag
    if command.name in CONFIG_TOOLS and INSECURE_SETTINGS.search(" ".join(command.args)):
        return " ".join(command.args[:4])
    if command.name in ("yum-config-manager", "dnf") and "gpgcheck=0" in " ".join(command.args):
        return "gpgcheck=0"
    return None


@rule(
    "ADV505",
    title="TLS or signature verification switched off in RUN",
    severity=Severity.HIGH,
    reason=(
        "curl -k, wget --no-check-certificate, --trusted-host, --allow-unauthenticated and --nogpgcheck "
        "accept whatever a man in the middle sends; the image then runs unverified code."
    ),
    fix=(
        "Remove the flag and fix the trust instead: install ca-certificates, import the repository's "
        "signing key, or use an https index."
    ),
    refs={
        "cis": ("4.11",),
        "checkov": (
            "CKV2_DOCKER_2",
            "CKV2_DOCKER_3",
            "CKV2_DOCKER_4",
            "CKV2_DOCKER_7",
            "CKV2_DOCKER_8",
            "CKV2_DOCKER_9",
            "CKV2_DOCKER_10",
            "CKV2_DOCKER_11",
            "CKV2_DOCKER_12",
            "CKV2_DOCKER_15",
        ),
    },
    guide="Verify what you download",
)
def insecure_download(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step in run_steps(dockerfile):
        for command in step.script.commands:
            flag = insecure_flag(command)
            if flag:
                yield at("ADV505", step.inst, f"`{command.name} {flag}` turns verification off.")
                break


INSECURE_ENV = {
    "NODE_TLS_REJECT_UNAUTHORIZED": lambda v: v.strip() == "0",
    "GIT_SSL_NO_VERIFY": lambda v: v.strip().lower() not in ("", "0", "false", "no"),
    "PYTHONHTTPSVERIFY": lambda v: v.strip() == "0",
    "NPM_CONFIG_STRICT_SSL": lambda v: v.strip().lower() in ("false", "0", "no"),
    "PIP_TRUSTED_HOST": lambda v: bool(v.strip()),
    "CURL_CA_BUNDLE": lambda v: v.strip() == "",
    "REQUESTS_CA_BUNDLE": lambda v: v.strip() == "",
}


@rule(
    "ADV506",
    title="ENV/ARG switches TLS verification off",
    severity=Severity.HIGH,
    reason=(
        "Variables like NODE_TLS_REJECT_UNAUTHORIZED=0 or GIT_SSL_NO_VERIFY=1 disable certificate checks "
        "for every later command, and at runtime for ENV."
    ),
    fix=(
        "Remove the variable; add the needed CA to the trust store (COPY ca.crt "
        "/usr/local/share/ca-certificates/ && update-ca-certificates)."
    ),
    refs={
        "checkov": ("CKV2_DOCKER_5", "CKV2_DOCKER_6", "CKV2_DOCKER_13", "CKV2_DOCKER_14", "CKV2_DOCKER_16")
    },
    guide="Verify what you download",
)
def insecure_env(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        for name, value in variable_pairs(inst):
            check = INSECURE_ENV.get(name.upper())
            if check is not None and check(value):
                yield at("ADV506", inst, f"{name}={value} disables certificate verification.")


INLINE_ASSIGNMENT = re.compile(r"(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_]\w*)=(\"[^\"]*\"|'[^']*'|[^\s;&|]*)")


def variable_pairs(inst: Instruction) -> list[tuple[str, str]]:
    """(name, value) set by ENV, ARG, or inline in a RUN (`NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci`)."""
    if inst.cmd == "ENV":
        return list(parse_env_pairs(inst.args).items())
    if inst.cmd == "ARG":
        return [(k, v) for k, v in parse_arg_pairs(inst.args) if v is not None]
    if inst.cmd == "RUN":
        return [(m.group(1), m.group(2).strip("\"'")) for m in INLINE_ASSIGNMENT.finditer(inst.script)]
    return []
