"""Serving from several processes: each worker's own socket, and stopping together."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from resolvers.workers import reuse_port_socket

REPO = Path(__file__).resolve().parent.parent


def test_two_workers_bind_one_port():
    first = reuse_port_socket("127.0.0.1", 0)
    port = first.getsockname()[1]

    second = reuse_port_socket("127.0.0.1", port)

    assert second.getsockname()[1] == port
    assert second.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
    first.close()
    second.close()


def test_failed_worker_stops_the_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = (
        "import sys; from resolvers.workers import serve; "
        f"sys.exit(serve('no_such_module:create_app', host='127.0.0.1', port={port}, workers=2, log_level='critical'))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 1
    assert "stopped on its own" in result.stderr
