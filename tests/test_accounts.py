"""Account life cycle through the API: registration, the approval chain, suspension, listing."""

from __future__ import annotations

import pytest

from factories import DEFAULT_PASSWORD, make_agency_tree, make_user
from helpers import LOGIN, client_for, error_codes, gql, make_settings, sign_in
from main import create_app
from models.audit import AuditEntry
from models.user import Session, User, UserRole, UserStatus
from schema.base import to_global_id
from services import accounts
from services.errors import ServiceError, ValidationErrors

REGISTER = """
mutation Register($input: RegisterUserInput!) {
  registerUser(input: $input) {
    user { id username fullName role status statusLabel agency { code } }
    errors { field code message }
  }
}
"""

APPROVE = """
mutation Approve($input: ApproveUserInput!) {
  approveUser(input: $input) {
    user { id status decidedAt decisionReason }
    errors { field code message }
  }
}
"""

REJECT = """
mutation Reject($input: RejectUserInput!) {
  rejectUser(input: $input) {
    user { id status decisionReason }
    errors { field code message }
  }
}
"""

SUSPEND = """
mutation Suspend($input: SuspendUserInput!) {
  suspendUser(input: $input) {
    user { id status decisionReason }
    errors { field code message }
  }
}
"""

REACTIVATE = """
mutation Reactivate($input: ReactivateUserInput!) {
  reactivateUser(input: $input) {
    user { id status }
    errors { field code message }
  }
}
"""

PENDING = """
query Pending($first: Int) {
  pendingUsers(first: $first) {
    totalCount
    edges { node { username phone email } }
  }
}
"""

USERS = """
query Users($filter: UserFilter) {
  users(filter: $filter, first: 100) {
    totalCount
    edges { node { username role status } }
  }
}
"""

ME = """
query { me { username fullName phone email role roleLabel status agency { code } } }
"""

CREATE_ADMIN = """
mutation Create($input: CreateMinistryAdminInput!) {
  createMinistryAdmin(input: $input) {
    user { username role status agency { code } }
    errors { field code message }
  }
}
"""


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


def registration(**overrides) -> dict:
    fields = {
        "username": "Somsri.K",
        "password": "ดอกไม้บานสะพรั่ง",
        "title": "นางสาว",
        "firstName": "สมศรี",
        "lastName": "ใจดี",
        "position": "ครูแนะแนว",
        "agencyKind": "SCHOOL",
        "agencyCode": "1010000001",
        "phone": "081-234-5678",
        "email": "somsri@example.test",
    }
    fields.update(overrides)
    return {"input": fields}


def gid(user: User) -> str:
    return to_global_id("User", user.id)


# ---------------------------------------------------------------- registration


async def test_register_school_staff_pending(app, tree):
    result = await gql(app, REGISTER, registration())

    payload = result["data"]["registerUser"]
    assert payload["errors"] == []
    assert payload["user"]["username"] == "Somsri.K"
    assert payload["user"]["fullName"] == "นางสาวสมศรี ใจดี"
    assert payload["user"]["role"] == "SCHOOL_STAFF"
    assert payload["user"]["status"] == "PENDING"
    assert payload["user"]["statusLabel"] == "รอการอนุมัติ"
    stored = await User.get(username_key="somsri.k")
    assert stored.phone == "0812345678"
    assert stored.agency_id == tree.school.id
    assert stored.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("kind", "code", "role"),
    [
        ("AREA_OFFICE", "10010000", "AREA_OFFICER"),
        ("AFFILIATION", "OBEC", "AFFILIATION_ADMIN"),
        ("PARTNER", "MOU-001", "PARTNER"),
    ],
)
async def test_register_role_follows_agency_kind(app, tree, kind, code, role):
    result = await gql(app, REGISTER, registration(agencyKind=kind, agencyCode=code))

    assert result["data"]["registerUser"]["errors"] == []
    assert result["data"]["registerUser"]["user"]["role"] == role


