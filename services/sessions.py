"""Signing in and out, password changes, and admin-issued one-time reset codes.

Every outcome is audited. The audit entry of a failed sign-in names the account only when
it exists, because people sometimes type their password into the username box.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from models.agency import Agency
from models.user import PasswordResetCode, Session, SessionKind, User, UserRole, UserStatus
from services import audit, throttle
from services.accounts import (
    APPROVER_LABELS,
    MANAGER_ROLES,
    decision_forbidden_error,
    may_manage,
    require_user_in_scope,
    status_conflict_error,
    username_key,
)
from services.auth import (
    hash_password,
    hash_token,
    open_session,
    password_needs_rehash,
    revoke_all_sessions,
    revoke_session,
    utc_now,
    verify_password,
)
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.partners import bangkok_today, partner_access_error
from services.passwords import MAX_LENGTH, check_password
from services.scope import Actor, actor_for_user, require_actor, require_role
from services.settings import Settings

RESET_CODE_LIFETIME = dt.timedelta(hours=24)
# No 0/O, 1/I/L: the code is read out over the phone.
RESET_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESET_CODE_LENGTH = 12

register({
    "login_failed": (
        "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "The username or password is incorrect.",
    ),
    "account_pending": (
        "บัญชีของท่านยังรอการอนุมัติจาก{approver_th} จึงยังเข้าสู่ระบบไม่ได้",
        "Your account is waiting for approval by {approver_en}, so you cannot sign in yet.",
    ),
    "account_rejected": (
        "บัญชีของท่านไม่ได้รับการอนุมัติ เหตุผล: {reason}",
        "Your account was not approved. Reason: {reason}",
    ),
    "account_suspended": (
        "บัญชีของท่านถูกระงับการใช้งาน กรุณาติดต่อผู้อนุมัติบัญชีของท่าน",
        "Your account is suspended: contact the person who approves your account.",
    ),
    "current_password_wrong": (
        "รหัสผ่านปัจจุบันไม่ถูกต้อง",
        "The current password is incorrect.",
    ),
    "password_unchanged": (
        "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านปัจจุบัน",
        "The new password must differ from the current one.",
    ),
    "reset_code_invalid": (
        "ชื่อผู้ใช้หรือรหัสสำหรับตั้งรหัสผ่านใหม่ไม่ถูกต้อง หรือรหัสหมดอายุแล้ว "
        "กรุณาขอรหัสใหม่จากผู้อนุมัติบัญชีของท่าน",
        "The username or reset code is incorrect, or the code has expired: ask the person "
        "who approves your account for a new code.",
    ),
})


@dataclass(frozen=True)
class SignIn:
    """A new session: its token (shown once), when it expires, and who signed in."""

    token: str
    expires_at: dt.datetime
    kind: SessionKind
    user: User
    actor: Actor


def _lifetime(settings: Settings) -> dt.timedelta:
    return dt.timedelta(minutes=settings.token_lifetime_minutes)


async def _open(user: User, settings: Settings, kind: SessionKind, client_address: str) -> SignIn:
    token, session = await open_session(user, lifetime=_lifetime(settings), kind=kind, client_address=client_address)
    actor = await actor_for_user(user, session_id=session.id)
    return SignIn(token=token, expires_at=session.expires_at, kind=SessionKind(kind), user=user, actor=actor)


def _status_error(user: User) -> ServiceError:
    status = UserStatus(user.status)
    if status == UserStatus.PENDING:
        approver_th, approver_en = APPROVER_LABELS[UserRole(user.role)]
        return ServiceError(ErrorCode.FORBIDDEN, "account_pending", approver_th=approver_th, approver_en=approver_en)
    if status == UserStatus.REJECTED:
        return ServiceError(ErrorCode.FORBIDDEN, "account_rejected", reason=user.decision_reason or "-")
    return ServiceError(ErrorCode.FORBIDDEN, "account_suspended")


async def sign_in(
    username: str,
    password: str,
    *,
    settings: Settings,
    kind: SessionKind = SessionKind.BEARER,
    client_address: str = "",
    now: dt.datetime | None = None,
) -> SignIn:
    """Check the password and open a session; raise ``ServiceError`` on any failure.

    An unknown username is checked against a dummy hash, so it costs the same argon2
    verification as a wrong password and gets the same message.
    """
    now = now or utc_now()
    key = username_key(username)[:64]
    lockout = await throttle.current_lockout(key, client_address, settings, now)
    if lockout is not None:
        user = await User.get_or_none(username_key=key)
        await _audit_failed_login(user, client_address, "locked")
        raise throttle.lockout_error(lockout, now)

    user = await User.get_or_none(username_key=key)
    if len(password) > MAX_LENGTH * 8:
        # Still pay for one verification, so the response time reveals nothing about the name.
        verify_password(None, "")
        valid = False
    else:
        valid = verify_password(user.password_hash if user else None, password)
    if not valid or user is None:
        await throttle.record_failure(key, client_address, settings, now)
        await _audit_failed_login(user, client_address, "bad_credentials")
        raise ServiceError(ErrorCode.INVALID, "login_failed")

    if user.status != UserStatus.ACTIVE:
        await _audit_failed_login(user, client_address, f"status_{UserStatus(user.status).value.lower()}")
        raise _status_error(user)

    if user.role == UserRole.PARTNER:
        denied = partner_access_error(await Agency.get(id=user.agency_id), bangkok_today())
        if denied is not None:
            await _audit_failed_login(user, client_address, "partner_mou")
            # A plain ServiceError, so the reason reaches the login payload's errors.
            raise ServiceError(denied.code, denied.message_key, **denied.params)

    await throttle.clear_failures(key)
    user.last_login_at = now
    update = ["last_login_at"]
    if password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        update.append("password_hash")
    await user.save(update_fields=update)
    signed_in = await _open(user, settings, kind, client_address)
    await audit.record(
        signed_in.actor, "auth.login", target_type="User", target_ids=[user.id],
        client_address=client_address, details={"session": SessionKind(kind).value},
    )
    return signed_in


async def _audit_failed_login(user: User | None, client_address: str, reason: str) -> None:
    details: dict[str, object] = {"reason": reason}
    if user is not None:
        details["username"] = user.username
    else:
        details["account"] = "unknown"
    await audit.record(
        None, "auth.login", target_type="User", target_ids=[user.id] if user else [],
        success=False, client_address=client_address, details=details,
        actor_agency_id=user.agency_id if user else None,
    )


async def sign_out(actor: Actor | None, *, client_address: str = "") -> int:
    """End the caller's current session; return how many sessions ended (0 or 1)."""
    actor = require_actor(actor)
    ended = 0
    if actor.session_id is not None:
        ended = await Session.filter(id=actor.session_id, revoked_at=None).count()
        await revoke_session(actor.session_id)
    await audit.record(actor, "auth.logout", target_type="User", target_ids=[actor.user_id], client_address=client_address)
    return ended


