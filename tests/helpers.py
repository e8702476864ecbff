"""A small GraphQL client for tests, over HTTP (through the real app) or in-process.

Append new helpers at the end; keep the signatures of existing ones stable, since several
test modules use them.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from typing import Any

import httpx
from starlette.types import ASGIApp

from schema.context import Context
from services.scope import Actor
from services.settings import Settings

BASE_URL = "http://testserver"
ORIGIN = BASE_URL

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) {
    token
    expiresAt
    user { id username role status }
    retryAfter
    errors { field code message }
  }
}
"""


def make_settings(**overrides: Any) -> Settings:
    """Settings for tests: defaults plus ``overrides``, validated like the real ones."""
    settings = Settings(**overrides)
    settings.validate()
    return settings


def client_for(app: ASGIApp, *, client_address: str = "127.0.0.1") -> httpx.AsyncClient:
    """Return an httpx client that sends requests straight to ``app`` from ``client_address``."""
    transport = httpx.ASGITransport(app=app, client=(client_address, 50000))
    return httpx.AsyncClient(transport=transport, base_url=BASE_URL)


async def gql(
    app_or_client: ASGIApp | httpx.AsyncClient,
    query: str,
    variables: Mapping[str, Any] | None = None,
    token: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict:
    """POST ``query`` to ``/graphql`` and return the JSON body (``data`` and maybe ``errors``).

    ``token`` goes into ``Authorization: Bearer``. A response that is not JSON fails the
    test with its status and text.
    """
    sent = dict(headers or {})
    if token is not None:
        sent["authorization"] = f"Bearer {token}"
    body = {"query": query, "variables": dict(variables or {})}
    if isinstance(app_or_client, httpx.AsyncClient):
        response = await app_or_client.post("/graphql", json=body, headers=sent)
    else:
        async with client_for(app_or_client) as client:
            response = await client.post("/graphql", json=body, headers=sent)
    try:
        return response.json()
    except ValueError:
        raise AssertionError(f"/graphql returned {response.status_code} with non-JSON: {response.text[:500]}") from None


async def sign_in(
    app_or_client: ASGIApp | httpx.AsyncClient,
    username: str,
    password: str | None = None,
) -> str:
    """Sign in through the API and return the bearer token; fail the test if sign-in fails."""
    from factories import DEFAULT_PASSWORD

    result = await gql(
        app_or_client,
        LOGIN,
        {"input": {"username": username, "password": password or DEFAULT_PASSWORD}},
    )
    payload = result["data"]["login"]
    assert payload["errors"] == [], f"sign-in of {username} failed: {payload['errors']}"
    return payload["token"]


def context_for(
    actor: Actor | None,
    settings: Settings | None = None,
    *,
    locale: str = "th",
    client_address: str = "127.0.0.1",
) -> Context:
    """Build a request-less context for ``schema.execute`` as ``actor`` (None for anonymous)."""
    return Context(
        request=None,
        response=None,
        settings=settings or Settings(),
        actor=actor,
        locale=locale,
        client_address=client_address,
    )


def error_codes(result: Mapping[str, Any]) -> list[str | None]:
    """Return the ``extensions.code`` of each GraphQL error in a JSON result."""
    return [error.get("extensions", {}).get("code") for error in result.get("errors") or []]


_schema_for_tests = None


async def execute_as(
    actor: Actor | None,
    query: str,
    variables: Mapping[str, Any] | None = None,
    *,
    locale: str = "th",
):
    """Run ``query`` through the schema in-process as ``actor`` and return the ExecutionResult.

    The schema is built once per test run with default settings.
    """
    global _schema_for_tests
    if _schema_for_tests is None:
        from schema.root import build_schema

        _schema_for_tests = build_schema()
    return await _schema_for_tests.execute(
        query, variable_values=dict(variables or {}), context_value=context_for(actor, locale=locale)
    )


def result_error_codes(result) -> list[str | None]:
    """Return the ``extensions.code`` of each GraphQL error of an in-process ExecutionResult."""
    return [(error.extensions or {}).get("code") for error in result.errors or []]


def stop_server(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a server started for a test: SIGTERM, then SIGKILL when it has not exited after ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
