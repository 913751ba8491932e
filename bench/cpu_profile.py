"""CPU time per request, endpoint by endpoint, without the response cache or from it.

Load tests on a shared machine measure the machine as much as the app. This script builds
the production WSGI application in one process (production settings, DEBUG off, response
cache off, API throttling off), sends each endpoint N sequential requests through it and
reports the CPU milliseconds per request (`time.process_time`), the wall milliseconds and
the SQL queries per request. `--cache` turns the response cache on (each process's memory,
as `make bench` without Redis), so every request after the first is a hit. `--profile NAME`
runs cProfile over one endpoint's requests and prints where the time goes. The data is
bench/data/kb-<N>x.sqlite3 (built as bench/run.py builds it when missing) or, with
`--database-url`, any database already loaded.

    .venv/bin/python bench/cpu_profile.py --scale 1 --requests 50
    .venv/bin/python bench/cpu_profile.py --scale 100 --profile "API practices"
    .venv/bin/python bench/cpu_profile.py --cache --requests 2000 --profile "API practices"
    .venv/bin/python bench/cpu_profile.py --database-url postgres://postgres@127.0.0.1:5432/kb100 \
        --only search
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ENDPOINTS  # noqa: E402
from servers import ROOT, database, manage  # noqa: E402

HOST = "127.0.0.1"


def configure(database_url, cache=False):
    """The environment of bench/run.py's app server, the cache in this process's memory."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="preciseu_kb.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        API_THROTTLE_ANON="none",
        CACHE_URL="locmem://",
        RESPONSE_CACHE_SECONDS="86400" if cache else "0",
    )
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        # Production templates name static files through the manifest (make static).
        manage("collectstatic", "--no-input", "--verbosity", "0", env=dict(os.environ))
    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def request(app, url):
    """One GET through the WSGI application; the body, read to the end."""
    path, _, query = url.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": HOST}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(app(environ, lambda s, headers, exc=None: status.append(s)))
    if not status[0].startswith("200"):
        raise RuntimeError(f"{url}: {status[0]}")
    return body


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(app, url, requests):
    """Per request: median CPU ms, median wall ms, queries, response bytes."""
    from django.db import connection

    body = request(app, url)  # warm: templates, URL resolvers, the connection
    counter = QueryCounter()
    cpu, wall = [], []
    with connection.execute_wrapper(counter):
        for _ in range(requests):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            request(app, url)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
    return {
        "cpu_ms": round(statistics.median(cpu), 2),
        "wall_ms": round(statistics.median(wall), 2),
        "queries": counter.count // requests,
        "kb": round(len(body) / 1024, 1),
    }


def profile(app, url, requests, limit):
    request(app, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        request(app, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    print(out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="bench/data/kb-<scale>x.sqlite3")
    parser.add_argument("--database-url", help="a loaded database instead, e.g. postgres://…")
    parser.add_argument("--requests", type=int, default=30, help="per endpoint")
    parser.add_argument("--only", action="append", help="an endpoint's name; repeatable")
    parser.add_argument("--cache", action="store_true", help="answer from the response cache")
    parser.add_argument("--profile", metavar="NAME", help="cProfile one endpoint instead")
    parser.add_argument("--limit", type=int, default=30, help="rows of the profile")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{database(args.scale)}"
    app = configure(url, args.cache)
    endpoints = {name: path for name, path, _ in ENDPOINTS}
    if args.profile:
        profile(app, endpoints[args.profile], args.requests, args.limit)
        return
    chosen = args.only or list(endpoints)
    print(
        f"\n{args.database_url or f'{args.scale}x data (SQLite)'}, "
        f"cache {'on (hits)' if args.cache else 'off'}, "
        f"median of {args.requests} requests\n"
    )
    print("| endpoint | CPU ms | wall ms | queries | KB |")
    print("|---|---:|---:|---:|---:|")
    for name in chosen:
        row = measure(app, endpoints[name], args.requests)
        print(f"| {name} | {row['cpu_ms']} | {row['wall_ms']} | {row['queries']} | {row['kb']} |")


if __name__ == "__main__":
    main()
