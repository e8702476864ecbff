"""Scope of accounts, agencies and the audit log for every role, through the real schema.

Each role signs in as one user of the test tree (see ``factories.make_agency_tree``); one
user exists in every agency. The tables below list what each role may see; everything
else must look exactly like an id that does not exist.
"""

from __future__ import annotations

import pytest

from factories import make_agency_tree, make_user
from helpers import context_for, make_settings
from schema.base import to_global_id
from schema.root import build_schema
from services import audit
from services.scope import actor_for_user

AGENCIES = (
    "ministry", "obec", "opec", "area", "area_b", "area_opec",
    "school", "school_b", "school_c", "school_opec", "partner",
)

# Role -> (agency of the signed-in user, agencies whose users and audit entries are visible).
USER_SCOPE = {
    "SCHOOL_STAFF": ("school", {"school"}),
    "AREA_OFFICER": ("area", {"area", "school", "school_b"}),
    "AFFILIATION_ADMIN": ("obec", {"obec", "area", "area_b", "school", "school_b", "school_c"}),
    "MINISTRY_ADMIN": ("ministry", set(AGENCIES)),
    "PARTNER": ("partner", {"partner"}),
}

# Roles that may list accounts and read the audit log.
LISTERS = {"AREA_OFFICER", "AFFILIATION_ADMIN", "MINISTRY_ADMIN"}
AUDIT_READERS = {"AFFILIATION_ADMIN", "MINISTRY_ADMIN"}

USERS = "query { users(first: 100) { totalCount edges { node { username } } } }"
USER = "query User($id: ID!) { user(id: $id) { username } }"
NODE = "query Node($id: ID!) { node(id: $id) { id ... on User { username } } }"
AGENCY_LIST = "query { agencies(first: 100) { totalCount edges { node { code } } } }"
AUDIT_LOG = 'query { auditLog(first: 100, filter: {action: "test.scope"}) { edges { node { actor { username } } } } }'


@pytest.fixture(scope="module")
def schema():
    return build_schema(make_settings())


@pytest.fixture
async def world(db):
    tree = await make_agency_tree()
    users = {name: await make_user(getattr(tree, name), username=f"u.{name}") for name in AGENCIES}
    for user in users.values():
        await audit.record(await actor_for_user(user), "test.scope")
    return tree, users


async def run(schema, query: str, actor, variables: dict | None = None):
    return await schema.execute(query, variable_values=variables, context_value=context_for(actor, make_settings()))


def codes(result) -> list[str]:
    return [error.extensions.get("code") for error in result.errors or []]


@pytest.mark.parametrize("role", sorted(USER_SCOPE))
async def test_users_list_scope(schema, world, role):
    _tree, users = world
    home, visible = USER_SCOPE[role]
    actor = await actor_for_user(users[home])

    result = await run(schema, USERS, actor)

    if role not in LISTERS:
        assert codes(result) == ["FORBIDDEN"]
        return
    assert result.errors is None
    listed = {edge["node"]["username"] for edge in result.data["users"]["edges"]}
    assert listed == {f"u.{name}" for name in visible}
    assert result.data["users"]["totalCount"] == len(visible)


@pytest.mark.parametrize("role", sorted(USER_SCOPE))
@pytest.mark.parametrize("target", AGENCIES)
async def test_user_lookup_scope(schema, world, role, target):
    _tree, users = world
    home, visible = USER_SCOPE[role]
    actor = await actor_for_user(users[home])
    target_id = to_global_id("User", users[target].id)

    by_field = await run(schema, USER, actor, {"id": target_id})
    by_node = await run(schema, NODE, actor, {"id": target_id})

    expected = {"username": f"u.{target}"} if target in visible else None
    assert by_field.errors is None
    assert by_field.data["user"] == expected
    assert by_node.errors is None
    assert (by_node.data["node"] or {}).get("username") == (expected or {}).get("username")


@pytest.mark.parametrize("role", sorted(USER_SCOPE))
async def test_out_of_scope_user_looks_missing(schema, world, role):
    _tree, users = world
    home, visible = USER_SCOPE[role]
    actor = await actor_for_user(users[home])
    hidden = [name for name in AGENCIES if name not in visible]
    missing = await run(schema, USER, actor, {"id": to_global_id("User", 999999)})

    for name in hidden:
        result = await run(schema, USER, actor, {"id": to_global_id("User", users[name].id)})
        assert result.data == missing.data
        assert result.errors == missing.errors


@pytest.mark.parametrize("role", sorted(USER_SCOPE))
async def test_agency_list_scope(schema, world, role):
    tree, users = world
    home, visible = USER_SCOPE[role]
    actor = await actor_for_user(users[home])

    result = await run(schema, AGENCY_LIST, actor)

    assert result.errors is None
    listed = {edge["node"]["code"] for edge in result.data["agencies"]["edges"]}
    assert listed == {getattr(tree, name).code for name in visible}


@pytest.mark.parametrize("role", sorted(USER_SCOPE))
async def test_audit_log_scope(schema, world, role):
    _tree, users = world
    home, visible = USER_SCOPE[role]
    actor = await actor_for_user(users[home])

    result = await run(schema, AUDIT_LOG, actor)

    if role not in AUDIT_READERS:
        assert codes(result) == ["FORBIDDEN"]
        return
    assert result.errors is None
    actors = {edge["node"]["actor"]["username"] for edge in result.data["auditLog"]["edges"]}
    assert actors == {f"u.{name}" for name in visible}


@pytest.mark.parametrize("query", [USERS, AGENCY_LIST, AUDIT_LOG])
async def test_anonymous_sees_nothing(schema, world, query):
    result = await run(schema, query, None)

    assert codes(result) == ["UNAUTHENTICATED"]
    assert result.data is None
