"""Tips from the public (phase 2): submitting one, following it by tracking code, and triage.

Anyone may report a child who is out of school, without an account. The reporter gets a
tracking code, shown once, that shows the tip's public status and nothing else. Only its
SHA-256 is stored. Submissions are limited per client address (``tip_max_per_hour``), and
a text that was already submitted within ``DUPLICATE_WINDOW`` is rejected, whoever sent it.

Each tip is routed to one area office when it arrives (``route_tip``). The officers of
that office, the admins of its affiliation and ministry admins triage it: they match it to
a child already listed, open a new case for a child on no list, or dismiss it with a
reason. A tip is decided once. Every submission and decision is audited, and the audit
entries never hold the tip's text, the reporter's contact or the tracking code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import unicodedata
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models.agency import AffiliationCode, Agency, AgencyKind, AgencyProvince
from models.geo import Subdistrict
from models.student import Gender, IdKind, Student
from models.tip import Tip, TipStatus
from models.user import UserRole
from services import audit
from services.auth import hash_token, utc_now
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.identifiers import identifier_kind, normalise_identifier
from services.partners import BANGKOK
from services.scope import Actor, agency_in_scope, require_role, student_scope
from services.settings import Settings
from services.students import parse_term
from services.visits import THAILAND_LATITUDE, THAILAND_LONGITUDE

# Affiliations whose area offices take public tips, in order of preference: a tip goes
# to an office of the first affiliation that has one covering the tip's place. OBEC's
# primary offices (สพป.) are responsible for children of compulsory-school age in their
# districts; กศน. runs non-formal education for children who left school.
TIP_AFFILIATION_ORDER = (
    AffiliationCode.OBEC,
    AffiliationCode.ONIE,
    AffiliationCode.OPEC,
    AffiliationCode.OVEC,
    AffiliationCode.EEF,
)

# The programme follows children aged 3 to 18.
MIN_AGE = 3
MAX_AGE = 18
MIN_DESCRIPTION_CHARS = 10
MAX_DESCRIPTION_CHARS = 2000
MAX_CONTACT_CHARS = 200
MAX_REASON_CHARS = 1000
RATE_WINDOW = dt.timedelta(hours=1)
DUPLICATE_WINDOW = dt.timedelta(days=30)

# No 0/O or 1/I/L, because people read the code aloud and copy it by hand. 31 symbols
# over 10 places give about 8 * 10^14 codes, too many to find one by guessing.
TRACKING_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 10

TEMPORARY_ID_PREFIX = "T"

# Text fields of a new case: API name -> (Thai label, English label, maximum length).
CASE_TEXT_FIELDS = {
    "title": ("คำนำหน้าชื่อ", "title", 32),
    "firstName": ("ชื่อ", "first name", 100),
    "lastName": ("นามสกุล", "last name", 100),
    "grade": ("ชั้นเรียน", "grade", 8),
}

TIP_STATUS_LABELS = {
    TipStatus.RECEIVED: ("รอตรวจสอบ", "Waiting for review"),
    TipStatus.MATCHED: ("ตรงกับเด็กในรายชื่อ", "Matched to a listed child"),
    TipStatus.CASE_OPENED: ("เปิดการติดตามรายใหม่แล้ว", "New case opened"),
    TipStatus.DISMISSED: ("ไม่ดำเนินการต่อ", "Dismissed"),
}


class PublicTipStatus(str, Enum):
    """Status of a tip as its tracking code shows it to the reporter.

    MATCHED and CASE_OPENED both show as IN_FOLLOW_UP, because telling them apart would
    reveal to the reporter whether the child is on a dropout list.
    """

    RECEIVED = "RECEIVED"
    IN_FOLLOW_UP = "IN_FOLLOW_UP"
    CLOSED = "CLOSED"


PUBLIC_STATUS = {
    TipStatus.RECEIVED: PublicTipStatus.RECEIVED,
    TipStatus.MATCHED: PublicTipStatus.IN_FOLLOW_UP,
    TipStatus.CASE_OPENED: PublicTipStatus.IN_FOLLOW_UP,
    TipStatus.DISMISSED: PublicTipStatus.CLOSED,
}

PUBLIC_STATUS_LABELS = {
    PublicTipStatus.RECEIVED: (
        "ได้รับเรื่องแล้ว อยู่ระหว่างรอเจ้าหน้าที่ตรวจสอบ",
        "Received: waiting for an officer to review it",
    ),
    PublicTipStatus.IN_FOLLOW_UP: (
        "เจ้าหน้าที่รับเรื่องไปติดตามแล้ว",
        "Taken up: officers are following it up",
    ),
    PublicTipStatus.CLOSED: (
        "เจ้าหน้าที่ตรวจสอบแล้ว และปิดเรื่องโดยไม่ดำเนินการต่อ",
        "Reviewed and closed without further action",
    ),
}

# Roles that triage tips, each within its own scope (see ``tip_scope``).
TRIAGE_ROLES = (UserRole.AREA_OFFICER, UserRole.AFFILIATION_ADMIN, UserRole.MINISTRY_ADMIN)

register({
    "tip_age_required": (
        "กรุณาระบุอายุโดยประมาณของเด็ก",
        "The child's approximate age is required.",
    ),
    "tip_age_invalid": (
        "อายุโดยประมาณ {value} ปี ไม่ถูกต้อง โครงการนี้ติดตามเด็กอายุ {minimum}-{maximum} ปี",
        "The approximate age {value} is invalid: this programme follows children aged {minimum} to {maximum}.",
    ),
    "tip_subdistrict_unknown": (
        "ไม่พบตำบลรหัส '{value}' รหัสตำบลมี 6 หลักตามรหัสกรมการปกครอง",
        "The subdistrict code '{value}' was not found: use a 6-digit DOPA subdistrict code.",
    ),
    "tip_description_too_short": (
        "กรุณาเล่าสิ่งที่พบเห็นอย่างน้อย {minimum} ตัวอักษร เช่น พบเด็กที่ไหน เมื่อใด และเด็กทำอะไรอยู่",
        "Describe what you saw in at least {minimum} characters: where and when you saw the child, "
        "and what the child was doing.",
    ),
    "tip_text_too_long": (
        "{label_th}ยาว {length} ตัวอักษร เกินกำหนด {limit} ตัวอักษร",
        "The {label_en} has {length} characters; the limit is {limit}.",
    ),
    "tip_latitude_invalid": (
        "ละติจูด {value} ไม่ถูกต้อง ตำแหน่งต้องอยู่ในประเทศไทย (ละติจูด {minimum} ถึง {maximum})",
        "The latitude {value} is invalid: the place must be in Thailand (latitude {minimum} to {maximum}).",
    ),
    "tip_longitude_invalid": (
        "ลองจิจูด {value} ไม่ถูกต้อง ตำแหน่งต้องอยู่ในประเทศไทย (ลองจิจูด {minimum} ถึง {maximum})",
        "The longitude {value} is invalid: the place must be in Thailand (longitude {minimum} to {maximum}).",
    ),
    "tip_position_pair": (
        "ต้องส่งละติจูดและลองจิจูดคู่กัน หรือไม่ส่งทั้งสองค่า",
        "Send latitude and longitude together, or neither.",
    ),
    "tip_rate_limited": (
        "มีการแจ้งเบาะแสจากเครือข่ายนี้ครบ {limit} ครั้งในหนึ่งชั่วโมงแล้ว กรุณาลองใหม่ในอีกประมาณ {minutes} นาที",
        "{limit} tips were sent from this network address within the past hour, the limit: "
        "try again in about {minutes} minutes.",
    ),
    "tip_duplicate_text": (
        "มีผู้แจ้งเบาะแสด้วยข้อความเดียวกันนี้แล้ว หากเป็นเด็กคนอื่นหรือท่านทราบข้อมูลเพิ่มเติม "
        "กรุณาเล่ารายละเอียดเพิ่ม เช่น สถานที่ เวลา หรือลักษณะของเด็ก",
        "A tip with the same text was already received: if this is another child or you know more, "
        "add details such as the place, the time or what the child looks like.",
    ),
    "tip_not_found": (
        "ไม่พบการแจ้งเบาะแสที่ระบุ",
        "The tip was not found.",
    ),
    "tip_already_decided": (
        "การแจ้งเบาะแสนี้ได้รับการพิจารณาแล้ว (สถานะ: {status_th})",
        "This tip was already decided: its status is {status}.",
    ),
    "tip_student_not_found": (
        "ไม่พบข้อมูลเด็กที่ระบุในหน่วยงานของท่าน",
        "The child was not found in your scope.",
    ),
    "tip_school_not_found": (
        "ไม่พบสถานศึกษาที่ระบุในหน่วยงานของท่าน หรือสถานศึกษาปิดการใช้งานแล้ว",
        "The school was not found in your scope, or it is closed.",
    ),
    "tip_case_exists": (
        "เด็กที่มีเลขประจำตัวนี้อยู่ในรายชื่อของสถานศึกษาที่ระบุในภาคเรียน {term} แล้ว "
        "กรุณาใช้การจับคู่กับเด็กในรายชื่อแทน",
        "A child with this ID is already on the school's list for {term}: match the tip to that child instead.",
    ),
    "tip_reason_required": (
        "กรุณาระบุเหตุผลที่ไม่ดำเนินการต่อ",
        "A reason for dismissing the tip is required.",
    ),
})


# ---------------------------------------------------------------- codes and text


def new_tracking_code() -> str:
    """Return a random tracking code written as two groups of five, e.g. ``K7QMX-2HP9R``."""
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_tracking_code(code: str) -> str:
    """Return ``code`` upper-cased without spaces and dashes, as it is hashed."""
    return "".join(ch for ch in code.upper() if ch not in " -")


def tracking_code_hash(code: str) -> str:
    return hash_token(normalise_tracking_code(code))


def normalise_description(text: str) -> str:
    """Return the form of a tip's text that the duplicate check compares.

    Unicode is folded (NFKC, case), and whitespace, zero-width characters and punctuation
    are dropped, so copies that differ only in spacing or punctuation count as the same.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = [
        ch for ch in folded
        if not ch.isspace() and unicodedata.category(ch)[0] not in ("P", "C", "Z")
    ]
    return "".join(kept)


