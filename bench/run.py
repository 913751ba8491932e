"""`make bench`: the production server against Datasette over the same SQLite file.

For each scale (1× = the real data; N× = synth_kb's), it builds bench/data/kb-<N>x.sqlite3,
starts gunicorn (production settings, as `make serve`) and Datasette (immutable mode) on
loopback, drives every endpoint with `wrk` when installed, else bench/load.py, and prints
requests/s and p50/p99 latency under load, the p50 of one client alone, and peak memory (the
largest worker's peak RSS), with the ratio of requests/s to Datasette's equivalent JSON
endpoint, and the errors (answers other than 2xx/3xx, socket errors). The app runs with the
response cache in each worker's memory (the default), in Redis too when it listens on
127.0.0.1:6379, and off; with `--postgres URL`, once more, without the cache, on that
PostgreSQL server.

Each endpoint's answer is also served as a static file, the same bytes through the same
gunicorn and whitenoise: no server of this stack can answer faster, so the app's ratio to it
("× static") says how much of that limit the response cache reaches.
"""

import argparse
import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

from servers import (
    APP_PORT,
    BIN,
    ROOT,
    children,
    database,
    postgres_database,
    redis_url,
    start_app,
    stop,
    wait_for,
)

DATASETTE_PORT = 8802
STATIC = "static file"
# Files added to the collected static files for a run, and removed after it.
STATIC_COPIES = ROOT / "staticfiles" / "bench-copies"

# (name, app path, Datasette's equivalent JSON path; {db} is the database's name)
ENDPOINTS = [
    ("home", "/", "/{db}.json"),
    ("barrier page", "/barriers/5/", "/{db}/barriers_barrier.json?number=5"),
    ("practice list", "/practices/", "/{db}/practices_goodpractice.json?_size=50"),
    ("region page", "/regions/crete/", "/{db}/regions_region.json?slug=crete"),
    ("search", "/search/?q=data", "/{db}/barriers_quote.json?text__contains=data&_size=50"),
    ("API practices", "/api/v1/practices/", "/{db}/practices_goodpractice.json?_size=50"),
    ("API quotes", "/api/v1/quotes/", "/{db}/barriers_quote.json?_size=50"),
]


