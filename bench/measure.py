"""Benchmarks a (children list) and b (reports): GraphQL requests against hand-written SQL.

Each case sends the same request ``warmups + repeats`` times, one at a time, to the product
app under uvicorn (``bench.server``), and records three figures per request:

- server time: from the request's arrival in the app to the start of its response
  (the ``Server-Timing`` header that the bench's middleware adds), and the server
  process's CPU time meanwhile, which other work on the machine inflates less;
- client time: the round trip as the HTTP client sees it, on loopback;
- SQL statements: every statement the driver sent for the request, including BEGIN,
  COMMIT and asyncpg's connection-reset query.

The same run then times the case's hand-written SQL on a plain driver connection and
prints the ratio of the medians.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx

from bench import queries
from bench.common import Backend, Size, asyncpg_dsn, ms, print_table, summarise, write_result
from bench.dataset import read_manifest
from bench.server import parse_statements, parse_timing, running_server

PAGE_SIZES = (1, 10, 50, 100)
MEASURED_PAGE_SIZE = 50
# Page sizes other than the measured one only show the statement count, so few requests do.
STATEMENT_PROBES = 3

# Targets on PostgreSQL, from the benchmark brief.
MAX_STATEMENTS = 5
SERVER_FACTOR = 1.5
SERVER_ALLOWANCE_MS = 10.0
NATIONAL_SUMMARY_MS = 100.0


class RequestFailed(RuntimeError):
    """A benchmark request returned an HTTP error or GraphQL errors."""


async def login(client: httpx.AsyncClient, username: str, password: str) -> str:
    """Sign in through the API and return the bearer token."""
    response = await client.post(
        "/graphql",
        json={"query": queries.LOGIN, "variables": {"input": {"username": username, "password": password}}},
    )
    body = response.json()
    payload = (body.get("data") or {}).get("login") or {}
    if response.status_code != 200 or not payload.get("token"):
        raise RequestFailed(f"Sign-in of {username} failed with HTTP {response.status_code}: {body}")
    return payload["token"]


async def graphql_once(
    client: httpx.AsyncClient, token: str, query: str, variables: dict
) -> tuple[dict, float, float, dict, float]:
    """Send one request; return (data, server seconds, client seconds, statement kinds, server CPU seconds)."""
    started = time.perf_counter()
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers={"Authorization": f"Bearer {token}"}
    )
    client_seconds = time.perf_counter() - started
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RequestFailed(f"HTTP {response.status_code}: {str(body)[:2000]}")
    timing = response.headers
    return body["data"], parse_timing(timing), client_seconds, parse_statements(timing), parse_timing(timing, "cpu")


async def measure_graphql(
    client: httpx.AsyncClient, token: str, query: str, variables: dict, *, repeats: int, warmups: int
) -> dict:
    server, server_cpu, client_side, statement_totals = [], [], [], []
    kinds: dict[str, int] = {}
    data: dict = {}
    for index in range(warmups + repeats):
        data, server_seconds, client_seconds, kinds, cpu_seconds = await graphql_once(client, token, query, variables)
        if index >= warmups:
            server.append(server_seconds)
            server_cpu.append(cpu_seconds)
            client_side.append(client_seconds)
            statement_totals.append(sum(kinds.values()))
    return {
        "server_ms": _in_ms(summarise(server).as_dict()),
        "server_cpu_ms": _in_ms(summarise(server_cpu).as_dict()),
        "client_ms": _in_ms(summarise(client_side).as_dict()),
        "statements_max": max(statement_totals),
        "statements_min": min(statement_totals),
        "statement_kinds": kinds,
        "data": data,
    }


def _in_ms(summary: dict) -> dict:
    return {key: (value if key == "count" else ms(value)) for key, value in summary.items()}


class SqlBaseline:
    """A plain driver connection that times hand-written statements."""

    def __init__(self, backend: Backend, database: str) -> None:
        self.backend = backend
        self.database = database
        self.connection = None

    async def __aenter__(self) -> SqlBaseline:
        if self.backend.name == "postgres":
            import asyncpg

            self.connection = await asyncpg.connect(asyncpg_dsn(self.backend.url(self.database)))
        else:
            self.connection = sqlite3.connect(self.backend.sqlite_path(self.database))
        return self

    async def __aexit__(self, *exc_info) -> None:
        if self.backend.name == "postgres":
            await self.connection.close()
        else:
            self.connection.close()

    async def fetch(self, sql: str, parameters: list) -> list:
        if self.backend.name == "postgres":
            return [tuple(row) for row in await self.connection.fetch(sql, *parameters)]
        return self.connection.execute(sql, parameters).fetchall()

    async def measure(self, sql: str, parameters: list, *, repeats: int, warmups: int, fold=None) -> tuple[dict, object]:
        """Time ``sql`` (and ``fold`` of its rows, when given); return the summary and the last result."""
        samples = []
        result: object = None
        for index in range(warmups + repeats):
            started = time.perf_counter()
            rows = await self.fetch(sql, parameters)
            result = fold(rows) if fold else rows
            elapsed = time.perf_counter() - started
            if index >= warmups:
                samples.append(elapsed)
        return _in_ms(summarise(samples).as_dict()), result


def _verdict(server_median_ms: float, sql_median_ms: float) -> dict:
    limit = SERVER_FACTOR * sql_median_ms + SERVER_ALLOWANCE_MS
    return {
        "ratio": round(server_median_ms / sql_median_ms, 1) if sql_median_ms else None,
        "limit_ms": round(limit, 2),
        "within_limit": server_median_ms <= limit,
    }


# --- a. the children list --------------------------------------------------------------------


async def bench_students(backend: Backend, size: Size, results_dir: Path) -> dict:
    """Measure ``students(first: 50)`` for one area office and for the nation."""
    from schema.base import from_global_id

    manifest = read_manifest(backend, size)
    office = manifest["area_office"]
    database = manifest["database"]
    cases = [("area office", office["officer_username"], office["id"]), ("nation", manifest["admin_username"], None)]
    results, checks = [], []
    media_dir = backend.data_dir / "app" / "media"
    with running_server(backend.url(database), media_dir, log_file=backend.data_dir / "server.log") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as client, SqlBaseline(backend, database) as sql:
            for label, username, office_id in cases:
                token = await login(client, username, manifest["password"])
                by_page_size = {}
                for first in PAGE_SIZES:
                    measured = first == MEASURED_PAGE_SIZE
                    by_page_size[first] = await measure_graphql(
                        client, token, queries.STUDENTS_PAGE, {"first": first},
                        repeats=size.repeats if measured else STATEMENT_PROBES,
                        warmups=size.warmups if measured else 1,
                    )
                graphql = by_page_size[MEASURED_PAGE_SIZE]
                baseline, rows = await sql.measure(
                    queries.students_page_sql(backend.name, area_office=office_id is not None),
                    queries.students_page_parameters(office_id, MEASURED_PAGE_SIZE),
                    repeats=size.repeats, warmups=size.warmups,
                )
                connection = graphql["data"]["students"]
                graphql_ids = [int(from_global_id(edge["node"]["id"])[1]) for edge in connection["edges"]]
                same_ids = graphql_ids == [row[0] for row in rows]
                same_total = bool(rows) and connection["totalCount"] == rows[0][-1]
                checks.append({"case": label, "same_ids": same_ids, "same_total": same_total})
                statements = {first: by_page_size[first]["statements_max"] for first in PAGE_SIZES}
                results.append({
                    "case": label,
                    "children_in_scope": connection["totalCount"],
                    "page_size": MEASURED_PAGE_SIZE,
                    "server_ms": graphql["server_ms"],
                    "server_cpu_ms": graphql["server_cpu_ms"],
                    "client_ms": graphql["client_ms"],
                    "sql_ms": baseline,
                    "statements_by_page_size": statements,
                    "statement_kinds": graphql["statement_kinds"],
                    "statements_within_target": max(statements.values()) <= MAX_STATEMENTS,
                    **_verdict(graphql["server_ms"]["median"], baseline["median"]),
                })

    _print_cases("a. students(first: 50) with school, area office and latest visit", results)
    for result in results:
        print(f"  {result['case']}: statements per page size {result['statements_by_page_size']} "
              f"({result['statement_kinds']})")
    invariants = all(check["same_ids"] and check["same_total"] for check in checks)
    body = {"cases": results, "data_checks": checks, "invariants_hold": invariants}
    path = write_result(results_dir, "students", backend, size, body)
    print(f"  data matches the SQL baseline: {invariants}; written to {path}")
    return body


def _print_cases(title: str, results: list[dict]) -> None:
    rows = [("case", "server p50", "server p95", "CPU p50", "client p50", "client p95", "SQL p50", "SQL p95",
             "ratio", "limit", "statements")]
    for result in results:
        statements = result.get("statements_by_page_size", {}).get(MEASURED_PAGE_SIZE, result.get("statements"))
        rows.append((
            result["case"],
            result["server_ms"]["median"], result["server_ms"]["p95"], result["server_cpu_ms"]["median"],
            result["client_ms"]["median"], result["client_ms"]["p95"],
            result["sql_ms"]["median"], result["sql_ms"]["p95"],
            result["ratio"], result["limit_ms"], statements,
        ))
    print_table(f"{title} (milliseconds)", rows)


# --- b. reports ------------------------------------------------------------------------------


async def bench_reports(backend: Backend, size: Size, results_dir: Path) -> dict:
    """Measure ``progressSummary`` and ``cannotFollowReport`` for the nation and one area office."""
    manifest = read_manifest(backend, size)
    office = manifest["area_office"]
    database = manifest["database"]
    scopes = [("nation", manifest["admin_username"], None), ("area office", office["officer_username"], office["id"])]
    results, checks = [], []
    media_dir = backend.data_dir / "app" / "media"
    with running_server(backend.url(database), media_dir, log_file=backend.data_dir / "server.log") as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as client, SqlBaseline(backend, database) as sql:
            for scope_label, username, office_id in scopes:
                token = await login(client, username, manifest["password"])
                parameters = [] if office_id is None else [office_id]
                area_office = office_id is not None

                summary = await measure_graphql(
                    client, token, queries.PROGRESS_SUMMARY, {}, repeats=size.repeats, warmups=size.warmups
                )
                baseline, folded = await sql.measure(
                    queries.progress_sql(backend.name, area_office=area_office), parameters,
                    repeats=size.repeats, warmups=size.warmups, fold=queries.fold_progress,
                )
                report = summary["data"]["progressSummary"]
                checks.append({
                    "case": f"progressSummary, {scope_label}",
                    "same_total": report["total"] == folded["total"],
                    "same_by_status": {row["status"]: row["count"] for row in report["byStatus"] if row["count"]}
                    == folded["by_status"],
                })
                results.append(_report_result(f"progressSummary, {scope_label}", summary, baseline))

                cannot = await measure_graphql(
                    client, token, queries.CANNOT_FOLLOW_REPORT, {"groupBy": "AREA_OFFICE"},
                    repeats=size.repeats, warmups=size.warmups,
                )
                baseline, rows = await sql.measure(
                    queries.cannot_follow_sql(backend.name, area_office=area_office), parameters,
                    repeats=size.repeats, warmups=size.warmups,
                )
                checks.append({
                    "case": f"cannotFollowReport, {scope_label}",
                    "same_total": cannot["data"]["cannotFollowReport"]["total"] == sum(row[-1] for row in rows),
                })
                results.append(_report_result(f"cannotFollowReport, {scope_label}", cannot, baseline))

    national = results[0]
    target = {"national_summary_ms": national["server_ms"]["median"], "within_target": national["server_ms"]["median"] <= NATIONAL_SUMMARY_MS}
    _print_cases("b. reports", results)
    invariants = all(all(value for key, value in check.items() if key != "case") for check in checks)
    body = {"cases": results, "national_summary_target": target, "data_checks": checks, "invariants_hold": invariants}
    path = write_result(results_dir, "reports", backend, size, body)
    print(f"  national summary within {NATIONAL_SUMMARY_MS:.0f} ms: {target['within_target']}; "
          f"data matches the SQL baseline: {invariants}; written to {path}")
    return body


def _report_result(label: str, measured: dict, baseline: dict) -> dict:
    return {
        "case": label,
        "server_ms": measured["server_ms"],
        "server_cpu_ms": measured["server_cpu_ms"],
        "client_ms": measured["client_ms"],
        "sql_ms": baseline,
        "statements": measured["statements_max"],
        "statement_kinds": measured["statement_kinds"],
        **_verdict(measured["server_ms"]["median"], baseline["median"]),
    }