def description_hash(text: str) -> str:
    return hashlib.sha256(normalise_description(text).encode("utf-8")).hexdigest()


def temporary_id(tip_id: int) -> str:
    """Return the temporary code of a case opened from tip ``tip_id``: ``T`` and 12 digits."""
    return f"{TEMPORARY_ID_PREFIX}{tip_id:012d}"


def current_term(today: dt.date) -> tuple[int, int]:
    """Return (semester, Buddhist-Era academic year) of ``today``.

    Semester 1 runs from May to October, semester 2 from November to April of the
    academic year that began in May.
    """
    year = today.year + 543
    if 5 <= today.month <= 10:
        return 1, year
    if today.month >= 11:
        return 2, year
    return 2, year - 1


# ---------------------------------------------------------------- routing


@dataclass(frozen=True)
class _Office:
    id: int
    code: str
    affiliation_id: int | None
    province_id: str


async def route_tip(subdistrict: Subdistrict) -> Agency | None:
    """Return the one area office that handles a tip from ``subdistrict``, or None.

    Affiliations are tried in ``TIP_AFFILIATION_ORDER`` (then any other, by code). Within
    an affiliation, the office is the first found of:

    1. the office with the most active schools in the tip's subdistrict;
    2. the office with the most active schools in the tip's district;
    3. among the offices covering the tip's province (an ``AgencyProvince`` row, or the
       office's own province), the one with the most active schools in that province.

    Ties go to the lowest office code. Only active offices that have a province take
    tips: an office without one (OBEC's special education bureau) serves the whole
    country by subject, not an area. None means that no office covers the place, and
    then only ministry admins see the tip.
    """
    offices = {
        row[0]: _Office(*row)
        for row in await Agency.filter(
            kind=AgencyKind.AREA_OFFICE, active=True, province_id__isnull=False
        ).values_list("id", "code", "affiliation_id", "province_id")
    }
    if not offices:
        return None
    schools = Agency.filter(kind=AgencyKind.SCHOOL, active=True, area_office_id__in=list(offices))
    by_subdistrict = Counter(
        await schools.filter(subdistrict_id=subdistrict.code).values_list("area_office_id", flat=True)
    )
    by_district = Counter(
        await schools.filter(district_id=subdistrict.district_id).values_list("area_office_id", flat=True)
    )
    by_province = await _province_coverage(offices, subdistrict.province_id)

    for affiliation_id in await _affiliations_in_order():
        for counts in (by_subdistrict, by_district, by_province):
            candidates = [
                (-count, offices[office_id].code, office_id)
                for office_id, count in counts.items()
                if offices[office_id].affiliation_id == affiliation_id
            ]
            if candidates:
                return await Agency.get(id=min(candidates)[2])
    return None


