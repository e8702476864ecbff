"""Protection of the GraphQL endpoint: query limits, introspection, GraphiQL, GET, uploads, error masking."""

from __future__ import annotations

import logging

import pytest

import schema.accounts
from factories import make_agency_tree, make_user
from helpers import ORIGIN, client_for, error_codes, gql, make_settings, sign_in
from main import create_app

INTROSPECTION = "query { __schema { queryType { name } } }"
TYPE_LOOKUP = 'query { __type(name: "User") { name } }'
ME = "query { me { username } }"
PENDING = "query Pending($first: Int) { pendingUsers(first: $first) { totalCount } }"
UPLOAD_QUERY = "query { me { username } }"


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


def nested_agency_query(levels: int) -> str:
    """``me { agency { parent { parent ... { code } } } } }`` with ``levels`` parents."""
    inner = "code"
    for _ in range(levels):
        inner = f"parent {{ {inner} }}"
    return f"query {{ me {{ agency {{ {inner} }} }} }}"


# ---------------------------------------------------------------- query limits


async def test_too_deep_query_rejected(tree):
    limited = create_app(make_settings(max_query_depth=4), manage_db=False)

    shallow = await gql(limited, nested_agency_query(1))
    deep = await gql(limited, nested_agency_query(3))

    assert "errors" not in shallow
    assert error_codes(deep) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "exceeds maximum operation depth of 4" in deep["errors"][0]["message"]


async def test_default_depth_limit_applies(app, tree):
    deep = await gql(app, nested_agency_query(12))

    assert error_codes(deep) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_too_many_aliases_rejected(app, tree):
    allowed = "query { " + " ".join(f"a{i}: me {{ username }}" for i in range(30)) + " }"
    too_many = "query { " + " ".join(f"a{i}: me {{ username }}" for i in range(31)) + " }"

    allowed_result = await gql(app, allowed)
    too_many_result = await gql(app, too_many)

    assert "errors" not in allowed_result
    assert error_codes(too_many_result) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "31 aliases found. Allowed: 30" in too_many_result["errors"][0]["message"]


async def test_too_many_tokens_rejected(app, tree):
    # Each repetition of "username" is one token; 3,000 of them pass the other limits.
    query = "query { me { " + " ".join(["username"] * 3000) + " } }"

    result = await gql(app, query)

    assert result["data"] is None
    assert error_codes(result) == ["GRAPHQL_VALIDATION_FAILED"]
    assert result["errors"][0]["message"] == "Syntax Error: Document contains more than 3000 tokens. Parsing aborted."


