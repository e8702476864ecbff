"""Sessions: bearer tokens, the console cookie, sign-out, expiry and renewal, password changes, reset codes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from factories import DEFAULT_PASSWORD, make_agency_tree, make_user
from helpers import LOGIN, ORIGIN, client_for, error_codes, gql, make_settings, sign_in
from main import create_app
from models.user import PasswordResetCode, Session, SessionKind, User
from schema.base import to_global_id
from services.auth import utc_now

ME = "query { me { username } }"

LOGOUT = "mutation { logout { sessionsEnded errors { code } } }"
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere { sessionsEnded errors { code } } }"

CHANGE_PASSWORD = """
mutation Change($input: ChangePasswordInput!) {
  changePassword(input: $input) { token expiresAt errors { field code message } }
}
"""

ISSUE_CODE = """
mutation Issue($input: IssuePasswordResetCodeInput!) {
  issuePasswordResetCode(input: $input) { code expiresAt user { username } errors { field code } }
}
"""

RESET = """
mutation Reset($input: ResetPasswordInput!) {
  resetPassword(input: $input) { ok errors { field code message } }
}
"""

NEW_PASSWORD = "แม่น้ำ-เจ้าพระยา-ไหลยาว"


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


def login_input(username: str, password: str = DEFAULT_PASSWORD, **extra) -> dict:
    return {"input": {"username": username, "password": password, **extra}}


def session_cookie(response) -> str:
    headers = [value for name, value in response.headers.multi_items() if name == "set-cookie"]
    assert len(headers) == 1, headers
    return headers[0]


# ---------------------------------------------------------------- bearer tokens


async def test_login_returns_bearer_token(app, tree):
    await make_user(tree.school, username="teacher")
    before = utc_now()

    result = await gql(app, LOGIN, login_input("TEACHER"))

    payload = result["data"]["login"]
    assert payload["errors"] == []
    assert payload["user"]["username"] == "teacher"
    expires_at = dt.datetime.fromisoformat(payload["expiresAt"])
    assert before + dt.timedelta(minutes=8 * 60) <= expires_at <= utc_now() + dt.timedelta(minutes=8 * 60)
    me = await gql(app, ME, token=payload["token"])
    assert me["data"]["me"] == {"username": "teacher"}


async def test_token_stored_only_as_hash(app, tree):
    await make_user(tree.school, username="teacher")

    token = await sign_in(app, "teacher")

    session = await Session.get()
    assert session.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert session.kind == SessionKind.BEARER
    assert await Session.filter(token_hash=token).count() == 0


async def test_wrong_password_and_unknown_name_look_alike(app, tree):
    await make_user(tree.school, username="teacher")

    wrong = await gql(app, LOGIN, login_input("teacher", "ไม่ใช่รหัสที่ถูกต้อง"))
    unknown = await gql(app, LOGIN, login_input("nobody", "ไม่ใช่รหัสที่ถูกต้อง"))

    assert wrong == unknown
    assert [(e["field"], e["code"]) for e in wrong["data"]["login"]["errors"]] == [(None, "INVALID")]
    assert wrong["data"]["login"]["errors"][0]["message"] == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


async def test_invalid_token_is_anonymous(app, tree):
    result = await gql(app, ME, token="not-a-real-token")

    assert result == {"data": {"me": None}}


async def test_expired_token_rejected(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")
    await Session.all().update(expires_at=utc_now() - dt.timedelta(seconds=1))

    result = await gql(app, ME, token=token)

    assert result["data"]["me"] is None


async def test_use_renews_expiry(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")
    soon = utc_now() + dt.timedelta(minutes=5)
    await Session.all().update(expires_at=soon, last_used_at=utc_now() - dt.timedelta(minutes=31))

    result = await gql(app, ME, token=token)

    assert result["data"]["me"] == {"username": "teacher"}
    session = await Session.get()
    assert session.expires_at > utc_now() + dt.timedelta(minutes=8 * 60 - 1)


async def test_use_within_renew_interval_keeps_expiry(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")
    soon = (utc_now() + dt.timedelta(minutes=5)).replace(microsecond=0)
    await Session.all().update(expires_at=soon, last_used_at=utc_now() - dt.timedelta(minutes=10))

    await gql(app, ME, token=token)

    assert (await Session.get()).expires_at == soon


async def test_logout_ends_only_this_session(app, tree):
    await make_user(tree.school, username="teacher")
    phone = await sign_in(app, "teacher")
    tablet = await sign_in(app, "teacher")

    result = await gql(app, LOGOUT, token=phone)

    assert result["data"]["logout"] == {"sessionsEnded": 1, "errors": []}
    assert (await gql(app, ME, token=phone))["data"]["me"] is None
    assert (await gql(app, ME, token=tablet))["data"]["me"] == {"username": "teacher"}


async def test_logout_everywhere_ends_all(app, tree):
    await make_user(tree.school, username="teacher")
    phone = await sign_in(app, "teacher")
    tablet = await sign_in(app, "teacher")

    result = await gql(app, LOGOUT_EVERYWHERE, token=phone)

    assert result["data"]["logoutEverywhere"] == {"sessionsEnded": 2, "errors": []}
    assert (await gql(app, ME, token=tablet))["data"]["me"] is None


async def test_logout_anonymous_is_graphql_error(app, tree):
    result = await gql(app, LOGOUT)

    assert error_codes(result) == ["UNAUTHENTICATED"]


# ---------------------------------------------------------------- the console cookie


async def test_cookie_login_sets_strict_httponly_cookie(app, tree):
    await make_user(tree.school, username="teacher")

    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": login_input("teacher", useCookie=True)},
            headers={"origin": ORIGIN},
        )

    payload = response.json()["data"]["login"]
    assert payload["errors"] == []
    assert payload["token"] is None
    cookie = session_cookie(response)
    assert cookie.startswith("pakongklab_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie
    assert (await Session.get()).kind == SessionKind.COOKIE


async def test_cookie_secure_when_configured(tree):
    secure_app = create_app(make_settings(cookie_secure=True), manage_db=False)
    await make_user(tree.school, username="teacher")

    async with client_for(secure_app) as client:
        response = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": login_input("teacher", useCookie=True)},
            headers={"origin": ORIGIN},
        )

    assert "Secure" in session_cookie(response)


async def _cookie_token(app) -> str:
    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": login_input("teacher", useCookie=True)},
            headers={"origin": ORIGIN},
        )
    return response.cookies["pakongklab_session"]


async def test_cookie_with_own_origin_signs_in(app, tree):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    result = await gql(app, ME, headers={"cookie": f"pakongklab_session={cookie}", "origin": ORIGIN})

    assert result["data"]["me"] == {"username": "teacher"}


async def test_cookie_with_allowed_origin_signs_in(tree):
    console_app = create_app(make_settings(allowed_origins=("https://console.example.test",)), manage_db=False)
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(console_app)

    result = await gql(
        console_app, ME, headers={"cookie": f"pakongklab_session={cookie}", "origin": "https://console.example.test"}
    )

    assert result["data"]["me"] == {"username": "teacher"}


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {},  # a POST without Origin or Sec-Fetch-Site did not come from a page of this site
        {"sec-fetch-site": "cross-site"},
    ],
)
async def test_cookie_from_other_site_is_anonymous(app, tree, headers):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    result = await gql(app, ME, headers={"cookie": f"pakongklab_session={cookie}", **headers})

    assert result == {"data": {"me": None}}


async def test_cross_site_logout_with_cookie_refused(app, tree):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    result = await gql(app, LOGOUT, headers={"cookie": f"pakongklab_session={cookie}", "origin": "https://evil.example"})

    assert error_codes(result) == ["UNAUTHENTICATED"]
    assert await Session.filter(revoked_at=None).count() == 1


async def test_cookie_login_from_other_site_refused(app, tree):
    await make_user(tree.school, username="teacher")

    result = await gql(app, LOGIN, login_input("teacher", useCookie=True), headers={"origin": "https://evil.example"})

    assert error_codes(result) == ["FORBIDDEN"]
    assert await Session.all().count() == 0


async def test_cookie_token_not_accepted_as_bearer(app, tree):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    result = await gql(app, ME, token=cookie)

    assert result["data"]["me"] is None


async def test_logout_clears_cookie(app, tree):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            json={"query": LOGOUT},
            headers={"cookie": f"pakongklab_session={cookie}", "origin": ORIGIN},
        )

    assert response.json()["data"]["logout"]["sessionsEnded"] == 1
    cleared = session_cookie(response)
    assert cleared.startswith('pakongklab_session="";')
    assert "Max-Age=0" in cleared


# ---------------------------------------------------------------- password changes


async def test_change_password_revokes_every_session(app, tree):
    await make_user(tree.school, username="teacher")
    phone = await sign_in(app, "teacher")
    tablet = await sign_in(app, "teacher")

    result = await gql(
        app, CHANGE_PASSWORD, {"input": {"currentPassword": DEFAULT_PASSWORD, "newPassword": NEW_PASSWORD}}, token=phone
    )

    payload = result["data"]["changePassword"]
    assert payload["errors"] == []
    assert (await gql(app, ME, token=phone))["data"]["me"] is None
    assert (await gql(app, ME, token=tablet))["data"]["me"] is None
    assert (await gql(app, ME, token=payload["token"]))["data"]["me"] == {"username": "teacher"}
    assert await sign_in(app, "teacher", NEW_PASSWORD)


async def test_change_password_wrong_current(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    result = await gql(
        app, CHANGE_PASSWORD, {"input": {"currentPassword": "ผิด-ผิด-ผิด-ผิด", "newPassword": NEW_PASSWORD}}, token=token
    )

    errors = result["data"]["changePassword"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("currentPassword", "INVALID")]
    assert (await gql(app, ME, token=token))["data"]["me"] == {"username": "teacher"}


async def test_change_password_policy_applies(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    result = await gql(
        app, CHANGE_PASSWORD, {"input": {"currentPassword": DEFAULT_PASSWORD, "newPassword": "qwertyuiop"}}, token=token
    )

    errors = result["data"]["changePassword"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("newPassword", "PASSWORD_POLICY")]


async def test_change_password_by_cookie_replaces_cookie(app, tree):
    await make_user(tree.school, username="teacher")
    cookie = await _cookie_token(app)

    async with client_for(app) as client:
        response = await client.post(
            "/graphql",
            json={"query": CHANGE_PASSWORD, "variables": {"input": {"currentPassword": DEFAULT_PASSWORD, "newPassword": NEW_PASSWORD}}},
            headers={"cookie": f"pakongklab_session={cookie}", "origin": ORIGIN},
        )

    assert response.json()["data"]["changePassword"]["token"] is None
    new_cookie = response.cookies["pakongklab_session"]
    assert new_cookie != cookie
    assert (await Session.get(token_hash=hashlib.sha256(new_cookie.encode()).hexdigest())).kind == SessionKind.COOKIE


# ---------------------------------------------------------------- reset codes


async def _issue(app, officer_token: str, user: User) -> dict:
    result = await gql(app, ISSUE_CODE, {"input": {"userId": to_global_id("User", user.id)}}, token=officer_token)
    return result["data"]["issuePasswordResetCode"]


async def test_reset_code_sets_new_password(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    old_session = await sign_in(app, "teacher")
    issued = await _issue(app, await sign_in(app, "officer"), teacher)

    result = await gql(app, RESET, {"input": {"username": "Teacher", "code": issued["code"].lower(), "newPassword": NEW_PASSWORD}})

    assert issued["errors"] == []
    assert issued["user"] == {"username": "teacher"}
    assert len(issued["code"]) == 14
    assert result["data"]["resetPassword"] == {"ok": True, "errors": []}
    assert (await gql(app, ME, token=old_session))["data"]["me"] is None
    assert await sign_in(app, "teacher", NEW_PASSWORD)


async def test_reset_code_stored_as_hash(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")

    issued = await _issue(app, await sign_in(app, "officer"), teacher)

    stored = await PasswordResetCode.get()
    assert stored.code_hash == hashlib.sha256(issued["code"].replace("-", "").encode()).hexdigest()


async def test_reset_code_works_once(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    issued = await _issue(app, await sign_in(app, "officer"), teacher)
    variables = {"input": {"username": "teacher", "code": issued["code"], "newPassword": NEW_PASSWORD}}
    await gql(app, RESET, variables)

    again = await gql(app, RESET, variables)

    assert [(e["field"], e["code"]) for e in again["data"]["resetPassword"]["errors"]] == [("code", "INVALID")]


async def test_new_reset_code_voids_earlier(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    officer = await sign_in(app, "officer")
    first = await _issue(app, officer, teacher)
    await _issue(app, officer, teacher)

    result = await gql(app, RESET, {"input": {"username": "teacher", "code": first["code"], "newPassword": NEW_PASSWORD}})

    assert result["data"]["resetPassword"]["ok"] is False


async def test_expired_reset_code_rejected(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    issued = await _issue(app, await sign_in(app, "officer"), teacher)
    await PasswordResetCode.all().update(expires_at=utc_now() - dt.timedelta(seconds=1))

    result = await gql(app, RESET, {"input": {"username": "teacher", "code": issued["code"], "newPassword": NEW_PASSWORD}})

    assert [(e["field"], e["code"]) for e in result["data"]["resetPassword"]["errors"]] == [("code", "INVALID")]
    assert await sign_in(app, "teacher")


async def test_reset_code_for_other_user_rejected(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    await make_user(tree.school, username="colleague")
    issued = await _issue(app, await sign_in(app, "officer"), teacher)

    result = await gql(app, RESET, {"input": {"username": "colleague", "code": issued["code"], "newPassword": NEW_PASSWORD}})

    assert result["data"]["resetPassword"]["ok"] is False
    assert await sign_in(app, "colleague")


async def test_school_staff_cannot_issue_reset_code(app, tree):
    await make_user(tree.school, username="teacher")
    colleague = await make_user(tree.school, username="colleague")

    result = await gql(
        app, ISSUE_CODE, {"input": {"userId": to_global_id("User", colleague.id)}}, token=await sign_in(app, "teacher")
    )

    assert error_codes(result) == ["FORBIDDEN"]
    assert await PasswordResetCode.all().count() == 0


async def test_reset_code_out_of_scope_not_found(app, tree):
    await make_user(tree.area_b, username="officer")
    teacher = await make_user(tree.school, username="teacher")

    issued = await _issue(app, await sign_in(app, "officer"), teacher)

    assert issued["code"] is None
    assert [(e["field"], e["code"]) for e in issued["errors"]] == [("userId", "NOT_FOUND")]
