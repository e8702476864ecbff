"""Accounts, their sign-in sessions and one-time reset codes."""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class UserRole(str, Enum):
    SCHOOL_STAFF = "SCHOOL_STAFF"
    AREA_OFFICER = "AREA_OFFICER"
    AFFILIATION_ADMIN = "AFFILIATION_ADMIN"
    MINISTRY_ADMIN = "MINISTRY_ADMIN"
    PARTNER = "PARTNER"


USER_ROLE_LABELS = {
    UserRole.SCHOOL_STAFF: ("ระดับสถานศึกษา", "School staff"),
    UserRole.AREA_OFFICER: ("ระดับเขตพื้นที่/จังหวัด", "Area officer"),
    UserRole.AFFILIATION_ADMIN: ("ผู้ดูแลระดับสังกัด", "Affiliation admin"),
    UserRole.MINISTRY_ADMIN: ("ผู้ดูแลระบบระดับกระทรวง", "Ministry admin"),
    UserRole.PARTNER: ("ภาคีเครือข่าย", "Partner"),
}


class UserStatus(str, Enum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


USER_STATUS_LABELS = {
    UserStatus.PENDING: ("รอการอนุมัติ", "Pending approval"),
    UserStatus.ACTIVE: ("ใช้งานได้", "Active"),
    UserStatus.REJECTED: ("ไม่อนุมัติ", "Rejected"),
    UserStatus.SUSPENDED: ("ระงับการใช้งาน", "Suspended"),
}


class User(Model):
    """A person who signs in. ``username_key`` is the lower-cased username, unique."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64)
    username_key = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    title = fields.CharField(max_length=32, default="")
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    position = fields.CharField(max_length=128, default="")
    phone = fields.CharField(max_length=32, default="")
    email = fields.CharField(max_length=255, default="")
    role = fields.CharEnumField(UserRole, max_length=24)
    agency = fields.ForeignKeyField("models.Agency", related_name="users", on_delete=fields.RESTRICT)
    status = fields.CharEnumField(UserStatus, max_length=16, default=UserStatus.PENDING)
    decided_by = fields.ForeignKeyField(
        "models.User", related_name="decisions", null=True, on_delete=fields.SET_NULL
    )
    decided_at = fields.DatetimeField(null=True)
    decision_reason = fields.TextField(default="")
    password_changed_at = fields.DatetimeField(null=True)
    failed_login_count = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "app_user"
        indexes = (("agency_id", "status"), ("status", "role"))


class SessionKind(str, Enum):
    BEARER = "BEARER"
    COOKIE = "COOKIE"


class Session(Model):
    """A signed-in session. Only the SHA-256 of its token is stored."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="sessions", on_delete=fields.CASCADE)
    token_hash = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(SessionKind, max_length=8, default=SessionKind.BEARER)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    client_address = fields.CharField(max_length=64, default="")

    class Meta:
        table = "user_session"
        indexes = (("user_id", "revoked_at"),)


class PasswordResetCode(Model):
    """A one-time code an admin issued so a user can set a new password."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="reset_codes", on_delete=fields.CASCADE)
    code_hash = fields.CharField(max_length=64, unique=True)
    issued_by = fields.ForeignKeyField(
        "models.User", related_name="issued_reset_codes", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "password_reset_code"


class LoginAttempt(Model):
    """A failed sign-in, kept to throttle guessing per account and per client address."""

    id = fields.BigIntField(primary_key=True)
    username_key = fields.CharField(max_length=64)
    client_address = fields.CharField(max_length=64)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "login_attempt"
        indexes = (("username_key", "at"), ("client_address", "at"))
