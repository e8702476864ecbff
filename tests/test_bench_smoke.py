"""Smoke runs of every benchmark on a tiny data set, so that the bench code cannot rot.

Each backend builds the ``smoke`` data set once (200 children in กระบี่, 500 visits), then
runs each benchmark through its real command line, ``python -m bench.run``, and checks the
invariants the benchmark reports. Nothing here asserts a timing.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.common import POSTGRES_URL_VARIABLE, Backend
from bench.dataset import Names

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMAND_TIMEOUT_SECONDS = 300

pytestmark = pytest.mark.slow


def backend_name(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite://") else "postgres"


def run_bench(command: str, backend: str, work_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bench.run", command, "--backend", backend, "--size", "smoke",
         "--data-dir", str(work_dir / "data"), "--results-dir", str(work_dir / "results")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS,
    )


def read_result(work_dir: Path, benchmark: str, backend: str) -> dict:
    return json.loads((work_dir / "results" / f"{benchmark}-{backend}-smoke.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bench_run(database_url: str, shared_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """The smoke data set built on the backend of ``database_url``: (backend, work folder, env)."""
    backend = backend_name(database_url)
    work_dir = tmp_path_factory.mktemp(f"bench-{backend}")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    if backend == "postgres":
        env[POSTGRES_URL_VARIABLE] = database_url

    built = run_bench("dataset", backend, work_dir, env)

    assert built.returncode == 0, built.stdout + built.stderr
    yield backend, work_dir, env

    if backend == "postgres":
        server = Backend(name="postgres", data_dir=work_dir, server_url=database_url)
        names = Names("smoke")
        for database in (names.dataset, names.base, names.import_run):
            asyncio.run(server.drop(database))


def test_dataset_has_requested_size(bench_run):
    backend, work_dir, _env = bench_run

    manifest = json.loads((work_dir / "data" / f"dataset-{backend}-smoke.json").read_text(encoding="utf-8"))

    assert manifest["counts"]["children"] == 200
    assert manifest["counts"]["visits"] == 500
    assert manifest["counts"]["visit_needs"] == manifest["visit_load"]["visit_needs"]
    assert manifest["import"]["exit_code"] == 0


def test_dataset_fields_follow_visits(bench_run):
    backend, work_dir, _env = bench_run

    manifest = json.loads((work_dir / "data" / f"dataset-{backend}-smoke.json").read_text(encoding="utf-8"))

    assert manifest["consistency"] == {
        "children_with_wrong_visit_count": 0,
        "children_with_wrong_latest_visit": 0,
        "needs_of_another_child": 0,
    }


def test_dataset_has_every_affiliation(bench_run):
    backend, work_dir, _env = bench_run

    manifest = json.loads((work_dir / "data" / f"dataset-{backend}-smoke.json").read_text(encoding="utf-8"))

    # กระบี่'s OBEC schools plus 1 + 2 + 1 + 1 generated schools of the other affiliations.
    assert manifest["counts"]["schools"] == 226 + 5
    assert manifest["counts"]["area_offices"] > 4


def test_students_benchmark_matches_sql(bench_run):
    backend, work_dir, env = bench_run

    result = run_bench("students", backend, work_dir, env)

    assert result.returncode == 0, result.stdout + result.stderr
    body = read_result(work_dir, "students", backend)
    assert [case["case"] for case in body["cases"]] == ["area office", "nation"]
    assert all(check["same_ids"] and check["same_total"] for check in body["data_checks"])
    assert all(set(case["statements_by_page_size"]) == {"1", "10", "50", "100"} for case in body["cases"])


def test_reports_benchmark_matches_sql(bench_run):
    backend, work_dir, env = bench_run

    result = run_bench("reports", backend, work_dir, env)

    assert result.returncode == 0, result.stdout + result.stderr
    body = read_result(work_dir, "reports", backend)
    assert [case["case"] for case in body["cases"]] == [
        "progressSummary, nation",
        "cannotFollowReport, nation",
        "progressSummary, area office",
        "cannotFollowReport, area office",
    ]
    assert body["invariants_hold"] is True


def test_import_benchmark_stores_every_row(bench_run):
    backend, work_dir, env = bench_run

    result = run_bench("import", backend, work_dir, env)

    assert result.returncode == 0, result.stdout + result.stderr
    body = read_result(work_dir, "import", backend)
    assert body["rows"] == 200
    assert [run["children_after"] for run in body["runs"]] == [200]
    assert body["peak_memory_mib"]["max"] > 0


@pytest.fixture(scope="module")
def visits_run(bench_run):
    """One run of the recordVisit benchmark: (command result, data set counts afterwards)."""
    backend, work_dir, env = bench_run
    result = run_bench("visits", backend, work_dir, env)
    recount = subprocess.run(
        [sys.executable, "-c", RECOUNT_SCRIPT, backend, str(work_dir / "data")],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_SECONDS,
    )
    assert recount.returncode == 0, recount.stderr
    return result, json.loads(recount.stdout)


def test_visits_benchmark_loses_no_visit(bench_run, visits_run):
    backend, work_dir, _env = bench_run
    result, _counts = visits_run

    body = read_result(work_dir, "visits-w1", backend)

    assert result.returncode == 0, result.stdout + result.stderr
    assert body["stored_visits"] == 20
    assert body["stored_photos"] == 20
    assert body["checks"] == {name: True for name in body["checks"]}


def test_visits_benchmark_restores_dataset(visits_run):
    _result, counts = visits_run

    assert counts == {"visits": 500, "photos": 0}


# Counts the data set's visits and photos in a fresh process, through the bench's own helpers.
RECOUNT_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from bench.common import SIZES, open_backend
from bench.dataset import count_rows, read_manifest

with open_backend(sys.argv[1], Path(sys.argv[2])) as backend:
    manifest = read_manifest(backend, SIZES["smoke"])
    counts = asyncio.run(count_rows(backend.url(manifest["database"])))
print(json.dumps({"visits": counts["visits"], "photos": counts["photos"]}))
"""
