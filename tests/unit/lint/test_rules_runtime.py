from __future__ import annotations

CASES = [
    ("ADV701", "FROM debian:12\nCMD python app.py\n", [2], 'FROM debian:12\nCMD ["python", "app.py"]\n'),
    (
        "ADV701",
        "FROM debian:12 AS b\nCMD make\nFROM debian:12\nENTRYPOINT run.sh\n",
        [4],
        'FROM debian:12 AS b\nCMD make\nFROM debian:12\nENTRYPOINT ["run.sh"]\n',
    ),
    (
        "ADV702",
        'FROM debian:12\nCMD ["a"]\nCMD ["b"]\n',
        [3],
        'FROM debian:12\nENTRYPOINT ["a"]\nCMD ["b"]\n',
    ),
    ("ADV703", 'FROM debian:12\nCMD ["a"]\n', [1], 'FROM debian:12\nHEALTHCHECK CMD ["a", "--check"]\n'),
    (
        "ADV704",
        "FROM debian:12\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n",
        [3],
        "FROM debian:12\nHEALTHCHECK CMD true\n",
    ),
    ("ADV705", "FROM debian:12\nRUN cd /src && make\n", [2], "FROM debian:12\nWORKDIR /src\nRUN make\n"),
    ("ADV706", "FROM debian:12\nMAINTAINER me@example.com\n", [2], "FROM debian:12\nLABEL maintainer=me\n"),
    (
        "ADV707",
        "FROM debian:12\nRUN curl -fsSL https://x | tar xz\n",
        [2],
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar xz\n',
    ),
    ("ADV707", "FROM debian:12\nRUN a | b\n", [2], "FROM debian:12\nRUN set -o pipefail && a | b\n"),
    (
        "ADV707",
        'FROM debian:12\nRUN ["sh", "-c", "curl -fsS u | tar x"]\nRUN a | b && set -o pipefail\n',
        [2, 3],
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        'RUN ["bash", "-o", "pipefail", "-c", "curl -fsS u | tar x"]\n',
    ),
    (
        "ADV707",
        'FROM debian:12\nRUN case "$A" in v*) B=${A#v} ;; esac; echo "$B" | tee /v\n',
        [2],
        'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
        'RUN case "$A" in v*) B=${A#v} ;; esac; echo "$B" | tee /v\n',
    ),
    (
        "ADV708",
        "FROM debian:12 AS a\nCOPY --from=a /x /y\n",
        [2],
        "FROM debian:12 AS a\nFROM debian:12\nCOPY --from=a /x /y\n",
    ),
    (
        "ADV708",
        "FROM debian:12\nCOPY --from=builder /x /y\n",
        [2],
        "FROM debian:12\nCOPY --from=nginx:1.27 /x /y\n",
    ),
    (
        "ADV709",
        "FROM debian:12 AS a\nFROM debian:12 AS A\n",
        [2],
        "FROM debian:12 AS a\nFROM debian:12 AS b\n",
    ),
    ("ADV710", "FROM debian:12\nCOPY a b /app\n", [2], "FROM debian:12\nCOPY a b /app/\n"),
]
