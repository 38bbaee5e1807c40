from __future__ import annotations

from tests.unit.lint.helpers import lines_for

CASES = [
    ("ADV201", "FROM debian:12\nRUN sudo apt-get update\n", [2], "FROM debian:12\nRUN echo sudo\n"),
    ("ADV201", "FROM debian:12\nRUN sh -c 'sudo -u app make'\n", [2], "FROM debian:12\nRUN sh -c 'make'\n"),
    (
        "ADV202",
        'FROM debian:12\nRUN apt-get install -y sudo\nCMD ["app"]\n',
        [2],
        'FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT ["gosu", "app", "run"]\n',
    ),
    (
        "ADV203",
        "FROM debian:12\nRUN chmod u+s /usr/bin/ping\n",
        [2],
        "FROM debian:12\nRUN chmod u+x /usr/bin/ping\n",
    ),
    (
        "ADV203",
        "FROM debian:12\nRUN chmod 4755 /bin/tool\n",
        [2],
        "FROM debian:12\nRUN chmod 0755 /bin/tool\n",
    ),
    (
        "ADV203",
        "FROM debian:12\nCOPY --chmod=2755 tool /bin/\n",
        [2],
        "FROM debian:12\nCOPY --chmod=755 tool /bin/\n",
    ),
    (
        "ADV204",
        "FROM debian:12\nRUN setcap cap_net_bind_service=+ep /app/server\n",
        [2],
        "FROM debian:12\nRUN getcap /app/server\n",
    ),
    (
        "ADV205",
        "FROM debian:12\nRUN chmod -R 777 /app\n",
        [2],
        "FROM debian:12\nRUN chmod 1777 /tmp && chmod 750 /app\n",
    ),
    ("ADV205", "FROM debian:12\nRUN chmod o+w /data\n", [2], "FROM debian:12\nRUN chmod u+w /data\n"),
    (
        "ADV206",
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-server\n",
        [2],
        "FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-client\n",
    ),
    (
        "ADV207",
        "FROM debian:12\nRUN --security=insecure make\n",
        [2],
        "FROM debian:12\nRUN --network=none make\n",
    ),
]


def test_it_sees_sudo_behind_env_assignments() -> None:
    assert lines_for(
        "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive sudo apt-get update\n", "ADV201"
    ) == [2]


def test_it_accepts_sgid_on_directories_for_group_inheritance() -> None:
    text = "FROM debian:12\nRUN find /opt -type d | xargs -n 1 chmod g+s && mkdir -p /srv && chmod g+s /srv\n"
    assert lines_for(text, "ADV203") == []
    assert lines_for("FROM debian:12\nRUN chmod g+s /usr/bin/tool\n", "ADV203") == [2]
