"""Parsers over real samples captured from rootless podman (tests/data/probe/refresh.sh)."""

from __future__ import annotations

from pathlib import Path

from scans.probe.evidence import (
    capability_names,
    denied_paths,
    parse_id_map,
    parse_listening_ports,
    parse_podman_diff,
    parse_proc_status,
    tmpfs_dirs,
    to_inside_id,
    written_paths,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "probe"
PODMAN_DEFAULT_CAPS = (
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
    "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_SETFCAP",
)  # fmt: skip


def sample(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def status_of(kind: str):
    return parse_proc_status(
        sample(f"proc_status_{kind}.txt"), sample(f"uid_map_{kind}.txt"), sample(f"gid_map_{kind}.txt")
    )


def test_it_reads_a_root_containers_identity_and_default_capabilities():
    status = status_of("root")
    assert (status.uid, status.gid, status.groups) == (0, 0, ())
    assert status.cap_eff == PODMAN_DEFAULT_CAPS
    assert status.cap_bnd == PODMAN_DEFAULT_CAPS
    assert (status.no_new_privs, status.seccomp) == (False, 2)


def test_it_maps_subordinate_host_ids_back_to_the_containers_uid_5000():
    status = status_of("hard")
    assert (status.uid, status.gid, status.groups) == (5000, 5000, (5000,))
    assert status.cap_eff == ("CAP_NET_BIND_SERVICE",)
    assert status.no_new_privs is True


def test_it_names_capability_bits_in_bit_order():
    assert capability_names("0000000000000000") == ()
    assert capability_names("0000000000000400") == ("CAP_NET_BIND_SERVICE",)
    assert capability_names("0000000000200001") == ("CAP_CHOWN", "CAP_SYS_ADMIN")
    assert capability_names("8000000000000000") == ("CAP_63",)


def test_it_translates_ids_outside_every_range_to_none():
    id_map = parse_id_map(sample("uid_map_hard.txt"))
    assert id_map == [(0, 5900, 1), (1, 100000, 65536)]
    assert to_inside_id(5900, id_map) == 0
    assert to_inside_id(104999, id_map) == 5000
    assert to_inside_id(4000, id_map) is None


def test_it_finds_port_80_listening_on_tcp6_only():
    assert parse_listening_ports(sample("net_tcp_root.txt"), sample("net_tcp6_root.txt")) == (80,)
    assert parse_listening_ports(sample("net_tcp_root.txt")) == ()


def test_it_ignores_sockets_that_are_not_listening():
    table = (
        "  sl  local_address rem_address   st\n"
        "   0: 0100007F:1F90 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000 0 0 1\n"
        "   1: 00000000:2328 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 2\n"
    )
    assert parse_listening_ports(table) == (9000,)


def test_it_keeps_only_the_file_the_application_wrote():
    changes = parse_podman_diff(sample("podman_diff_root.txt"))
    assert changes == [("C", "/etc"), ("C", "/var"), ("C", "/var/log"), ("A", "/var/log/app.log")]
    image_dirs = frozenset({"/etc", "/var", "/var/log"})
    assert written_paths(changes, image_dirs) == ("/var/log/app.log",)


def test_it_ignores_the_passwd_and_group_entries_podman_adds_for_user():
    changes = parse_podman_diff(sample("podman_diff_hard.txt"))
    assert changes == [("C", "/etc"), ("C", "/etc/group"), ("C", "/etc/passwd")]
    assert written_paths(changes, frozenset({"/etc"})) == ()


def test_it_reports_deleted_and_changed_files_and_new_directories_once():
    changes = [
        ("C", "/app"),
        ("C", "/app/config.ini"),
        ("D", "/app/old.pid"),
        ("A", "/cache"),
        ("A", "/cache/x/y"),
    ]
    assert written_paths(changes, frozenset({"/app"})) == ("/app/config.ini", "/app/old.pid", "/cache/x/y")


def test_it_turns_written_files_into_the_fewest_tmpfs_directories():
    dirs = frozenset({"/var", "/var/log", "/var/cache"})
    written = ("/var/log/a.log", "/var/log/nginx/b.log", "/var/cache", "/pidfile")
    assert tmpfs_dirs(written, dirs) == ("/var/cache", "/var/log")


def test_it_extracts_paths_from_permission_and_read_only_errors():
    assert denied_paths(sample("logs_hard.txt")) == ("/var/log/app.log",)
    log = 'nginx: [emerg] open() "/run/nginx.pid" failed (30: Read-only file system)\nok\n'
    assert denied_paths(log) == ("/run/nginx.pid",)
