"""Command-line behaviour that needs no database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
