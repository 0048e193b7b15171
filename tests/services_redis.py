"""A redis-server a test stack or bench starts for itself on a free port: nothing in the services
tests or benches touches (let alone flushes) a Redis it did not start."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(address: tuple[str, int], timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


class OwnRedis:
    """A redis-server of the stack's own on a free port, without persistence (like a Redis
    whose data is lost on restart): tests and benches never touch a Redis they did not start."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        log = open(self.workdir / "redis.log", "ab")  # noqa: SIM115 - lives with the process
        self.process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while not answers(("127.0.0.1", self.port)):
            if self.process.poll() is not None:  # exited at once (the port taken, say)
                raise RuntimeError(
                    f"redis-server exited at start; see {self.workdir / 'redis.log'}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.1)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart_empty(self) -> None:
        """kill -9 and start again on the same port: everything it held is gone."""
        self.kill()
        self.start()


@contextlib.contextmanager
def own_redis(folder: Path) -> Iterator[tuple[str, int]]:
    """An OwnRedis for the length of a `with` block; yields (host, port)."""
    redis = OwnRedis(folder)
    redis.start()
    try:
        yield "127.0.0.1", redis.port
    finally:
        redis.kill()
