"""The product's app under uvicorn, wrapped so that each response reports its own cost.

``MeasuringMiddleware`` adds two headers to every HTTP response. ``Server-Timing`` gives the
time from the request's arrival in the app to the start of its response (``app``) and the
CPU time the server process used meanwhile (``cpu``, all its threads).
``X-Bench-Statements`` gives the SQL statements sent meanwhile, as ``WORD=count`` pairs.
The wrapper lives only in the bench; the product app is built by ``main.create_app``.

Run ``PAKONGKLAB_DATABASE_URL=URL python -m bench.server --port N`` to serve one database.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.common import REPO_ROOT, count_kinds, counting_statements, install_statement_counter

TIMING_HEADER = "server-timing"
STATEMENTS_HEADER = "x-bench-statements"


class MeasuringMiddleware:
    """ASGI middleware that reports each request's app time and SQL statements in headers."""

    def __init__(self, app) -> None:
        self.app = app
        install_statement_counter()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        cpu_started = time.process_time()
        with counting_statements() as statements:

            async def send_measured(message) -> None:
                if message["type"] == "http.response.start":
                    elapsed_ms = (time.perf_counter() - started) * 1000
                    cpu_ms = (time.process_time() - cpu_started) * 1000
                    kinds = ",".join(f"{word}={count}" for word, count in sorted(count_kinds(statements).items()))
                    headers = list(message.get("headers", []))
                    timing = f"app;dur={elapsed_ms:.3f}, cpu;dur={cpu_ms:.3f}"
                    headers.append((b"server-timing", timing.encode()))
                    headers.append((STATEMENTS_HEADER.encode(), kinds.encode() or b"-"))
                    message = {**message, "headers": headers}
                await send(message)

            await self.app(scope, receive, send_measured)


def parse_timing(headers: httpx.Headers, metric: str = "app") -> float:
    """Return a duration in seconds from a ``Server-Timing: app;dur=MS, cpu;dur=MS`` header."""
    value = headers.get(TIMING_HEADER, "")
    for entry in value.split(","):
        name, _, duration = entry.strip().partition(";dur=")
        if name == metric and duration:
            return float(duration) / 1000
    raise ValueError(f"No {metric} duration in the Server-Timing header {value!r}")


def parse_statements(headers: httpx.Headers) -> dict[str, int]:
    value = headers.get(STATEMENTS_HEADER, "-")
    if value == "-":
        return {}
    pairs = (item.split("=", 1) for item in value.split(","))
    return {word: int(count) for word, count in pairs}


def create_measured_app():
    """Build the product app from the PAKONGKLAB_* environment and wrap it (uvicorn factory)."""
    from main import create_app

    return MeasuringMiddleware(create_app())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    """The bench server: its base URL and the process that uvicorn runs in."""

    url: str
    pid: int


@contextlib.contextmanager
def running_server(
    database_url: str, media_dir: Path, *, workers: int = 1, log_file: Path | None = None
) -> Iterator[RunningServer]:
    """Serve ``database_url`` on a free loopback port in a child process."""
    port = free_port()
    env = {
        **os.environ,
        "PAKONGKLAB_DATABASE_URL": database_url,
        "PAKONGKLAB_DATA_DIR": str(media_dir.parent),
        "PAKONGKLAB_MEDIA_DIR": str(media_dir),
        "PYTHONPATH": str(REPO_ROOT),
    }
    command = [sys.executable, "-m", "bench.server", "--port", str(port), "--workers", str(workers)]
    output = open(log_file, "ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process)
        yield RunningServer(url=base_url, pid=process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log_file:
            output.close()


def _wait_until_healthy(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The bench server stopped with exit code {process.returncode} before it was ready.")
        try:
            if httpx.get(base_url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The bench server at {base_url} was not ready after {timeout:.0f} s.")


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the product app with per-request timing headers.")
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    args = parser.parse_args(argv)
    if args.workers > 1:
        from resolvers.workers import serve

        # The same worker processes as `main.py serve --workers N`.
        return serve(
            "bench.server:create_measured_app",
            host="127.0.0.1",
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
        )
    uvicorn.run(
        "bench.server:create_measured_app",
        factory=True,
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
