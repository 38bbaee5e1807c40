"""RUN text -> the simple commands it runs, read with a real shell parser.

bashlex understands `&&`, `;`, `|`, subshells, command substitution and
redirects, so `echo "apt-get install"` is not mistaken for an install. It does
not accept every bash construct (`[[ ]]`, `case`, some heredocs); for those we
fall back to shlex with punctuation splitting, which still respects quotes.
Wrappers such as `sudo -u x`, `env A=b`, `gosu user` and `sh -c '...'` are
unwrapped so rules see the command that really runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache

import bashlex

from scans.lint.shell_fallback import (
    PLAIN_SCRIPT,
    RawCommand,
    plain_commands,
    shlex_commands,
    substituted_commands,
)

# wrapper -> options of that wrapper which take a value
WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"}),
    "env": frozenset({"-u", "-C", "-S"}),
    "nice": frozenset({"-n"}),
    "nohup": frozenset(),
    "exec": frozenset({"-a"}),
    "command": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "timeout": frozenset({"-s", "-k"}),
    "xargs": frozenset({"-I", "-n", "-P", "-d", "-a", "-E", "-L", "-s"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
}
_APT_VALUED = frozenset({"-o", "--option", "-c", "--config-file", "-t", "--target-release"})
# options whose value is the next word, per command (only where it changes what rules read)
VALUED_OPTIONS: dict[str, frozenset[str]] = {"apt-get": _APT_VALUED, "apt": _APT_VALUED}
USER_WRAPPERS = frozenset({"gosu", "su-exec", "chroot", "setpriv", "runuser"})
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox"})
RESERVED_WORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "fi", "done"})


@dataclass(frozen=True)
class Command:
    """One simple command. `words` is the argv that really runs (wrappers removed)."""

    words: tuple[str, ...]
    wrappers: tuple[str, ...] = ()  # e.g. ("sudo",) when it ran under sudo
    redirects: tuple[str, ...] = ()  # redirect targets such as /var/log/app.log
    pipeline: int = 0  # commands with the same id are joined by |
    position: int = 0  # 0 = first command of its pipeline
    pipeline_len: int = 1

    @cached_property
    def name(self) -> str:  # cached: rules ask for it hundreds of thousands of times per corpus
        return os.path.basename(self.words[0]) if self.words else ""

    @property
    def args(self) -> tuple[str, ...]:
        return self.words[1:]

    def has_flag(self, *flags: str) -> bool:
        """True when any of the flags is given (`-y`, `--yes`, `--yes=x`, or inside `-qy`)."""
        for word in self.args:
            for flag in flags:
                if word == flag or (flag.startswith("--") and word.startswith(flag + "=")):
                    return True
                if len(flag) == 2 and flag[0] == "-" and flag[1] != "-" and _in_short_group(word, flag[1]):
                    return True
        return False

    def subcommand(self) -> str | None:
        """The first non-option argument (`install` in `apt-get -q install x`)."""
        return next(iter(self._non_options), None)

    def operands(self) -> list[str]:
        """Non-option arguments after the subcommand."""
        return list(self._non_options[1:])

    @cached_property
    def _non_options(self) -> tuple[str, ...]:
        valued = VALUED_OPTIONS.get(self.name, frozenset())
        words: list[str] = []
        skip = False
        for word in self.args:
            if skip:
                skip = False
            elif word.startswith("-"):
                skip = word in valued  # `apt-get -o Opt=x install`: Opt=x is not the subcommand
            else:
                words.append(word)
        return tuple(words)


def _in_short_group(word: str, letter: str) -> bool:
    return word.startswith("-") and not word.startswith("--") and len(word) > 2 and letter in word[1:]


@dataclass(frozen=True)
class Script:
    commands: tuple[Command, ...]
    parsed_by: str  # "bashlex" | "shlex" | "words": how far down the fallbacks we went

    def named(self, *names: str) -> list[Command]:
        return [c for c in self.commands if c.name in names]

    def pipelines(self) -> list[list[Command]]:
        groups: dict[int, list[Command]] = {}
        for command in self.commands:
            groups.setdefault(command.pipeline, []).append(command)
        # `{ ...; } | tee f`: the group's commands have their own ids, so a pipeline
        # may show only its simple members; pipeline_len still says it was piped.
        return [group for group in groups.values() if len(group) > 1 or group[0].pipeline_len > 1]


@lru_cache(maxsize=4096)
def parse_shell(text: str) -> Script:
    """Parse shell text into its simple commands. Never raises."""
    try:
        if PLAIN_SCRIPT.fullmatch(text):
            raw, parsed_by = plain_commands(text), "plain"
        else:
            raw, parsed_by = _bashlex_commands(text), "bashlex"
    except Exception:  # bashlex raises its own errors and, on odd input, assorted others
        try:
            raw = shlex_commands(text)
            raw += substituted_commands(text)
            parsed_by = "shlex"
        except ValueError:  # unbalanced quotes
            raw = [(tuple(text.split()), (), 0, 0, 1)]
            parsed_by = "words"
    commands: list[Command] = []
    for words, redirects, pipeline, position, length in raw:
        commands.extend(_unwrap(words, redirects, pipeline, position, length, depth=0))
    return Script(tuple(commands), parsed_by)


def parse_argv(words: tuple[str, ...]) -> Script:
    """An exec-form RUN (JSON array) as a Script; `["sh", "-c", "..."]` is expanded."""
    return Script(tuple(_unwrap(words, (), 1, 0, 1, depth=0)), "json")


def _bashlex_commands(text: str) -> list[RawCommand]:
    found: list[RawCommand] = []
    counter = [0]  # shared across top-level trees so pipeline ids stay unique
    for tree in bashlex.parse(text):
        _walk(tree, found, counter)
    return found


def _walk(node: bashlex.ast.node, found: list[RawCommand], counter: list[int]) -> None:
    """Depth-first over bashlex nodes; each pipeline gets its own id."""
    if node.kind in ("pipeline", "command"):
        counter[0] += 1
        pipeline = counter[0]
        members = [p for p in node.parts if p.kind != "pipe"] if node.kind == "pipeline" else [node]
        for index, part in enumerate(members):
            if part.kind == "command":
                _collect(part, found, pipeline, index, len(members))
                _walk_children(part, found, counter)
            else:
                _walk(part, found, counter)
        return
    _walk_children(node, found, counter)


def _walk_children(node: bashlex.ast.node, found: list[RawCommand], counter: list[int]) -> None:
    for attr in ("parts", "list"):
        for child in getattr(node, attr, None) or ():
            if isinstance(child, bashlex.ast.node):
                _walk(child, found, counter)
    for attr in ("command", "output"):
        child = getattr(node, attr, None)
        if isinstance(child, bashlex.ast.node):
            _walk(child, found, counter)


def _collect(node, found: list[RawCommand], pipeline: int, position: int, length: int) -> None:
    words = tuple(p.word for p in node.parts if p.kind == "word")
    redirects = tuple(p.output.word for p in node.parts if p.kind == "redirect" and hasattr(p.output, "word"))
    if words:
        found.append((words, redirects, pipeline, position, length))


def _unwrap(
    words: tuple[str, ...], redirects: tuple[str, ...], pipeline: int, position: int, length: int, depth: int
) -> list[Command]:
    """Strip assignments and wrappers; expand `sh -c '...'` into its own commands."""
    rest, wrappers = _strip_wrappers(list(words))
    command = Command(tuple(rest), tuple(wrappers), redirects, pipeline, position, length)
    inner = _shell_c_text(command)
    if inner is None or depth > 3:
        return [command] if rest else []
    # nested commands get their own pipeline ids, above any id of the outer script
    base = 100000 * (depth + 1) + pipeline
    return [command] + [
        Command(
            c.words, tuple(wrappers) + c.wrappers, c.redirects, base + c.pipeline, c.position, c.pipeline_len
        )
        for c in parse_shell(inner).commands
    ]


def _strip_wrappers(rest: list[str]) -> tuple[list[str], list[str]]:
    wrappers: list[str] = []
    while rest:
        head = os.path.basename(rest[0])
        if head in RESERVED_WORDS or _is_assignment(rest[0]):
            rest.pop(0)
        elif head in WRAPPERS:
            wrappers.append(head)
            rest = _skip_options(rest[1:], WRAPPERS[head], skip_assignments=head == "env")
            if head == "timeout" and rest:
                rest.pop(0)  # the duration
        elif head in USER_WRAPPERS and len(rest) > 2:
            wrappers.append(head)
            rest = _skip_options(rest[1:], frozenset())[1:]  # drop the user / new root
        else:
            break
    return rest, wrappers


def _is_assignment(word: str) -> bool:
    return "=" in word and not word.startswith(("-", "=")) and word.split("=")[0].isidentifier()


def _skip_options(words: list[str], valued: frozenset[str], *, skip_assignments: bool = False) -> list[str]:
    rest = list(words)
    while rest and (rest[0].startswith("-") or (skip_assignments and "=" in rest[0])):
        option = rest.pop(0)
        if option == "--":
            break
        if option in valued and rest:
            rest.pop(0)
    return rest


def _shell_c_text(command: Command) -> str | None:
    if command.name not in SHELLS and command.name != "su" or len(command.words) < 3:
        return None
    words = list(command.words[1:])
    if command.name == "busybox" and words and words[0] in SHELLS:
        words = words[1:]
    for index, word in enumerate(words[:-1]):
        if word.startswith("-") and not word.startswith("--") and "c" in word[1:]:
            return words[index + 1]
    return None
