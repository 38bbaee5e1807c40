from __future__ import annotations

import pytest

from scans.lint.parsing import DockerfileSyntaxError, parse_dockerfile
from scans.lint.stage import lint_dockerfile
from scans.results import Source


def test_it_joins_continuations_with_comments_and_blank_lines_inside() -> None:
    dockerfile = parse_dockerfile("FROM a:1\nRUN x \\\n# note\n\n  && y\nUSER 5\n")
    run = dockerfile.instructions[1]
    assert (run.cmd, run.line, run.end_line) == ("RUN", 2, 5)
    assert dockerfile.instructions[2].line == 6


def test_it_attaches_heredoc_bodies_and_keeps_line_numbers() -> None:
    dockerfile = parse_dockerfile(
        "FROM a:1\nRUN <<EOF\napt-get update\nEOF\nCOPY <<X /etc/x\nhello\nX\nUSER 5\n"
    )
    run, copy, user = dockerfile.instructions[1:]
    assert run.heredocs[0].body == "apt-get update"
    assert copy.heredocs[0].body == "hello"
    assert user.line == 8


def test_it_honours_the_escape_directive() -> None:
    dockerfile = parse_dockerfile(
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a `\n  b\n"
    )
    assert dockerfile.instructions[1].value == "a   b"


def test_it_reads_buildkit_flags_and_stage_names() -> None:
    dockerfile = parse_dockerfile(
        "ARG V=3.20\nFROM --platform=$BUILDPLATFORM alpine:${V} AS build\n"
        "RUN --mount=type=cache,target=/root/.cache --network=none make\nFROM build\n"
        "COPY --from=build --chown=1:1 --link /a /b\n"
    )
    build, final = dockerfile.stages
    assert (build.name, build.base_image, build.platform) == ("build", "alpine:3.20", "$BUILDPLATFORM")
    assert dockerfile.instructions[2].flags == {"mount": "type=cache,target=/root/.cache", "network": "none"}
    assert dockerfile.instructions[4].flags == {"from": "build", "chown": "1:1", "link": ""}
    assert final.base_image == "build"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("RUN make\n", "RUN before the first FROM"),
        ("FROM a\nFROBNICATE x\n", "unknown instruction"),
        ("# only\n", "no instructions"),
    ],
)
def test_it_explains_what_is_not_a_dockerfile(text: str, message: str) -> None:
    with pytest.raises(DockerfileSyntaxError, match=message):
        parse_dockerfile(text)


def test_it_quotes_a_heredoc_run_with_its_body() -> None:
    text = "FROM debian:12\nRUN <<EOF\ncd /src\nmake\nEOF\nUSER 5000\n"
    finding = next(f for f in lint_dockerfile(Source("t", text)).findings if f.rule == "ADV705")
    assert finding.code == "RUN <<EOF\ncd /src\nmake\nEOF"
