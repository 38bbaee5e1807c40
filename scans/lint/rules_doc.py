"""docs/rules.md, rendered from the registry (scripts/gen_rules_doc.py writes it; a test checks it)."""

from __future__ import annotations

from scans.lint.registry import Rule, all_rules

INTRO = """# Lint rules

Generated from the rule registry by `python scripts/gen_rules_doc.py`; do not edit by hand
(`tests/unit/lint/test_rules_doc.py` fails when this file is stale). The same metadata feeds
`manage.py lint --list-rules`, the SARIF rule descriptions and the rules page of the web UI.

Ids: ADV1xx users, ADV2xx privileges, ADV3xx ports, ADV4xx files, ADV5xx supply chain and
secrets, ADV6xx package hygiene, ADV7xx runtime. Refs name the peers' checks that say the
same thing: hadolint `DLxxxx`, Trivy `DS-xxxx`, CIS Docker Benchmark `4.x`, Checkov
`CKV_DOCKER_x`. Suppress a finding with `# advisor ignore=ADV101 -- reason`, or with the
peer's own pragma (`# hadolint ignore=DL3008`, `# trivy:ignore:DS-0002`), which is mapped
through these refs. "Differs from peers" lists where we deliberately disagree with hadolint
2.15.1 or `trivy config` 0.76.0; `python scripts/compare_peers.py` measures the rest
(results in docs/lint-peers.md).

Commands are read the way the shell runs them: inside `sh -c '...'`, behind `sudo`, `env`,
`nice` or `xargs`, in heredoc bodies and `$(...)`, and in exec-form RUN. hadolint and Trivy read
mostly the top-level commands, so we report more there; that is deliberate and not repeated
under each rule.

ONBUILD triggers run in every image built FROM this one, so the instruction inside
`ONBUILD` is linted by the rules about what one instruction does (`ONBUILD RUN curl ... | sh`,
`ONBUILD ADD http://...`, `ONBUILD ENV TOKEN=...`, sudo, package hygiene, EXPOSE 22); the
message starts with "ONBUILD trigger". Rules about this image's own state (runtime USER,
CMD, HEALTHCHECK, stages) skip triggers: `ONBUILD USER root` does not change this image, and
the child image is linted on its own. Like hadolint 2.15 we do not report ADD-vs-COPY,
relative WORKDIR, `cd`, pipefail or port ranges inside ONBUILD; Trivy ignores ONBUILD altogether.

## Using the linter

```
python manage.py lint Dockerfile [more paths, or - for stdin] [--format text|json|sarif]
                      [--fail-on critical|high|medium|low|info] [--fix] [--list-rules]
python -m scans.lint ...          # the same, without Django (what the pre-commit hook runs)
```

Exit codes: 0 no finding at or above `--fail-on` (default: the config's, else `high`), 1 there
is one (or a file could not be read as a Dockerfile), 2 usage error. `--fix` prints a unified
diff of the hardened Dockerfile (`a/Dockerfile` -> `b/Dockerfile`); with `--format json` each
file entry gets a `fix` object, with `--format sarif` the first result of each fixed rule
carries the hardened file as a SARIF fix.

Configuration is read next to each linted file, then in the working directory:
`.hadolint.yaml` (`ignored`, `trustedRegistries`, `failure-threshold`, `override`) and our
`.advisor.yaml`:

```yaml
ignore: [ADV703, DL3008]           # our ids or any peer id in refs
trusted_registries: [docker.io, registry.example.com]   # enables ADV502
fail_on: medium
severity: {ADV104: high}           # per-rule override
```

pre-commit: `.pre-commit-hooks.yaml` declares `advisor-lint` (Dockerfile, Containerfile,
`*.Dockerfile`, `Dockerfile.*`).
"""


def refs_text(rule: Rule) -> str:
    parts = [
        ", ".join(ids) for kind in ("hadolint", "trivy", "cis", "checkov") if (ids := rule.refs.get(kind))
    ]
    return "; ".join(parts) or "-"


def rule_section(rule: Rule) -> str:
    lines = [
        f"## {rule.id}: {rule.title}",
        "",
        f"Severity: **{rule.severity}**. Refs: {refs_text(rule)}.",
        "",
        rule.reason,
        "",
        "Fix:",
        "",
        "```",
        rule.fix,
        "```",
    ]
    if rule.peer_notes:
        lines += ["", f"Differs from peers: {rule.peer_notes}"]
    return "\n".join(lines)


def render_rules_markdown() -> str:
    rules = all_rules()
    table = ["| id | severity | title | refs |", "| --- | --- | --- | --- |"]
    table += [f"| {r.id} | {r.severity} | {r.title} | {refs_text(r)} |" for r in rules]
    body = "\n\n".join(rule_section(r) for r in rules)
    return f"{INTRO}\n{len(rules)} rules.\n\n" + "\n".join(table) + "\n\n" + body + "\n"
