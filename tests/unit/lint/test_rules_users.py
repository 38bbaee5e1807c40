from __future__ import annotations

from tests.unit.lint.helpers import lines_for

CASES = [
    # rule, Dockerfile that triggers it, expected lines, Dockerfile that does not
    ("ADV101", 'FROM debian:12\nRUN true\nCMD ["x"]\n', [1], "FROM debian:12\nUSER 5000:5000\n"),
    (
        "ADV101",
        'FROM debian:12 AS build\nUSER 5000\nFROM debian:12\nCMD ["x"]\n',
        [3],
        'FROM debian:12 AS base\nUSER 5000\nFROM base\nCMD ["x"]\n',
    ),
    (
        "ADV102",
        "FROM debian:12\nUSER app\nUSER root\n",
        [3],
        "FROM debian:12\nUSER root\nRUN id\nUSER 5000\n",
    ),
    ("ADV102", "FROM debian:12\nUSER 0:0\n", [2], "FROM debian:12\nUSER 10:0\n"),
    (
        "ADV102",
        "FROM debian:12\nARG RUNAS=root\nUSER ${RUNAS}\n",
        [3],
        "FROM debian:12\nARG RUNAS=app\nUSER ${RUNAS}\n",
    ),
    ("ADV102", "FROM debian:12\nENV U=0\nUSER $U:$U\n", [3], "FROM debian:12\nENV U=1000\nUSER $U:$U\n"),
    ("ADV102", "FROM debian:12\nUSER ROOT:root\n", [2], "FROM debian:12\nUSER rooter\n"),
    (
        "ADV103",
        "FROM debian:12\nUSER 5000\nRUN apt-get install -y curl\n",
        [3],
        "FROM debian:12\nRUN apt-get install -y curl\nUSER 5000\n",
    ),
    (
        "ADV103",
        "FROM alpine:3\nUSER app\nRUN adduser -D bob\n",
        [3],
        "FROM alpine:3\nUSER app\nRUN echo apk add x\n",
    ),
    ("ADV104", "FROM debian:12\nUSER app\n", [2], "FROM debian:12\nUSER 5000:5000\n"),
    (
        "ADV105",
        "FROM debian:12\nRUN groupadd app && useradd -g app app\n",
        [2],
        "FROM debian:12\nRUN groupadd -g 5000 app && useradd -u 5000 -g app app\n",
    ),
    (
        "ADV105",
        "FROM alpine:3\nRUN addgroup -S app && adduser -S -G app app\n",
        [2],
        "FROM alpine:3\nRUN addgroup -S -g 5000 app && adduser -S -u 5000 -G app app\n",
    ),
    (
        "ADV106",
        "FROM debian:12\nRUN useradd -u 1000000 app\n",
        [2],
        "FROM debian:12\nRUN useradd -l -u 1000000 app\n",
    ),
    (
        "ADV106",
        "FROM debian:12\nARG UID=100000000\nRUN useradd -u $UID app\n",
        [3],
        "FROM debian:12\nARG UID=10001\nRUN useradd -u $UID app\n",
    ),
]


def test_it_does_not_count_a_build_stage_user_as_the_runtime_user() -> None:
    text = (
        "FROM golang:1.22 AS build\nUSER root\nRUN go build\n"
        "FROM gcr.io/distroless/static:nonroot\nUSER 65532\n"
    )
    assert lines_for(text, "ADV102") == []
    assert lines_for(text, "ADV101") == []


def test_it_treats_sudo_u_as_not_needing_root_for_adv103() -> None:
    text = "FROM debian:12\nUSER 5000\nRUN sudo apt-get install -y curl\n"
    assert lines_for(text, "ADV103") == []
