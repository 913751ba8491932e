"""A real Redis of these tests' own, stopped mid-test (SIGTERM, then SIGSTOP: down, then
hung) and started again on the same port: answers uncached meanwhile, never a 500, an edit
made meanwhile answers and shows when Redis returns, holding its old answers. The machine's
shared Redis is never touched. Skipped, saying why, when redis-server is not installed."""

import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
from django.core.cache import cache

from barriers.models import Barrier
from preciseu_kb import caching
from tests.test_cache_down import staff_client, use_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("unthrottled")]

PAGE = "/api/v1/barriers/5/"


class PrivateRedis:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = tempfile.mkdtemp(prefix="preciseu-kb-redis-")
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@pytest.fixture
def redis_server(settings):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis()
    server.start()
    settings.RESPONSE_CACHE_SECONDS = 600
    settings.DATA_VERSION_IN_CACHE = True
    use_cache(settings, server.url)
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGCONT)
        server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
    caching.CacheHealth.failed_since_sync = False


def test_redis_stopped_and_started_again_mid_test(
    client, redis_server, django_capture_on_commit_callbacks
):
    assert client.get(PAGE)["X-Cache"] == "miss"
    assert client.get(PAGE)["X-Cache"] == "hit"
    redis_server.stop()  # down: connection refused
    for path in ("/", "/barriers/5/", PAGE, "/healthz"):
        assert client.get(path).status_code == 200, path
    assert client.get("/readyz").json()["cache"] == "unreachable"
    with django_capture_on_commit_callbacks(execute=True):
        edit = staff_client().patch(PAGE, {"title": "Edited while Redis was down"})
    assert edit.status_code == 200
    assert client.get(PAGE).json()["title"] == "Edited while Redis was down"
    redis_server.start()  # back, empty this time (nothing saved)
    again = client.get(PAGE)
    assert again.json()["title"] == "Edited while Redis was down"
    assert client.get(PAGE)["X-Cache"] == "hit"
    assert cache.get(caching.VERSION_KEY) == caching.stored_version()
    assert Barrier.objects.get(number=5).title == "Edited while Redis was down"


def test_redis_hung_then_back_with_its_old_answers(
    client, redis_server, django_capture_on_commit_callbacks
):
    """SIGSTOP: Redis accepts and never answers. Every operation gives up after
    CACHE_TIMEOUT_SECONDS (0.5 s), so the answer comes, uncached; an edit made meanwhile
    shows after SIGCONT, though Redis still holds the old answer and the old version."""
    assert client.get(PAGE)["X-Cache"] == "miss"
    assert client.get(PAGE)["X-Cache"] == "hit"
    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = client.get(PAGE)
        seconds = time.monotonic() - started
        with django_capture_on_commit_callbacks(execute=True):
            edit = staff_client().patch(PAGE, {"title": "Edited while Redis hung"})
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    assert response.status_code == 200 and edit.status_code == 200
    assert seconds < 10, seconds  # a few operations of 0.5 s each, not forever
    print(f"hung Redis: answered in {seconds:.2f} s")
    assert client.get(PAGE).json()["title"] == "Edited while Redis hung"