async def _province_coverage(offices: dict[int, _Office], province_code: str) -> dict[int, int]:
    """Return office id -> number of its active schools in the province, for every office covering it."""
    covering = {office.id for office in offices.values() if office.province_id == province_code}
    covering |= set(
        await AgencyProvince.filter(province_id=province_code, agency_id__in=list(offices)).values_list(
            "agency_id", flat=True
        )
    )
    if not covering:
        return {}
    counted = await (
        Agency.filter(kind=AgencyKind.SCHOOL, active=True, province_id=province_code, area_office_id__in=sorted(covering))
        .annotate(schools=Count("id"))
        .group_by("area_office_id")
        .values_list("area_office_id", "schools")
    )
    counts = {office_id: 0 for office_id in covering}
    counts.update({office_id: count for office_id, count in counted})
    return counts


async def _affiliations_in_order() -> list[int]:
    rows = await Agency.filter(kind=AgencyKind.AFFILIATION).values_list("id", "code")
    rank = {code.value: position for position, code in enumerate(TIP_AFFILIATION_ORDER)}
    ordered = sorted(rows, key=lambda row: (rank.get(row[1], len(rank)), row[1], row[0]))
    return [agency_id for agency_id, _code in ordered]


# ---------------------------------------------------------------- submitting and following


