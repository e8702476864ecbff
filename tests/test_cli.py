"""Command-line behaviour that needs no database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import stop_server
from main import _pad

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", ["import-schools", "import-students"])
def test_missing_file_reported_plainly(tmp_path, command):
    env = {**os.environ, "PAKONGKLAB_DATA_DIR": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "main.py", command, str(tmp_path / "absent.csv")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "ไม่พบไฟล์" in result.stderr
    assert "absent.csv was not found" in result.stderr


def test_pad_counts_thai_columns():
    padded = _pad("ผู้ดูแลระบบ", 12)

    assert padded == "ผู้ดูแลระบบ" + " " * 4  # 11 characters, 3 of them marks above or below


def _spawned_workers(parent: int) -> list[int]:
    """Return the processes that ``parent`` started with multiprocessing's spawn (uvicorn's workers)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"spawn_main" in command:
            workers.append(int(entry.name))
    return workers


def test_serve_starts_the_given_number_of_workers(tmp_path):
    from test_main_job import free_port, wait_for_server

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "main.py", "serve", "--port", str(port), "--workers", "2"],
        cwd=REPO,
        env={**os.environ, "PAKONGKLAB_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_server(f"http://127.0.0.1:{port}", server)
        workers = _spawned_workers(server.pid)
    finally:
        stop_server(server)

    assert len(workers) == 2
    assert server.returncode == 0
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()] == []
    assert "Warning: SQLite lets one process write at a time" in server.stdout.read()


def test_serve_rejects_zero_workers(tmp_path):
    result = subprocess.run(
        [sys.executable, "main.py", "serve", "--workers", "0"],
        cwd=REPO, env={**os.environ, "PAKONGKLAB_DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 2
    assert "0 workers: choose from 1 to 64" in result.stderr