async def sign_out_everywhere(actor: Actor | None, *, client_address: str = "") -> int:
    """End every session of the caller, on every device; return how many ended."""
    actor = require_actor(actor)
    ended = await revoke_all_sessions(actor.user_id)
    await audit.record(
        actor, "auth.logout_everywhere", target_type="User", target_ids=[actor.user_id],
        client_address=client_address, details={"sessions_revoked": ended},
    )
    return ended


async def change_password(
    actor: Actor | None,
    current_password: str,
    new_password: str,
    *,
    settings: Settings,
    client_address: str = "",
    now: dt.datetime | None = None,
) -> SignIn:
    """Set a new password, end every session of the account, and open a new one for this client.

    The new session has the kind of the one the request came with.
    """
    actor = require_actor(actor)
    now = now or utc_now()
    async with audit.audited(
        actor, "user.change_password", target_type="User", target_ids=[actor.user_id], client_address=client_address
    ) as draft:
        user = await User.get(id=actor.user_id)
        lockout = await throttle.current_lockout(user.username_key, client_address, settings, now)
        if lockout is not None:
            raise throttle.lockout_error(lockout, now)
        if not verify_password(user.password_hash, current_password):
            await throttle.record_failure(user.username_key, client_address, settings, now)
            raise ServiceError(ErrorCode.INVALID, "current_password_wrong", field="currentPassword")
        check_password(
            new_password, field="newPassword", username=user.username, personal_words=(user.first_name, user.last_name)
        )
        if new_password == current_password:
            raise ServiceError(ErrorCode.PASSWORD_POLICY, "password_unchanged", field="newPassword")

        kind = SessionKind.BEARER
        if actor.session_id is not None:
            session = await Session.get_or_none(id=actor.session_id)
            kind = SessionKind(session.kind) if session else kind
        user.password_hash = hash_password(new_password)
        user.password_changed_at = now
        await user.save(update_fields=["password_hash", "password_changed_at"])
        draft.details["sessions_revoked"] = await revoke_all_sessions(user.id)
        return await _open(user, settings, kind, client_address)


