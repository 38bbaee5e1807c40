"""Fallback readers for RUN text that bashlex does not need or cannot parse.

`plain_commands`: words joined by && || ; | & only (no quotes or expansions): a plain
split is exactly what bashlex would say, at a fraction of the cost.
`shlex_commands`: bashlex rejects `[[ ]]`, `case` patterns and some heredocs; shlex with
punctuation splitting still respects quotes, and `$( ... )` words are read recursively.
"""

from __future__ import annotations

import re
import shlex

# words, redirect targets, pipeline id, position in the pipeline, pipeline length
RawCommand = tuple[tuple[str, ...], tuple[str, ...], int, int, int]
SEPARATORS = frozenset({"&&", "||", ";", "&", "\n", ";;", "(", ")", "{", "}"})


# No quotes, expansions, redirects, groups or comments: only words joined by && || ; | &.
# For such text bashlex's answer is a plain split, and bashlex costs ~2/3 of a lint.
PLAIN_SCRIPT = re.compile(r"[\w \t\n./:=,+@%^-]*(?:(?:&&|\|\||[;|&])[\w \t\n./:=,+@%^-]*)*")
PLAIN_SPLIT = re.compile(r"(&&|\|\||\|&|[;&\n]|\|)")  # `a |& b` pipes stderr too


def plain_commands(text: str) -> list[RawCommand]:
    found: list[RawCommand] = []
    pipeline, position = 1, 0
    for part in PLAIN_SPLIT.split(text):
        if part in ("|", "|&"):
            position += 1
        elif PLAIN_SPLIT.fullmatch(part):
            pipeline, position = pipeline + 1, 0
        elif part.split():
            found.append((tuple(part.split()), (), pipeline, position, 0))
    return _fill_lengths(found)


def shlex_commands(text: str) -> list[RawCommand]:
    found: list[RawCommand] = []
    pipeline, position = 1, 0
    current: list[str] = []
    redirects: list[str] = []
    expect_redirect = False
    for token in _without_case_patterns(_tokens(text)):
        if expect_redirect:
            redirects.append(token)
            expect_redirect = False
        elif token in SEPARATORS or token in ("|", "|&"):
            if current:
                found.append((tuple(current), tuple(redirects), pipeline, position, 0))
            current, redirects = [], []
            piped = token in ("|", "|&")
            position = position + 1 if piped else 0
            pipeline += 0 if piped else 1
        elif set(token) <= set("<>&"):
            if current and current[-1].isdigit():
                current.pop()  # the fd number of 2>&1
            expect_redirect = True
        else:
            current.append(token)
    return _fill_lengths(found)


# A shell comment starts with # at the start of a word; `${X#pre}` and `$#` are not comments.
COMMENT_RE = re.compile(r"(?:^|(?<=[\s;&|]))#[^\n]*")


def _tokens(text: str) -> list[str]:
    flat = COMMENT_RE.sub("", text.replace("\\\n", " ")).replace("\n", " ; ")
    lexer = shlex.shlex(flat, posix=True, punctuation_chars=";&|()<>")
    lexer.commenters = ""  # shlex would take `${X#pre}` as a comment and drop the rest of the RUN
    lexer.whitespace = " \t\r"
    lexer.whitespace_split = True
    return list(lexer) + [";"]


def _without_case_patterns(tokens: list[str]) -> list[str]:
    """Drop `case` pattern lists (`x86_64|aarch64)`): their `|` is not a pipe."""
    out: list[str] = []
    in_pattern = False
    for index, token in enumerate(tokens):
        if in_pattern:
            in_pattern = token not in (")", "esac")
        elif token in (";;", ";&") or (token == "in" and "case" in tokens[max(0, index - 2) : index]):
            out.append(";")
            in_pattern = True
        else:
            out.append(token)
    return out


def substituted_commands(text: str) -> list[RawCommand]:
    """Commands inside `"...$( ... )..."` of fallback-parsed text.

    Unquoted `$(` is split into its own commands by the tokenizer already. A quoted one
    stays inside one word, and shlex cannot know that `$(` opens a new quoting context
    (`"$(a | awk '{print "x"}')"`), so the substitution is cut out of the raw text.
    """
    found: list[RawCommand] = []
    offset = 900000  # each substitution gets its own range of pipeline ids
    from scans.lint.shell import parse_shell  # the full reader, for the nested text

    for inner in _quoted_substitutions(text):
        offset += 1000
        for command in parse_shell(inner).commands:
            found.append((command.words, command.redirects, offset + command.pipeline, command.position,
                          command.pipeline_len))  # fmt: skip
    return found


def _quoted_substitutions(text: str) -> list[str]:
    found: list[str] = []
    index, single, double = 0, False, False
    while index < len(text):
        char = text[index]
        if char == "\\" and not single:
            index += 2
            continue
        if char == "'" and not double:
            single = not single
        elif char == '"' and not single:
            double = not double
        elif double and text.startswith("$(", index) and not text.startswith("$((", index):
            inner = _balanced(text, index + 2)
            found.append(inner)
            index += len(inner) + 3
            continue
        index += 1
    return found


def _balanced(text: str, start: int) -> str:
    depth = 1
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    return text[start:]


def _fill_lengths(found: list[RawCommand]) -> list[RawCommand]:
    sizes: dict[int, int] = {}
    for item in found:
        sizes[item[2]] = sizes.get(item[2], 0) + 1
    return [(w, r, p, pos, sizes[p]) for w, r, p, pos, _ in found]
