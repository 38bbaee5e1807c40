"""Find the smallest relaxation of full hardening under which the image still works.

1. Try full hardening (read-only root with tmpfs for exactly what the baseline
   wrote, no capabilities, no-new-privileges, a non-root UID if it ran as root).
2. While it fails, add one thing back: a tmpfs for a path its log says it could
   not write, NET_BIND_SERVICE for a port below 1024, then common capabilities.
3. Once it works, try dropping each added item again, so the set is minimal.
Every step is one container run: at most max_attempts to find a working set,
and at most max_attempts more to minimise it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from scans.probe.evidence import denied_paths, error_lines
from scans.probe.experiments import Experiment, Hardening, Observation
from scans.results import BaselineRun

FALLBACK_CAPS = ("CHOWN", "SETUID", "SETGID", "DAC_OVERRIDE", "FOWNER", "KILL")


@dataclass(frozen=True)
class SearchOutcome:
    hardening: Hardening
    observation: Observation
    ok: bool
    attempts: int


def works_like(observation: Observation, baseline: Observation, baseline_run: BaselineRun) -> bool:
    """Does the hardened run behave as the baseline did (same liveness, ports, no new denials)?"""
    state = observation.state
    if not state.started:
        return False
    if error_lines(observation.log) - error_lines(baseline.log):
        return False
    if baseline.state.running:
        return state.running and set(baseline_run.listening_ports) <= set(observation.ports)
    return not state.running and state.exit_code == baseline.state.exit_code


def next_additions(
    current: Hardening, observation: Observation, baseline_run: BaselineRun, dirs: frozenset[str]
):
    """Candidates to add back, most specific first, skipping what is already there."""
    denied = denied_paths(observation.log)
    for path in denied:
        directory = path if path in dirs else posixpath.dirname(path)
        if directory not in ("", "/") and directory not in current.tmpfs:
            yield ("tmpfs", directory)
    if denied and "DAC_OVERRIDE" not in current.cap_add:
        # Still denied with a tmpfs there: the app writes a root-owned path that
        # is not under a directory we can replace (e.g. a file in /etc).
        yield ("cap", "DAC_OVERRIDE")
    if (
        any(port < 1024 for port in baseline_run.listening_ports)
        and "NET_BIND_SERVICE" not in current.cap_add
    ):
        yield ("cap", "NET_BIND_SERVICE")
    for cap in FALLBACK_CAPS:
        if cap not in current.cap_add:
            yield ("cap", cap)


def with_addition(hardening: Hardening, addition: tuple[str, str]) -> Hardening:
    kind, value = addition
    return hardening.adding(cap=value) if kind == "cap" else hardening.adding(tmpfs=value)


def search_hardening(
    experiment: Experiment,
    baseline: Observation,
    baseline_run: BaselineRun,
    first: Hardening,
    *,
    dirs: frozenset[str],
    max_attempts: int,
) -> SearchOutcome:
    current, observation = first, experiment(first)
    attempts = 1
    while not works_like(observation, baseline, baseline_run) and attempts < max_attempts:
        addition = next(next_additions(current, observation, baseline_run, dirs), None)
        if addition is None:
            break
        current = with_addition(current, addition)
        observation, attempts = experiment(current), attempts + 1
    if not works_like(observation, baseline, baseline_run):
        return SearchOutcome(current, observation, ok=False, attempts=attempts)
    return minimise(
        experiment,
        baseline,
        baseline_run,
        SearchOutcome(current, observation, True, attempts),
        first,
        max_attempts,
    )


def minimise(
    experiment: Experiment,
    baseline: Observation,
    baseline_run: BaselineRun,
    outcome: SearchOutcome,
    first: Hardening,
    max_attempts: int,
) -> SearchOutcome:
    """Drop capabilities added during the search that turn out not to be needed."""
    best, attempts = outcome, outcome.attempts
    added = [cap for cap in outcome.hardening.cap_add if cap not in first.cap_add]
    for cap in added[:-1][:max_attempts]:  # the last one added is what made it work
        trial = Hardening(
            user=best.hardening.user,
            cap_add=tuple(c for c in best.hardening.cap_add if c != cap),
            tmpfs=best.hardening.tmpfs,
            read_only=best.hardening.read_only,
        )
        observation, attempts = experiment(trial), attempts + 1
        if works_like(observation, baseline, baseline_run):
            best = SearchOutcome(trial, observation, True, attempts)
    return SearchOutcome(best.hardening, best.observation, True, attempts)