def start_datasette(db):
    process = subprocess.Popen(
        [
            BIN / "datasette",
            "serve",
            "-i",
            str(db),
            "--host",
            "127.0.0.1",
            "--port",
            str(DATASETTE_PORT),
            "--setting",
            "sql_time_limit_ms",
            "10000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(DATASETTE_PORT)
    return process


def peak_rss_mb(process):
    """The largest peak resident size (VmHWM) among the process and its children."""
    pids = [process.pid] + children(process.pid)
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        peaks.append(int(match.group(1)) / 1024 if match else 0)
    return round(max(peaks, default=0), 1)


def measure(url, connections, seconds):
    """drive()'s figures under load, and `alone_ms`: the p50 of one client alone, the time a
    request takes when it does not queue behind others."""
    alone = drive(url, 1, min(seconds, 2))
    loaded = drive(url, connections, seconds)
    return {**loaded, "alone_ms": alone["p50_ms"], "errors": alone["errors"] + loaded["errors"]}


def drive(url, connections, seconds):
    urllib.request.urlopen(url).read()  # warm: the first answer fills the cache
    if shutil.which("wrk"):
        return wrk(url, connections, seconds)
    result = subprocess.run(
        [
            BIN / "python",
            ROOT / "bench" / "load.py",
            url,
            "--connections",
            str(connections),
            "--seconds",
            str(seconds),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout)
    figures["errors"] = sum(n for status, n in figures["statuses"].items() if int(status) >= 400)
    return figures


def wrk(url, connections, seconds):
    result = subprocess.run(
        [
            "wrk",
            "--latency",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{round(seconds)}s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", result).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    return {"rps": rps, "p50_ms": millis("50"), "p99_ms": millis("99"), "errors": errors(result)}


def errors(wrk_output):
    """Answers other than 2xx/3xx, and socket errors (connect, read, write, timeout)."""
    non_success = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk_output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", wrk_output
    )
    counts = [non_success.group(1)] if non_success else []
    counts += sockets.groups() if sockets else []
    return sum(int(count) for count in counts)


def bench_scale(scale, connections, seconds, postgres=None):
    db = database(scale)
    rows = {}
    datasette = start_datasette(db)
    try:
        for name, _, path in ENDPOINTS:
            url = f"http://127.0.0.1:{DATASETTE_PORT}" + path.format(db=db.stem)
            rows[name, "Datasette"] = measure(url, connections, seconds)
        rows["memory", "Datasette"] = peak_rss_mb(datasette)
    finally:
        stop(datasette)
    for label, database_url, cache_url in app_configurations(scale, db, postgres):
        app = start_app(database_url, bool(cache_url), cache_url=cache_url)
        try:
            for name, path, _ in ENDPOINTS:
                url = f"http://127.0.0.1:{APP_PORT}{path}"
                rows[name, label] = measure(url, connections, seconds)
            rows["memory", label] = peak_rss_mb(app)
        finally:
            stop(app)
    rows.update(bench_static(db, connections, seconds))
    return rows


def bench_static(db, connections, seconds):
    """Each endpoint's answer written once as a file among the collected static files, then
    served by a fresh gunicorn (whitenoise lists the files when it starts)."""
    app = start_app(f"sqlite:///{db}", cache=False)
    try:
        urls = {name: static_copy(name, path) for name, path, _ in ENDPOINTS}
    finally:
        stop(app)
    rows = {}
    app = start_app(f"sqlite:///{db}", cache=False)
    try:
        for name, url in urls.items():
            rows[name, STATIC] = measure(url, connections, seconds)
        rows["memory", STATIC] = peak_rss_mb(app)
    finally:
        stop(app)
        shutil.rmtree(STATIC_COPIES, ignore_errors=True)
    return rows


def static_copy(name, path):
    """The URL of a static file holding the endpoint's answer, byte for byte; its suffix
    gives whitenoise the answer's content type."""
    with urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}") as response:
        body, content_type = response.read(), response.headers.get_content_type()
    suffix = {"application/json": ".json", "text/html": ".html"}[content_type]
    STATIC_COPIES.mkdir(parents=True, exist_ok=True)
    filename = name.replace(" ", "-") + suffix
    (STATIC_COPIES / filename).write_bytes(body)
    return f"http://127.0.0.1:{APP_PORT}/static/{STATIC_COPIES.name}/{filename}"


def app_configurations(scale, db, postgres):
    """(label, database URL, cache URL or None for off) of each run of the app: SQLite with
    the cache in memory, in Redis when it listens, and without; PostgreSQL without (the
    cache answers alike whatever the database)."""
    yield "app, cache in memory", f"sqlite:///{db}", "locmem://"
    if redis_url() != "locmem://":
        yield "app, cache in Redis", f"sqlite:///{db}", redis_url()
    yield "app, cache off", f"sqlite:///{db}", None
    if postgres:
        yield "app on PostgreSQL, cache off", postgres_database(scale, postgres), None


def print_table(scale, rows):
    print(f"\n## {scale}x data ({'wrk' if shutil.which('wrk') else 'bench/load.py'})\n")
    print(
        "| endpoint | server | req/s | p50 ms | p99 ms | ratio to Datasette "
        "| p50 ms, one client | errors | static file req/s | × static |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    apps = [label for key, label in rows if key == "memory" and label not in {"Datasette", STATIC}]
    servers = [*apps, "Datasette", STATIC]
    for name, _, _ in ENDPOINTS:
        base, limit = rows[name, "Datasette"]["rps"], rows[name, STATIC]["rps"]
        for server in servers:
            r = rows[name, server]
            print(
                f"| {name} | {server} | {r['rps']:.0f} | {r['p50_ms']} | {r['p99_ms']} "
                f"| {ratio(r['rps'], base)} | {r['alone_ms']} | {r['errors']} "
                f"| {limit:.0f} | {ratio(r['rps'], limit)} |"
            )
    memory = "; ".join(f"{server} {rows['memory', server]}" for server in servers)
    print(f"\nPeak memory (largest process, MB): {memory}.")


def ratio(rps, base):
    return f"{rps / base:.2f}×" if base else "–"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100", help="comma-separated, e.g. 1,10,100")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run the app without the cache on this PostgreSQL server (a URL of any "
        "database there; the benchmark creates and loads preciseu_bench_<N>x on it)",
    )
    args = parser.parse_args()
    for scale in (int(s) for s in args.scales.split(",")):
        print_table(scale, bench_scale(scale, args.connections, args.seconds, args.postgres))


if __name__ == "__main__":
    main()
