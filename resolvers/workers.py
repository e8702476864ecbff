"""Serve the app from several processes, each with a listening socket of its own.

uvicorn's multi-process mode shares one listening socket, and the worker that wakes first
accepts every pending connection at once (asyncio accepts the whole queue). Clients that
keep their connections open then load one worker and leave the others idle: with 32
keep-alive clients and 2 workers, one worker used 94-96% of a core and the other 34-45%
(bench/README.md, d). Here each worker binds its own socket with ``SO_REUSEPORT``, and
Linux spreads new connections over the sockets by a hash of their addresses.

Where ``SO_REUSEPORT`` is missing, ``serve`` falls back to uvicorn's own mode. A worker
that stops on its own stops the others and the exit code is 1: restarting is left to
the service manager (systemd, a container runtime).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from typing import Any

log = logging.getLogger("pakongklab.workers")

# How long a worker may take to finish its requests after SIGTERM before it is killed.
STOP_TIMEOUT_SECONDS = 30


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """Bind a TCP socket to ``host``:``port`` that other processes may bind as well."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _run_worker(app: str, host: str, port: int, options: dict[str, Any]) -> None:
    import uvicorn

    sock = reuse_port_socket(host, port)
    config = uvicorn.Config(app, factory=True, host=host, port=port, **options)
    uvicorn.Server(config).run(sockets=[sock])


def serve(app: str, *, host: str, port: int, workers: int, **options: Any) -> int:
    """Run ``workers`` processes that serve the app factory ``app`` ("module:function").

    Return the exit code: 0 after SIGINT or SIGTERM, 1 when a worker stopped on its own.
    """
    if not hasattr(socket, "SO_REUSEPORT"):
        import uvicorn

        uvicorn.run(app, factory=True, host=host, port=port, workers=workers, **options)
        return 0

    # Check the address once here, so that a port in use is reported before any worker starts.
    reuse_port_socket(host, port).close()
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_run_worker, args=(app, host, port, options), name=f"worker-{number}")
        for number in range(1, workers + 1)
    ]
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        # Ctrl-C reaches the workers from the terminal; SIGTERM comes to this process only.
        if signum == signal.SIGTERM:
            for process in processes:
                if process.is_alive():
                    process.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for process in processes:
        process.start()
    log.info("Started %d workers on %s:%d", workers, host, port)

    while not stopping and all(process.is_alive() for process in processes):
        time.sleep(0.5)
    if not stopping:
        stopped = [process.name for process in processes if not process.is_alive()]
        log.error("Worker stopped on its own (%s); stopping the others", ", ".join(stopped))
        for process in processes:
            if process.is_alive():
                process.terminate()
    for process in processes:
        process.join(STOP_TIMEOUT_SECONDS)
        if process.is_alive():
            log.error("%s did not stop within %d s; killing it", process.name, STOP_TIMEOUT_SECONDS)
            process.kill()
            process.join()
    return 0 if stopping else 1


__all__ = ["reuse_port_socket", "serve"]