@dataclass(frozen=True)
class TipInput:
    """Fields of a tip as the reporter sends them."""

    approximate_age: int | None
    subdistrict_code: str
    description: str
    latitude: float | None = None
    longitude: float | None = None
    contact: str = ""


@dataclass(frozen=True)
class SubmittedTip:
    """A stored tip and its tracking code, which exists nowhere else and is shown once."""

    tip: Tip
    tracking_code: str


def _too_long(field: str, label_th: str, label_en: str, length: int, limit: int) -> ServiceError:
    return ServiceError(
        ErrorCode.TOO_LARGE, "tip_text_too_long", field=field,
        label_th=label_th, label_en=label_en, length=length, limit=limit,
    )


def check_tip(data: TipInput) -> list[ServiceError]:
    """Return every problem of a tip's fields (the subdistrict's existence aside)."""
    errors: list[ServiceError] = []
    age = data.approximate_age
    if age is None:
        errors.append(ServiceError(ErrorCode.REQUIRED, "tip_age_required", field="approximateAge"))
    elif not MIN_AGE <= age <= MAX_AGE:
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "tip_age_invalid", field="approximateAge",
                value=age, minimum=MIN_AGE, maximum=MAX_AGE,
            )
        )
    description = data.description.strip()
    if len(normalise_description(description)) < MIN_DESCRIPTION_CHARS:
        errors.append(
            ServiceError(ErrorCode.INVALID, "tip_description_too_short", field="description", minimum=MIN_DESCRIPTION_CHARS)
        )
    elif len(description) > MAX_DESCRIPTION_CHARS:
        errors.append(_too_long("description", "ข้อความ", "description", len(description), MAX_DESCRIPTION_CHARS))
    contact = data.contact.strip()
    if len(contact) > MAX_CONTACT_CHARS:
        errors.append(_too_long("contact", "ช่องทางติดต่อ", "contact", len(contact), MAX_CONTACT_CHARS))
    errors += _check_position(data.latitude, data.longitude)
    return errors


