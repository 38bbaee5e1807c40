from __future__ import annotations

from tests.unit.lint.helpers import lines_for

CASES = [
    (
        "ADV301",
        "FROM nginx:1.27\nEXPOSE 80\nUSER 101:101\n",
        [2],
        "FROM nginx:1.27\nEXPOSE 8080\nUSER 101:101\n",
    ),
    (
        "ADV301",
        "FROM nginx:1.27\nARG PORT=443\nEXPOSE ${PORT}/tcp\nUSER 101\n",
        [3],
        "FROM nginx:1.27\nEXPOSE 80\n",
    ),
    ("ADV302", "FROM debian:12\nEXPOSE 8080 22\n", [2], "FROM debian:12\nEXPOSE 2222\n"),
    ("ADV303", "FROM debian:12\nEXPOSE 70000\n", [2], "FROM debian:12\nEXPOSE 65535\n"),
    (
        "ADV401",
        "FROM debian:12\nADD https://example.com/x.tar.gz /opt/\n",
        [2],
        "FROM debian:12\nADD --checksum=sha256:abc https://example.com/x.tar.gz /opt/\n",
    ),
    ("ADV402", "FROM debian:12\nADD app.py /app/\n", [2], "FROM debian:12\nADD rootfs.tar.gz /\n"),
    (
        "ADV402",
        "FROM debian:12\nADD a.tar.gz b.txt /app/\n",
        [2],
        "FROM debian:12\nARG F=app.tgz\nADD $F /app/\n",
    ),
    (
        "ADV403",
        "FROM debian:12\nCOPY src/ /app\nRUN chown -R app:app /app\n",
        [3],
        "FROM debian:12\nCOPY --chown=app:app src/ /app\nRUN chown -R app /data\n",
    ),
    (
        "ADV404",
        "FROM debian:12 AS b\nFROM scratch\nCOPY --from=b / /\n",
        [3],
        "FROM debian:12 AS b\nFROM scratch\nCOPY --from=b /app/bin /bin/\n",
    ),
    ("ADV405", "FROM debian:12\nWORKDIR app\n", [2], "FROM debian:12\nWORKDIR /app\n"),
    ("ADV406", "FROM debian:12\nWORKDIR /usr/bin\n", [2], "FROM debian:12\nWORKDIR /usr/src/app\n"),
    ("ADV406", "FROM debian:12\nWORKDIR /proc/app\n", [2], "FROM debian:12\nWORKDIR /procedures\n"),
    ("ADV407", 'FROM debian:12\nVOLUME ["/proc/sys"]\n', [2], "FROM debian:12\nVOLUME /data\n"),
    (
        "ADV408",
        "FROM debian:12\nRUN echo start >> /var/log/app.log\n",
        [2],
        "FROM debian:12\nRUN ln -sf /dev/stdout /var/log/app.log && echo start >> /var/log/app.log\n",
    ),
    (
        "ADV408",
        "FROM debian:12\nCMD app --log-file /var/log/app/app.log\n",
        [2],
        "FROM debian:12\nCMD app --log-file -\n",
    ),
]


def test_it_flags_env_pointing_logs_at_var_log() -> None:
    assert lines_for("FROM debian:12\nENV LOG_FILE=/var/log/app/app.log\n", "ADV408") == [2]
