"""`make soak`: the production server under sustained load, for errors and memory growth.

Starts gunicorn as `make bench` does (production settings, the real data in SQLite, see
bench/servers.py) and drives a mix of pages and API endpoints over many keep-alive
connections for a fixed time, each connection walking the mix from its own starting point.
Every few seconds it samples the resident memory (RSS) of every gunicorn process. It prints
the requests, the answers by status, the errors (any answer other than 2xx/3xx, and socket
errors or timeouts) and the memory samples, and exits non-zero when there was an error or
the workers' memory grew: the mean of the last third of the samples (after a warm-up) more
than GROWTH_LIMIT above the mean of the first third, or a worker was replaced.

    python bench/soak.py --seconds 60 --connections 64 --cache on,off
"""

import argparse
import asyncio
import sys
import time
import urllib.request
from pathlib import Path
from statistics import mean

from load import read_response
from servers import children, database, start_app, stop

MIX = [
    "/",
    "/about/",
    "/barriers/",
    "/barriers/5/",
    "/categories/financial-barriers/",
    "/quotes/?region=crete",
    "/practices/",
    "/practices/?barrier=5&partner=true",
    "/practices/findata/",
    "/regions/",
    "/regions/crete/",
    "/search/?q=data",
    "/map/",
    "/map/evidence-map.csv",
    "/compare/?regions=crete,catalonia",
    "/api/v1/",
    "/api/v1/barriers/5/",
    "/api/v1/practices/",
    "/api/v1/quotes/?region=crete",
    "/api/v1/search/?q=data",
    "/api/v1/evidence-map/",
    "/api/v1/regions/crete/recommended-practices/",
    "/healthz",
    "/readyz",
]
PORT = 8803  # not make bench's: the two may run at once
SAMPLE_EVERY = 5  # seconds between memory samples
WARM_UP = 10  # seconds of samples left out: workers import lazily and fill their caches
# Growth allowed from the first third to the last third of the samples, as a fraction of the
# first. The workers hold ~60–90 MB each; allocator noise between samples is a few MB in
# total, while a leak of even 1 KB a request grows the total by tens of MB in a minute.
GROWTH_LIMIT = 0.05
REQUEST_TIMEOUT = 30  # seconds; gunicorn's own worker timeout


async def client(host, port, paths, deadline, tally):
    """One keep-alive connection sending the mix's requests back to back until the deadline;
    it reconnects when the server closes the connection, and after a socket error, a
    timeout or an answer that is not HTTP (ValueError), each counted as an error."""
    connection = None
    index = 0
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        try:
            if connection is None:
                connection = await asyncio.open_connection(host, port)
            reader, writer = connection
            request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n"
            writer.write(request.encode())
            await writer.drain()
            status, closed = await asyncio.wait_for(read_response(reader), REQUEST_TIMEOUT)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            tally.count_socket_error(error)
            connection = close(connection)
            continue
        tally.count(path, status)
        if closed:
            connection = close(connection)
    close(connection)


def rotated(paths, start):
    start %= len(paths)
    return paths[start:] + paths[:start]


def close(connection):
    if connection is not None:
        connection[1].close()
    return None


class Tally:
    def __init__(self):
        self.statuses = {}
        self.failed = {}  # path → {status: count} for answers other than 2xx/3xx
        self.socket_errors = {}

    def count(self, path, status):
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not 200 <= status < 400:
            by_status = self.failed.setdefault(path, {})
            by_status[status] = by_status.get(status, 0) + 1

    def count_socket_error(self, error):
        kind = type(error).__name__
        self.socket_errors[kind] = self.socket_errors.get(kind, 0) + 1

    @property
    def requests(self):
        return sum(self.statuses.values())

    @property
    def errors(self):
        return self.requests - self.ok + sum(self.socket_errors.values())

    @property
    def ok(self):
        return sum(n for status, n in self.statuses.items() if 200 <= status < 400)


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def sample(master):
    """{pid: RSS in MB} of the gunicorn master and each of its workers."""
    pids = [master.pid, *children(master.pid)]
    return {pid: rss for pid in pids if (rss := rss_mb(pid)) is not None}


