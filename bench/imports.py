"""Benchmark c: the children CSV through ``python main.py import-students``.

Each run starts from a fresh copy of the base database, which has the reference data,
every school and the bench accounts but no children. It imports the data set's children
CSV in a child process and records the wall time and that process's peak resident memory.
"""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

from bench.common import Backend, Size, print_table, summarise, write_result
from bench.dataset import Names, count_rows, read_manifest, run_import_command

MIN_ROWS_PER_SECOND = 20_000
MAX_PEAK_MIB = 300


def csv_prefix(source: Path, rows: int) -> Path:
    """Return a CSV of the header and the first ``rows`` rows of ``source``, written once."""
    target = source.with_name(f"{source.stem}-first{rows}.csv")
    if target.exists():
        return target
    with open(source, encoding="utf-8-sig", newline="") as reader_file, \
            open(target, "w", encoding="utf-8-sig", newline="") as writer_file:
        writer = csv.writer(writer_file, lineterminator="\r\n")
        for index, row in enumerate(csv.reader(reader_file)):
            if index > rows:
                break
            writer.writerow(row)
    return target


async def bench_import(backend: Backend, size: Size, results_dir: Path, *, row_limit: int | None = None) -> dict:
    """Import the data set's children CSV, or its first ``row_limit`` rows, ``size.import_repeats`` times."""
    manifest = read_manifest(backend, size)
    names = Names(size.name)
    csv_path = Path(manifest["children_csv"])
    if row_limit is not None:
        csv_path = csv_prefix(csv_path, row_limit)
    runs = []
    for _ in range(size.import_repeats):
        await backend.create(names.import_run, template=names.base)
        run = await asyncio.to_thread(run_import_command, backend.url(names.import_run), csv_path, backend.data_dir)
        run["children_after"] = (await count_rows(backend.url(names.import_run)))["children"]
        runs.append(run)
        print(f"  run {len(runs)}: {run['rows']:,} rows in {run['seconds']} s = {run['rows_per_second']:,.0f} rows/s, "
              f"peak {run['peak_memory_mib']} MiB, exit code {run['exit_code']}", flush=True)
    await backend.drop(names.import_run)

    rows = runs[0]["rows"]
    seconds = summarise([run["seconds"] for run in runs])
    peaks = summarise([run["peak_memory_mib"] for run in runs])
    # The rate at the median time, and at the 95th-percentile (slow) time.
    rates = {"median": round(rows / seconds.median, 1), "p95": round(rows / seconds.p95, 1)}
    every_row_stored = all(run["exit_code"] == 0 and run["children_after"] == run["rows"] for run in runs)
    body = {
        "rows": rows,
        "runs": [{key: value for key, value in run.items() if key != "output_tail"} for run in runs],
        "seconds": seconds.as_dict(),
        "rows_per_second": rates,
        "peak_memory_mib": peaks.as_dict(),
        "within_target": rates["median"] >= MIN_ROWS_PER_SECOND and peaks.max <= MAX_PEAK_MIB,
        "invariants_hold": every_row_stored,
        "last_output": runs[-1]["output_tail"][-1500:],
    }
    print_table(
        f"c. import of {body['rows']:,} CSV rows through main.py import-students",
        [("figure", "median", "p95", "min", "max"),
         ("seconds", seconds.median, seconds.p95, seconds.min, seconds.max),
         ("rows/s", round(rates["median"]), round(rates["p95"]), "", ""),
         ("peak MiB", peaks.median, peaks.p95, peaks.min, peaks.max)],
    )
    benchmark = "import" if row_limit is None else f"import-{row_limit}"
    path = write_result(results_dir, benchmark, backend, size, body)
    print(f"  target (>= {MIN_ROWS_PER_SECOND:,} rows/s, <= {MAX_PEAK_MIB} MiB): {body['within_target']}; "
          f"every row stored: {every_row_stored}; written to {path}")
    return body
