"""Command line of the benchmarks: build the data set, then measure, one command each.

    python -m bench.run dataset  --backend postgres --size national   # build (kept between runs)
    python -m bench.run students --backend postgres --size national   # a. children list page
    python -m bench.run reports  --backend postgres --size national   # b. progress and "could not follow"
    python -m bench.run import   --backend postgres --size national   # c. 1,000,000-row CSV import
    python -m bench.run visits   --backend postgres --size national   # d. recordVisit under load
    python -m bench.run all      --backend postgres --size national   # everything above

Each command prints its figures and writes them as JSON under bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bench.common import BACKENDS, DEFAULT_DATA_DIR, DEFAULT_RESULTS_DIR, SIZES, open_backend

BENCHMARKS = ("students", "reports", "import", "visits")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="National-scale benchmarks of the dropout-tracking API (see bench/README.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {
        "dataset": "build the data set (base database, children CSV, import, bulk visits)",
        "students": "a. students(first: 50) with school, area office and latest visit",
        "reports": "b. progressSummary and cannotFollowReport, nation and one area office",
        "import": "c. import the children CSV through `main.py import-students`",
        "visits": "d. recordVisit with a 300 KB JPEG from concurrent clients",
        "all": "build the data set when missing, then run every benchmark",
    }
    for name, text in helps.items():
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--backend", choices=BACKENDS, default="postgres", help="database (default postgres)")
        command.add_argument("--size", choices=sorted(SIZES), default="national", help="data set size (default national)")
        command.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="databases and CSV files (default bench/data)")
        command.add_argument("--results-dir", type=Path, default=DEFAULT_RESULTS_DIR, help="JSON results (default bench/results)")
        command.add_argument("--seed", type=int, default=1, help="seed of the generated data (default 1)")
        command.add_argument("--repeats", type=int, help="measured repetitions per case (default: the size's)")
        if name in ("dataset", "all"):
            command.add_argument("--rebuild", action="store_true", help="build the data set even when it exists")
        if name == "import":
            command.add_argument("--rows", type=int, help="import only the first ROWS rows of the CSV")
            command.add_argument("--import-repeats", type=int, help="import runs (default: the size's)")
        if name in ("visits", "all"):
            command.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
            command.add_argument("--requests", type=int, help="recordVisit requests (default: the size's)")
            command.add_argument("--clients", type=int, help="concurrent clients (default: the size's)")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    size = SIZES[args.size]
    if args.repeats:
        size = _with(size, repeats=args.repeats)
    if getattr(args, "requests", None):
        size = _with(size, load_requests=args.requests)
    if getattr(args, "clients", None):
        size = _with(size, load_clients=args.clients)
    if getattr(args, "import_repeats", None):
        size = _with(size, import_repeats=args.import_repeats)
    data_dir = args.data_dir.resolve()

    with open_backend(args.backend, data_dir) as backend:
        if args.command in ("dataset", "all"):
            asyncio.run(_ensure_dataset(backend, size, args.seed, rebuild=args.rebuild or args.command == "dataset"))
        if args.command == "all":
            selected = BENCHMARKS
        else:
            selected = (args.command,) if args.command in BENCHMARKS else ()
        failures = []
        for name in selected:
            outcome = asyncio.run(_run_benchmark(name, backend, size, args))
            if not outcome.get("invariants_hold", True):
                failures.append(name)
    if failures:
        print(f"\nInvariant checks failed in: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


def _with(size, **changes):
    from dataclasses import replace

    return replace(size, **changes)


async def _ensure_dataset(backend, size, seed: int, *, rebuild: bool) -> None:
    from bench.dataset import Names, build_dataset, read_manifest

    if not rebuild:
        try:
            read_manifest(backend, size)
            if await backend.exists(Names(size.name).dataset):
                return
        except FileNotFoundError:
            pass
    print(f"Building the {size.name} data set on {backend.name} ...", flush=True)
    manifest = await build_dataset(backend, size, seed=seed)
    counts = manifest["counts"]
    print(
        f"Built: {counts['schools']:,} schools, {counts['area_offices']:,} area offices, "
        f"{counts['children']:,} children, {counts['visits']:,} visits, {counts['visit_needs']:,} visit needs."
    )
    print(f"Steps (s): {manifest['timings']}")
    run = manifest["import"]
    print(f"Import of {run['rows']:,} rows: {run['rows_per_second']:,.0f} rows/s, peak {run['peak_memory_mib']} MiB")


async def _run_benchmark(name: str, backend, size, args) -> dict:
    from bench.dataset import upgrade_dataset

    applied = await upgrade_dataset(backend, size)
    if applied:
        print(f"Upgraded the data set with {', '.join(applied)}", flush=True)
    if name == "students":
        from bench.measure import bench_students

        return await bench_students(backend, size, args.results_dir)
    if name == "reports":
        from bench.measure import bench_reports

        return await bench_reports(backend, size, args.results_dir)
    if name == "import":
        from bench.imports import bench_import

        return await bench_import(backend, size, args.results_dir, row_limit=getattr(args, "rows", None))
    from bench.load import bench_visits

    return await bench_visits(backend, size, args.results_dir, workers=getattr(args, "workers", 1))


if __name__ == "__main__":
    sys.exit(main())
