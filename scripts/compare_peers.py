"""Compare our linter with hadolint and `trivy config` on the same Dockerfiles.

    python scripts/compare_peers.py [--corpus DIR] [--json OUT]

For every peer check that one of our rules lists in its refs, each peer finding
is matched with our findings on the same file and line. The output counts, per
peer id, where both agree, where only the peer fires, and where only we do, with
a few example locations, so each disagreement can be fixed or documented as
deliberate in the rule's `peer_notes` (docs/rules.md shows them).
Inputs: the shared corpus plus the positive cases and peer edge cases of tests/unit/lint.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scans.lint.registry import all_rules  # noqa: E402
from scans.lint.stage import lint_dockerfile  # noqa: E402
from scans.lint.suppressions import normalise_id  # noqa: E402
from scans.results import Source  # noqa: E402

BIN = Path(sys.executable).parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "public"


def own_cases() -> dict[str, str]:
    """The positive Dockerfiles of our rule tests, named after the rule and index."""
    sys.path.insert(0, str(ROOT))
    cases: dict[str, str] = {}
    for module in ("users", "privileges", "ports_files", "supply_chain", "packages", "runtime"):
        mod = __import__(f"tests.unit.lint.test_rules_{module}", fromlist=["CASES"])
        for index, case in enumerate(mod.CASES):
            cases[f"case-{case[0]}-{index}.Dockerfile"] = case[1]
    from tests.unit.lint import peer_edge_cases

    for kind, items in (("edge", peer_edge_cases.POSITIVE), ("none", peer_edge_cases.NEGATIVE)):
        for index, case in enumerate(items):
            cases[f"{kind}-{case[0]}-{index}.Dockerfile"] = case[1]
    return cases


def hadolint_findings(paths: list[Path]) -> set[tuple[str, int, str]]:
    found: set[tuple[str, int, str]] = set()
    for path in paths:  # one file per call: a parse error in one file must not hide the rest
        proc = subprocess.run([str(BIN / "hadolint"), "-f", "json", "--no-fail", str(path)],
                              capture_output=True, text=True, check=False, timeout=60)  # fmt: skip
        for item in json.loads(proc.stdout or "[]"):
            found.add((path.name, int(item["line"]), item["code"]))
    return found


def trivy_findings(directory: Path) -> set[tuple[str, int, str]]:
    argv = [str(BIN / "trivy"), "config", "--skip-check-update", "-q", "-f", "json", str(directory)]
    proc = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=600)
    found: set[tuple[str, int, str]] = set()
    for result in json.loads(proc.stdout).get("Results", []):
        for item in result.get("Misconfigurations", []):
            line = item.get("CauseMetadata", {}).get("StartLine") or 0
            found.add((Path(result["Target"]).name, int(line), normalise_id(item["ID"])))
    return found


def our_findings(paths: list[Path]) -> dict[str, list[tuple[int, int, frozenset[str], str]]]:
    """file -> [(line, end line, peer ids, our id)] for every finding with peer refs."""
    ours: dict[str, list[tuple[int, int, frozenset[str], str]]] = defaultdict(list)
    for path in paths:
        result = lint_dockerfile(Source(scan_code="cmp", dockerfile=path.read_text(encoding="utf-8")))
        for f in result.findings:
            ids = frozenset(normalise_id(x) for kind in ("hadolint", "trivy") for x in f.refs.get(kind, ()))
            end = (f.line or 0) + f.code.count("\n")
            ours[path.name].append((f.line or 0, end, ids, f.rule))
    return ours


def compare(peer: set[tuple[str, int, str]], ours: dict, mapped: set[str]) -> dict[str, dict]:
    table: dict[str, dict] = defaultdict(lambda: {"both": 0, "peer_only": [], "ours_only": []})
    for name, line, code in sorted(peer):
        if code not in mapped:
            continue
        hit = any(
            code in ids and (start <= line <= end or line == 0) for start, end, ids, _ in ours.get(name, ())
        )
        if hit:
            table[code]["both"] += 1
        else:
            table[code]["peer_only"].append(f"{name}:{line}")
    peer_lines = defaultdict(set)
    for name, line, code in peer:
        peer_lines[name].add((line, code))
    for name, items in ours.items():
        for start, end, ids, rule in items:
            wanted = ids & mapped
            if wanted and not any(
                code in wanted and (start <= line <= end or line == 0) for line, code in peer_lines[name]
            ):
                table[f"{rule} ({'/'.join(sorted(wanted))})"]["ours_only"].append(f"{name}:{start}")
    return table


def markdown(report: dict) -> str:
    lines = [
        "# Lint: agreement with hadolint and trivy config",
        "",
        "Written by `python scripts/compare_peers.py --markdown docs/lint-peers.md` on "
        f"{report['files']} files",
        "(the shared corpus, the positive cases of tests/unit/lint and its peer edge cases). A peer",
        "finding counts as *both* when one of our findings with that id in its refs covers the same",
        "line. *peer only* rows are their findings we do not make; *ours only* rows are our findings",
        'whose peer ids did not fire there. Every row with a difference is explained under "Differs',
        'from peers" in docs/rules.md (per rule, or in its introduction) or is a deliberate extension.',
        "",
        "| peer | check | both | peer only | ours only | example |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for peer in ("hadolint", "trivy"):
        for code, row in sorted(report[peer].items()):
            example = (row["peer_only"] or row["ours_only"] or [""])[0]
            lines.append(
                f"| {peer} | {code} | {row['both']} | {len(row['peer_only'])} "
                f"| {len(row['ours_only'])} | {example} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the full comparison here")
    parser.add_argument("--markdown", type=Path, help="write the summary table here (docs/lint-peers.md)")
    options = parser.parse_args()
    refs = {
        normalise_id(x) for r in all_rules() for kind in ("hadolint", "trivy") for x in r.refs.get(kind, ())
    }
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for path in sorted(options.corpus.glob("*.Dockerfile")):
            shutil.copyfile(path, directory / path.name)  # trivy skips symlinks
        for name, text in own_cases().items():
            (directory / name).write_text(text)
        paths = sorted(directory.glob("*.Dockerfile"))
        ours = our_findings(paths)
        report = {
            "files": len(paths),
            "hadolint": compare(hadolint_findings(paths), ours, {x for x in refs if x.startswith("DL")}),
            "trivy": compare(trivy_findings(directory), ours, {x for x in refs if x.startswith("DS-")}),
        }
    if options.json:
        options.json.write_text(json.dumps(report, indent=2))
    if options.markdown:
        options.markdown.write_text(markdown(report))
    print(f"{report['files']} files")
    for peer in ("hadolint", "trivy"):
        for code, row in sorted(report[peer].items()):
            print(f"{peer:8} {code:8} both={row['both']:4} peer_only={len(row['peer_only']):4} "
                  f"ours_only={len(row['ours_only']):4}  {row['peer_only'][:2]} "
                  f"{row['ours_only'][:2]}")  # fmt: skip


if __name__ == "__main__":
    main()
