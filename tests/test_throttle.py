"""Brute-force protection: lockout per account name and per client address, and equal cost for unknown names."""

from __future__ import annotations

import datetime as dt

import pytest

from factories import DEFAULT_PASSWORD, make_agency_tree, make_user
from helpers import LOGIN, client_for, gql, make_settings
from main import create_app
from models.user import LoginAttempt, Session
from services import auth, throttle
from services.auth import utc_now
from services.errors import ServiceError
from services.sessions import sign_in

WRONG = "ไม่ใช่รหัสผ่าน-ของฉัน"


@pytest.fixture(scope="module")
def settings():
    return make_settings(login_max_failures=3, login_max_failures_per_address=5, login_lockout_minutes=15)


@pytest.fixture(scope="module")
def app(settings):
    return create_app(settings, manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


async def attempt(app, username: str, password: str = WRONG, address: str = "10.0.0.1", locale: str = "th") -> dict:
    async with client_for(app, client_address=address) as client:
        result = await gql(
            client, LOGIN, {"input": {"username": username, "password": password}}, headers={"accept-language": locale}
        )
    return result["data"]["login"]


async def test_account_locked_after_max_failures(app, tree):
    await make_user(tree.school, username="teacher")
    for _ in range(3):
        await attempt(app, "teacher")

    locked = await attempt(app, "teacher", DEFAULT_PASSWORD)

    assert locked["token"] is None
    assert [(e["field"], e["code"]) for e in locked["errors"]] == [(None, "LOCKED")]
    assert locked["retryAfter"] is not None
    assert await Session.all().count() == 0


async def test_lockout_message_says_when(app, tree):
    await make_user(tree.school, username="teacher")
    for _ in range(3):
        await attempt(app, "teacher")

    thai = await attempt(app, "teacher")
    english = await attempt(app, "teacher", locale="en")

    retry_after = dt.datetime.fromisoformat(english["retryAfter"])
    assert dt.timedelta(minutes=14) < retry_after - utc_now() <= dt.timedelta(minutes=15)
    assert english["errors"][0]["message"] == (
        f"Too many failed sign-ins, so signing in is paused: try again after {retry_after.isoformat()} "
        "(in about 15 minutes)."
    )
    assert throttle.thai_time(retry_after) in thai["errors"][0]["message"]
    assert thai["errors"][0]["message"].startswith("เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด")


async def test_locked_attempts_not_counted(app, tree):
    await make_user(tree.school, username="teacher")
    for _ in range(6):
        await attempt(app, "teacher")

    assert await LoginAttempt.filter(username_key="teacher").count() == 3


async def test_lockout_ends_after_window(app, tree):
    await make_user(tree.school, username="teacher")
    for _ in range(3):
        await attempt(app, "teacher")
    await LoginAttempt.all().update(at=utc_now() - dt.timedelta(minutes=15, seconds=1))

    result = await attempt(app, "teacher", DEFAULT_PASSWORD)

    assert result["errors"] == []
    assert result["token"]


async def test_success_clears_failures(app, tree):
    await make_user(tree.school, username="teacher")
    for _ in range(2):
        await attempt(app, "teacher")

    await attempt(app, "teacher", DEFAULT_PASSWORD)

    assert await LoginAttempt.filter(username_key="teacher").count() == 0


async def test_lockout_ignores_case_of_name(app, tree):
    await make_user(tree.school, username="teacher")
    for name in ("Teacher", "TEACHER", "teacher"):
        await attempt(app, name)

    locked = await attempt(app, "tEaChEr", DEFAULT_PASSWORD)

    assert locked["errors"][0]["code"] == "LOCKED"


async def test_unknown_name_locked_like_real_one(app, tree):
    for _ in range(3):
        await attempt(app, "nobody")

    locked = await attempt(app, "nobody")

    assert locked["errors"][0]["code"] == "LOCKED"


async def test_address_locked_across_names(app, tree):
    await make_user(tree.school, username="teacher")
    for number in range(5):
        await attempt(app, f"guess{number}", address="10.0.0.9")

    same_address = await attempt(app, "teacher", DEFAULT_PASSWORD, address="10.0.0.9")
    other_address = await attempt(app, "teacher", DEFAULT_PASSWORD, address="10.0.0.10")

    assert same_address["errors"][0]["code"] == "LOCKED"
    assert other_address["errors"] == []


async def test_account_lock_holds_from_any_address(app, tree):
    await make_user(tree.school, username="teacher")
    for number in range(3):
        await attempt(app, "teacher", address=f"10.0.1.{number}")

    locked = await attempt(app, "teacher", DEFAULT_PASSWORD, address="10.0.2.1")

    assert locked["errors"][0]["code"] == "LOCKED"


class CountingHasher:
    """Wraps the argon2 hasher and counts verifications."""

    def __init__(self, hasher) -> None:
        self.hasher = hasher
        self.verified: list[str] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return self.hasher.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self.hasher, name)


async def test_unknown_name_costs_one_argon2_check(tree, settings, monkeypatch):
    await make_user(tree.school, username="teacher")
    counting = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", counting)

    for username in ("teacher", "nobody"):
        with pytest.raises(ServiceError):
            await sign_in(username, WRONG, settings=settings, client_address="10.0.0.1")

    assert len(counting.verified) == 2
    assert all(item.startswith("$argon2id$") for item in counting.verified)
    assert counting.verified[1] == auth._DUMMY_HASH


def test_thai_time_is_bangkok_buddhist_era():
    moment = dt.datetime(2024, 12, 5, 7, 5, tzinfo=dt.timezone.utc)

    assert throttle.thai_time(moment) == "14:05 น. 5 ธ.ค. 2567"
