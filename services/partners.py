"""Partner organisations (ภาคีเครือข่าย) and the provinces open for phase 2.

A ministry admin records each organisation that signed an MOU with the ministry: its
code, names, MOU reference, the provinces it covers and the MOU's first and last day.
Its staff register with the organisation's code and a ministry admin approves them
(``services.accounts``).

A partner sees the children whose home province it covers and that a ministry admin has
opened for phase 2, and only while its MOU is in force: from ``mou_starts_on`` to
``mou_ends_on`` inclusive (Asia/Bangkok dates), and never after it was revoked. The scope
is rebuilt on every request (``services.scope.actor_for_user``), so an MOU that ends or a
province that closes takes effect on the partner's next request. Revoking an MOU also ends
every session of the organisation's accounts at once. ``partner_access_error`` builds the
error that says why access stopped; sign-in refuses a partner's account with it, and
partner-only operations such as recording help report it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.agency import Agency, AgencyKind, AgencyProvince, Phase2Province
from models.geo import Province
from models.user import Session, User, UserRole
from services import audit
from services.auth import utc_now
from services.errors import AuthError, ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.scope import Actor, require_role

# Thailand keeps UTC+7 all year, so a fixed offset is exact.
BANGKOK = dt.timezone(dt.timedelta(hours=7), "Asia/Bangkok")

THAI_MONTHS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)

PARTNER_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,31}")
MAX_REASON_LENGTH = 1000

# API field name -> (Thai label, English label, maximum length, required).
TEXT_FIELDS = {
    "nameTh": ("ชื่อภาษาไทย", "Thai name", 255, True),
    "nameEn": ("ชื่อภาษาอังกฤษ", "English name", 255, False),
    "mouReference": ("เลขที่บันทึกข้อตกลง", "MOU reference", 128, True),
}

# API field name -> Agency column.
COLUMNS = {
    "nameTh": "name_th",
    "nameEn": "name_en",
    "mouReference": "mou_reference",
    "startsOn": "mou_starts_on",
    "endsOn": "mou_ends_on",
}

register({
    "partner_code_invalid": (
        "รหัสภาคีเครือข่าย '{value}' ไม่ถูกต้อง ต้องยาว 2-32 ตัวอักษร ใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข "
        "และเครื่องหมาย . _ - โดยขึ้นต้นด้วยอักษรหรือตัวเลข",
        "The partner code '{value}' is invalid: use 2-32 English letters, digits and . _ -, "
        "starting with a letter or digit.",
    ),
    "partner_code_taken": (
        "รหัสภาคีเครือข่าย '{value}' มีอยู่แล้ว กรุณาใช้รหัสอื่น",
        "The partner code '{value}' is already used: choose another.",
    ),
    "partner_field_required": (
        "กรุณากรอก{label_th}",
        "The {label_en} is required.",
    ),
    "partner_field_too_long": (
        "{label_th}ยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The {label_en} has {length} characters; the limit is {limit}.",
    ),
    "partner_date_required": (
        "กรุณาระบุ{label_th}ของบันทึกข้อตกลง",
        "The MOU's {label_en} is required.",
    ),
    "partner_provinces_required": (
        "กรุณาระบุจังหวัดที่ภาคีเครือข่ายรับผิดชอบอย่างน้อยหนึ่งจังหวัด",
        "Give at least one province that the partner organisation covers.",
    ),
    "partner_province_unknown": (
        "ไม่พบจังหวัดรหัส '{value}' รหัสจังหวัดมี 2 หลักตามรหัสกรมการปกครอง เช่น 10 คือกรุงเทพมหานคร",
        "The province code '{value}' was not found: use a 2-digit DOPA province code, e.g. 10 for Bangkok.",
    ),
    "partner_dates_order": (
        "วันสิ้นสุดบันทึกข้อตกลง ({ends_on}) อยู่ก่อนวันเริ่มต้น ({starts_on}) กรุณาตรวจสอบวันที่",
        "The MOU's end date {ends_on} is before its start date {starts_on}: check the dates.",
    ),
    "partner_nothing_to_update": (
        "ไม่มีข้อมูลที่จะแก้ไข กรุณาระบุอย่างน้อยหนึ่งช่อง",
        "Nothing to update: give at least one field to change.",
    ),
    "partner_not_found": (
        "ไม่พบภาคีเครือข่ายที่ระบุ",
        "The partner organisation was not found.",
    ),
    "partner_already_revoked": (
        "บันทึกข้อตกลงของภาคีเครือข่ายนี้ถูกยกเลิกไปแล้วเมื่อ {date} จึงเปลี่ยนแปลงไม่ได้ "
        "หากลงนามบันทึกข้อตกลงฉบับใหม่ ให้บันทึกเป็นภาคีเครือข่ายรายการใหม่",
        "The MOU of this partner organisation was revoked on {date_en}, so it cannot be changed: "
        "record a new MOU as a new partner organisation.",
    ),
    "partner_reason_required": (
        "กรุณาระบุเหตุผลที่ยกเลิกบันทึกข้อตกลง",
        "A reason for revoking the MOU is required.",
    ),
    "partner_mou_not_started": (
        "บันทึกข้อตกลงของ{name}เริ่มมีผลวันที่ {date} ก่อนวันดังกล่าวบัญชีของภาคีเครือข่ายยังใช้งานระบบไม่ได้",
        "The MOU of {name_en} takes effect on {date_en}; until then its accounts cannot use the system.",
    ),
    "partner_mou_ended": (
        "บันทึกข้อตกลงของ{name}สิ้นสุดแล้วเมื่อวันที่ {date} บัญชีของภาคีเครือข่ายจึงใช้งานระบบไม่ได้ "
        "หากต่ออายุบันทึกข้อตกลงแล้ว กรุณาติดต่อผู้ดูแลระบบระดับกระทรวง",
        "The MOU of {name_en} ended on {date_en}, so its accounts can no longer use the system: "
        "if the MOU was renewed, contact a ministry admin.",
    ),
    "partner_mou_revoked": (
        "บันทึกข้อตกลงของ{name}ถูกยกเลิกเมื่อวันที่ {date} บัญชีของภาคีเครือข่ายจึงใช้งานระบบไม่ได้",
        "The MOU of {name_en} was revoked on {date_en}, so its accounts can no longer use the system.",
    ),
    "partner_inactive": (
        "{name}ถูกปิดการใช้งาน บัญชีของภาคีเครือข่ายจึงใช้งานระบบไม่ได้",
        "{name_en} is closed, so its accounts cannot use the system.",
    ),
    "partner_ministry_missing": (
        "ไม่พบหน่วยงานระดับกระทรวงในฐานข้อมูล กรุณานำเข้าข้อมูลอ้างอิงก่อน (คำสั่ง load-reference)",
        "The ministry agency is missing from the database: load the reference data first (load-reference).",
    ),
    "phase2_province_unknown": (
        "ไม่พบจังหวัดรหัส '{value}' รหัสจังหวัดมี 2 หลักตามรหัสกรมการปกครอง เช่น 10 คือกรุงเทพมหานคร",
        "The province code '{value}' was not found: use a 2-digit DOPA province code, e.g. 10 for Bangkok.",
    ),
})


# ---------------------------------------------------------------- dates


def bangkok_today(now: dt.datetime | None = None) -> dt.date:
    """Return today's date in Thailand, which decides whether an MOU is in force."""
    return (now or utc_now()).astimezone(BANGKOK).date()