def _check_position(latitude: float | None, longitude: float | None) -> list[ServiceError]:
    if (latitude is None) != (longitude is None):
        field = "latitude" if latitude is None else "longitude"
        return [ServiceError(ErrorCode.REQUIRED, "tip_position_pair", field=field)]
    errors = []
    if latitude is not None and not (math.isfinite(latitude) and THAILAND_LATITUDE[0] <= latitude <= THAILAND_LATITUDE[1]):
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "tip_latitude_invalid", field="latitude",
                value=latitude, minimum=THAILAND_LATITUDE[0], maximum=THAILAND_LATITUDE[1],
            )
        )
    if longitude is not None and not (
        math.isfinite(longitude) and THAILAND_LONGITUDE[0] <= longitude <= THAILAND_LONGITUDE[1]
    ):
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "tip_longitude_invalid", field="longitude",
                value=longitude, minimum=THAILAND_LONGITUDE[0], maximum=THAILAND_LONGITUDE[1],
            )
        )
    return errors


async def _check_rate(client_address: str, settings: Settings, now: dt.datetime) -> None:
    """Raise TOO_MANY_REQUESTS when the address sent ``tip_max_per_hour`` tips within the last hour."""
    limit = settings.tip_max_per_hour
    recent = await (
        Tip.filter(client_address=client_address[:64], created_at__gt=now - RATE_WINDOW)
        .order_by("-created_at")
        .limit(limit)
        .values_list("created_at", flat=True)
    )
    if len(recent) < limit:
        return
    frees_at = recent[-1] + RATE_WINDOW
    minutes = max(1, math.ceil((frees_at - now).total_seconds() / 60))
    raise ServiceError(ErrorCode.TOO_MANY_REQUESTS, "tip_rate_limited", limit=limit, minutes=minutes)


async def submit_tip(
    actor: Actor | None,
    data: TipInput,
    *,
    settings: Settings,
    client_address: str = "",
    now: dt.datetime | None = None,
) -> SubmittedTip:
    """Store a tip, route it to an area office, and return it with its new tracking code.

    Open to anonymous callers. Raises ``ServiceError`` with TOO_MANY_REQUESTS past the
    rate limit or DUPLICATE for a repeated text, and ``ValidationErrors`` listing every
    bad field.
    """
    now = now or utc_now()
    async with audit.audited(actor, "tip.submit", target_type="Tip", client_address=client_address) as draft:
        await _check_rate(client_address, settings, now)
        errors = check_tip(data)
        code = data.subdistrict_code.strip()
        subdistrict = await Subdistrict.get_or_none(code=code) if code.isdigit() else None
        if subdistrict is None:
            errors.append(ServiceError(ErrorCode.NOT_FOUND, "tip_subdistrict_unknown", field="subdistrictCode", value=code[:12]))
        if errors:
            raise ValidationErrors(errors)
        description = data.description.strip()
        digest = description_hash(description)
        if await Tip.filter(description_hash=digest, created_at__gt=now - DUPLICATE_WINDOW).exists():
            raise ServiceError(ErrorCode.DUPLICATE, "tip_duplicate_text", field="description")

        office = await route_tip(subdistrict)
        draft.details.update(subdistrict=subdistrict.code, area_office_id=office.id if office else None)
        submitted = await _store_tip(data, subdistrict, office, description, digest, client_address, now)
        draft.target_ids.append(submitted.tip.id)
        return submitted


