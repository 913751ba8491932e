"""A private PostgreSQL server, restarted, stopped and hung (SIGSTOP) under a running app.

The app runs in its own process (`manage.py shell`, Django's test client, connections kept
between requests as a worker keeps them) against a server started for these tests in a
temporary folder, on a port of its own: the machine's shared server is never touched. The
test sends the app one path at a time and reads back the status and how long it took.

Skipped, saying why, when the PostgreSQL server binaries (initdb, pg_ctl) are not installed.
"""

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# A hung database answers within these (the settings' defaults are 5, 10 and 12 s).
TIMEOUTS = {"DB_CONNECT_TIMEOUT": "2", "DB_STATEMENT_TIMEOUT": "2", "DB_CLIENT_TIMEOUT": "3"}
BOUND_SECONDS = 15  # far below the 30 s after which gunicorn kills a worker

DRIVER = """
import json, sys, time
from django.core.management import call_command
from django.db import close_old_connections
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(raise_request_exception=False, SERVER_NAME="localhost")
print("ready", flush=True)
for line in sys.stdin:
    start = time.monotonic()
    close_old_connections()  # as a server's request_started does (the test client does not)
    response = client.get(line.strip())
    close_old_connections()  # and its request_finished
    body = response.content.decode(errors="replace")
    print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - start,
                      "body": body[:300]}), flush=True)
"""


def server_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    def __init__(self, folder):
        self.bin = server_binaries()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
            shutil.chown(folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *command):
        subprocess.run([*self.as_user, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        )

    def pg_ctl(self, action, *extra):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            str(self.bin / "pg_ctl"),
            action,
            "-D",
            str(self.data),
            "-w",
            "-m",
            "fast",
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            *extra,
        )

    def processes(self):
        """The postmaster and every backend it started."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True
        ).stdout.split()
        return [postmaster, *map(int, children)]

    def signal_all(self, signum):
        for pid in self.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signum)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture(scope="module")
def postgres():
    if server_binaries() is None:
        pytest.skip("the PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb cannot run")
    # Not under pytest's own temporary folder: only its owner may enter it.
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="preciseu-kb-pg-")))
    server.init()
    server.pg_ctl("start")
    yield server
    with contextlib.suppress(Exception):
        server.signal_all(signal.SIGCONT)
    with contextlib.suppress(Exception):
        server.pg_ctl("stop", "-m", "immediate")
    shutil.rmtree(server.folder, ignore_errors=True)


class App:
    """The app in its own process, answering one path per line."""

    def __init__(self, database_url):
        env = {
            **os.environ,
            **TIMEOUTS,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.test",
            "DATA_VERSION_FILE": "none",
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", DRIVER],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while (line := self.process.stdout.readline()) and line.strip() != "ready":
            pass
        assert line, self.process.stderr.read()

    def get(self, path):
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)
        return self.process.stderr.read()


@pytest.fixture
def app(postgres):
    running = App(postgres.url)
    yield running
    running.close()


def test_a_restart_is_survived_by_the_next_request(postgres, app):
    """The app keeps its connection between requests; the server restarts under it. Before:
    the first request after answered 500 ("server closed the connection unexpectedly",
    then "connection already closed")."""
    first = app.get("/api/v1/barriers/")
    assert first["status"] == 200, first
    assert app.get("/barriers/")["status"] == 200
    postgres.pg_ctl("restart")
    assert app.get("/api/v1/barriers/")["status"] == 200
    assert app.get("/barriers/")["status"] == 200


def test_a_stopped_server_is_a_503_and_recovers_when_it_returns(postgres, app):
    assert app.get("/api/v1/barriers/")["status"] == 200
    postgres.pg_ctl("stop")
    try:
        api, page = app.get("/api/v1/barriers/"), app.get("/barriers/")
        assert api["status"] == 503 and "database is unavailable" in api["body"]
        assert page["status"] == 503 and "Temporarily unavailable" in page["body"]
        assert app.get("/readyz")["status"] == 503
    finally:
        postgres.pg_ctl("start")
    assert app.get("/api/v1/barriers/")["status"] == 200
    print(f"stopped: 503 in {api['seconds']:.2f} s")


def test_a_hung_server_is_a_503_in_seconds_and_recovers(postgres, app):
    """SIGSTOP: the kernel still accepts and acknowledges, nothing answers. Before: the
    request waited until the process manager killed the worker (31-70 s)."""
    assert app.get("/api/v1/barriers/")["status"] == 200
    postgres.signal_all(signal.SIGSTOP)
    try:
        kept = app.get("/api/v1/barriers/")  # on the connection the app kept
        fresh = app.get("/barriers/")  # the next one connects afresh, and waits
    finally:
        postgres.signal_all(signal.SIGCONT)
    assert kept["status"] == 503 and kept["seconds"] < BOUND_SECONDS, kept
    assert fresh["status"] == 503 and fresh["seconds"] < BOUND_SECONDS, fresh
    started = time.monotonic()
    while (answer := app.get("/api/v1/barriers/"))["status"] != 200:
        assert time.monotonic() - started < BOUND_SECONDS, answer
    print(f"hung: 503 in {kept['seconds']:.2f} s (kept), {fresh['seconds']:.2f} s (fresh)")
