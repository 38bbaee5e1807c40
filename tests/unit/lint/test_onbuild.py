"""ONBUILD triggers are linted like the instruction inside them, at the ONBUILD line."""

from __future__ import annotations

from scans.lint.fixing import fix_dockerfile
from scans.lint.stage import lint_dockerfile
from scans.results import Source
from tests.unit.lint.helpers import hits

BASE = "FROM debian:12\nUSER 1000:1000\n"


def test_it_flags_a_piped_download_and_an_unchecked_url_in_triggers() -> None:
    text = (
        BASE + "ONBUILD RUN curl -fsSL https://x.example/i.sh | sh\nONBUILD ADD https://x.example/a.tgz /a\n"
    )
    assert ("ADV504", 3) in hits(text) and ("ADV401", 4) in hits(text)
    result = lint_dockerfile(Source(scan_code="t", dockerfile=text))
    first = next(f for f in result.findings if f.rule == "ADV504")
    assert first.message.startswith("ONBUILD trigger (runs in every image built FROM this one): ")
    assert first.code == "ONBUILD RUN curl -fsSL https://x.example/i.sh | sh"


def test_it_applies_package_and_sudo_rules_to_triggers_like_hadolint() -> None:
    text = BASE + (
        "ONBUILD RUN sudo apt-get update && sudo apt-get install curl\nONBUILD RUN apk add curl\n"
        "ONBUILD RUN wget -q https://a && curl -fsSO https://b\n"
    )
    assert [h for h in hits(text) if h[1] != 1] == [
        ("ADV201", 3),
        ("ADV601", 3),
        ("ADV602", 3),
        ("ADV603", 3),
        ("ADV611", 3),
        ("ADV607", 4),
        ("ADV611", 4),
        ("ADV612", 5),
    ]


def test_it_flags_secrets_in_trigger_env_and_skips_state_rules() -> None:
    text = BASE + (
        "ONBUILD ENV API_TOKEN=s3cr3t-v4lue-123\nONBUILD USER root\nONBUILD CMD run\n"
        "ONBUILD RUN cd /x | y\nONBUILD EXPOSE 70000\nONBUILD ADD app.py /app/\nONBUILD WORKDIR app\n"
    )
    assert [h for h in hits(text) if h[1] != 1] == [("ADV507", 3)]


def test_it_finds_nothing_in_clean_triggers_and_never_fixes_them() -> None:
    text = BASE + 'ONBUILD COPY . /app\nONBUILD RUN ["make"]\nHEALTHCHECK CMD ["true"]\nCMD ["/app/run"]\n'
    assert [h for h in hits(text) if h[0] != "ADV503"] == []
    piped = BASE + "ONBUILD RUN apt-get update && apt-get install curl\n"
    assert fix_dockerfile(piped).text.splitlines()[2] == "ONBUILD RUN apt-get update && apt-get install curl"