async def _store_tip(
    data: TipInput,
    subdistrict: Subdistrict,
    office: Agency | None,
    description: str,
    digest: str,
    client_address: str,
    now: dt.datetime,
) -> SubmittedTip:
    # A new code equal to a stored one is astronomically unlikely; the retry covers it.
    for _attempt in range(3):
        code = new_tracking_code()
        try:
            tip = await Tip.create(
                tracking_code_hash=tracking_code_hash(code),
                approximate_age=data.approximate_age,
                subdistrict_id=subdistrict.code,
                latitude=data.latitude,
                longitude=data.longitude,
                description=description,
                description_hash=digest,
                contact=data.contact.strip(),
                area_office_id=office.id if office else None,
                client_address=client_address[:64],
                created_at=now,
            )
        except IntegrityError:
            continue
        return SubmittedTip(tip=tip, tracking_code=code)
    raise RuntimeError("Could not make a unique tip tracking code in 3 attempts.")


async def tip_by_tracking_code(code: str) -> Tip | None:
    """Return the tip of a tracking code, or None for a code that is unknown or malformed."""
    normalised = normalise_tracking_code(code)
    if len(normalised) != TRACKING_CODE_LENGTH or any(ch not in TRACKING_CODE_ALPHABET for ch in normalised):
        return None
    return await Tip.get_or_none(tracking_code_hash=hash_token(normalised))


def public_status(tip: Tip) -> PublicTipStatus:
    return PUBLIC_STATUS[TipStatus(tip.status)]


def submitted_on(tip: Tip) -> dt.date:
    """Return the day the tip arrived, in Thailand."""
    return tip.created_at.astimezone(BANGKOK).date()


# ---------------------------------------------------------------- who triages which tips


def tip_scope(actor: Actor) -> Q:
    """Filter for the tips ``actor`` triages.

    Area officers see the tips routed to their office, affiliation admins those routed to
    any office of their affiliation, and ministry admins every tip, including the tips
    that no office covers.
    """
    kind = actor.agency_kind
    if kind == AgencyKind.MINISTRY:
        return Q()
    if kind == AgencyKind.AFFILIATION:
        return Q(area_office__affiliation_id=actor.agency_id)
    if kind == AgencyKind.AREA_OFFICE:
        return Q(area_office_id=actor.agency_id)
    return Q(id__in=[])


def require_triager(actor: Actor | None) -> Actor:
    """Return ``actor`` when their role triages tips; otherwise raise ``AuthError``."""
    return require_role(actor, *TRIAGE_ROLES)


@dataclass(frozen=True)
class TipFilter:
    statuses: tuple[TipStatus, ...] = ()
    area_office_id: int | None = None
    routed: bool | None = None


def list_tips(actor: Actor | None, tip_filter: TipFilter) -> QuerySet[Tip]:
    """Return the tips ``actor`` triages that match ``tip_filter``, oldest first.

    Oldest first keeps the tip that has waited longest at the top of the queue.
    """
    actor = require_triager(actor)
    query = Tip.filter(tip_scope(actor))
    if tip_filter.statuses:
        query = query.filter(status__in=list(tip_filter.statuses))
    if tip_filter.area_office_id is not None:
        query = query.filter(area_office_id=tip_filter.area_office_id)
    if tip_filter.routed is not None:
        query = query.filter(area_office_id__isnull=not tip_filter.routed)
    return query.order_by("created_at", "id")