async def test_register_as_ministry_rejected(app, tree):
    result = await gql(app, REGISTER, registration(agencyKind="MINISTRY", agencyCode="MOE"))

    payload = result["data"]["registerUser"]
    assert payload["user"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("agencyKind", "INVALID")]
    assert await User.all().count() == 0


async def test_register_unknown_agency_code(app, tree):
    result = await gql(app, REGISTER, registration(agencyCode="9999999999"), headers={"accept-language": "en"})

    payload = result["data"]["registerUser"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("agencyCode", "NOT_FOUND")]
    assert payload["errors"][0]["message"] == "No school has the code '9999999999': check the agency code."


async def test_register_username_unique_ignoring_case(app, tree):
    await make_user(tree.school, username="somsri.k")

    result = await gql(app, REGISTER, registration(username="SOMSRI.K"))

    payload = result["data"]["registerUser"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("username", "DUPLICATE")]
    assert await User.filter(username_key="somsri.k").count() == 1


async def test_register_lists_every_bad_field(app, tree):
    bad = registration(username="x", title="", phone="12", email="not-an-email", password="short")

    result = await gql(app, REGISTER, bad)

    errors = result["data"]["registerUser"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        ("username", "INVALID"),
        ("title", "REQUIRED"),
        ("phone", "INVALID"),
        ("email", "INVALID"),
        ("password", "PASSWORD_POLICY"),
    ]


async def test_register_common_password_message(app, tree):
    result = await gql(app, REGISTER, registration(password="password123"), headers={"accept-language": "en"})

    errors = result["data"]["registerUser"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("password", "PASSWORD_POLICY")]
    assert errors[0]["message"].startswith("This password is one that many people use")


async def test_register_short_password_thai_message(app, tree):
    result = await gql(app, REGISTER, registration(password="ดอกไม้"))

    errors = result["data"]["registerUser"]["errors"]
    assert errors[0]["message"] == "รหัสผ่านสั้นเกินไป: มี 6 ตัวอักษร ต้องมีอย่างน้อย 10 ตัวอักษร"


async def test_register_inactive_agency_rejected(app, tree):
    tree.school_b.active = False
    await tree.school_b.save()

    result = await gql(app, REGISTER, registration(agencyCode="1010000002"))

    errors = result["data"]["registerUser"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("agencyCode", "INVALID")]


async def test_pending_user_cannot_sign_in(app, tree):
    await gql(app, REGISTER, registration())

    result = await gql(app, LOGIN, {"input": {"username": "somsri.k", "password": "ดอกไม้บานสะพรั่ง"}})

    payload = result["data"]["login"]
    assert payload["token"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(None, "FORBIDDEN")]
    assert "รอการอนุมัติ" in payload["errors"][0]["message"]
    assert await Session.all().count() == 0


# ---------------------------------------------------------------- approval chain


async def test_area_officer_approves_school_staff(app, tree):
    officer = await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")

    result = await gql(app, APPROVE, {"input": {"userId": gid(applicant), "reason": "ตรวจสอบแล้ว"}}, token=token)

    payload = result["data"]["approveUser"]
    assert payload["errors"] == []
    assert payload["user"]["status"] == "ACTIVE"
    assert payload["user"]["decisionReason"] == "ตรวจสอบแล้ว"
    stored = await User.get(id=applicant.id)
    assert stored.decided_by_id == officer.id
    assert stored.decided_at is not None
    assert await sign_in(app, "applicant")


@pytest.mark.parametrize(
    ("approver_agency", "applicant_agency"),
    [
        ("obec", "area"),
        ("ministry", "obec"),
        ("ministry", "partner"),
        ("opec", "school_opec_without_area"),
    ],
)
async def test_approval_chain_one_level_up(app, tree, approver_agency, applicant_agency):
    if applicant_agency == "school_opec_without_area":
        tree.school_opec.area_office_id = None
        await tree.school_opec.save()
        applicant_agency = "school_opec"
    await make_user(getattr(tree, approver_agency), username="approver")
    applicant = await make_user(getattr(tree, applicant_agency), username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "approver")

    result = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)

    assert result["data"]["approveUser"]["errors"] == []
    assert (await User.get(id=applicant.id)).status == UserStatus.ACTIVE


