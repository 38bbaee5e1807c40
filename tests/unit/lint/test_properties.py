"""Property-based: random and mutated Dockerfiles never make the linter or the fixer raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scans.lint.fixing import fix_dockerfile
from scans.lint.stage import lint_dockerfile
from scans.results import Source, StageStatus

FRAGMENTS = [
    "FROM debian:12", "FROM alpine AS build", "FROM build", "FROM --platform=$P scratch", "ARG V=1",
    "ARG V", "ENV A=1 B=\"x y\"", "ENV PASSWORD secret", "USER root", "USER ${V:-0}:0", "USER app",
    "EXPOSE 80 22/udp 70000", "RUN apt-get update && apt-get install curl | sh", "RUN <<EOF", "EOF",
    "RUN set -e; \\", "  cd /x && sudo make", "RUN [\"sh\", \"-c\", \"chmod 4755 /x\"]",
    "RUN if [[ -f x ]]; then echo \"unterminated", "COPY --from=0 / /", "COPY --chown=1:1 a b c",
    "ADD https://x/y.tgz /", "WORKDIR rel", "VOLUME [\"/\"", "CMD python app.py", "ENTRYPOINT [\"a\"",
    "HEALTHCHECK NONE", "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "ONBUILD RUN x",
    "# hadolint ignore=DL3008", "# escape=`", "MAINTAINER x", "", "\\", "RUN `echo $((1+))` ${x",
    "LABEL a=\"b",
]  # fmt: skip


def check(text: str) -> None:
    result = lint_dockerfile(Source(scan_code="prop", dockerfile=text))
    assert result.status in (StageStatus.COMPLETED, StageStatus.FAILED)
    if result.status == StageStatus.FAILED:
        assert result.error and result.message_id == "lint.parse_error"
    fixed = fix_dockerfile(text)
    assert isinstance(fixed.text, str)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=25))
def test_it_never_raises_on_shuffled_fragments(lines: list[str]) -> None:
    check("\n".join(lines) + "\n")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_it_never_raises_on_random_text(text: str) -> None:
    check(text)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 400), st.integers(0, 40), st.text(max_size=10))
def test_it_never_raises_on_a_mutated_real_dockerfile(position: int, cut: int, insert: str) -> None:
    base = (
        "FROM python:3.12-slim AS build\nRUN pip install -r req.txt \\\n  && apt-get update\n"
        'FROM python:3.12-slim\nCOPY --from=build /app /app\nUSER 1000\nEXPOSE 80\nCMD ["python", "app.py"]\n'
    )
    position = min(position, len(base))
    check(base[:position] + insert + base[position + cut :])