async def sampler(master, deadline, samples):
    started = time.monotonic()
    while time.monotonic() < deadline:
        samples.append((round(time.monotonic() - started), sample(master)))
        await asyncio.sleep(max(0, min(SAMPLE_EVERY, deadline - time.monotonic())))
    samples.append((round(time.monotonic() - started), sample(master)))


async def soak(master, connections, seconds):
    tally, samples = Tally(), []
    deadline = time.monotonic() + seconds
    clients = (
        client("127.0.0.1", PORT, rotated(MIX, i), deadline, tally) for i in range(connections)
    )
    started = time.monotonic()
    await asyncio.gather(sampler(master, deadline, samples), *clients)
    return tally, samples, time.monotonic() - started


def warm(paths):
    """One request per path first: modules imported and caches filled before measuring."""
    for path in paths:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()
        except OSError as error:
            print(f"warm-up: {path}: {error}")


def memory_report(samples):
    """Lines describing the samples, and whether memory stayed flat."""
    totals = [(t, sum(rss.values())) for t, rss in samples]
    steady = [total for t, total in totals if t >= WARM_UP]
    if len(steady) < 3:
        return [
            f"memory: the run is too short to judge ({WARM_UP + 2 * SAMPLE_EVERY} s at least)"
        ], True
    third = len(steady) // 3
    first, last = mean(steady[:third]), mean(steady[-third:])
    growth = (last - first) / first
    pids = [set(rss) for _, rss in samples]
    replaced = pids[0] != pids[-1]
    lines = [
        "memory (MB, RSS of every gunicorn process: total = "
        + " + ".join(["master", *(["worker"] * (len(samples[0][1]) - 1))])
        + "):",
        *(
            f"  {t:>3} s  total {total:7.1f}  " + " ".join(f"{mb:.1f}" for mb in rss.values())
            for (t, rss), (_, total) in zip(samples, totals, strict=True)
        ),
        f"  first sample {totals[0][1]:.1f}, last {totals[-1][1]:.1f}; "
        f"after {WARM_UP} s warm-up: first third {first:.1f}, last third {last:.1f}, "
        f"growth {last - first:+.1f} MB ({100 * growth:+.1f} %, limit {100 * GROWTH_LIMIT:.0f} %)",
    ]
    if replaced:
        lines.append("  workers were replaced during the run (a crash or a timeout)")
    return lines, growth <= GROWTH_LIMIT and not replaced


def run(cache, connections, seconds):
    """One soak; prints its report and returns whether it passed."""
    master = start_app(f"sqlite:///{database(1)}", cache, port=PORT)
    try:
        warm(MIX)
        tally, samples, elapsed = asyncio.run(soak(master, connections, seconds))
    finally:
        stop(master)
    print(
        f"\n## cache {'on' if cache else 'off'}: {connections} connections, {elapsed:.0f} s, "
        f"{len(MIX)} URLs\n"
    )
    print(
        f"requests {tally.requests} ({tally.requests / elapsed:.0f}/s), "
        f"statuses {dict(sorted(tally.statuses.items()))}, errors {tally.errors}"
    )
    for path, by_status in tally.failed.items():
        print(f"  failed: {path} {by_status}")
    for kind, n in tally.socket_errors.items():
        print(f"  socket errors: {kind} × {n}")
    lines, flat = memory_report(samples)
    print("\n".join(lines))
    passed = tally.errors == 0 and flat
    print("PASS" if passed else "FAIL")
    return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cache", default="on", help="on, off, or on,off for two runs")
    args = parser.parse_args()
    modes = [mode.strip() == "on" for mode in args.cache.split(",")]
    results = [run(cache, args.connections, args.seconds) for cache in modes]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