@pytest.mark.parametrize(
    ("approver_agency", "applicant_agency"),
    [
        ("area", "area"),  # a fellow area officer is approved by the affiliation
        ("obec", "school"),  # school staff are the area office's decision
        ("ministry", "area"),  # area officers are the affiliation's decision
        ("ministry", "school"),
    ],
)
async def test_approval_outside_chain_forbidden(app, tree, approver_agency, applicant_agency):
    await make_user(getattr(tree, approver_agency), username="approver")
    applicant = await make_user(getattr(tree, applicant_agency), username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "approver")

    result = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)

    payload = result["data"]["approveUser"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("userId", "FORBIDDEN")]
    assert (await User.get(id=applicant.id)).status == UserStatus.PENDING


async def test_approval_out_of_scope_looks_missing(app, tree):
    await make_user(tree.area_b, username="approver")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "approver")

    out_of_scope = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)
    missing = await gql(app, APPROVE, {"input": {"userId": to_global_id("User", 99999)}}, token=token)

    assert out_of_scope["data"]["approveUser"]["errors"] == missing["data"]["approveUser"]["errors"]
    assert [(e["field"], e["code"]) for e in missing["data"]["approveUser"]["errors"]] == [("userId", "NOT_FOUND")]
    assert (await User.get(id=applicant.id)).status == UserStatus.PENDING


async def test_approve_by_school_staff_is_graphql_error(app, tree):
    await make_user(tree.school, username="teacher")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "teacher")

    result = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)

    assert result["data"] is None
    assert error_codes(result) == ["FORBIDDEN"]
    assert (await User.get(id=applicant.id)).status == UserStatus.PENDING


async def test_approve_anonymous_is_graphql_error(app, tree):
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)

    result = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}})

    assert error_codes(result) == ["UNAUTHENTICATED"]


async def test_nobody_approves_themselves(tree):
    officer = await make_user(tree.area, username="officer", status=UserStatus.PENDING)
    actor = await _actor(officer)

    with pytest.raises(ServiceError) as raised:
        await accounts.approve_user(actor, officer.id)

    assert raised.value.code.value == "FORBIDDEN"
    assert raised.value.message_key == "not_yourself"


async def test_reject_requires_reason(app, tree):
    await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")

    result = await gql(app, REJECT, {"input": {"userId": gid(applicant), "reason": "  "}}, token=token)

    assert [(e["field"], e["code"]) for e in result["data"]["rejectUser"]["errors"]] == [("reason", "REQUIRED")]
    assert (await User.get(id=applicant.id)).status == UserStatus.PENDING


async def test_rejected_user_sees_reason(app, tree):
    await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")

    rejected = await gql(
        app, REJECT, {"input": {"userId": gid(applicant), "reason": "ไม่ใช่บุคลากรของโรงเรียน"}}, token=token
    )
    login = await gql(app, LOGIN, {"input": {"username": "applicant", "password": DEFAULT_PASSWORD}})

    assert rejected["data"]["rejectUser"]["user"]["status"] == "REJECTED"
    assert login["data"]["login"]["errors"][0]["code"] == "FORBIDDEN"
    assert "ไม่ใช่บุคลากรของโรงเรียน" in login["data"]["login"]["errors"][0]["message"]


async def test_approve_twice_conflicts(app, tree):
    await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")
    await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)

    again = await gql(app, APPROVE, {"input": {"userId": gid(applicant)}}, token=token)

    assert [(e["field"], e["code"]) for e in again["data"]["approveUser"]["errors"]] == [("userId", "CONFLICT")]


# ---------------------------------------------------------------- suspension


