"""The benchmark's databases and production server, shared by `make bench` (bench/run.py)
and `make soak` (bench/soak.py): the knowledge base at a given scale in a SQLite file or in
a PostgreSQL database, and gunicorn with production settings (as `make serve`) on loopback."""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
BIN = Path(sys.executable).parent
APP_PORT = 8801


def manage(*args, env):
    subprocess.run(
        [BIN / "python", "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def database(scale):
    """The scale's SQLite file, brought up to date with the migrations and fixtures of this
    checkout (kept between runs; `load_kb` then writes only what changed)."""
    path = DATA / f"kb-{scale}x.sqlite3"
    DATA.mkdir(parents=True, exist_ok=True)
    load(scale, f"sqlite:///{path}")
    return path


def postgres_database(scale, server_url):
    """The URL of the scale's database on the PostgreSQL server at `server_url` (a URL of
    any database there), `preciseu_bench_<scale>x`: created when missing, then brought up
    to date as the SQLite file is."""
    import psycopg2

    name = f"preciseu_bench_{scale}x"
    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    load(scale, url)
    return url


def load(scale, database_url):
    """Migrate the database and load the scale's fixtures into it (synth_kb's beyond 1×)."""
    env = {**os.environ, "DATABASE_URL": database_url}
    manage("migrate", "--no-input", env=env)
    fixtures = ROOT / "fixtures"
    if scale > 1:
        fixtures = DATA / f"fixtures-{scale}x"
        shutil.rmtree(fixtures, ignore_errors=True)
        manage("synth_kb", "--scale", str(scale), "--output", str(fixtures), env=env)
    # A benchmark's copy of the fixtures, never edited: --force, since a file built before
    # load_kb kept its load stamp would otherwise be refused as holding unknown edits.
    manage("load_kb", "--fixtures", str(fixtures), "--force", env=env)


def wait_for(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def redis_url():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return "locmem://"
    return "redis://127.0.0.1:6379/3"


def start_app(database_url, cache, port=APP_PORT, cache_url=None):
    """gunicorn on `database_url`, with the response cache on or off; on, in `cache_url`,
    by default Redis when it listens, else each worker's memory."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "preciseu_kb.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "API_THROTTLE_ANON": "none",
        "CACHE_URL": (cache_url or redis_url()) if cache else "locmem://",
        "RESPONSE_CACHE_SECONDS": "86400" if cache else "0",
    }
    workers = os.environ.get("WEB_CONCURRENCY", str(os.cpu_count()))  # as make serve
    process = subprocess.Popen(
        [BIN / "gunicorn", "preciseu_kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", workers],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wait_for(port)
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def children(pid):
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]
