from __future__ import annotations

from scans.lint.config import LintConfig
from tests.unit.lint.helpers import hits, lines_for

KEY = "AKIA" + "ABCDEFGHIJKLMNOP"  # split so secret scanners do not flag the test itself
CASES = [
    ("ADV501", "FROM debian\n", [1], "FROM debian:12\n"),
    ("ADV501", "FROM debian:latest AS a\nFROM a\n", [1], "FROM debian:12 AS a\nFROM a\n"),
    ("ADV503", "FROM debian:12\n", [1], "FROM debian:12@sha256:" + "a" * 64 + "\n"),
    (
        "ADV504",
        "FROM debian:12\nRUN curl -fsSL https://x.sh | sh\n",
        [2],
        "FROM debian:12\nRUN curl -fsSLo x.sh https://x.sh\n",
    ),
    (
        "ADV504",
        "FROM debian:12\nRUN wget -O- https://x | sudo bash -s\n",
        [2],
        "FROM debian:12\nRUN wget -O- https://x | tar x\n",
    ),
    (
        "ADV504",
        'FROM debian:12\nRUN bash -c "$(curl -fsSL https://x)"\n',
        [2],
        "FROM debian:12\nRUN bash -c 'echo hi'\n",
    ),
    (
        "ADV505",
        "FROM debian:12\nRUN curl -k https://x -o f\n",
        [2],
        "FROM debian:12\nRUN curl -fsSL https://x -o f\n",
    ),
    (
        "ADV505",
        "FROM debian:12\nRUN pip install --trusted-host pypi.org x\n",
        [2],
        "FROM debian:12\nRUN pip install x\n",
    ),
    (
        "ADV505",
        "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated x\n",
        [2],
        "FROM debian:12\nRUN apt-get install -y x\n",
    ),
    (
        "ADV505",
        "FROM fedora:40\nRUN dnf install -y --nogpgcheck x\n",
        [2],
        "FROM fedora:40\nRUN dnf install -y x\n",
    ),
    (
        "ADV505",
        "FROM node:20\nRUN npm config set strict-ssl false\n",
        [2],
        "FROM node:20\nRUN npm config set fund false\n",
    ),
    (
        "ADV505",
        "FROM debian:12\nRUN wget --no-check-certificate https://x\n",
        [2],
        "FROM debian:12\nRUN wget https://x\n",
    ),
    (
        "ADV506",
        "FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
        [2],
        "FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=1\n",
    ),
    (
        "ADV506",
        "FROM debian:12\nENV GIT_SSL_NO_VERIFY=true\n",
        [2],
        "FROM debian:12\nENV GIT_SSL_NO_VERIFY=false\n",
    ),
    (
        "ADV507",
        "FROM debian:12\nENV DB_PASSWORD=hunter2\n",
        [2],
        "FROM debian:12\nENV DB_PASSWORD_FILE=/run/secrets/db\n",
    ),
    ("ADV507", "FROM debian:12\nARG GITHUB_TOKEN\n", [2], "FROM debian:12\nARG GITHUB_USER\n"),
    (
        "ADV507",
        "FROM ruby:3.3\nENV SECRET_KEY_BASE=8f3a9c0d1e2b4a5f6c7d\nENV DJANGO_SECRET_KEY=s3cr3t-v4lu3\n",
        [2, 3],
        "FROM ruby:3.3\nENV SECRET_KEY_BASE_FILE=/run/secrets/skb \\\n"
        "    GOOGLE_APPLICATION_CREDENTIALS=/s/gcp.json\n",
    ),
    (
        "ADV507",
        "FROM debian:12\nARG VERSION=1\nENV DB_PASSWORD=${DB_PASS_FROM_CI}\n",
        [3],
        'FROM debian:12\nENV DB_PASSWORD=""\n',
    ),
    ("ADV507", f"FROM debian:12\nENV KEY_ID={KEY}\n", [2], "FROM debian:12\nENV KEY_ID=none\n"),
    (
        "ADV508",
        "FROM debian:12\nCOPY id_rsa /root/.ssh/id_rsa\n",
        [2],
        "FROM debian:12\nCOPY id_rsa.pub /root/.ssh/\n",
    ),
    ("ADV508", "FROM debian:12\nCOPY .env /app/\n", [2], "FROM debian:12\nCOPY .env.example /app/\n"),
    (
        "ADV509",
        "FROM debian:12\nRUN echo 'root:pw' | chpasswd\n",
        [2],
        "FROM debian:12\nRUN passwd -l root\n",
    ),
]


def test_it_flags_registries_outside_the_allow_list_only_when_one_is_configured() -> None:
    text = "FROM quay.io/org/app:1\nFROM debian:12\n"
    config = LintConfig(trusted_registries=("docker.io",))
    assert hits(text, "ADV502", config) == [("ADV502", 1)]
    assert hits(text, "ADV502") == []


def test_it_resolves_global_args_in_from_before_checking_the_tag() -> None:
    assert lines_for("ARG TAG=latest\nFROM debian:${TAG}\n", "ADV501") == [2]
    assert lines_for("ARG TAG=12\nFROM debian:${TAG}\n", "ADV501") == []


def test_it_lets_public_keys_be_copied() -> None:
    assert lines_for("FROM debian:12\nCOPY vendor.key /usr/share/keyrings/vendor.gpg\n", "ADV508") == []
    assert lines_for("FROM debian:12\nCOPY server.key /etc/ssl/private/server.key\n", "ADV508") == [2]


def test_it_sees_tls_switched_off_inline_in_run() -> None:
    text = "FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci && export GIT_SSL_NO_VERIFY=1\n"
    assert lines_for(text, "ADV506") == [2]
    assert lines_for("FROM node:20\nRUN NODE_ENV=production npm ci\n", "ADV506") == []
