"""The audit log: what is recorded, that no secret is, and who may read which entries."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from factories import DEFAULT_PASSWORD, make_agency_tree, make_user
from helpers import LOGIN, client_for, error_codes, gql, make_settings, sign_in
from main import create_app
from models.audit import AuditEntry
from models.user import UserStatus
from schema.base import to_global_id
from services import audit
from services.auth import utc_now
from services.errors import ErrorCode, ServiceError
from services.scope import actor_for_user

AUDIT_LOG = """
query Audit($filter: AuditLogFilter, $first: Int) {
  auditLog(filter: $filter, first: $first) {
    totalCount
    edges { node { action success targetType targetIds clientAddress details actor { username } actorAgency { code } } }
  }
}
"""

APPROVE = """
mutation Approve($input: ApproveUserInput!) { approveUser(input: $input) { errors { code } } }
"""
REJECT = """
mutation Reject($input: RejectUserInput!) { rejectUser(input: $input) { errors { code } } }
"""
CHANGE_PASSWORD = """
mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { token errors { code } } }
"""
ISSUE_CODE = """
mutation Issue($input: IssuePasswordResetCodeInput!) { issuePasswordResetCode(input: $input) { code errors { code } } }
"""
RESET = """
mutation Reset($input: ResetPasswordInput!) { resetPassword(input: $input) { ok errors { code } } }
"""
REGISTER = """
mutation Register($input: RegisterUserInput!) { registerUser(input: $input) { user { id } errors { code } } }
"""

NEW_PASSWORD = "แม่น้ำ-เจ้าพระยา-ไหลยาว"
RESET_PASSWORD = "ภูเขา-สูงเสียดฟ้า-99"


@pytest.fixture(scope="module")
def app():
    return create_app(make_settings(), manage_db=False)


@pytest.fixture
async def tree(db):
    return await make_agency_tree()


# ---------------------------------------------------------------- recording


async def test_record_drops_secret_details(tree):
    user = await make_user(tree.school, username="teacher")
    actor = await actor_for_user(user)

    await audit.record(
        actor,
        "test.secrets",
        target_type="User",
        target_ids=[user.id],
        client_address="10.1.1.1",
        details={
            "password": "x", "newPassword": "x", "token": "x", "session_token": "x", "reset_code": "x",
            "code": "x", "nested": {"password_hash": "x", "kept": 1}, "agency_code": "1010000001", "reason": "ok",
        },
    )

    entry = await AuditEntry.get()
    assert entry.details == {"nested": {"kept": 1}, "agency_code": "1010000001", "reason": "ok"}
    assert entry.actor_id == user.id
    assert entry.actor_agency_id == tree.school.id
    assert entry.target_ids == [str(user.id)]
    assert entry.client_address == "10.1.1.1"


async def test_audited_block_records_failure_codes(tree):
    user = await make_user(tree.school, username="teacher")
    actor = await actor_for_user(user)

    with pytest.raises(ServiceError):
        async with audit.audited(actor, "test.failure", target_type="Student", target_ids=[7]):
            raise ServiceError(ErrorCode.NOT_FOUND, "user_not_found", field="studentId")

    entry = await AuditEntry.get()
    assert entry.success is False
    assert entry.details == {"errors": ["studentId:NOT_FOUND"]}
    assert entry.target_ids == ["7"]


async def test_login_success_and_failure_recorded(app, tree):
    teacher = await make_user(tree.school, username="teacher")

    async with client_for(app, client_address="10.2.2.2") as client:
        await gql(client, LOGIN, {"input": {"username": "teacher", "password": "ผิด-ผิด-ผิด-ผิด"}})
        await gql(client, LOGIN, {"input": {"username": "teacher", "password": DEFAULT_PASSWORD}})

    failed, succeeded = await AuditEntry.filter(action="auth.login").order_by("id")
    assert (failed.success, failed.actor_id, failed.actor_agency_id) == (False, None, tree.school.id)
    assert failed.details == {"reason": "bad_credentials", "username": "teacher"}
    assert failed.target_ids == [str(teacher.id)]
    assert failed.client_address == "10.2.2.2"
    assert (succeeded.success, succeeded.actor_id) == (True, teacher.id)
    assert succeeded.details == {"session": "BEARER"}


async def test_unknown_name_failure_stores_no_name(app, tree):
    await gql(app, LOGIN, {"input": {"username": "MySecretPassword1", "password": "whatever-else"}})

    entry = await AuditEntry.get(action="auth.login")
    assert entry.details == {"reason": "bad_credentials", "account": "unknown"}
    assert entry.target_ids == []
    assert entry.actor_agency_id is None


async def test_decision_recorded_with_who_when_why(app, tree):
    officer = await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")
    before = utc_now()

    await gql(app, REJECT, {"input": {"userId": to_global_id("User", applicant.id), "reason": "ไม่พบชื่อในทะเบียนบุคลากร"}}, token=token)

    entry = await AuditEntry.get(action="user.reject")
    assert entry.actor_id == officer.id
    assert entry.success is True
    assert entry.target_type == "User"
    assert entry.target_ids == [str(applicant.id)]
    assert entry.details == {"reason": "ไม่พบชื่อในทะเบียนบุคลากร"}
    assert before <= entry.at <= utc_now()


async def test_rejected_decision_recorded_as_failure(app, tree):
    await make_user(tree.area_b, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    token = await sign_in(app, "officer")

    await gql(app, APPROVE, {"input": {"userId": to_global_id("User", applicant.id)}}, token=token)

    entry = await AuditEntry.get(action="user.approve")
    assert entry.success is False
    assert entry.details == {"errors": ["userId:NOT_FOUND"]}


async def test_no_secret_reaches_the_log(app, tree):
    await make_user(tree.area, username="officer")
    teacher = await make_user(tree.school, username="teacher")
    officer_token = await sign_in(app, "officer")
    teacher_token = await sign_in(app, "teacher")
    changed = await gql(
        app, CHANGE_PASSWORD, {"input": {"currentPassword": DEFAULT_PASSWORD, "newPassword": NEW_PASSWORD}}, token=teacher_token
    )
    issued = await gql(app, ISSUE_CODE, {"input": {"userId": to_global_id("User", teacher.id)}}, token=officer_token)
    code = issued["data"]["issuePasswordResetCode"]["code"]
    await gql(app, RESET, {"input": {"username": "teacher", "code": code, "newPassword": RESET_PASSWORD}})
    await gql(app, REGISTER, {"input": {
        "username": "new.one", "password": "ดอกไม้บานสะพรั่ง", "title": "นาย", "firstName": "ก", "lastName": "ข",
        "position": "ครู", "agencyKind": "SCHOOL", "agencyCode": "1010000001", "phone": "0812345678", "email": "a@b.test",
    }})

    stored = json.dumps([entry.__dict__ for entry in await AuditEntry.all()], default=str, ensure_ascii=False)
    secrets = [
        DEFAULT_PASSWORD, NEW_PASSWORD, RESET_PASSWORD, "ดอกไม้บานสะพรั่ง", officer_token, teacher_token,
        changed["data"]["changePassword"]["token"], code, code.replace("-", ""),
    ]
    for secret in secrets:
        assert secret not in stored
    actions = {entry.action for entry in await AuditEntry.all()}
    assert actions == {
        "auth.login", "user.change_password", "user.issue_reset_code", "user.reset_password", "user.register",
    }


# ---------------------------------------------------------------- reading


async def _entries(tree) -> None:
    obec_user = await actor_for_user(await make_user(tree.school, username="obec.teacher"))
    opec_user = await actor_for_user(await make_user(tree.school_opec, username="opec.teacher"))
    await audit.record(obec_user, "visit.record", target_type="Student", target_ids=[1])
    await audit.record(opec_user, "visit.record", target_type="Student", target_ids=[2])
    await audit.record(None, "auth.login", success=False, details={"account": "unknown"})


async def test_ministry_admin_reads_everything(app, tree):
    await _entries(tree)
    await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")

    result = await gql(app, AUDIT_LOG, {"filter": {"action": "visit.record"}}, token=token)

    log = result["data"]["auditLog"]
    assert log["totalCount"] == 2
    assert [edge["node"]["targetIds"] for edge in log["edges"]] == [["2"], ["1"]]


async def test_affiliation_admin_reads_own_affiliation(app, tree):
    await _entries(tree)
    await make_user(tree.obec, username="admin")
    token = await sign_in(app, "admin")

    result = await gql(app, AUDIT_LOG, {"filter": {"action": "visit.record"}}, token=token)

    edges = result["data"]["auditLog"]["edges"]
    assert [edge["node"]["actor"] for edge in edges] == [{"username": "obec.teacher"}]
    assert [edge["node"]["actorAgency"] for edge in edges] == [{"code": "1010000001"}]


async def test_affiliation_admin_sees_no_anonymous_entries(app, tree):
    await _entries(tree)
    await make_user(tree.obec, username="admin")
    token = await sign_in(app, "admin")

    result = await gql(app, AUDIT_LOG, {"filter": {"action": "auth.login"}}, token=token)

    edges = result["data"]["auditLog"]["edges"]
    assert [(edge["node"]["actor"], edge["node"]["success"]) for edge in edges] == [({"username": "admin"}, True)]


@pytest.mark.parametrize("agency", ["school", "area", "partner"])
async def test_audit_log_forbidden_below_affiliation(app, tree, agency):
    await make_user(getattr(tree, agency), username="reader")
    token = await sign_in(app, "reader")

    result = await gql(app, AUDIT_LOG, token=token)

    assert error_codes(result) == ["FORBIDDEN"]


async def test_audit_log_anonymous_rejected(app, tree):
    result = await gql(app, AUDIT_LOG)

    assert error_codes(result) == ["UNAUTHENTICATED"]


async def test_audit_log_filters(app, tree):
    await _entries(tree)
    admin = await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")
    teacher = await make_user(tree.school_b, username="filtered")
    await audit.record(await actor_for_user(teacher), "export.students", target_type="Export")
    later = (utc_now() + dt.timedelta(hours=1)).isoformat()

    by_actor = await gql(app, AUDIT_LOG, {"filter": {"actorId": to_global_id("User", teacher.id)}}, token=token)
    by_type = await gql(app, AUDIT_LOG, {"filter": {"targetType": "Export"}}, token=token)
    future = await gql(app, AUDIT_LOG, {"filter": {"from": later}}, token=token)
    by_admin = await gql(app, AUDIT_LOG, {"filter": {"actorId": to_global_id("User", admin.id), "action": "auth.login"}}, token=token)

    assert [e["node"]["action"] for e in by_actor["data"]["auditLog"]["edges"]] == ["export.students"]
    assert by_type["data"]["auditLog"]["totalCount"] == 1
    assert future["data"]["auditLog"]["totalCount"] == 0
    assert by_admin["data"]["auditLog"]["totalCount"] == 1


async def test_audit_log_rejects_reversed_range(app, tree):
    await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")
    now = utc_now()

    result = await gql(
        app, AUDIT_LOG, {"filter": {"from": now.isoformat(), "to": (now - dt.timedelta(days=1)).isoformat()}}, token=token
    )

    assert error_codes(result) == ["INVALID"]
    assert result["errors"][0]["extensions"]["field"] == "from"


async def test_audit_log_page_size_capped(app, tree):
    await make_user(tree.ministry, username="admin")
    token = await sign_in(app, "admin")

    result = await gql(app, AUDIT_LOG, {"first": 101}, token=token)

    assert error_codes(result) == ["TOO_LARGE"]


LOGOUT = "mutation { logout { sessionsEnded } }"
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere { sessionsEnded } }"
SUSPEND = "mutation S($input: SuspendUserInput!) { suspendUser(input: $input) { errors { code } } }"
REACTIVATE = "mutation R($input: ReactivateUserInput!) { reactivateUser(input: $input) { errors { code } } }"
CREATE_ADMIN = """
mutation C($input: CreateMinistryAdminInput!) { createMinistryAdmin(input: $input) { errors { code } } }
"""


async def test_every_account_mutation_recorded(app, tree):
    admin = await make_user(tree.ministry, username="admin")
    await make_user(tree.area, username="officer")
    applicant = await make_user(tree.school, username="applicant", status=UserStatus.PENDING)
    other = await make_user(tree.school, username="other", status=UserStatus.PENDING)
    officer = await sign_in(app, "officer")
    admin_token = await sign_in(app, "admin")
    applicant_id = to_global_id("User", applicant.id)

    await gql(app, APPROVE, {"input": {"userId": applicant_id}}, token=officer)
    await gql(app, REJECT, {"input": {"userId": to_global_id("User", other.id), "reason": "ซ้ำ"}}, token=officer)
    await gql(app, SUSPEND, {"input": {"userId": applicant_id, "reason": "ลาออก"}}, token=officer)
    await gql(app, REACTIVATE, {"input": {"userId": applicant_id}}, token=officer)
    await gql(app, CREATE_ADMIN, {"input": {"username": "admin2", "password": "นกกระจิบ-บินสูง-42", "firstName": "ก", "lastName": "ข"}}, token=admin_token)
    await gql(app, LOGOUT_EVERYWHERE, token=admin_token)
    await gql(app, LOGOUT, token=officer)

    recorded = [(entry.action, entry.success) for entry in await AuditEntry.exclude(action="auth.login").order_by("id")]
    assert recorded == [
        ("user.approve", True),
        ("user.reject", True),
        ("user.suspend", True),
        ("user.reactivate", True),
        ("user.create_admin", True),
        ("auth.logout_everywhere", True),
        ("auth.logout", True),
    ]
    assert (await AuditEntry.get(action="auth.logout_everywhere")).actor_id == admin.id
