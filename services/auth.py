"""Password hashing and opaque session tokens.

Passwords are hashed with argon2id. A session token is 32 random bytes, URL-safe base64;
the database stores only its SHA-256, so a leaked table does not let anyone sign in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models.user import Session, SessionKind, User, UserStatus

_hasher = PasswordHasher()  # argon2id with the library's current recommended costs

# A hash of a random password, verified against when the username is unknown, so an
# unknown name takes as long to reject as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check ``password`` against ``password_hash``; with no hash, spend the same time and fail."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def open_session(
    user: User,
    *,
    lifetime: dt.timedelta,
    kind: SessionKind = SessionKind.BEARER,
    client_address: str = "",
) -> tuple[str, Session]:
    """Create a session for ``user`` and return its token (shown once) and the row."""
    token = new_token()
    now = utc_now()
    session = await Session.create(
        user=user,
        token_hash=hash_token(token),
        kind=kind,
        expires_at=now + lifetime,
        last_used_at=now,
        client_address=client_address[:64],
    )
    return token, session


async def user_for_token(
    token: str, *, lifetime: dt.timedelta, renew_after: dt.timedelta
) -> tuple[User, Session] | None:
    """Return the active user and session of ``token``, or None when it is unknown or ended.

    A session in use is renewed: when more than ``renew_after`` has passed since it was
    last renewed, its expiry moves to now plus ``lifetime``.
    """
    # The user's agency comes in the same statement: every request needs it for the scope.
    session = await Session.get_or_none(token_hash=hash_token(token)).select_related("user__agency")
    if session is None or session.revoked_at is not None:
        return None
    now = utc_now()
    if session.expires_at <= now:
        return None
    user = session.user
    if user.status != UserStatus.ACTIVE:
        return None
    if session.last_used_at is None or now - session.last_used_at >= renew_after:
        session.last_used_at = now
        session.expires_at = now + lifetime
        await session.save(update_fields=["last_used_at", "expires_at"])
    return user, session


async def revoke_session(session_id: int) -> None:
    await Session.filter(id=session_id, revoked_at=None).update(revoked_at=utc_now())


async def revoke_all_sessions(user_id: int) -> int:
    """End every open session of a user; return how many were open."""
    return await Session.filter(user_id=user_id, revoked_at=None).update(revoked_at=utc_now())
