from __future__ import annotations

from scans.lint.fixing import fix_dockerfile
from tests.unit.lint.helpers import hits


def test_it_adds_a_fixed_uid_user_before_cmd_when_there_is_no_user() -> None:
    text = 'FROM debian:12\nRUN make\nCMD ["app"]\n'
    result = fix_dockerfile(text)
    assert result.text == (
        "FROM debian:12\nRUN make\n"
        "RUN groupadd --system --gid 5000 app \\\n"
        "    && useradd --system --uid 5000 --gid 5000 --no-create-home --no-log-init app\n"
        'USER 5000:5000\nCMD ["app"]\n'
    )
    assert result.applied == ("ADV101",)
    assert hits(result.text, "ADV101") == []


def test_it_replaces_a_trailing_root_user_and_uses_busybox_tools_on_alpine() -> None:
    result = fix_dockerfile(
        'FROM alpine:3.20\nUSER root\nENTRYPOINT ["app"]\n', uid=7000, gid=7001, user="svc"
    )
    assert result.text == (
        "FROM alpine:3.20\n"
        "RUN addgroup -S -g 7001 svc \\\n    && adduser -S -D -H -u 7000 -G svc svc\n"
        'USER 7000:7001\nENTRYPOINT ["app"]\n'
    )
    assert result.applied == ("ADV102",)


def test_it_only_switches_user_on_images_without_a_shell() -> None:
    result = fix_dockerfile(
        'FROM golang:1.22 AS b\nRUN go build\nFROM scratch\nCOPY --from=b /app /app\nCMD ["/app"]\n'
    )
    assert 'USER 5000:5000\nCMD ["/app"]' in result.text
    assert "useradd" not in result.text and "adduser" not in result.text


def test_it_fixes_apt_flags_and_list_cleanup_in_one_edit() -> None:
    result = fix_dockerfile("FROM debian:12\nRUN apt-get update && apt-get install curl\nUSER 5000:5000\n")
    assert result.text.splitlines()[1:3] == [
        "RUN apt-get update && apt-get install -y --no-install-recommends curl \\",
        "    && rm -rf /var/lib/apt/lists/*",
    ]
    assert result.applied == ("ADV601", "ADV602", "ADV603")


def test_it_writes_a_unified_diff_against_a_and_b_dockerfile() -> None:
    result = fix_dockerfile("FROM debian:12\nMAINTAINER me\nUSER 5000\n")
    assert result.diff.splitlines()[:2] == ["--- a/Dockerfile", "+++ b/Dockerfile"]
    assert "-MAINTAINER me" in result.diff.splitlines()
    assert '+LABEL org.opencontainers.image.authors="me"' in result.diff.splitlines()


def test_it_turns_plain_shell_form_cmd_into_json_but_leaves_shell_syntax_alone() -> None:
    fixed = fix_dockerfile("FROM debian:12\nUSER 5000\nCMD python app.py\n").text
    assert fixed.endswith('CMD ["python", "app.py"]\n')
    untouched = fix_dockerfile("FROM debian:12\nUSER 5000\nCMD python app.py > /dev/null\n")
    assert "ADV701" not in untouched.applied


def test_it_drops_sudo_only_where_the_step_already_runs_as_root() -> None:
    result = fix_dockerfile("FROM debian:12\nRUN sudo make install\nUSER 5000\nRUN sudo -u app make\n")
    assert result.text.splitlines()[1] == "RUN make install"
    assert result.text.splitlines()[3] == "RUN sudo -u app make"


def test_it_adds_a_pipefail_shell_before_the_first_piped_run() -> None:
    result = fix_dockerfile("FROM debian:12\nRUN curl -fsSL https://x | tar xz\nUSER 5000\n")
    assert result.text.splitlines()[1] == 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]'
    assert hits(result.text, "ADV707") == []


def test_it_notes_the_capability_needed_for_a_low_port_once_the_user_is_non_root() -> None:
    result = fix_dockerfile('FROM nginx:1.27\nEXPOSE 80\nCMD ["nginx"]\n')
    lines = result.text.splitlines()
    assert lines[lines.index("EXPOSE 80") - 1].startswith("# advisor ignore=ADV301 -- ")
    assert hits(result.text, "ADV301") == []


def test_it_returns_unparsable_text_unchanged() -> None:
    result = fix_dockerfile("this is not a Dockerfile\n")
    assert (result.text, result.diff, result.applied) == ("this is not a Dockerfile\n", "", ())


def test_it_inserts_after_a_trailing_heredoc_not_inside_it() -> None:
    text = "FROM debian:12\nRUN <<EOT\nset -e\nmake\nEOT\n"
    result = fix_dockerfile(text)
    assert result.text.startswith(text)
    assert result.text[len(text) :].splitlines()[-1] == "USER 5000:5000"


def test_it_moves_a_chown_into_copy_chown() -> None:
    text = "FROM debian:12\nCOPY src/ /app\nRUN chown -R 5000:5000 /app\nUSER 5000:5000\n"
    result = fix_dockerfile(text)
    assert result.text == "FROM debian:12\nCOPY --chown=5000:5000 src/ /app\nUSER 5000:5000\n"
    assert "ADV403" in result.applied
    assert hits(result.text, "ADV403") == []


def test_it_keeps_a_chown_that_does_more_than_the_copy() -> None:
    text = "FROM debian:12\nCOPY src/ /app\nRUN chown -R 5000:5000 /app && make\nUSER 5000:5000\n"
    assert "ADV403" not in fix_dockerfile(text).applied
