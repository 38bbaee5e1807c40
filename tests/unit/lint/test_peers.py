"""Agreement with the real hadolint and `trivy config` binaries on cases both should flag.

Each case names a peer check, the Dockerfile, and the line where the peer and our rule
that lists that check in its refs must both report. Deliberate differences are not here;
they are documented per rule in docs/rules.md (scripts/compare_peers.py measures them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scans.lint.stage import lint_dockerfile
from scans.lint.suppressions import normalise_id
from scans.results import Source
from tests.unit.lint import peer_edge_cases

BIN = Path(sys.executable).parent
CASES = [
    ("DL3006", "FROM debian\nUSER 1\n", 1),
    ("DL3007", "FROM debian:latest\nUSER 1\n", 1),
    ("DL3002", "FROM debian:12\nUSER root\n", 2),
    ("DL3004", "FROM debian:12\nRUN sudo make\n", 2),
    ("DL3008", "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", 2),
    (
        "DL3009",
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=1\n",
        2,
    ),
    ("DL3014", "FROM debian:12\nRUN apt-get install --no-install-recommends curl=1\n", 2),
    ("DL3015", "FROM debian:12\nRUN apt-get install -y curl=1\n", 2),
    ("DL3020", "FROM debian:12\nADD app.py /app/\n", 2),
    ("DL3000", "FROM debian:12\nWORKDIR app\n", 2),
    ("DL3003", "FROM debian:12\nRUN cd /src && make\n", 2),
    ("DL3011", "FROM debian:12\nEXPOSE 70000\n", 2),
    ("DL3025", "FROM debian:12\nCMD python app.py\n", 2),
    ("DL4000", "FROM debian:12\nMAINTAINER me\n", 2),
    ("DL4006", "FROM debian:12\nRUN curl -fsSL https://x | tar xz\n", 2),
    ("DL3042", "FROM python:3.12\nRUN pip install flask==3.0.3\n", 2),
    ("DL3019", "FROM alpine:3.20\nRUN apk add curl=8.9.1-r0\n", 2),
    ("DL3027", "FROM debian:12\nRUN apt install -y curl=1\n", 2),
    ("DL3022", "FROM debian:12\nCOPY --from=builder /x /y\n", 2),
    ("DL3023", "FROM debian:12 AS a\nCOPY --from=a /x /y\n", 2),
    ("DL3024", "FROM debian:12 AS a\nFROM debian:12 AS a\n", 2),
    ("DL3021", "FROM debian:12\nCOPY a b /app\n", 2),
    ("DL4003", 'FROM debian:12\nCMD ["a"]\nCMD ["b"]\n', 3),
    ("DL4004", 'FROM debian:12\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', 3),
    ("DL3012", "FROM debian:12\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n", 3),
    ("DL3046", "FROM debian:12\nRUN useradd -u 1000000 app\n", 2),
    ("DL4001", "FROM debian:12\nRUN curl -O https://a\nRUN wget https://b\n", 3),
    ("DL3066", "FROM debian:12\nUSER app\n", 2),
    ("DS-0001", "FROM debian:latest\nUSER 1\n", 1),
    ("DS-0002", "FROM debian:12\nUSER root\n", 2),
    ("DS-0004", "FROM debian:12\nEXPOSE 22\n", 2),
    ("DS-0005", "FROM debian:12\nADD app.py /app/\n", 2),
    ("DS-0008", "FROM debian:12\nEXPOSE 70000\n", 2),
    ("DS-0009", "FROM debian:12\nWORKDIR app\n", 2),
    ("DS-0010", "FROM debian:12\nRUN sudo make\n", 2),
    ("DS-0013", "FROM debian:12\nRUN cd /src && make\n", 2),
    ("DS-0016", 'FROM debian:12\nCMD ["a"]\nCMD ["b"]\n', 3),
    ("DS-0017", "FROM debian:12\nRUN apt-get update\n", 2),
    ("DS-0021", "FROM debian:12\nRUN apt-get install --no-install-recommends curl\n", 2),
    ("DS-0022", "FROM debian:12\nMAINTAINER me\n", 2),
    ("DS-0025", "FROM alpine:3.20\nRUN apk add curl\n", 2),
    ("DS-0029", "FROM debian:12\nRUN apt-get install -y curl\n", 2),
    ("DS-0015", "FROM rockylinux:9\nRUN yum install -y httpd\n", 2),
    ("DS-0006", "FROM debian:12 AS a\nCOPY --from=a /x /y\n", 2),
]


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{path} missing: install the pinned requirements (make test does) to get {name}"
    return str(path)


def our_hits(text: str) -> set[tuple[str, int]]:
    result = lint_dockerfile(Source(scan_code="peer", dockerfile=text))
    return {
        (normalise_id(ref), line)
        for f in result.findings
        for line in range(f.line or 0, (f.line or 0) + f.code.count("\n") + 1)
        for kind in ("hadolint", "trivy")
        for ref in f.refs.get(kind, ())
    }


def peer_hits(tmp_path: Path) -> set[tuple[str, str, int]]:
    hits: set[tuple[str, str, int]] = set()
    for path in sorted(tmp_path.glob("*.Dockerfile")):
        out = subprocess.run(
            [tool("hadolint"), "-f", "json", "--no-fail", str(path)], capture_output=True, text=True
        )
        hits |= {(path.name, item["code"], item["line"]) for item in json.loads(out.stdout or "[]")}
    argv = [tool("trivy"), "config", "--skip-check-update", "-q", "-f", "json", str(tmp_path)]
    report = json.loads(subprocess.run(argv, capture_output=True, text=True, check=True).stdout)
    for result in report.get("Results", []):
        for item in result.get("Misconfigurations", []):
            line = item.get("CauseMetadata", {}).get("StartLine") or 0
            hits.add((Path(result["Target"]).name, normalise_id(item["ID"]), line))
    return hits


@pytest.mark.slow
@pytest.mark.trivy
def test_it_agrees_with_hadolint_and_trivy_where_both_should_fire(tmp_path: Path) -> None:
    positive = CASES + peer_edge_cases.POSITIVE
    negative = peer_edge_cases.NEGATIVE
    for index, (_, text, _) in enumerate(positive):
        (tmp_path / f"case{index:02d}.Dockerfile").write_text(text)
    for index, (_, text) in enumerate(negative):
        (tmp_path / f"none{index:02d}.Dockerfile").write_text(text)
    peers = peer_hits(tmp_path)
    missing_peer, missing_ours = [], []
    for index, (code, text, line) in enumerate(positive):
        name = f"case{index:02d}.Dockerfile"
        if (name, code, line) not in peers and not (code.startswith("DS") and (name, code, 0) in peers):
            missing_peer.append(f"{code}@{line}")
        if (code, line) not in our_hits(text):
            missing_ours.append(f"{code}@{line}")
    assert missing_ours == []
    assert missing_peer == []  # if a peer upgrade changes this, re-run scripts/compare_peers.py
    peer_pairs = {hit[:2] for hit in peers}  # (file, id), any line
    extra_peer = [
        f"{c}#{i}" for i, (c, _) in enumerate(negative) if (f"none{i:02d}.Dockerfile", c) in peer_pairs
    ]
    extra_ours = [f"{c}#{i}" for i, (c, t) in enumerate(negative) if any(h[0] == c for h in our_hits(t))]
    assert extra_ours == []
    assert extra_peer == []