def thai_date(day: dt.date) -> str:
    """Format ``day`` as Thai readers write it, with the Buddhist-Era year: 5 ธ.ค. 2569."""
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + 543}"


def _date_params(day: dt.date) -> dict[str, str]:
    return {"date": thai_date(day), "date_en": day.isoformat()}


# ---------------------------------------------------------------- whether an MOU is in force


class MouStatus(str, Enum):
    """State of a partner's MOU on a given day."""

    NOT_STARTED = "NOT_STARTED"
    IN_FORCE = "IN_FORCE"
    ENDED = "ENDED"
    REVOKED = "REVOKED"
    CLOSED = "CLOSED"


MOU_STATUS_LABELS = {
    MouStatus.NOT_STARTED: ("ยังไม่เริ่มมีผล", "Not yet in force"),
    MouStatus.IN_FORCE: ("มีผลบังคับใช้", "In force"),
    MouStatus.ENDED: ("สิ้นสุดแล้ว", "Ended"),
    MouStatus.REVOKED: ("ถูกยกเลิก", "Revoked"),
    MouStatus.CLOSED: ("ปิดการใช้งาน", "Closed"),
}


def mou_status(agency: Agency, today: dt.date) -> MouStatus:
    """Return the state of partner ``agency``'s MOU on ``today``; the first and last day count as in force."""
    if agency.mou_revoked_at is not None:
        return MouStatus.REVOKED
    if not agency.active:
        return MouStatus.CLOSED
    if agency.mou_starts_on is not None and today < agency.mou_starts_on:
        return MouStatus.NOT_STARTED
    if agency.mou_ends_on is not None and today > agency.mou_ends_on:
        return MouStatus.ENDED
    return MouStatus.IN_FORCE


