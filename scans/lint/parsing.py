"""Dockerfile text -> a typed, stage-aware model that lint rules read.

dockerfile-parse does the instruction splitting (continuations, comments inside
continuations, JSON vs shell form). It does not understand heredocs, so their
bodies are blanked out before parsing (keeping line numbers) and attached to the
instruction that opened them afterwards.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from dockerfile_parse import DockerfileParser

HEREDOC_RE = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
VAR_RE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
ESCAPE_RE = re.compile(r"^\s*#\s*escape\s*=\s*([\\`])\s*$", re.IGNORECASE)
FLAG_RE = re.compile(r"^--([a-zA-Z-]+)(?:=(\S*))?\s*")


class DockerfileSyntaxError(ValueError):
    """The text is not a Dockerfile we can read; the message says where and why."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Heredoc:
    delimiter: str
    body: str
    line: int  # first body line, 1-based


@dataclass(frozen=True)
class Instruction:
    cmd: str  # upper-case keyword: FROM, RUN, USER ...
    value: str  # everything after the keyword, continuations joined
    line: int  # 1-based first line
    end_line: int
    stage: int  # index of the stage it belongs to (-1 before the first FROM)
    flags: dict[str, str] = field(default_factory=dict)  # --from=x, --chown=u:g, --mount=...
    args: str = ""  # value without the leading --flags
    heredocs: tuple[Heredoc, ...] = ()
    original: str = ""  # raw source text of the instruction

    @property
    def last_line(self) -> int:
        """The last source line, heredoc bodies and their closing delimiter included."""
        if not self.heredocs:
            return self.end_line
        last = self.heredocs[-1]
        return max(self.end_line, last.line + (len(last.body.split("\n")) if last.body else 0))

    @property
    def is_json_form(self) -> bool:
        return self.json_args is not None

    @property
    def json_args(self) -> list[str] | None:
        text = self.args.strip()
        if not text.startswith("["):
            return None
        try:
            parsed = json.loads(text)
        except ValueError:
            return None
        if isinstance(parsed, list) and all(isinstance(x, str) for x in parsed):
            return parsed
        return None

    @property
    def script(self) -> str:
        """The shell text a RUN executes: heredoc bodies included."""
        parts = [self.args] if not self.heredocs else []
        parts.extend(doc.body for doc in self.heredocs)
        if self.heredocs:
            head = HEREDOC_RE.sub("", self.args).strip()
            if head and not head.startswith(("bash", "sh", "/bin/")):
                parts.insert(0, head)
        return "\n".join(parts)


@dataclass(frozen=True)
class Stage:
    index: int
    name: str | None
    base_image: str  # ARG-substituted image reference
    base_image_raw: str
    line: int
    instructions: tuple[Instruction, ...]
    platform: str | None = None


@dataclass(frozen=True)
class Dockerfile:
    text: str
    lines: tuple[str, ...]
    instructions: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    global_args: dict[str, str]
    comments: dict[int, str]  # line -> comment text (without '#'), for pragmas
    # Per-parse memo for derived facts (RUN scripts, users): many rules ask for the
    # same facts, and computing them once keeps a file's lint well under 20 ms.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage_by_name(self, name: str) -> Stage | None:
        for stage in self.stages:
            if stage.name and stage.name.lower() == name.lower():
                return stage
        if name.isdigit() and int(name) < len(self.stages):
            return self.stages[int(name)]
        return None

    def quote_lines(self, line: int | None, end_line: int | None = None) -> str:
        """The source text of lines line..end_line (1-based), or of the instruction there."""
        if line is None:
            return ""
        if end_line is None:
            end_line = next((i.end_line for i in self.instructions if i.line == line), line)
        return "\n".join(self.lines[line - 1 : end_line]).rstrip()


