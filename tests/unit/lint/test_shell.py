from __future__ import annotations

from scans.lint.shell import parse_argv, parse_shell


def words(text: str) -> list[tuple[str, ...]]:
    return [c.words for c in parse_shell(text).commands]


def test_it_splits_lists_pipelines_and_subshells() -> None:
    assert words("a x && (cd /t && make) ; b | c") == [("a", "x"), ("cd", "/t"), ("make",), ("b",), ("c",)]
    pipes = parse_shell("curl -fsSL u | sh -s").pipelines()
    assert [[c.name for c in p] for p in pipes] == [["curl", "sh"]]


def test_it_unwraps_env_sudo_and_user_switchers() -> None:
    command = parse_shell("DEBIAN_FRONTEND=noninteractive sudo -u app env A=1 pip install x").commands[0]
    assert command.words == ("pip", "install", "x")
    assert command.wrappers == ("sudo", "env")
    assert parse_shell("gosu app:app /bin/run --flag").commands[0].words == ("/bin/run", "--flag")


def test_it_reads_sh_c_strings_as_commands() -> None:
    assert words("sh -c 'apt-get update && apt-get install -y x'")[1:] == [
        ("apt-get", "update"),
        ("apt-get", "install", "-y", "x"),
    ]
    assert [c.words for c in parse_argv(("/bin/sh", "-c", "make && make install")).commands][1:] == [
        ("make",),
        ("make", "install"),
    ]


def test_it_does_not_treat_quoted_text_as_commands() -> None:
    assert words('echo "apt-get install curl"') == [("echo", "apt-get install curl")]


def test_it_records_redirect_targets() -> None:
    assert parse_shell("app > /var/log/app.log 2>&1").commands[0].redirects == ("/var/log/app.log",)


def test_it_falls_back_when_bashlex_cannot_parse() -> None:
    script = parse_shell("if [[ -f x ]]; then apt-get install -y a; fi")
    assert script.parsed_by == "shlex"
    assert ("apt-get", "install", "-y", "a") in [c.words for c in script.commands]


def test_it_knows_flags_inside_short_groups() -> None:
    command = parse_shell("apt-get -qy install curl").commands[0]
    assert command.has_flag("-y") and command.subcommand() == "install" and command.operands() == ["curl"]


def test_it_keeps_reading_after_a_parameter_expansion_with_hash() -> None:
    # `case` sends this to the shlex fallback; `${X#y}` is not a comment there
    script = parse_shell('case "$T" in a) V=${T#x/} ;; esac\necho "$V" | tee /f # note\nmake')
    assert script.parsed_by == "shlex"
    assert [[c.name for c in p] for p in script.pipelines()] == [["echo", "tee"]]
    assert ("make",) in [c.words for c in script.commands]


def test_it_reads_pipes_in_quoted_substitutions_with_their_own_quotes() -> None:
    text = "case x in a) ;; esac; deps=\"$( scanelf /usr | tr ',' '\\n' | awk '{ print \"so:\" $1 }' )\""
    script = parse_shell(text)
    assert script.parsed_by == "shlex"
    assert [[c.name for c in p] for p in script.pipelines()] == [["scanelf", "tr", "awk"]]
    assert parse_shell("case x in a) ;; esac; echo '$(a | b)'").pipelines() == []


def test_it_reads_pipes_of_stderr_too() -> None:
    for text in ("a |& b", 'a "x" |& b', "case x in a) ;; esac; a |& b"):
        assert [[c.name for c in p] for p in parse_shell(text).pipelines()] == [["a", "b"]], text