async def visible_tip(actor: Actor | None, tip_id: int) -> Tip | None:
    """Return tip ``tip_id`` when ``actor`` triages it, else None (missing and out of scope look the same)."""
    if actor is None or actor.role not in TRIAGE_ROLES:
        return None
    return await Tip.filter(tip_scope(actor), id=tip_id).first()


# ---------------------------------------------------------------- triage


async def _pending_tip(actor: Actor, tip_id: int) -> Tip:
    tip = await Tip.filter(tip_scope(actor), id=tip_id).first()
    if tip is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "tip_not_found", field="tipId")
    if tip.status != TipStatus.RECEIVED:
        raise _decided_error(tip)
    return tip


def _decided_error(tip: Tip) -> ServiceError:
    status = TipStatus(tip.status)
    return ServiceError(
        ErrorCode.CONFLICT, "tip_already_decided", field="tipId",
        status=status.value, status_th=TIP_STATUS_LABELS[status][0],
    )


async def _decide(actor: Actor, tip: Tip, status: TipStatus, now: dt.datetime, **values: object) -> Tip:
    """Move a tip from RECEIVED to ``status``; raise CONFLICT when someone decided it first."""
    changed = await Tip.filter(id=tip.id, status=TipStatus.RECEIVED).update(
        status=status, decided_by_id=actor.user_id, decided_at=now, **values
    )
    if not changed:
        raise _decided_error(await Tip.get(id=tip.id))
    return await Tip.get(id=tip.id)


async def match_tip(
    actor: Actor | None, tip_id: int, student_id: int, *, client_address: str = "", now: dt.datetime | None = None
) -> tuple[Tip, Student]:
    """Record that a tip is about a child already listed in the caller's scope."""
    actor = require_triager(actor)
    now = now or utc_now()
    async with audit.audited(
        actor, "tip.match", target_type="Tip", target_ids=[tip_id], client_address=client_address,
        details={"student_id": student_id},
    ):
        tip = await _pending_tip(actor, tip_id)
        student = await Student.filter(student_scope(actor), id=student_id).first()
        if student is None:
            raise ServiceError(ErrorCode.NOT_FOUND, "tip_student_not_found", field="studentId")
        tip = await _decide(actor, tip, TipStatus.MATCHED, now, matched_student_id=student.id)
        return tip, student


async def dismiss_tip(
    actor: Actor | None, tip_id: int, reason: str | None, *, client_address: str = "", now: dt.datetime | None = None
) -> Tip:
    """Close a tip without action, with a reason that officers and the audit log keep."""
    actor = require_triager(actor)
    now = now or utc_now()
    async with audit.audited(
        actor, "tip.dismiss", target_type="Tip", target_ids=[tip_id], client_address=client_address
    ) as draft:
        tip = await _pending_tip(actor, tip_id)
        text = (reason or "").strip()
        if not text:
            raise ServiceError(ErrorCode.REQUIRED, "tip_reason_required", field="reason")
        if len(text) > MAX_REASON_CHARS:
            raise _too_long("reason", "เหตุผล", "reason", len(text), MAX_REASON_CHARS)
        draft.details["reason"] = text
        return await _decide(actor, tip, TipStatus.DISMISSED, now, decision_reason=text)


@dataclass(frozen=True)
class NewCase:
    """The child that a tip brings onto a school's list. Unknown fields stay empty."""

    school_id: int
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    gender: Gender = Gender.UNSPECIFIED
    national_id: str = ""
    grade: str = ""
    term: str | None = None


def _case_text(errors: list[ServiceError], field: str, value: str) -> str:
    label_th, label_en, limit = CASE_TEXT_FIELDS[field]
    text = " ".join(value.split())
    if len(text) > limit:
        errors.append(_too_long(field, label_th, label_en, len(text), limit))
    return text


