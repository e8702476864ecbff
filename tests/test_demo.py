"""The demo set-up: one province of schools and children, and one working account per role."""

import pytest

from models.agency import Agency, AgencyKind
from models.student import Student
from models.user import User, UserRole, UserStatus
from services.auth import verify_password
from services.demo import SHARED_DATA_VARIABLE, prepare_demo
from services.settings import Settings

ROLES = [
    (UserRole.SCHOOL_STAFF, "demo-school"),
    (UserRole.AREA_OFFICER, "demo-area"),
    (UserRole.AFFILIATION_ADMIN, "demo-affiliation"),
    (UserRole.MINISTRY_ADMIN, "demo-ministry"),
    (UserRole.PARTNER, "demo-partner"),
]


@pytest.fixture
def without_shared_data(monkeypatch, tmp_path):
    monkeypatch.setenv(SHARED_DATA_VARIABLE, str(tmp_path / "absent"))


async def test_demo_without_shared_data(db, without_shared_data):
    accounts = await prepare_demo(Settings())

    assert [(account.role_en, account.username) for account in accounts] == [
        ("School staff", "demo-school"),
        ("Area officer", "demo-area"),
        ("Affiliation admin", "demo-affiliation"),
        ("Ministry admin", "demo-ministry"),
        ("Partner", "demo-partner"),
    ]
    assert await Agency.filter(kind=AgencyKind.SCHOOL).count() == 8
    assert await Student.all().count() == 240
    assert await Student.filter(province_id="81").count() == 240
    assert all(national_id[1:3] == "99" for national_id in await Student.all().values_list("national_id", flat=True))


async def test_demo_accounts_sign_in_with_printed_passwords(db, without_shared_data):
    accounts = await prepare_demo(Settings())

    for account, (role, username) in zip(accounts, ROLES):
        user = await User.get(username_key=username)
        assert user.role == role
        assert user.status == UserStatus.ACTIVE
        assert verify_password(user.password_hash, account.password)


async def test_demo_school_account_sees_children(db, without_shared_data):
    await prepare_demo(Settings())

    teacher = await User.get(username_key="demo-school")
    officer = await User.get(username_key="demo-area")
    school = await Agency.get(id=teacher.agency_id)

    assert school.kind == AgencyKind.SCHOOL
    assert await Student.filter(school_id=school.id).count() > 0
    assert officer.agency_id == school.area_office_id


async def test_demo_twice_resets_passwords_and_adds_nothing(db, without_shared_data):
    first = await prepare_demo(Settings())
    counts = (await Agency.all().count(), await Student.all().count(), await User.all().count())

    second = await prepare_demo(Settings())

    assert (await Agency.all().count(), await Student.all().count(), await User.all().count()) == counts
    for old, new in zip(first, second):
        user = await User.get(username_key=new.username)
        assert old.password != new.password
        assert verify_password(user.password_hash, new.password)
        assert not verify_password(user.password_hash, old.password)


@pytest.mark.slow
async def test_demo_with_shared_data(db, shared_data, monkeypatch):
    monkeypatch.setenv(SHARED_DATA_VARIABLE, str(shared_data))

    await prepare_demo(Settings())

    assert await Agency.filter(kind=AgencyKind.SCHOOL).count() == 226
    assert await Student.all().count() == 1_200
