"""A small HTTP/1.1 load generator, for machines without wrk: N connections, each sending
GET requests back to back for a fixed time (reconnecting when the server closes, as
gunicorn's sync workers do). Prints requests/s and latency percentiles as JSON.

    python bench/load.py http://127.0.0.1:8000/api/v1/practices/ --connections 32 --seconds 5
"""

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.read()
    return status, headers.get("connection", "").lower() == "close"


async def client(url, deadline, latencies, statuses):
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Accept: application/json, text/html\r\n\r\n"
    ).encode()
    connection = None
    while time.perf_counter() < deadline:
        if connection is None:
            connection = await asyncio.open_connection(parts.hostname, parts.port or 80)
        reader, writer = connection
        start = time.perf_counter()
        writer.write(request)
        await writer.drain()
        status, closed = await read_response(reader)
        latencies.append(time.perf_counter() - start)
        statuses[status] = statuses.get(status, 0) + 1
        if closed:
            writer.close()
            connection = None


async def run(url, connections, seconds):
    latencies, statuses = [], {}
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client(url, deadline, latencies, statuses) for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(p):
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2)

    return {
        "url": url,
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "statuses": statuses,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.url, args.connections, args.seconds))))


if __name__ == "__main__":
    main()
