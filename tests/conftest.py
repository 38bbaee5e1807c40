"""Shared fixtures: the owner/member/viewer/outsider matrix, and the real Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from advisor.models import Membership
from tests.factories import MembershipFactory, TeamFactory

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "public"


@pytest.fixture
def team(db):
    return TeamFactory(name="Platform")


@pytest.fixture
def owner(team):
    return MembershipFactory(team=team, role=Membership.Role.OWNER).user


@pytest.fixture
def member(team):
    return MembershipFactory(team=team, role=Membership.Role.MEMBER).user


@pytest.fixture
def viewer(team):
    return MembershipFactory(team=team, role=Membership.Role.VIEWER).user


@pytest.fixture
def outsider(db):
    return MembershipFactory(role=Membership.Role.OWNER).user


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def require_redis() -> redis.Redis:
    connection = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(
            f"Redis at {settings.CELERY_BROKER_URL} does not answer ({exc}). "
            "Run `make test` (scripts/setup_system.sh starts a local Redis)."
        )
    return connection


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """The project's real `celery worker` CLI, as `make run` starts it, on the test DB.

    The test DB is a SQLite file (settings.DATABASES TEST NAME) so this separate
    process sees the rows that transactional tests commit.
    """
    connection = require_redis()
    connection.flushdb()  # a separate DB index: only stale test messages live here
    test_db = settings.DATABASES["default"]["NAME"]
    env = dict(os.environ, DATABASE_URL=database_url_for(test_db), PYTHONUNBUFFERED="1")
    log_path = ROOT / "var" / "test-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    log_file = log_path.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "advisor",
            "worker",
            "-Q",
            "lint,sandbox",
            "-c",
            "2",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_worker(worker, log_path)
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
    log_file.close()


def database_url_for(name) -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{name}"
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"


def wait_for_worker(worker: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    from advisor.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            pytest.fail(f"celery worker exited with {worker.returncode}:\n{log_path.read_text()[-3000:]}")
        if app.control.ping(timeout=0.5):
            return
    pytest.fail(f"celery worker did not answer within {timeout}s:\n{log_path.read_text()[-3000:]}")


def wait_for_scan(scan, *, until=lambda s: s.is_final, timeout: float = 300.0):
    """Poll the DB (as a user's browser would) until `until(scan)` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        scan.refresh_from_db()
        if until(scan):
            return scan
        time.sleep(0.3)
    stages = {run.stage: run.status for run in scan.stage_runs.all()}
    pytest.fail(f"scan {scan.code8} still {scan.state} after {timeout}s; stages {stages}")