# ---------------------------------------------------------------- reset codes


@dataclass(frozen=True)
class ResetCode:
    """A one-time reset code as issued: the code itself (shown once) and its expiry."""

    code: str
    expires_at: dt.datetime
    user: User


def new_reset_code() -> str:
    """Return a random code written in groups of four, e.g. ``K7QM-2XHP-9RTA``."""
    raw = "".join(secrets.choice(RESET_CODE_ALPHABET) for _ in range(RESET_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RESET_CODE_LENGTH, 4))


def normalise_reset_code(code: str) -> str:
    """Return ``code`` without spaces and dashes, upper-cased, as it is hashed."""
    return "".join(ch for ch in code.upper() if ch not in " -")


async def issue_reset_code(
    actor: Actor | None, user_id: int, *, client_address: str = "", now: dt.datetime | None = None
) -> ResetCode:
    """Issue a one-time code with which ``user_id`` sets a new password; earlier codes stop working.

    Only the user's approver and the admins above them may issue one, for an active account.
    """
    actor = require_role(actor, *MANAGER_ROLES)
    now = now or utc_now()
    async with audit.audited(
        actor, "user.issue_reset_code", target_type="User", target_ids=[user_id], client_address=client_address
    ):
        user, agency = await require_user_in_scope(actor, user_id)
        if not may_manage(actor, user, agency):
            raise decision_forbidden_error(actor, user)
        if user.status != UserStatus.ACTIVE:
            raise status_conflict_error(user)
        await PasswordResetCode.filter(user_id=user.id, used_at=None, expires_at__gt=now).update(expires_at=now)
        code = new_reset_code()
        expires_at = now + RESET_CODE_LIFETIME
        await PasswordResetCode.create(
            user=user, code_hash=hash_token(normalise_reset_code(code)), issued_by_id=actor.user_id, expires_at=expires_at
        )
        return ResetCode(code=code, expires_at=expires_at, user=user)


async def reset_password(
    username: str,
    code: str,
    new_password: str,
    *,
    settings: Settings,
    client_address: str = "",
    now: dt.datetime | None = None,
) -> User:
    """Set a new password with a reset code, and end every session of the account.

    A wrong code counts as a failed sign-in for the throttle, so codes cannot be guessed.
    """
    now = now or utc_now()
    key = username_key(username)[:64]
    lockout = await throttle.current_lockout(key, client_address, settings, now)
    user = await User.get_or_none(username_key=key)
    async with audit.audited(
        None, "user.reset_password", target_type="User", target_ids=[user.id] if user else [],
        client_address=client_address, details={"username": user.username} if user else {"account": "unknown"},
    ):
        if lockout is not None:
            raise throttle.lockout_error(lockout, now)
        reset = None
        if user is not None and user.status == UserStatus.ACTIVE:
            reset = await PasswordResetCode.get_or_none(
                user_id=user.id, code_hash=hash_token(normalise_reset_code(code)), used_at=None, expires_at__gt=now
            )
        if reset is None:
            await throttle.record_failure(key, client_address, settings, now)
            raise ServiceError(ErrorCode.INVALID, "reset_code_invalid", field="code")
        check_password(
            new_password, field="newPassword", username=user.username, personal_words=(user.first_name, user.last_name)
        )
        used = await PasswordResetCode.filter(id=reset.id, used_at=None).update(used_at=now)
        if not used:
            raise ServiceError(ErrorCode.INVALID, "reset_code_invalid", field="code")
        user.password_hash = hash_password(new_password)
        user.password_changed_at = now
        await user.save(update_fields=["password_hash", "password_changed_at"])
        await revoke_all_sessions(user.id)
        await throttle.clear_failures(key)
        return user
