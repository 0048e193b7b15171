"""Keep-alive HTTP clients for the load bench: many students reading pages at once.

Plain asyncio on raw HTTP/1.1 so the clients cost the shared machine little next to the server
they measure; each records its latency per request, status codes and connection errors.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
        if ordered
        else float("nan")
    )


async def _client(host: str, port: int, paths: list[str], stop, offset: int, results: dict):
    reader = writer = None
    index = offset
    while not stop():
        path = paths[index % len(paths)]
        index += 1
        began = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: ja\r\n\r\n".encode()
            )
            await writer.drain()
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status = int(head.split(b" ", 2)[1])
            length, close = 0, False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"connection" and value.strip().lower() == b"close":
                    close = True
            await asyncio.wait_for(reader.readexactly(length), 30)
            results["latencies"].append(time.monotonic() - began)
            results["by_path"].setdefault(path, []).append(time.monotonic() - began)
            results["status"][status] += 1
            if close:
                writer.close()
                reader = writer = None
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            ValueError,
            asyncio.LimitOverrunError,
        ) as error:
            results["errors"][type(error).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)
    if writer is not None:
        writer.close()


async def pages(base: str, paths: list[str], clients: int, seconds: float, until=None) -> dict:
    """`clients` keep-alive clients for `seconds`, or until `until()` is true when given."""
    host, port = base.removeprefix("http://").split(":")
    results = {"latencies": [], "by_path": {}, "status": Counter(), "errors": Counter()}
    stop_at = time.monotonic() + seconds
    stop = until or (lambda: time.monotonic() >= stop_at)
    began = time.monotonic()
    await asyncio.gather(
        *(_client(host, int(port), paths, stop, i, results) for i in range(clients))
    )
    results["elapsed"] = time.monotonic() - began
    return results