async def test_suspend_ends_sessions_and_sign_in(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    officer_token = await sign_in(app, "officer")
    teacher_token = await sign_in(app, "teacher")

    result = await gql(app, SUSPEND, {"input": {"userId": gid(teacher), "reason": "ย้ายไปสังกัดอื่น"}}, token=officer_token)
    me = await gql(app, ME, token=teacher_token)
    login = await gql(app, LOGIN, {"input": {"username": "teacher", "password": DEFAULT_PASSWORD}})

    assert result["data"]["suspendUser"]["user"]["status"] == "SUSPENDED"
    assert me["data"]["me"] is None
    assert login["data"]["login"]["errors"][0]["code"] == "FORBIDDEN"
    assert await Session.filter(user_id=teacher.id, revoked_at=None).count() == 0


async def test_reactivate_lets_sign_in_again(app, tree):
    await make_user(tree.obec, username="admin")
    teacher = await make_user(tree.school, username="teacher", status=UserStatus.SUSPENDED)
    token = await sign_in(app, "admin")

    result = await gql(app, REACTIVATE, {"input": {"userId": gid(teacher)}}, token=token)

    assert result["data"]["reactivateUser"]["errors"] == []
    assert result["data"]["reactivateUser"]["user"]["status"] == "ACTIVE"
    assert await sign_in(app, "teacher")


async def test_affiliation_admin_suspends_school_staff(app, tree):
    await make_user(tree.obec, username="admin")
    teacher = await make_user(tree.school, username="teacher")
    token = await sign_in(app, "admin")

    result = await gql(app, SUSPEND, {"input": {"userId": gid(teacher), "reason": "ลาออก"}}, token=token)

    assert result["data"]["suspendUser"]["errors"] == []


async def test_area_officer_cannot_suspend_peer(app, tree):
    await make_user(tree.area, username="officer")
    peer = await make_user(tree.area, username="peer")
    token = await sign_in(app, "officer")

    result = await gql(app, SUSPEND, {"input": {"userId": gid(peer), "reason": "ทดสอบ"}}, token=token)

    assert [(e["field"], e["code"]) for e in result["data"]["suspendUser"]["errors"]] == [("userId", "FORBIDDEN")]
    assert (await User.get(id=peer.id)).status == UserStatus.ACTIVE


async def test_admin_cannot_suspend_self(app, tree):
    admin = await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")

    result = await gql(app, SUSPEND, {"input": {"userId": gid(admin), "reason": "ทดสอบ"}}, token=token)

    errors = result["data"]["suspendUser"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("userId", "FORBIDDEN")]
    assert errors[0]["message"] == "ท่านไม่สามารถดำเนินการนี้กับบัญชีของตนเองได้"


# ---------------------------------------------------------------- lists and me


async def test_pending_users_only_decidable(app, tree):
    await make_user(tree.area, username="officer")
    await make_user(tree.school, username="mine", status=UserStatus.PENDING)
    await make_user(tree.school_b, username="mine.too", status=UserStatus.PENDING)
    await make_user(tree.school_c, username="other.area", status=UserStatus.PENDING)
    await make_user(tree.area, username="peer", status=UserStatus.PENDING)
    await make_user(tree.school, username="active")
    token = await sign_in(app, "officer")

    result = await gql(app, PENDING, token=token)

    page = result["data"]["pendingUsers"]
    assert page["totalCount"] == 2
    assert [edge["node"]["username"] for edge in page["edges"]] == ["mine", "mine.too"]
    assert page["edges"][0]["node"]["phone"] is not None
    assert page["edges"][0]["node"]["email"] == "mine@example.test"


async def test_pending_users_ministry_sees_affiliation_admins_and_partners(app, tree):
    await make_user(tree.ministry, username="admin")
    await make_user(tree.obec, username="obec.admin", status=UserStatus.PENDING)
    await make_user(tree.partner, username="partner", status=UserStatus.PENDING)
    await make_user(tree.area, username="officer", status=UserStatus.PENDING)
    token = await sign_in(app, "admin")

    result = await gql(app, PENDING, token=token)

    assert [edge["node"]["username"] for edge in result["data"]["pendingUsers"]["edges"]] == ["obec.admin", "partner"]


async def test_pending_users_forbidden_for_school_staff(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    result = await gql(app, PENDING, token=token)

    assert error_codes(result) == ["FORBIDDEN"]


async def test_users_filter_by_status(app, tree):
    await make_user(tree.obec, username="admin")
    await make_user(tree.school, username="active.one")
    await make_user(tree.school_c, username="suspended.one", status=UserStatus.SUSPENDED)
    token = await sign_in(app, "admin")

    result = await gql(app, USERS, {"filter": {"status": "SUSPENDED"}}, token=token)

    assert [edge["node"]["username"] for edge in result["data"]["users"]["edges"]] == ["suspended.one"]


async def test_me_returns_caller(app, tree):
    await make_user(tree.school, username="teacher")
    token = await sign_in(app, "teacher")

    result = await gql(app, ME, token=token, headers={"accept-language": "en"})

    me = result["data"]["me"]
    assert me["username"] == "teacher"
    assert me["fullName"] == "นายสมชาย ทดสอบ"
    assert me["role"] == "SCHOOL_STAFF"
    assert me["roleLabel"] == "School staff"
    assert me["agency"] == {"code": "1010000001"}
    assert me["phone"] is not None


async def test_me_anonymous_is_null(app, tree):
    result = await gql(app, ME)

    assert result == {"data": {"me": None}}


# ---------------------------------------------------------------- ministry admins


async def test_create_admin_from_command_line(tree):
    user = await accounts.create_ministry_admin(
        "Root.Admin", "ช้างเผือก-ป่าใหญ่-77", first_name="ผู้ดูแล", last_name="ระบบ"
    )

    assert user.role == UserRole.MINISTRY_ADMIN
    assert user.status == UserStatus.ACTIVE
    assert user.agency_id == tree.ministry.id
    assert await AuditEntry.filter(action="user.create_admin", success=True).count() == 1


async def test_create_admin_rejects_weak_password(tree):
    with pytest.raises(ValidationErrors) as raised:
        await accounts.create_ministry_admin("admin", "12345678", first_name="ผู้ดูแล", last_name="ระบบ")

    assert [(e.field, e.code.value) for e in raised.value.errors] == [("password", "PASSWORD_POLICY")]


async def test_create_admin_makes_ministry_when_missing(db):
    user = await accounts.create_ministry_admin("admin", "ช้างเผือก-ป่าใหญ่-77", first_name="ผู้ดูแล", last_name="ระบบ")

    agency = await user.agency
    assert agency.kind == "MINISTRY"
    assert agency.code == "MOE"


async def test_ministry_admin_creates_another(app, tree):
    await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")
    variables = {"input": {"username": "second", "password": "นกกระจิบ-บินสูง-42", "firstName": "สมหญิง", "lastName": "ดูแล"}}

    result = await gql(app, CREATE_ADMIN, variables, token=token)

    payload = result["data"]["createMinistryAdmin"]
    assert payload["errors"] == []
    assert payload["user"] == {"username": "second", "role": "MINISTRY_ADMIN", "status": "ACTIVE", "agency": {"code": "MOE"}}


async def test_affiliation_admin_cannot_create_admin(app, tree):
    await make_user(tree.obec, username="admin")
    token = await sign_in(app, "admin")
    variables = {"input": {"username": "second", "password": "นกกระจิบ-บินสูง-42", "firstName": "สมหญิง", "lastName": "ดูแล"}}

    result = await gql(app, CREATE_ADMIN, variables, token=token)

    assert error_codes(result) == ["FORBIDDEN"]
    assert await User.filter(username_key="second").count() == 0


# ---------------------------------------------------------------- helpers


async def _actor(user: User):
    from services.scope import actor_for_user

    return await actor_for_user(user)


async def test_http_client_helper_reuses_client(app, tree):
    await make_user(tree.school, username="teacher")

    async with client_for(app) as client:
        token = await sign_in(client, "teacher")
        result = await gql(client, ME, token=token)

    assert result["data"]["me"]["username"] == "teacher"