def substitute(text: str, variables: dict[str, str]) -> str:
    """Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} as BuildKit does."""

    def expand(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        op, word = match.group(2), match.group(3)
        value = variables.get(name)
        if op == "-":
            return value if value else substitute(word or "", variables)
        if op == "+":
            return substitute(word or "", variables) if value else ""
        return value if value is not None else match.group(0)

    return VAR_RE.sub(expand, text)


def split_flags(value: str) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    rest = value.lstrip()
    while rest.startswith("--"):
        match = FLAG_RE.match(rest)
        if not match:
            break
        name, flag_value = match.group(1).lower(), match.group(2) or ""
        # several --mount flags may appear; keep them all, space-separated
        flags[name] = f"{flags[name]} {flag_value}".strip() if name in flags else flag_value
        rest = rest[match.end() :]
    return flags, rest


def blank_heredocs(lines: list[str]) -> tuple[list[str], dict[int, list[Heredoc]]]:
    """Replace heredoc bodies with empty lines; return them keyed by opening line (1-based)."""
    out = list(lines)
    found: dict[int, list[Heredoc]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        markers = [] if stripped.startswith("#") else HEREDOC_RE.findall(line)
        opener = index + 1
        index += 1
        for strip_tabs, _quote, delimiter in markers:
            body: list[str] = []
            start = index + 1
            while index < len(lines):
                candidate = lines[index].lstrip("\t") if strip_tabs else lines[index]
                out[index] = ""
                index += 1
                if candidate.rstrip("\r\n") == delimiter:
                    break
                body.append(candidate.rstrip("\n"))
            found.setdefault(opener, []).append(Heredoc(delimiter, "\n".join(body), start))
    return out, found


def mark_blank_continuations(lines: list[str], escape: str) -> list[str]:
    """Blank lines inside a continuation are legal for BuildKit but end the instruction
    for dockerfile-parse; an empty comment keeps the instruction whole and the numbering."""
    out = list(lines)
    continued = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if continued and not stripped:
            out[index] = "#"
            continue
        if stripped.startswith("#") and continued:
            continue
        continued = stripped.endswith(escape)
    return out


def escape_char(lines: list[str]) -> str:
    """The `# escape=` parser directive (only valid before the first instruction)."""
    for line in lines:
        match = ESCAPE_RE.match(line)
        if match:
            return match.group(1)
        if not line.strip().startswith("#"):
            break
    return "\\"


def parse_dockerfile(text: str) -> Dockerfile:
    """Parse Dockerfile text. Raises DockerfileSyntaxError when it is not one."""
    lines = text.splitlines()
    escape = escape_char(lines)
    blanked, heredocs = blank_heredocs(lines)
    blanked = mark_blank_continuations(blanked, escape)
    if escape != "\\":
        # dockerfile-parse only knows backslash continuations: rewrite the line ends
        blanked = [line.rstrip()[:-1] + "\\" if line.rstrip().endswith(escape) else line for line in blanked]
    parser = DockerfileParser(fileobj=io.BytesIO("\n".join(blanked).encode()))
    try:
        structure = parser.structure
    except Exception as exc:  # dockerfile-parse raises assorted errors on odd input
        raise DockerfileSyntaxError(f"dockerfile-parse could not read it: {exc}") from exc
    comments: dict[int, str] = {}
    raw: list[dict] = []
    for item in structure:
        if item["instruction"] == "COMMENT":
            comments[item["startline"] + 1] = item["value"]
        else:
            raw.append(item)
    if not raw:
        raise DockerfileSyntaxError("no instructions found (a Dockerfile starts with FROM)")
    return build_model(text, lines, raw, heredocs, comments)


def build_model(
    text: str,
    lines: list[str],
    raw: list[dict],
    heredocs: dict[int, list[Heredoc]],
    comments: dict[int, str],
) -> Dockerfile:
    global_args: dict[str, str] = {}
    instructions: list[Instruction] = []
    stage_index = -1
    for item in raw:
        cmd, line = item["instruction"].upper(), item["startline"] + 1
        stage_index += cmd == "FROM"
        check_instruction(item["instruction"], line, stage_index)
        inst = make_instruction(item, stage_index, heredocs)
        if cmd == "ARG" and stage_index < 0:
            name, _, default = inst.args.partition("=")
            # defaults may refer to earlier global ARGs (ARG IMAGE=$REGISTRY/app)
            global_args[name.strip()] = substitute(default.strip().strip("\"'"), global_args)
        instructions.append(inst)
    stages = build_stages(instructions, global_args)
    return Dockerfile(text, tuple(lines), tuple(instructions), stages, global_args, comments)


def check_instruction(keyword: str, line: int, stage_index: int) -> None:
    cmd = keyword.upper()
    if not cmd.isalpha() or cmd not in KNOWN_INSTRUCTIONS:
        raise DockerfileSyntaxError(f"line {line}: unknown instruction {keyword!r}", line)
    if stage_index < 0 and cmd != "ARG":
        raise DockerfileSyntaxError(f"line {line}: {cmd} before the first FROM", line)


def make_instruction(item: dict, stage_index: int, heredocs: dict[int, list[Heredoc]]) -> Instruction:
    line, end_line = item["startline"] + 1, item["endline"] + 1
    flags, args = split_flags(item["value"])
    return Instruction(
        cmd=item["instruction"].upper(),
        value=item["value"],
        line=line,
        end_line=end_line,
        stage=stage_index,
        flags=flags,
        args=args,
        # a heredoc may open on any line of the instruction (RUN --mount=... \ <<EOT)
        heredocs=tuple(doc for n in range(line, end_line + 1) for doc in heredocs.get(n, ())),
        original=item["content"],
    )


def build_stages(instructions: list[Instruction], global_args: dict[str, str]) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    for index in range(max((i.stage for i in instructions), default=-1) + 1):
        members = tuple(i for i in instructions if i.stage == index)
        head = members[0]
        words = head.args.split()
        if not words:
            raise DockerfileSyntaxError(f"line {head.line}: FROM without an image", head.line)
        name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
        stages.append(
            Stage(
                index=index,
                name=name,
                base_image=substitute(words[0], global_args),
                base_image_raw=words[0],
                line=head.line,
                instructions=members,
                platform=head.flags.get("platform"),
            )
        )
    return tuple(stages)


KNOWN_INSTRUCTIONS = frozenset(
    "FROM RUN CMD LABEL MAINTAINER EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR "
    "ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL".split()
)
