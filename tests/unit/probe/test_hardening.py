"""The add-back search, driven by a scripted experiment instead of real containers."""

from __future__ import annotations

from scans.probe.experiments import Hardening, Observation
from scans.probe.hardening import search_hardening, works_like
from scans.results import BaselineRun
from scans.sandbox.containers import ContainerState

ALIVE = ContainerState(started=True, running=True, pid=1)


def web_server(hardening: Hardening | None) -> Observation:
    """Behaves like busybox httpd on port 80 that logs to /var/log as root."""
    if hardening is None:
        return Observation(state=ALIVE, ports=(80,))
    log = ""
    if "/var/log" not in hardening.tmpfs:
        log += "sh: can't create /var/log/app.log: Read-only file system\n"
    elif hardening.user and "DAC_OVERRIDE" not in hardening.cap_add:
        log += "sh: can't create /var/log/app.log: Permission denied\n"
    if "NET_BIND_SERVICE" not in hardening.cap_add:
        return Observation(
            state=ContainerState(started=True, exit_code=1), log=log + "httpd: bind: Permission denied\n"
        )
    return Observation(state=ALIVE, ports=(80,), log=log)


def run_search(first: Hardening, max_attempts: int = 8):
    calls: list[Hardening] = []

    def experiment(hardening: Hardening | None) -> Observation:
        calls.append(hardening)
        return web_server(hardening)

    baseline = web_server(None)
    run = BaselineRun(alive=True, listening_ports=(80,))
    dirs = frozenset({"/var", "/var/log"})
    return search_hardening(experiment, baseline, run, first, dirs=dirs, max_attempts=max_attempts), calls


def test_it_adds_back_exactly_what_the_web_server_needs():
    outcome, calls = run_search(Hardening(user="5000:5000"))
    assert outcome.ok is True
    assert outcome.hardening == Hardening(
        user="5000:5000", cap_add=("DAC_OVERRIDE", "NET_BIND_SERVICE"), tmpfs=("/var/log",)
    )
    # four runs to find it, one more to confirm DAC_OVERRIDE cannot be dropped again
    assert outcome.attempts == len(calls) == 5
    assert calls[-1] == Hardening(user="5000:5000", cap_add=("NET_BIND_SERVICE",), tmpfs=("/var/log",))


def test_it_stops_at_the_attempt_bound_and_says_it_failed():
    outcome, calls = run_search(Hardening(user="5000:5000"), max_attempts=2)
    assert outcome.ok is False
    assert len(calls) == 2


def test_it_accepts_the_first_configuration_when_it_already_works():
    first = Hardening(user="5000:5000", cap_add=("DAC_OVERRIDE", "NET_BIND_SERVICE"), tmpfs=("/var/log",))
    outcome, calls = run_search(first)
    assert (outcome.ok, outcome.attempts, outcome.hardening) == (True, 1, first)


def test_it_drops_capabilities_that_turn_out_not_to_be_needed():
    def experiment(hardening: Hardening | None) -> Observation:
        needs_bind = hardening is not None and "NET_BIND_SERVICE" not in hardening.cap_add
        return Observation(
            state=ContainerState(started=True, exit_code=1) if needs_bind else ALIVE, ports=(80,)
        )

    run = BaselineRun(alive=True, listening_ports=(80,))
    first = Hardening(cap_add=("CHOWN",))
    outcome = search_hardening(experiment, experiment(None), run, first, dirs=frozenset(), max_attempts=8)
    assert outcome.hardening.cap_add == ("CHOWN", "NET_BIND_SERVICE")


def test_it_treats_a_new_permission_error_as_not_working_even_if_alive():
    baseline = Observation(state=ALIVE, ports=(8080,))
    hardened = Observation(state=ALIVE, ports=(8080,), log="can't create /data/x: Read-only file system\n")
    assert works_like(hardened, baseline, BaselineRun(alive=True, listening_ports=(8080,))) is False


def test_it_requires_the_same_exit_code_for_a_one_shot_command():
    baseline = Observation(state=ContainerState(started=True, exit_code=3))
    run = BaselineRun(alive=False, exit_code=3)
    assert works_like(Observation(state=ContainerState(started=True, exit_code=3)), baseline, run) is True
    assert works_like(Observation(state=ContainerState(started=True, exit_code=1)), baseline, run) is False


def test_it_renders_docker_compatible_flags():
    hardening = Hardening(user="5000:5000", cap_add=("NET_BIND_SERVICE",), tmpfs=("/var/log",))
    assert hardening.flags == (
        "--read-only", "--cap-drop=ALL", "--security-opt=no-new-privileges",
        "--tmpfs=/var/log:rw,noexec,nosuid,mode=1777", "--cap-add=NET_BIND_SERVICE", "--user=5000:5000",
    )  # fmt: skip
    podman = hardening.podman_flags()
    assert podman[3] == "--tmpfs=/var/log:rw,noexec,nosuid,mode=1777,U"  # owned by the run user, as in Docker
    assert podman[-1] == "--read-only-tmpfs=false"