def mou_in_force(agency: Agency, today: dt.date) -> bool:
    """Tell whether a partner's MOU covers ``today`` and has not been revoked."""
    return mou_status(agency, today) == MouStatus.IN_FORCE


def partner_access_error(agency: Agency, today: dt.date) -> AuthError | None:
    """Return why the accounts of partner ``agency`` may not use the system ``today``, or None.

    The error names the organisation and the date that decides: when the MOU starts, when
    it ended, or when it was revoked.
    """
    names = {"name": agency.name_th, "name_en": agency.name_en or agency.name_th}
    status = mou_status(agency, today)
    if status == MouStatus.REVOKED:
        day = agency.mou_revoked_at.astimezone(BANGKOK).date()
        return AuthError(ErrorCode.FORBIDDEN, "partner_mou_revoked", **names, **_date_params(day))
    if status == MouStatus.CLOSED:
        return AuthError(ErrorCode.FORBIDDEN, "partner_inactive", **names)
    if status == MouStatus.NOT_STARTED:
        return AuthError(ErrorCode.FORBIDDEN, "partner_mou_not_started", **names, **_date_params(agency.mou_starts_on))
    if status == MouStatus.ENDED:
        return AuthError(ErrorCode.FORBIDDEN, "partner_mou_ended", **names, **_date_params(agency.mou_ends_on))
    return None


async def require_partner_in_force(actor: Actor | None) -> tuple[Actor, Agency]:
    """Return a partner actor and their organisation while its MOU is in force; raise ``AuthError`` otherwise."""
    actor = require_role(actor, UserRole.PARTNER)
    agency = await Agency.get(id=actor.agency_id)
    error = partner_access_error(agency, bangkok_today())
    if error is not None:
        raise error
    return actor, agency


async def partner_open_province_codes(agency: Agency, today: dt.date) -> frozenset[str]:
    """Return the provinces a partner covers that are open for phase 2, or none if its MOU lapsed."""
    if not mou_in_force(agency, today):
        return frozenset()
    covered = await AgencyProvince.filter(agency_id=agency.id).values_list("province_id", flat=True)
    opened = await Phase2Province.filter(province_id__in=list(covered)).values_list(
        "province_id", flat=True
    )
    return frozenset(opened)


# ---------------------------------------------------------------- recording organisations


@dataclass(frozen=True)
class PartnerInput:
    """Fields of a new partner organisation, as a ministry admin records them."""

    code: str
    name_th: str
    name_en: str
    mou_reference: str
    province_codes: tuple[str, ...]
    starts_on: dt.date | None
    ends_on: dt.date | None


def _clean_text(errors: list[ServiceError], field: str, value: str | None) -> str:
    label_th, label_en, limit, required = TEXT_FIELDS[field]
    text = " ".join((value or "").split())
    if required and not text:
        errors.append(ServiceError(ErrorCode.REQUIRED, "partner_field_required", field=field, label_th=label_th, label_en=label_en))
    elif len(text) > limit:
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "partner_field_too_long", field=field,
                label_th=label_th, label_en=label_en, length=len(text), limit=limit,
            )
        )
    return text