async def _school_in_scope(actor: Actor, school_id: int) -> Agency:
    school = await Agency.get_or_none(id=school_id, kind=AgencyKind.SCHOOL, active=True)
    if school is None or not agency_in_scope(actor, school):
        raise ServiceError(ErrorCode.NOT_FOUND, "tip_school_not_found", field="schoolId")
    return school


async def open_case_from_tip(
    actor: Actor | None, tip_id: int, case: NewCase, *, client_address: str = "", now: dt.datetime | None = None
) -> tuple[Tip, Student]:
    """Put the child of a tip on a school's list as a new case, and mark the tip CASE_OPENED.

    The school must be in the caller's scope. The child's home is the tip's subdistrict.
    Without a known national ID or G code the child gets a temporary code (see
    ``temporary_id``). The term defaults to the current one (``current_term``).
    """
    actor = require_triager(actor)
    now = now or utc_now()
    async with audit.audited(
        actor, "tip.open_case", target_type="Tip", target_ids=[tip_id], client_address=client_address,
        details={"school_id": case.school_id},
    ) as draft:
        tip = await _pending_tip(actor, tip_id)
        school = await _school_in_scope(actor, case.school_id)
        values, errors = _case_values(case, now)
        if errors:
            raise ValidationErrors(errors)
        subdistrict = await Subdistrict.get(code=tip.subdistrict_id)
        if values["national_id"] and await Student.filter(
            national_id=values["national_id"], school_id=school.id,
            academic_year=values["academic_year"], semester=values["semester"],
        ).exists():
            raise ServiceError(
                ErrorCode.DUPLICATE, "tip_case_exists", field="nationalId",
                term=f"{values['semester']}/{values['academic_year']}",
            )
        async with in_transaction():
            student = await _create_case(tip, school, subdistrict, values)
            tip = await _decide(actor, tip, TipStatus.CASE_OPENED, now, matched_student_id=student.id)
        draft.details["student_id"] = student.id
        return tip, student


def _case_values(case: NewCase, now: dt.datetime) -> tuple[dict[str, object], list[ServiceError]]:
    errors: list[ServiceError] = []
    values: dict[str, object] = {
        "title": _case_text(errors, "title", case.title),
        "first_name": _case_text(errors, "firstName", case.first_name),
        "last_name": _case_text(errors, "lastName", case.last_name),
        "grade": _case_text(errors, "grade", case.grade),
        "gender": case.gender,
        "national_id": "",
        "id_kind": IdKind.TEMPORARY,
    }
    identifier = normalise_identifier(case.national_id)
    if identifier:
        try:
            values["id_kind"] = identifier_kind(identifier, field="nationalId")
            values["national_id"] = identifier
        except ServiceError as error:
            errors.append(error)
    try:
        if case.term:
            semester, year = parse_term(case.term, field="term")
        else:
            semester, year = current_term(now.astimezone(BANGKOK).date())
        values.update(semester=semester, academic_year=year)
    except ServiceError as error:
        errors.append(error)
    return values, errors


async def _create_case(tip: Tip, school: Agency, subdistrict: Subdistrict, values: dict[str, object]) -> Student:
    national_id = values.pop("national_id") or temporary_id(tip.id)
    try:
        student = await Student.create(
            national_id=national_id,
            school_id=school.id,
            area_office_id=school.area_office_id,
            affiliation_id=school.affiliation_id,
            subdistrict_id=subdistrict.code,
            district_id=subdistrict.district_id,
            province_id=subdistrict.province_id,
            **values,
        )
    except IntegrityError:
        # Another request put the same child on this list after the check in open_case_from_tip.
        term = f"{values['semester']}/{values['academic_year']}"
        raise ServiceError(ErrorCode.DUPLICATE, "tip_case_exists", field="nationalId", term=term) from None
    twins = Student.filter(national_id=national_id, merged_into_id=None)
    if await twins.filter(id__not=student.id).exists():
        await twins.update(possible_duplicate=True)
        student = await Student.get(id=student.id)
    return student