async def test_repeated_document_is_validated_once(tree, monkeypatch):
    import strawberry.schema.schema as strawberry_schema

    validated = []
    validate = strawberry_schema.validate

    def counting_validate(*args, **kwargs):
        validated.append(args[1])
        return validate(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate", counting_validate)
    fresh = create_app(make_settings(), manage_db=False)
    query = "query RepeatedOnce { vocabulary { needs { code } } }"

    first = await gql(fresh, query)
    second = await gql(fresh, query)

    assert "errors" not in first
    assert second == first
    assert len(validated) == 1


async def test_repeated_documents_keep_their_errors(tree):
    limited = create_app(make_settings(max_query_depth=4), manage_db=False)
    deep = nested_agency_query(3)
    broken = "query { me { username }"

    deep_results = [await gql(limited, deep) for _ in range(2)]
    broken_results = [await gql(limited, broken) for _ in range(2)]

    assert [error_codes(result) for result in deep_results] == [["GRAPHQL_VALIDATION_FAILED"]] * 2
    assert [error_codes(result) for result in broken_results] == [["GRAPHQL_VALIDATION_FAILED"]] * 2
    assert broken_results[1]["errors"][0]["message"].startswith("Syntax Error")


async def test_page_size_above_cap_rejected(app, tree):
    await make_user(tree.area, username="officer")
    token = await sign_in(app, "officer")

    at_cap = await gql(app, PENDING, {"first": 100}, token=token)
    above_cap = await gql(app, PENDING, {"first": 101}, token=token, headers={"accept-language": "en"})

    assert at_cap == {"data": {"pendingUsers": {"totalCount": 0}}}
    assert error_codes(above_cap) == ["TOO_LARGE"]
    assert above_cap["errors"][0]["message"] == "A page holds at most 100 items; 101 were requested."


# ---------------------------------------------------------------- introspection and GraphiQL


async def test_introspection_off_by_default(app, tree):
    schema_result = await gql(app, INTROSPECTION)
    type_result = await gql(app, TYPE_LOOKUP)
    typename = await gql(app, "query { __typename }")

    assert schema_result["data"] is None
    assert schema_result["errors"][0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained the field '__schema'."
    )
    assert set(error_codes(schema_result)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert type_result["data"] is None
    assert set(error_codes(type_result)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert typename == {"data": {"__typename": "Query"}}


async def test_introspection_on_when_set(tree):
    open_app = create_app(make_settings(introspection=True), manage_db=False)

    result = await gql(open_app, INTROSPECTION)

    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_graphiql_off_by_default(app):
    async with client_for(app) as client:
        response = await client.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 404
    assert "graphiql" not in response.text.lower()


async def test_graphiql_on_when_set():
    ide_app = create_app(make_settings(graphiql=True), manage_db=False)

    async with client_for(ide_app) as client:
        response = await client.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


# ---------------------------------------------------------------- GET


async def test_query_over_get_allowed(app, tree):
    async with client_for(app) as client:
        response = await client.get("/graphql", params={"query": ME})

    assert response.status_code == 200
    assert response.json() == {"data": {"me": None}}


async def test_mutation_over_get_rejected(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    async with client_for(app) as client:
        response = await client.get(
            "/graphql",
            params={"query": "mutation { logoutEverywhere { sessionsEnded } }"},
            headers={"authorization": f"Bearer {token}"},
        )

    assert response.status_code == 400
    assert response.text == "mutations are not allowed when using GET"
    assert (await gql(app, ME, token=token))["data"]["me"] == {"username": "teacher"}


# ---------------------------------------------------------------- uploads


def multipart_body(query: str) -> dict:
    """The parts of a GraphQL multipart request (the spec's operations, map and one file)."""
    import json

    return {
        "data": {"operations": json.dumps({"query": query, "variables": {}}), "map": json.dumps({"0": []})},
        "files": {"0": ("list.csv", b"a,b\n1,2\n", "text/csv")},
    }


async def test_anonymous_upload_rejected(app, tree):
    async with client_for(app) as client:
        response = await client.post("/graphql", **multipart_body(UPLOAD_QUERY), headers={"accept-language": "en"})

    assert response.status_code == 401
    assert response.json() == {
        "data": None,
        "errors": [{"message": "Sign in before sending files.", "extensions": {"code": "UNAUTHENTICATED"}}],
    }


async def test_upload_with_bearer_token_passes_guard(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    async with client_for(app) as client:
        response = await client.post(
            "/graphql", **multipart_body(UPLOAD_QUERY), headers={"authorization": f"Bearer {token}"}
        )

    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"username": "teacher"}}}


async def test_upload_with_cross_site_cookie_rejected(app, tree):
    await make_user(tree.school, username="teacher")
    async with client_for(app) as client:
        login = await client.post(
            "/graphql",
            json={"query": "mutation { login(input: {username: \"teacher\", password: \"ทดสอบ-ระบบ-2567\", useCookie: true}) { errors { code } } }"},
            headers={"origin": ORIGIN},
        )
    cookie = login.cookies["pakongklab_session"]

    async with client_for(app) as client:
        foreign = await client.post(
            "/graphql", **multipart_body(UPLOAD_QUERY),
            headers={"cookie": f"pakongklab_session={cookie}", "origin": "https://evil.example"},
        )
        own = await client.post(
            "/graphql", **multipart_body(UPLOAD_QUERY),
            headers={"cookie": f"pakongklab_session={cookie}", "origin": ORIGIN},
        )

    assert foreign.status_code == 401
    assert own.status_code == 200


async def test_upload_too_large_rejected(tree):
    small = create_app(make_settings(max_upload_bytes=100), manage_db=False)

    async with client_for(small) as client:
        response = await client.post("/graphql", **multipart_body(UPLOAD_QUERY))

    assert response.status_code == 413
    assert error_codes(response.json()) == ["TOO_LARGE"]


async def test_chunked_upload_rejected(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")
    body = b"--x\r\nContent-Disposition: form-data; name=\"operations\"\r\n\r\n{}\r\n--x--\r\n"

    async def chunks():
        yield body

    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            content=chunks(),
            headers={"authorization": f"Bearer {token}", "content-type": "multipart/form-data; boundary=x"},
        )

    assert response.status_code == 411
    assert error_codes(response.json()) == ["LENGTH_REQUIRED"]


# ---------------------------------------------------------------- unexpected errors


async def test_unexpected_error_masked_and_logged(app, tree, monkeypatch, caplog):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    async def broken(info, user_id):
        raise RuntimeError("database exploded at row 42")

    monkeypatch.setattr(schema.accounts, "load_user", broken)
    with caplog.at_level(logging.ERROR, logger="pakongklab.graphql"):
        result = await gql(app, ME, token=token, headers={"accept-language": "en"})

    assert result["data"] == {"me": None}
    assert result["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert result["errors"][0]["message"] == (
        "An internal error occurred. Try again, and tell the system administrator if it persists."
    )
    assert "exploded" not in str(result)
    records = [record for record in caplog.records if record.name == "pakongklab.graphql"]
    assert len(records) == 1
    assert records[0].levelno == logging.ERROR
    assert records[0].exc_info[0] is RuntimeError
    assert "database exploded at row 42" in caplog.text
    assert "Traceback" in caplog.text


async def test_batched_operations_rejected(app, tree):
    async with client_for(app) as client:
        response = await client.post("/graphql", json=[{"query": ME}, {"query": ME}])

    assert response.status_code == 400
    assert response.text == "Batching is not enabled"
