"""ADV507-509: secrets baked into the image (ENV/ARG values, copied key files, passwords)."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterator

from scans.lint.facts import copy_parts, parse_arg_pairs, parse_env_pairs, run_commands
from scans.lint.parsing import Dockerfile
from scans.lint.registry import LintFinding, at, rule
from scans.results import Severity

SECRET_FIX = (
    "Pass it at build time as a BuildKit secret, which never lands in a layer:\n"
    "RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./fetch-deps\n"
    "(docker build --secret id=token,env=TOKEN .); give runtime secrets through the orchestrator."
)
SECRET_NAME = re.compile(
    r"(pass(word|wd)?|secret|token|api_?key|access_?key|private_?key|credentials?|auth|secret_?key|"
    r"client_?secret|session_?key|signing_?key|encryption_?key|master_?key|pwd)$"
    r"|^(aws_secret|aws_session|github_token|gh_token|npm_token)"
    # a secret word inside the name (SECRET_KEY_BASE, DB_PASSWORD_HASH), as BuildKit's own check reads it
    r"|(^|_)(pass(word|wd)?|secret|token|credentials?)_",
    re.IGNORECASE,
)
NOT_SECRET_NAME = re.compile(
    r"(_file|_path|_dir|_url|_uri|_host|_user(name)?|_id|_header|_type|_length|_mode)$", re.IGNORECASE
)
SECRET_VALUE = re.compile(
    r"AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}"
    r"|github_pat_[A-Za-z0-9_]{40,}|xox[abpr]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|glpat-[A-Za-z0-9_-]{20}"
    r"|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}"
)


def is_placeholder(value: str) -> bool:
    """Empty or an obvious dummy: not a leaked secret. (`ENV PASSWORD=$PASSWORD` is not a placeholder:
    it copies the build argument into the image config.)"""
    text = value.strip().strip("\"'")
    return text == "" or text.lower() in ("changeme", "none", "null", "false", "true", "dummy", "xxx")


@rule(
    "ADV507",
    title="Secret-like value in ENV or ARG",
    severity=Severity.HIGH,
    reason=(
        "ENV values are stored in the image config and ARG values in its history; anyone who can "
        "pull the image can read them with `docker history` or `docker inspect`."
    ),
    fix=SECRET_FIX,
    refs={"hadolint": ("DL3064",), "trivy": ("DS-0031",), "cis": ("4.10",)},
    guide="No secrets in ENV, ARG or layers",
    peer_notes=(
        "hadolint DL3064 also flags names such as USERNAME and USER_UID, and Trivy DS-0031 flags GPG_KEY (a"
        " public key fingerprint); neither is a secret, so we do not. We add known credential formats in "
        "values (AWS, GitHub, Slack, Stripe, private keys). Both peers flag a secret-like name with an empty"
        ' value (ENV PASSWORD=""), a path value (ENV PASSWORD_FILE=/run/secrets/db) or a URL '
        "(TOKEN_URL=https://...), and Trivy any *_AUTH_* name (AUTH_HEADER=Bearer); none holds a secret, "
        "so we do not. Like Trivy (and BuildKit's SecretsUsedInArgOrEnv) we read a secret word inside the "
        "name (SECRET_KEY_BASE), and ENV PASSWORD=$ARG is flagged: it copies the build value into the "
        "image config."
    ),
)
def secret_in_env(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd == "ENV":
            pairs: list[tuple[str, str | None]] = list(parse_env_pairs(inst.args).items())
        elif inst.cmd == "ARG":
            pairs = parse_arg_pairs(inst.args)
        else:
            continue
        for name, value in pairs:
            if SECRET_VALUE.search(value or "") or SECRET_VALUE.search(name):
                yield at("ADV507", inst, f"{inst.cmd} {name} holds what looks like a real credential.")
            elif SECRET_NAME.search(name) and not NOT_SECRET_NAME.search(name):
                if (value or "").strip("\"'").startswith(("/", "./")):
                    continue  # a path to where the secret is mounted, not the secret
                if inst.cmd == "ARG" or not is_placeholder(value or ""):
                    yield at("ADV507", inst, secret_message(inst.cmd, name, value or ""))


def secret_message(cmd: str, name: str, value: str) -> str:
    if cmd == "ENV" and value.strip("\"'").startswith("$"):
        return f"ENV {name}={value} copies a build value into the image config, readable by all who pull it."
    return f"{cmd} {name} looks like a secret; it stays readable in the image."


SECRET_FILES = (
    "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "*.pem", "*.key", "*.p12", "*.pfx", ".env", ".env.*",
    ".npmrc", ".pypirc", ".netrc", ".git-credentials", "credentials", "credentials.json", ".htpasswd",
    "*.keystore", "*.jks", "secrets.*", "service-account*.json", ".dockercfg", "config.json",
)  # fmt: skip
PUBLIC_KEY_SUFFIXES = (".pub", ".asc", ".gpg", "-keyring.gpg", ".crt")
NOT_SECRET_FILES = (".env.example", ".env.sample", ".env.template", "*.pub", ".env.dist")


def secret_file(path: str) -> str | None:
    name = posixpath.basename(path.rstrip("/"))
    if any(fnmatch.fnmatch(name, pattern) for pattern in NOT_SECRET_FILES):
        return None
    if name == "config.json" and ".docker" not in path:
        return None
    return name if any(fnmatch.fnmatch(name, pattern) for pattern in SECRET_FILES) else None


@rule(
    "ADV508",
    title="Secret file copied into the image",
    severity=Severity.HIGH,
    reason=(
        "Keys and credential files copied with COPY/ADD stay in that layer even if a later step deletes them."
    ),
    fix=SECRET_FIX.replace(
        "TOKEN=$(cat /run/secrets/token) ./fetch-deps",
        "cp /run/secrets/token ~/.npmrc && npm ci && rm ~/.npmrc",
    ),
    refs={"trivy": ("DS-0031",), "cis": ("4.10",)},
    guide="No secrets in ENV, ARG or layers",
    peer_notes=(
        "Neither peer checks key or credential files copied into the image; Trivy DS-0031 covers ENV/ARG "
        "only."
    ),
)
def secret_file_copied(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for inst in dockerfile.instructions:
        if inst.cmd not in ("COPY", "ADD") or "from" in inst.flags:
            continue
        sources, destination = copy_parts(inst)
        if destination.endswith(PUBLIC_KEY_SUFFIXES) or "/etc/apt/" in destination:
            continue  # a public key (apt/gpg keyring, *.pub) is meant to be shipped
        for path in sources + ([destination] if "/.ssh/" in destination else []):
            name = secret_file(path)
            if name:
                yield at("ADV508", inst, f"{inst.cmd} puts {name} into a layer.")
                break


PASSWORD_COMMANDS = frozenset({"chpasswd", "passwd", "htpasswd"})


@rule(
    "ADV509",
    title="Password set in a RUN step",
    severity=Severity.MEDIUM,
    reason=(
        "A password written in the Dockerfile is in the image history for everyone who can pull it, and a "
        "user with a password can log in."
    ),
    fix=(
        "Do not give container users passwords; use a locked system user (useradd --system) and inject "
        "secrets at runtime."
    ),
    refs={"checkov": ("CKV2_DOCKER_17",)},
    guide="No secrets in ENV, ARG or layers",
)
def password_in_run(dockerfile: Dockerfile) -> Iterator[LintFinding]:
    for step, command in run_commands(dockerfile, *PASSWORD_COMMANDS, "useradd", "usermod"):
        if command.name in ("useradd", "usermod") and not command.has_flag("-p", "--password"):
            continue
        if command.name == "passwd" and command.has_flag("-l", "--lock", "-S", "--status", "-e", "--expire"):
            continue  # locking or expiring an account takes a way in away
        yield at("ADV509", step.inst, f"`{command.name}` sets a password at build time.")