def _check_date(errors: list[ServiceError], field: str, value: dt.date | None) -> None:
    if value is None:
        label_th, label_en = ("วันเริ่มต้น", "start date") if field == "startsOn" else ("วันสิ้นสุด", "end date")
        errors.append(ServiceError(ErrorCode.REQUIRED, "partner_date_required", field=field, label_th=label_th, label_en=label_en))


def _check_date_order(errors: list[ServiceError], starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "partner_dates_order", field="endsOn",
                starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat(),
            )
        )


async def _clean_provinces(errors: list[ServiceError], codes: Iterable[str] | None) -> list[str]:
    """Return the distinct province codes, in the order given, after checking that each exists."""
    wanted = list(dict.fromkeys(code.strip() for code in (codes or ()) if code.strip()))
    if not wanted:
        errors.append(ServiceError(ErrorCode.REQUIRED, "partner_provinces_required", field="provinceCodes"))
        return []
    known = set(await Province.filter(code__in=wanted).values_list("code", flat=True))
    for code in wanted:
        if code not in known:
            errors.append(ServiceError(ErrorCode.NOT_FOUND, "partner_province_unknown", field="provinceCodes", value=code[:8]))
    return wanted


async def _ministry() -> Agency:
    ministry = await Agency.filter(kind=AgencyKind.MINISTRY).order_by("id").first()
    if ministry is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "partner_ministry_missing")
    return ministry


async def _set_provinces(agency_id: int, codes: list[str]) -> None:
    """Make the organisation's coverage rows equal ``codes``."""
    current = set(await AgencyProvince.filter(agency_id=agency_id).values_list("province_id", flat=True))
    removed = current - set(codes)
    if removed:
        await AgencyProvince.filter(agency_id=agency_id, province_id__in=sorted(removed)).delete()
    for code in codes:
        if code not in current:
            await AgencyProvince.create(agency_id=agency_id, province_id=code)


async def create_partner(actor: Actor | None, data: PartnerInput, *, client_address: str = "") -> Agency:
    """Record a partner organisation under the ministry. For ministry admins only.

    Raises ``ValidationErrors`` listing every bad field, or ``ServiceError`` with
    DUPLICATE when another organisation has the code.
    """
    actor = require_role(actor, UserRole.MINISTRY_ADMIN)
    code = data.code.strip()
    async with audit.audited(
        actor, "partner.create", target_type="Agency", client_address=client_address,
        details={"partner": code[:32], "province_codes": list(data.province_codes)[:77]},
    ) as draft:
        errors: list[ServiceError] = []
        if not PARTNER_CODE_PATTERN.fullmatch(code):
            errors.append(ServiceError(ErrorCode.INVALID, "partner_code_invalid", field="code", value=code[:32]))
        values = {
            "name_th": _clean_text(errors, "nameTh", data.name_th),
            "name_en": _clean_text(errors, "nameEn", data.name_en),
            "mou_reference": _clean_text(errors, "mouReference", data.mou_reference),
        }
        _check_date(errors, "startsOn", data.starts_on)
        _check_date(errors, "endsOn", data.ends_on)
        _check_date_order(errors, data.starts_on, data.ends_on)
        provinces = await _clean_provinces(errors, data.province_codes)
        if errors:
            raise ValidationErrors(errors)
        if await Agency.filter(kind=AgencyKind.PARTNER, code=code).exists():
            raise ServiceError(ErrorCode.DUPLICATE, "partner_code_taken", field="code", value=code)

        ministry = await _ministry()
        async with in_transaction():
            agency = await Agency.create(
                kind=AgencyKind.PARTNER,
                code=code,
                parent_id=ministry.id,
                mou_starts_on=data.starts_on,
                mou_ends_on=data.ends_on,
                **values,
            )
            await _set_provinces(agency.id, provinces)
        draft.target_ids.append(agency.id)
        return agency


