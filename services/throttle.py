"""Throttling of failed sign-ins, per account name and per client address.

Every failed sign-in (a wrong password, an unknown name, a wrong reset code) is stored as
a ``LoginAttempt``. When an account name has ``login_max_failures`` failures within the
last ``login_lockout_minutes``, or a client address has ``login_max_failures_per_address``
failures, further attempts are rejected without checking the password until
``login_lockout_minutes`` after the latest failure. Rejected attempts are not stored, so
an attacker cannot keep an account locked for longer by guessing on.

Names that belong to no account are throttled exactly like real ones, so a lockout tells
nobody whether a name exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.user import LoginAttempt
from services.errors import ErrorCode, ServiceError
from services.i18n import register
from services.settings import Settings

# Thailand keeps UTC+7 all year, so a fixed offset is exact.
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")

THAI_MONTHS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

register({
    "login_locked": (
        "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินกำหนด ระบบจึงระงับการเข้าสู่ระบบไว้ชั่วคราว "
        "กรุณาลองใหม่หลังเวลา {time_th} ({until})",
        "Too many failed sign-ins, so signing in is paused: try again after {until} "
        "(in about {minutes} minutes).",
    ),
})


@dataclass(frozen=True)
class Lockout:
    """A pause on sign-ins for an account name or a client address, and when it ends."""

    until: dt.datetime
    by_address: bool


def _window(settings: Settings) -> dt.timedelta:
    return dt.timedelta(minutes=settings.login_lockout_minutes)


async def current_lockout(
    username_key: str, client_address: str, settings: Settings, now: dt.datetime
) -> Lockout | None:
    """Return the lockout in force for this account name or client address, or None."""
    since = now - _window(settings)
    account = await _lockout_end(
        LoginAttempt.filter(username_key=username_key, at__gt=since), settings.login_max_failures, settings
    )
    if account is not None:
        return Lockout(until=account, by_address=False)
    if client_address:
        address = await _lockout_end(
            LoginAttempt.filter(client_address=client_address, at__gt=since),
            settings.login_max_failures_per_address,
            settings,
        )
        if address is not None:
            return Lockout(until=address, by_address=True)
    return None


async def _lockout_end(query, limit: int, settings: Settings) -> dt.datetime | None:
    """Return when the lockout of ``query``'s failures ends, or None when under ``limit``."""
    latest = await query.order_by("-at").limit(limit).values_list("at", flat=True)
    if len(latest) < limit:
        return None
    return latest[0] + _window(settings)


async def record_failure(username_key: str, client_address: str, settings: Settings, now: dt.datetime) -> None:
    """Store a failed attempt, and drop this name's and address's attempts that no longer count."""
    await LoginAttempt.create(username_key=username_key[:64], client_address=client_address[:64], at=now)
    expired = now - _window(settings)
    await LoginAttempt.filter(username_key=username_key[:64], at__lte=expired).delete()
    if client_address:
        await LoginAttempt.filter(client_address=client_address[:64], at__lte=expired).delete()


async def clear_failures(username_key: str) -> None:
    """Forget an account name's failures after it signs in or resets its password."""
    await LoginAttempt.filter(username_key=username_key).delete()


def lockout_error(lockout: Lockout, now: dt.datetime) -> ServiceError:
    """Build the ``LOCKED`` error that tells the user when to try again, in Bangkok time and ISO 8601."""
    until = lockout.until.astimezone(dt.timezone.utc).replace(microsecond=0)
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return ServiceError(
        ErrorCode.LOCKED,
        "login_locked",
        until=until.isoformat(),
        time_th=thai_time(until),
        minutes=minutes,
    )


def thai_time(moment: dt.datetime) -> str:
    """Format ``moment`` in Bangkok time as Thai readers write it: 14:05 น. 5 ธ.ค. 2569."""
    local = moment.astimezone(BANGKOK)
    return f"{local:%H:%M} น. {local.day} {THAI_MONTHS[local.month - 1]} {local.year + 543}"
