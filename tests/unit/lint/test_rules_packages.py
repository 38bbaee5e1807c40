from __future__ import annotations

from tests.unit.lint.helpers import lines_for

APT_OK = (
    "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88 \\\n"
    "  && rm -rf /var/lib/apt/lists/*\n"
)
CASES = [
    ("ADV601", "FROM debian:12\nRUN apt-get install curl\n", [2], APT_OK),
    ("ADV602", "FROM debian:12\nRUN apt-get install -y curl\n", [2], APT_OK),
    ("ADV603", "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", [2], APT_OK),
    ("ADV604", "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n", [2], APT_OK),
    (
        "ADV601",
        "FROM debian:12\nRUN apt-get -o Dpkg::Use-Pty=0 install --no-install-recommends curl=8.0\n",
        [2],
        "FROM debian:12\nRUN apt-get -o APT::Get::Assume-Yes=true install curl=8.0 \\\n"
        "    && apt-get -qq install curl=8.0\n",
    ),
    (
        "ADV604",
        "FROM debian:12\nRUN apt-get -o Acquire::Retries=3 update\n",
        [2],
        "FROM debian:12\nRUN apt-get -o Acquire::Retries=3 update \\\n"
        "    && apt-get -o Dpkg::Use-Pty=0 install -y x\n",
    ),
    (
        "ADV602",
        "FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl'\n",
        [2],
        "FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl \\\n"
        "    && apt-get install -y curl --no-install-recommends\n",
    ),
    ("ADV605", "FROM debian:12\nRUN apt install -y curl\n", [2], APT_OK),
    (
        "ADV606",
        "FROM debian:12\nRUN apt-get dist-upgrade -y\n",
        [2],
        "FROM debian:12\nRUN apt-get upgrade -y\n",
    ),
    ("ADV607", "FROM alpine:3\nRUN apk add curl\n", [2], "FROM alpine:3\nRUN apk add --no-cache curl\n"),
    (
        "ADV607",
        "FROM alpine:3.20\nRUN apk add --virtual .deps gcc=13.2.1-r0\n",
        [2],
        "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps gcc=13.2.1-r0 \\\n"
        "    && scanelf --needed /usr/local | xargs -rt apk add --no-network --virtual .rundeps\n",
    ),
    (
        "ADV608",
        "FROM python:3.12\nRUN pip install flask\n",
        [2],
        "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
    ),
    (
        "ADV608",
        "FROM python:3.12\nRUN python -m pip install flask\n",
        [2],
        "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
    ),
    (
        "ADV609",
        "FROM fedora:40\nRUN microdnf reinstall -y httpd\n",
        [2],
        "FROM fedora:40\nRUN microdnf reinstall -y httpd && microdnf clean all\n",
    ),
    (
        "ADV609",
        "FROM rockylinux:9\nRUN yum install -y httpd\n",
        [2],
        "FROM rockylinux:9\nRUN yum install -y httpd && yum clean all\n",
    ),
    (
        "ADV609",
        "FROM opensuse/leap:15\nRUN zypper -n install x\n",
        [2],
        "FROM opensuse/leap:15\nRUN zypper -n install x && zypper clean\n",
    ),
    (
        "ADV610",
        "FROM fedora:40\nRUN dnf install httpd && dnf clean all\n",
        [2],
        "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    ),
    ("ADV611", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", [2], APT_OK),
    (
        "ADV611",
        "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
        [2],
        "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 -r requirements.txt\n",
    ),
    (
        "ADV612",
        "FROM debian:12\nRUN curl -O https://a\nRUN wget https://b\n",
        [3],
        "FROM debian:12\nRUN curl -O https://a\n",
    ),
]


def test_it_does_not_mistake_an_echoed_install_for_an_install() -> None:
    assert lines_for('FROM debian:12\nRUN echo "apt-get install curl"\n', "ADV601") == []


def test_it_leaves_apt_lists_in_build_stages_alone() -> None:
    text = (
        "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\n"
        "FROM debian:12\nCOPY --from=build /a /a\n"
    )
    assert lines_for(text, "ADV603") == []


def test_it_flags_apt_lists_only_where_update_wrote_them() -> None:
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert lines_for(text, "ADV603") == [2]  # like hadolint DL3009: the install-only RUN is not it


def test_it_does_not_read_powershell_as_sh() -> None:
    text = (
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\n'
        "RUN Get-Item x | Remove-Item; cd C:/\n"
    )
    assert lines_for(text, "ADV707") == [] and lines_for(text, "ADV705") == []


def test_it_counts_reinstall_and_build_dep_as_using_the_fresh_index() -> None:
    for verb in ("reinstall", "build-dep"):
        text = f"FROM debian:12\nRUN apt-get update && apt-get {verb} -y curl && rm -rf /var/lib/apt/lists\n"
        assert lines_for(text, "ADV604") == []
