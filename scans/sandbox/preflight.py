"""Is the sandbox safe to use? Checked before every build and by the test suite."""

from __future__ import annotations

import os
import socket

from scans.errors import ToolUnavailable
from scans.results import SandboxConfig
from scans.sandbox import commands
from scans.sandbox.account import PodmanAccount, command_prefix
from scans.sandbox.podman import HostFacts, info_args
from scans.sandbox.runner import PodmanRunner

SUBID_FILES = ("/etc/subuid", "/etc/subgid")
SETUP_HINT = "run scripts/setup_sandbox.sh as root (make run / make test do)"
LOOPBACK_PROBLEM = "the sandbox account can reach services on this host's loopback"
# Exit 3 = the connection was refused/blocked, 0 = it got through.
CONNECT_SNIPPET = (
    "import socket,sys\n"
    "s=socket.socket(); s.settimeout(3)\n"
    "sys.exit(0 if s.connect_ex(('127.0.0.1', {port})) == 0 else 3)\n"
)


def check_sandbox(config: SandboxConfig) -> list[str]:
    """Human-readable problems that make the sandbox unsafe or unusable; [] when ready.

    Checks, in order: the account exists, it has subordinate ID ranges, podman
    starts as it, slirp4netns can open /dev/net/tun, and (when build networking
    is on) a firewall keeps the account off the host's loopback. Budget: about
    one second (one `podman info`, one connection attempt).
    """
    try:
        runner = PodmanRunner(config)
    except ToolUnavailable as exc:
        return [f"{exc.format_values.get('problems', exc.message_id)}; {SETUP_HINT}"]
    problems = subordinate_id_problems(runner.account.name)
    problems += podman_problems(runner)
    if config.build_network:
        problems += network_problems(runner.account)
    return problems


def host_facts(config: SandboxConfig) -> HostFacts:
    """Can podman enforce cgroup limits for a rootless account here?

    Only on cgroup v2 (a unified hierarchy exposes cgroup.controllers at its
    root; hybrid hosts like ours do not) and with the systemd cgroup manager,
    through which a lingering user session delegates controllers. With cgroupfs
    a rootless runtime cannot create cgroups, so limits would fail or be ignored.
    """
    is_v2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
    return HostFacts(cgroup_limits=is_v2 and config.cgroup_manager == "systemd")


def subordinate_id_problems(name: str) -> list[str]:
    problems = []
    for path in SUBID_FILES:
        try:
            with open(path, encoding="utf-8") as handle:
                names = {line.split(":", 1)[0] for line in handle if ":" in line}
        except OSError:
            names = set()
        if name not in names:
            problems.append(f"{path} has no range for {name}; {SETUP_HINT}")
    return problems


def podman_problems(runner: PodmanRunner) -> list[str]:
    try:
        record = runner.run(info_args(), timeout=60, keep=False)
    except ToolUnavailable:
        return [f"podman is not installed; {SETUP_HINT}"]
    if record.exit_code != 0:
        last = record.output.strip().splitlines()[-1:] or ["no output"]
        return [f"podman does not start as {runner.account.name}: {last[0]}; {SETUP_HINT}"]
    return []


def network_problems(account: PodmanAccount) -> list[str]:
    problems = []
    if not os.access("/dev/net/tun", os.R_OK | os.W_OK) or (os.stat("/dev/net/tun").st_mode & 0o006) != 0o006:
        problems.append(f"/dev/net/tun is not usable by {account.name} (needs mode 0666); {SETUP_HINT}")
    if not is_loopback_blocked(account):
        problems.append(f"{LOOPBACK_PROBLEM}; {SETUP_HINT}, or set ADVISOR_BUILD_NETWORK=false")
    return problems


def is_loopback_blocked(account: PodmanAccount) -> bool:
    """Try, as the sandbox account, to connect to a listener we hold on 127.0.0.1.

    A functional test rather than reading iptables: it needs no privileges and
    proves the rule that matters (slirp4netns, which carries RUN-step traffic,
    runs as this account) instead of the rule we expect to be there.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        argv = [*command_prefix(account), "python3", "-I", "-S", "-c", CONNECT_SNIPPET.format(port=port)]
        try:
            record = commands.run_command(argv, timeout=10, max_output=4096)
        except FileNotFoundError:
            return False
    return record.exit_code == 3