async def update_partner(
    actor: Actor | None, partner_id: int, changes: Mapping[str, object], *, client_address: str = ""
) -> Agency:
    """Change the names, MOU reference, dates or provinces of a partner organisation.

    ``changes`` maps API field names (``nameTh``, ``nameEn``, ``mouReference``,
    ``startsOn``, ``endsOn``, ``provinceCodes``) to new values; fields left out stay as
    they are. The code cannot change, because staff register with it. A revoked MOU
    cannot be changed.
    """
    actor = require_role(actor, UserRole.MINISTRY_ADMIN)
    async with audit.audited(
        actor, "partner.update", target_type="Agency", target_ids=[partner_id], client_address=client_address,
        details={"fields": sorted(changes)},
    ):
        agency = await _partner(partner_id)
        if agency.mou_revoked_at is not None:
            raise ServiceError(ErrorCode.CONFLICT, "partner_already_revoked", field="partnerId", **_revoked_params(agency))
        if not changes:
            raise ServiceError(ErrorCode.INVALID, "partner_nothing_to_update")

        errors: list[ServiceError] = []
        values: dict[str, object] = {}
        for field in ("nameTh", "nameEn", "mouReference"):
            if field in changes:
                values[COLUMNS[field]] = _clean_text(errors, field, changes[field])  # type: ignore[arg-type]
        for field in ("startsOn", "endsOn"):
            if field in changes:
                _check_date(errors, field, changes[field])  # type: ignore[arg-type]
                values[COLUMNS[field]] = changes[field]
        starts_on = values.get("mou_starts_on", agency.mou_starts_on)
        ends_on = values.get("mou_ends_on", agency.mou_ends_on)
        _check_date_order(errors, starts_on, ends_on)  # type: ignore[arg-type]
        provinces = None
        if "provinceCodes" in changes:
            provinces = await _clean_provinces(errors, changes["provinceCodes"])  # type: ignore[arg-type]
        if errors:
            raise ValidationErrors(errors)

        async with in_transaction():
            if values:
                await Agency.filter(id=agency.id).update(**values, updated_at=utc_now())
            if provinces is not None:
                await _set_provinces(agency.id, provinces)
        return await Agency.get(id=agency.id)


async def revoke_mou(
    actor: Actor | None, partner_id: int, reason: str | None, *, client_address: str = ""
) -> Agency:
    """Revoke a partner's MOU now: its accounts lose access and every one of their sessions ends.

    The reason is kept in the audit log. Revocation cannot be undone.
    """
    actor = require_role(actor, UserRole.MINISTRY_ADMIN)
    async with audit.audited(
        actor, "partner.revoke_mou", target_type="Agency", target_ids=[partner_id], client_address=client_address
    ) as draft:
        agency = await _partner(partner_id)
        text = (reason or "").strip()
        if not text:
            raise ServiceError(ErrorCode.REQUIRED, "partner_reason_required", field="reason")
        if len(text) > MAX_REASON_LENGTH:
            raise ServiceError(
                ErrorCode.INVALID, "partner_field_too_long", field="reason",
                label_th="เหตุผล", label_en="reason", length=len(text), limit=MAX_REASON_LENGTH,
            )
        draft.details["reason"] = text
        now = utc_now()
        revoked = await Agency.filter(id=agency.id, mou_revoked_at=None).update(
            mou_revoked_at=now, active=False, updated_at=now
        )
        if not revoked:
            raise ServiceError(
                ErrorCode.CONFLICT, "partner_already_revoked", field="partnerId",
                **_revoked_params(await Agency.get(id=agency.id)),
            )
        user_ids = await User.filter(agency_id=agency.id).values_list("id", flat=True)
        draft.details["sessions_revoked"] = await Session.filter(
            user_id__in=list(user_ids), revoked_at=None
        ).update(revoked_at=now)
        return await Agency.get(id=agency.id)


def _revoked_params(agency: Agency) -> dict[str, str]:
    return _date_params(agency.mou_revoked_at.astimezone(BANGKOK).date())


