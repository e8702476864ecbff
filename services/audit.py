"""The audit log: who did what, when, to which records, and from which address.

Every mutation, sign-in (successful or not) and export writes one entry through
``record``. An entry never contains a password, token or reset code: ``record`` drops any
detail whose key names a secret, however a caller spells it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.agency import AgencyKind
from models.audit import AuditEntry
from models.user import UserRole
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.scope import Actor, require_role

# Parts of a detail key that mark a secret. A key is dropped when its lower-cased name
# contains any of them, e.g. "newPassword", "reset_code", "session_token".
SECRET_KEY_PARTS = ("password", "token", "code", "secret", "cookie", "authorization")

# Detail keys that contain "code" but name a public identifier, not a secret.
PUBLIC_CODE_KEYS = frozenset({
    "agency_code", "agencyCode", "school_code", "schoolCode", "province_code", "provinceCode",
    "error_code", "errorCode", "error_codes", "errorCodes",
})

MAX_TARGET_IDS = 1000
MAX_DETAIL_TEXT = 500

# Roles that may read the audit log. Area officers may not, because the log also records
# decisions about the officers of their own office, which are the affiliation's business.
AUDIT_READERS = (UserRole.AFFILIATION_ADMIN, UserRole.MINISTRY_ADMIN)

register({
    "audit_date_range": (
        "ช่วงเวลาไม่ถูกต้อง: วันเริ่มต้น {start} อยู่หลังวันสิ้นสุด {end}",
        "The time range is invalid: the start {start} is after the end {end}.",
    ),
})


def is_secret_key(key: str) -> bool:
    if key in PUBLIC_CODE_KEYS:
        return False
    lowered = key.lower()
    return any(part in lowered for part in SECRET_KEY_PARTS)


def clean_details(details: Mapping[str, object] | None) -> dict[str, object]:
    """Copy ``details`` without secret keys, with long text cut, ready to store as JSON."""
    if not details:
        return {}
    return {str(key): _clean_value(value) for key, value in details.items() if not is_secret_key(str(key))}


def _clean_value(value: object) -> object:
    if isinstance(value, Mapping):
        return clean_details(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_clean_value(item) for item in value]
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    text = value.isoformat() if isinstance(value, (dt.datetime, dt.date)) else str(value)
    return text[:MAX_DETAIL_TEXT]


async def record(
    actor: Actor | None,
    action: str,
    *,
    target_type: str = "",
    target_ids: Iterable[object] = (),
    success: bool = True,
    client_address: str = "",
    details: Mapping[str, object] | None = None,
    actor_agency_id: int | None = None,
) -> None:
    """Write one audit entry.

    ``action`` is a stable dotted name such as ``user.approve`` or ``export.students``.
    ``target_ids`` are the local ids of the records acted on, stored as strings, at most
    1000. Pass no secrets: any detail whose key names one is dropped anyway.
    ``actor_agency_id`` files an entry without an actor under an agency, so that the
    admins of that agency see it (a failed sign-in to one of its accounts).
    """
    ids = [str(item) for item in target_ids]
    if len(ids) > MAX_TARGET_IDS:
        details = {**(details or {}), "target_id_count": len(ids)}
        ids = ids[:MAX_TARGET_IDS]
    await AuditEntry.create(
        actor_id=actor.user_id if actor else None,
        actor_agency_id=actor.agency_id if actor else actor_agency_id,
        action=action[:64],
        target_type=target_type[:32],
        target_ids=ids,
        success=success,
        client_address=client_address[:64],
        details=clean_details(details),
    )


@dataclass
class AuditDraft:
    """Facts that an ``audited`` block adds to its entry once known, such as the id it created."""

    target_ids: list[object] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)


@asynccontextmanager
async def audited(
    actor: Actor | None,
    action: str,
    *,
    target_type: str = "",
    target_ids: Iterable[object] = (),
    client_address: str = "",
    details: Mapping[str, object] | None = None,
) -> AsyncIterator[AuditDraft]:
    """Record ``action`` when the block ends: a success, or a failure with its error codes.

    Only expected failures (``ServiceError``, ``ValidationErrors``) are recorded as
    failures; they are re-raised unchanged. A bug ends the block without an entry.
    """
    draft = AuditDraft(target_ids=list(target_ids), details=dict(details or {}))
    try:
        yield draft
    except ValidationErrors as errors:
        draft.details["errors"] = [f"{item.field}:{item.code.value}" for item in errors.errors]
        await _record_draft(actor, action, target_type, client_address, draft, success=False)
        raise
    except ServiceError as error:
        draft.details["errors"] = [f"{error.field}:{error.code.value}"]
        await _record_draft(actor, action, target_type, client_address, draft, success=False)
        raise
    await _record_draft(actor, action, target_type, client_address, draft, success=True)


async def _record_draft(
    actor: Actor | None, action: str, target_type: str, client_address: str, draft: AuditDraft, *, success: bool
) -> None:
    await record(
        actor,
        action,
        target_type=target_type,
        target_ids=draft.target_ids,
        success=success,
        client_address=client_address,
        details=draft.details,
    )


# ---------------------------------------------------------------- reading the log


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_id: int | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    target_type: str | None = None


def audit_scope(actor: Actor) -> Q:
    """Filter for the entries whose actor's agency is in the reader's subtree.

    Entries without an actor agency (failed sign-ins of unknown names, the command line)
    are visible to ministry admins only.
    """
    if actor.agency_kind == AgencyKind.MINISTRY:
        return Q()
    if actor.agency_kind == AgencyKind.AFFILIATION:
        return Q(actor_agency_id=actor.agency_id) | Q(actor_agency__affiliation_id=actor.agency_id)
    return Q(id__in=[])


def require_audit_reader(actor: Actor | None) -> Actor:
    """Return ``actor`` when they may read the audit log; otherwise raise ``AuthError``."""
    return require_role(actor, *AUDIT_READERS)


def query_entries(actor: Actor | None, audit_filter: AuditFilter) -> QuerySet[AuditEntry]:
    """Return the audit entries the reader may see that match ``audit_filter``, newest first.

    Raises ``AuthError`` for anyone but affiliation and ministry admins.
    """
    actor = require_audit_reader(actor)
    if audit_filter.start and audit_filter.end and audit_filter.start > audit_filter.end:
        raise ServiceError(
            ErrorCode.INVALID,
            "audit_date_range",
            field="from",
            start=audit_filter.start.isoformat(),
            end=audit_filter.end.isoformat(),
        )
    query = AuditEntry.filter(audit_scope(actor))
    if audit_filter.action:
        query = query.filter(action=audit_filter.action)
    if audit_filter.actor_id is not None:
        query = query.filter(actor_id=audit_filter.actor_id)
    if audit_filter.target_type:
        query = query.filter(target_type=audit_filter.target_type)
    if audit_filter.start:
        query = query.filter(at__gte=audit_filter.start)
    if audit_filter.end:
        query = query.filter(at__lt=audit_filter.end)
    return query.order_by("-at", "-id")
