"""run_command with real tiny processes: timeouts kill the whole group, output is bounded."""

from __future__ import annotations

import sys
import time

import pytest

from scans.sandbox.commands import CUT_MARKER, OutputBuffer, run_command


def test_it_returns_exit_code_and_combined_output():
    record = run_command(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout=10)
    assert (record.exit_code, record.timed_out) == (3, False)
    assert sorted(record.output.splitlines()) == ["err", "out"]
    assert record.argv == ("sh", "-c", "echo out; echo err >&2; exit 3")


@pytest.mark.slow
def test_it_kills_the_whole_process_group_on_timeout(tmp_path):
    pid_file = tmp_path / "child.pid"
    record = run_command(["sh", "-c", f"sleep 300 & echo $! > {pid_file}; wait"], timeout=1)
    assert (record.exit_code, record.timed_out) == (None, True)
    child = int(pid_file.read_text())
    time.sleep(0.2)
    assert process_is_gone(child)


def process_is_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] == "Z"  # a zombie waiting for its parent is dead
    except FileNotFoundError:
        return True


def test_it_keeps_head_and_tail_of_long_output_with_a_cut_marker():
    code = "import sys; sys.stdout.write('A' * 1000 + 'B' * 5000 + 'Z' * 1000)"
    record = run_command([sys.executable, "-c", code], timeout=10, max_output=2000)
    head, _, tail = record.output.partition(CUT_MARKER.format(cut=5000))
    assert head == "A" * 1000
    assert tail == "Z" * 1000


def test_it_strips_nul_bytes_and_replaces_invalid_utf8():
    record = run_command([sys.executable, "-c", "import os; os.write(1, b'a\\x00b\\xffc')"], timeout=10)
    assert record.output == "ab\ufffdc"


@pytest.mark.slow
def test_it_reports_output_so_far_while_running():
    seen: list[str] = []
    code = "import time; print('first', flush=True); time.sleep(1.5); print('second', flush=True)"
    run_command([sys.executable, "-c", code], timeout=10, on_output=seen.append, output_interval_s=0.2)
    assert "first\n" in seen
    assert seen[-1] == "first\nsecond\n"


def test_it_gives_the_child_no_stdin():
    record = run_command(["sh", "-c", "cat; echo done"], timeout=5)
    assert (record.exit_code, record.output) == (0, "done\n")


def test_output_buffer_counts_what_it_cut():
    buffer = OutputBuffer(100)
    for _ in range(10):
        buffer.add(b"x" * 50)
    assert buffer.cut == 400
    assert buffer.text() == "x" * 50 + CUT_MARKER.format(cut=400) + "x" * 50


@pytest.mark.slow
def test_it_kills_the_process_when_the_output_callback_fails(tmp_path):
    pid_file = tmp_path / "child.pid"

    def broken(text: str) -> None:
        if "hi" in text:  # the pid file is written by then
            raise RuntimeError("database is gone")

    with pytest.raises(RuntimeError, match="database is gone"):
        run_command(["sh", "-c", f"echo $$ > {pid_file}; echo hi; sleep 300"], timeout=60, on_output=broken)
    assert process_is_gone(int(pid_file.read_text()))