async def _partner(partner_id: int) -> Agency:
    agency = await Agency.get_or_none(id=partner_id, kind=AgencyKind.PARTNER)
    if agency is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "partner_not_found", field="partnerId")
    return agency


# ---------------------------------------------------------------- reading organisations


@dataclass(frozen=True)
class PartnerFilter:
    in_force: bool | None = None
    search: str | None = None


def list_partners(actor: Actor | None, partner_filter: PartnerFilter, today: dt.date) -> QuerySet[Agency]:
    """Return the partner organisations that match ``partner_filter``, by code. For ministry admins only."""
    require_role(actor, UserRole.MINISTRY_ADMIN)
    query = Agency.filter(kind=AgencyKind.PARTNER)
    if partner_filter.in_force is not None:
        in_force = (
            Q(mou_revoked_at=None, active=True)
            & (Q(mou_starts_on=None) | Q(mou_starts_on__lte=today))
            & (Q(mou_ends_on=None) | Q(mou_ends_on__gte=today))
        )
        query = query.filter(in_force) if partner_filter.in_force else query.filter(~in_force)
    if partner_filter.search:
        text = partner_filter.search.strip()
        query = query.filter(
            Q(name_th__icontains=text) | Q(name_en__icontains=text) | Q(code__istartswith=text)
            | Q(mou_reference__icontains=text)
        )
    return query.order_by("code", "id")


async def visible_partner(actor: Actor | None, partner_id: int) -> Agency | None:
    """Return partner organisation ``partner_id`` when ``actor`` may read it, else None.

    Ministry admins read every organisation; a partner's own staff read their own, even
    after the MOU ended, so that they can see why access stopped.
    """
    if actor is None:
        return None
    if actor.role == UserRole.MINISTRY_ADMIN:
        return await Agency.get_or_none(id=partner_id, kind=AgencyKind.PARTNER)
    if actor.agency_kind == AgencyKind.PARTNER and actor.agency_id == partner_id:
        return await Agency.get_or_none(id=partner_id)
    return None


def may_read_partner(actor: Actor | None, agency: Agency) -> bool:
    """Tell from the row alone whether ``actor`` may read partner organisation ``agency``."""
    if actor is None or agency.kind != AgencyKind.PARTNER:
        return False
    return actor.role == UserRole.MINISTRY_ADMIN or actor.agency_id == agency.id


# ---------------------------------------------------------------- phase 2 provinces


async def _province(code: str) -> Province:
    province = await Province.get_or_none(code=code.strip())
    if province is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "phase2_province_unknown", field="provinceCode", value=code.strip()[:8])
    return province


async def open_province(actor: Actor | None, province_code: str, *, client_address: str = "") -> Phase2Province:
    """Open phase 2 in a province, so that partners covering it see its children. For ministry admins only.

    Opening a province that is already open changes nothing and succeeds, so a retry is safe.
    """
    actor = require_role(actor, UserRole.MINISTRY_ADMIN)
    async with audit.audited(
        actor, "phase2.open", target_type="Province", target_ids=[province_code.strip()[:8]],
        client_address=client_address,
    ) as draft:
        province = await _province(province_code)
        row, created = await Phase2Province.get_or_create(
            province_id=province.code, defaults={"opened_by_id": actor.user_id}
        )
        draft.details["already_open"] = not created
        return row


async def close_province(actor: Actor | None, province_code: str, *, client_address: str = "") -> Province:
    """Close phase 2 in a province: partners stop seeing its children on their next request.

    Closing a province that is not open changes nothing and succeeds.
    """
    actor = require_role(actor, UserRole.MINISTRY_ADMIN)
    async with audit.audited(
        actor, "phase2.close", target_type="Province", target_ids=[province_code.strip()[:8]],
        client_address=client_address,
    ) as draft:
        province = await _province(province_code)
        closed = await Phase2Province.filter(province_id=province.code).delete()
        draft.details["was_open"] = bool(closed)
        return province


async def open_provinces() -> list[Phase2Province]:
    """Return every province open for phase 2, by province code. Public information."""
    return await Phase2Province.all().order_by("province_id")
