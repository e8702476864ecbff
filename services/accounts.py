"""Account life cycle: registration, approval, suspension, and the rules of who decides.

The approval chain follows the agency tree, one level up:

| account | approved by |
| --- | --- |
| school staff | area officers of the school's area office (an affiliation admin when the school has none) |
| area officer | affiliation admins of the area office's affiliation |
| affiliation admin, partner | ministry admins |
| ministry admin | never registers: created on the command line or by another ministry admin |

Approvers list, approve and reject only the pending accounts they decide. Suspension,
reactivation and reset codes are also open to the admins above the approver within their
scope. Nobody decides about their own account, and an account outside the caller's scope
is reported exactly like an account that does not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.agency import AGENCY_KIND_LABELS, MINISTRY_CODE, Agency, AgencyKind
from models.user import USER_ROLE_LABELS, USER_STATUS_LABELS, User, UserRole, UserStatus
from services import audit
from services.auth import hash_password, revoke_all_sessions, utc_now
from services.errors import ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.passwords import check_password
from services.scope import Actor, require_role, user_scope

ROLE_FOR_KIND = {
    AgencyKind.SCHOOL: UserRole.SCHOOL_STAFF,
    AgencyKind.AREA_OFFICE: UserRole.AREA_OFFICER,
    AgencyKind.AFFILIATION: UserRole.AFFILIATION_ADMIN,
    AgencyKind.PARTNER: UserRole.PARTNER,
}

# Roles that decide about other accounts, and so may list accounts and see their phone
# numbers and e-mail addresses.
MANAGER_ROLES = (UserRole.AREA_OFFICER, UserRole.AFFILIATION_ADMIN, UserRole.MINISTRY_ADMIN)

APPROVER_LABELS = {
    UserRole.SCHOOL_STAFF: ("เจ้าหน้าที่ระดับเขตพื้นที่การศึกษาของสถานศึกษา", "an officer of your school's area office"),
    UserRole.AREA_OFFICER: ("ผู้ดูแลระดับสังกัด", "an admin of your affiliation"),
    UserRole.AFFILIATION_ADMIN: ("ผู้ดูแลระบบระดับกระทรวง", "a ministry admin"),
    UserRole.PARTNER: ("ผู้ดูแลระบบระดับกระทรวง", "a ministry admin"),
    UserRole.MINISTRY_ADMIN: ("ผู้ดูแลระบบระดับกระทรวง", "a ministry admin"),
}

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{2,63}")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PHONE_SEPARATORS = re.compile(r"[\s().-]")
PHONE_PATTERN = re.compile(r"\+?[0-9]{9,15}")
MAX_REASON_LENGTH = 1000

register({
    "username_invalid": (
        "ชื่อผู้ใช้ '{value}' ไม่ถูกต้อง ต้องยาว 3-64 ตัวอักษร ใช้ได้เฉพาะอักษรภาษาอังกฤษ ตัวเลข "
        "และเครื่องหมาย . _ - @ โดยขึ้นต้นด้วยอักษรหรือตัวเลข",
        "The username '{value}' is invalid: use 3-64 English letters, digits and . _ - @, "
        "starting with a letter or digit.",
    ),
    "username_taken": (
        "ชื่อผู้ใช้ '{value}' มีผู้ใช้แล้ว (ไม่คำนึงถึงตัวพิมพ์เล็กหรือใหญ่) กรุณาเลือกชื่ออื่น",
        "The username '{value}' is already taken (ignoring upper and lower case): choose another.",
    ),
    "field_required": (
        "กรุณากรอก{label_th}",
        "The {label_en} is required.",
    ),
    "field_too_long": (
        "{label_th}ยาวเกินไป: มี {length} ตัวอักษร ต้องไม่เกิน {maximum} ตัวอักษร",
        "The {label_en} is too long: it has {length} characters and may have at most {maximum}.",
    ),
    "email_invalid": (
        "อีเมล '{value}' ไม่ถูกต้อง ต้องอยู่ในรูป ชื่อ@โดเมน เช่น somchai@school.ac.th",
        "The e-mail address '{value}' is invalid: write it as name@domain, e.g. somchai@school.ac.th.",
    ),
    "phone_invalid": (
        "หมายเลขโทรศัพท์ '{value}' ไม่ถูกต้อง ต้องเป็นตัวเลข 9-15 หลัก เช่น 0812345678",
        "The phone number '{value}' is invalid: use 9-15 digits, e.g. 0812345678.",
    ),
    "agency_kind_not_registrable": (
        "ไม่สามารถลงทะเบียนเป็นผู้ดูแลระบบระดับกระทรวงได้ บัญชีระดับกระทรวงสร้างได้โดยผู้ดูแลระบบระดับกระทรวงเท่านั้น",
        "Ministry admin accounts cannot be registered: only a ministry admin can create one.",
    ),
    "agency_code_not_found": (
        "ไม่พบ{kind_th}รหัส '{agency_code}' กรุณาตรวจสอบรหัสหน่วยงาน",
        "No {kind_en} has the code '{agency_code}': check the agency code.",
    ),
    "agency_inactive": (
        "{kind_th}รหัส '{agency_code}' ปิดการใช้งานแล้ว จึงลงทะเบียนไม่ได้",
        "The {kind_en} with the code '{agency_code}' is closed, so it takes no registrations.",
    ),
    "user_not_found": (
        "ไม่พบบัญชีผู้ใช้ที่ระบุ",
        "The user account was not found.",
    ),
    "not_your_decision": (
        "ท่านไม่มีสิทธิ์ตัดสินใจเกี่ยวกับบัญชีนี้ บัญชี{role_th}อนุมัติโดย{approver_th}",
        "You may not decide about this account: {role_en} accounts are approved by {approver_en}.",
    ),
    "not_yourself": (
        "ท่านไม่สามารถดำเนินการนี้กับบัญชีของตนเองได้",
        "You cannot do this to your own account.",
    ),
    "user_status_conflict": (
        "ดำเนินการไม่ได้ เพราะบัญชีนี้มีสถานะ{status_th}",
        "This cannot be done because the account is {status_en}.",
    ),
    "reason_required": (
        "กรุณาระบุเหตุผล ซึ่งจะแจ้งให้เจ้าของบัญชีทราบ",
        "A reason is required; the account holder will see it.",
    ),
    "ministry_missing": (
        "ไม่พบหน่วยงานระดับกระทรวงในฐานข้อมูล กรุณานำเข้าข้อมูลอ้างอิงก่อน (คำสั่ง load-reference)",
        "The ministry agency is missing from the database: load the reference data first (load-reference).",
    ),
})

FIELD_LABELS = {
    "title": ("คำนำหน้าชื่อ", "title", 32),
    "firstName": ("ชื่อ", "first name", 100),
    "lastName": ("นามสกุล", "last name", 100),
    "position": ("ตำแหน่ง", "position", 128),
    "phone": ("หมายเลขโทรศัพท์", "phone number", 32),
    "email": ("อีเมล", "e-mail address", 255),
    "agencyCode": ("รหัสหน่วยงาน", "agency code", 32),
    "reason": ("เหตุผล", "reason", MAX_REASON_LENGTH),
}


# ---------------------------------------------------------------- registration


@dataclass(frozen=True)
class Registration:
    """The fields a person fills in to request an account."""

    username: str
    password: str
    title: str
    first_name: str
    last_name: str
    position: str
    agency_kind: AgencyKind
    agency_code: str
    phone: str
    email: str


@dataclass(frozen=True)
class Profile:
    """Cleaned personal fields of an account."""

    username: str
    title: str
    first_name: str
    last_name: str
    position: str
    phone: str
    email: str


def username_key(username: str) -> str:
    """Return the form of ``username`` that uniqueness and sign-in compare: trimmed, lower-case."""
    return username.strip().lower()


def _text(errors: list[ServiceError], field: str, value: str, *, required: bool = True) -> str:
    value = " ".join(value.split())
    label_th, label_en, maximum = FIELD_LABELS[field]
    if required and not value:
        errors.append(ServiceError(ErrorCode.REQUIRED, "field_required", field=field, label_th=label_th, label_en=label_en))
    elif len(value) > maximum:
        errors.append(
            ServiceError(
                ErrorCode.INVALID, "field_too_long", field=field,
                label_th=label_th, label_en=label_en, length=len(value), maximum=maximum,
            )
        )
    return value


def _clean_phone(errors: list[ServiceError], value: str, *, required: bool) -> str:
    phone = PHONE_SEPARATORS.sub("", value)
    if not phone:
        if required:
            _text(errors, "phone", "")
        return ""
    if not PHONE_PATTERN.fullmatch(phone):
        errors.append(ServiceError(ErrorCode.INVALID, "phone_invalid", field="phone", value=value.strip()[:32]))
    return phone


def _clean_email(errors: list[ServiceError], value: str, *, required: bool) -> str:
    email = _text(errors, "email", value, required=required)
    if email and len(email) <= 255 and not EMAIL_PATTERN.fullmatch(email):
        errors.append(ServiceError(ErrorCode.INVALID, "email_invalid", field="email", value=email[:64]))
    return email


def _clean_username(errors: list[ServiceError], value: str) -> str:
    username = value.strip()
    if not USERNAME_PATTERN.fullmatch(username):
        errors.append(ServiceError(ErrorCode.INVALID, "username_invalid", field="username", value=username[:64]))
    return username


def clean_profile(
    *,
    username: str,
    password: str,
    title: str,
    first_name: str,
    last_name: str,
    position: str,
    phone: str,
    email: str,
    contact_required: bool = True,
) -> Profile:
    """Check every personal field and the password; raise all problems at once as ``ValidationErrors``."""
    errors: list[ServiceError] = []
    profile = Profile(
        username=_clean_username(errors, username),
        title=_text(errors, "title", title, required=contact_required),
        first_name=_text(errors, "firstName", first_name),
        last_name=_text(errors, "lastName", last_name),
        position=_text(errors, "position", position, required=contact_required),
        phone=_clean_phone(errors, phone, required=contact_required),
        email=_clean_email(errors, email, required=contact_required),
    )
    try:
        check_password(password, username=profile.username, personal_words=(profile.first_name, profile.last_name))
    except ServiceError as error:
        errors.append(error)
    if errors:
        raise ValidationErrors(errors)
    return profile


async def _ensure_username_free(username: str) -> None:
    if await User.filter(username_key=username_key(username)).exists():
        raise ServiceError(ErrorCode.DUPLICATE, "username_taken", field="username", value=username)


async def _find_registrable_agency(kind: AgencyKind, code: str) -> Agency:
    kind = AgencyKind(kind)
    if kind not in ROLE_FOR_KIND:
        raise ServiceError(ErrorCode.INVALID, "agency_kind_not_registrable", field="agencyKind")
    kind_th, kind_en = AGENCY_KIND_LABELS[kind]
    code = code.strip()
    if not code:
        raise ServiceError(ErrorCode.REQUIRED, "field_required", field="agencyCode", label_th="รหัสหน่วยงาน", label_en="agency code")
    agency = await Agency.get_or_none(kind=kind, code=code)
    if agency is None:
        raise ServiceError(
            ErrorCode.NOT_FOUND, "agency_code_not_found", field="agencyCode",
            kind_th=kind_th, kind_en=kind_en.lower(), agency_code=code[:32],
        )
    if not agency.active:
        raise ServiceError(
            ErrorCode.INVALID, "agency_inactive", field="agencyCode",
            kind_th=kind_th, kind_en=kind_en.lower(), agency_code=code[:32],
        )
    return agency


async def _create_user(profile: Profile, password: str, *, role: UserRole, agency: Agency, **extra) -> User:
    await _ensure_username_free(profile.username)
    try:
        return await User.create(
            username=profile.username,
            username_key=username_key(profile.username),
            password_hash=hash_password(password),
            title=profile.title,
            first_name=profile.first_name,
            last_name=profile.last_name,
            position=profile.position,
            phone=profile.phone,
            email=profile.email,
            role=role,
            agency=agency,
            password_changed_at=utc_now(),
            **extra,
        )
    except IntegrityError:
        # Two registrations of one name raced past the check above.
        raise ServiceError(ErrorCode.DUPLICATE, "username_taken", field="username", value=profile.username) from None


async def register_user(registration: Registration, *, client_address: str = "") -> User:
    """Create a pending account for the agency named by kind and code.

    The role follows the agency's kind. Raises ``ValidationErrors`` listing every bad field,
    or ``ServiceError`` for a taken username or an unknown agency.
    """
    # NOTE: registrations are not rate-limited per client address; a flood of pending
    # accounts is visible in the audit log (user.register) but not stopped.
    async with audit.audited(
        None, "user.register", target_type="User", client_address=client_address,
        details={"username": registration.username.strip()[:64], "agency_kind": str(AgencyKind(registration.agency_kind).value), "agency_code": registration.agency_code.strip()[:32]},
    ) as draft:
        profile = clean_profile(
            username=registration.username,
            password=registration.password,
            title=registration.title,
            first_name=registration.first_name,
            last_name=registration.last_name,
            position=registration.position,
            phone=registration.phone,
            email=registration.email,
        )
        agency = await _find_registrable_agency(registration.agency_kind, registration.agency_code)
        user = await _create_user(
            profile, registration.password, role=ROLE_FOR_KIND[agency.kind], agency=agency, status=UserStatus.PENDING
        )
        draft.target_ids.append(user.id)
        return user


async def create_ministry_admin(
    username: str,
    password: str,
    *,
    first_name: str,
    last_name: str,
    title: str = "",
    position: str = "",
    phone: str = "",
    email: str = "",
    actor: Actor | None = None,
    client_address: str = "",
) -> User:
    """Create an active ministry admin, from the command line (no actor) or by another ministry admin.

    Raises ``AuthError`` when ``actor`` is given and is not a ministry admin.
    """
    if actor is not None:
        require_role(actor, UserRole.MINISTRY_ADMIN)
    async with audit.audited(
        actor, "user.create_admin", target_type="User", client_address=client_address,
        details={"username": username.strip()[:64], "source": "api" if actor else "command line"},
    ) as draft:
        profile = clean_profile(
            username=username, password=password, title=title, first_name=first_name,
            last_name=last_name, position=position, phone=phone, email=email, contact_required=False,
        )
        ministry = await Agency.filter(kind=AgencyKind.MINISTRY).order_by("id").first()
        if ministry is None:
            ministry = await Agency.create(
                kind=AgencyKind.MINISTRY, code=MINISTRY_CODE, name_th="กระทรวงศึกษาธิการ", name_en="Ministry of Education"
            )
        user = await _create_user(
            profile, password, role=UserRole.MINISTRY_ADMIN, agency=ministry, status=UserStatus.ACTIVE,
            decided_by_id=actor.user_id if actor else None, decided_at=utc_now(),
        )
        draft.target_ids.append(user.id)
        return user


# ---------------------------------------------------------------- who decides


def approver_rule(user: User, agency: Agency) -> tuple[UserRole, int | None]:
    """Return the role that approves ``user`` and the agency its approvers must belong to.

    The agency is None for ministry admins, who approve from the ministry.
    """
    role = UserRole(user.role)
    if role == UserRole.SCHOOL_STAFF:
        if agency.area_office_id is not None:
            return UserRole.AREA_OFFICER, agency.area_office_id
        return UserRole.AFFILIATION_ADMIN, agency.affiliation_id
    if role == UserRole.AREA_OFFICER:
        return UserRole.AFFILIATION_ADMIN, agency.affiliation_id
    return UserRole.MINISTRY_ADMIN, None


def may_approve(actor: Actor, user: User, agency: Agency) -> bool:
    """Tell whether ``actor`` approves or rejects ``user``'s registration."""
    if actor.user_id == user.id:
        return False
    role, approving_agency = approver_rule(user, agency)
    if actor.role != role:
        return False
    return role == UserRole.MINISTRY_ADMIN or actor.agency_id == approving_agency


def may_manage(actor: Actor, user: User, agency: Agency) -> bool:
    """Tell whether ``actor`` suspends, reactivates and issues reset codes for ``user``.

    That is the approver, and every admin above the approver whose scope contains the account.
    """
    if actor.user_id == user.id:
        return False
    if may_approve(actor, user, agency) or actor.role == UserRole.MINISTRY_ADMIN:
        return True
    return (
        actor.role == UserRole.AFFILIATION_ADMIN
        and user.role in (UserRole.SCHOOL_STAFF, UserRole.AREA_OFFICER)
        and agency.affiliation_id == actor.agency_id
    )


def may_see_contact(actor: Actor | None, user: User) -> bool:
    """Tell whether ``actor`` may see ``user``'s phone and e-mail: the user, or a manager in scope.

    Callers pass only users already found inside ``actor``'s scope.
    """
    if actor is None:
        return False
    return actor.user_id == user.id or actor.role in MANAGER_ROLES


def require_manager(actor: Actor | None) -> Actor:
    """Return ``actor`` when their role decides about other accounts; otherwise raise ``AuthError``."""
    return require_role(actor, *MANAGER_ROLES)


def approvable_users(actor: Actor) -> Q:
    """Filter for the accounts whose registration ``actor`` decides (any status)."""
    if actor.role == UserRole.MINISTRY_ADMIN:
        return Q(role__in=[UserRole.AFFILIATION_ADMIN, UserRole.PARTNER])
    if actor.role == UserRole.AFFILIATION_ADMIN:
        return Q(role=UserRole.AREA_OFFICER, agency__affiliation_id=actor.agency_id) | Q(
            role=UserRole.SCHOOL_STAFF, agency__affiliation_id=actor.agency_id, agency__area_office_id=None
        )
    if actor.role == UserRole.AREA_OFFICER:
        return Q(role=UserRole.SCHOOL_STAFF, agency__area_office_id=actor.agency_id)
    return Q(id__in=[])


def pending_users(actor: Actor | None) -> QuerySet[User]:
    """Return the pending accounts ``actor`` decides, oldest request first."""
    actor = require_manager(actor)
    return (
        User.filter(approvable_users(actor), status=UserStatus.PENDING)
        .exclude(id=actor.user_id)
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class UserFilter:
    status: UserStatus | None = None
    role: UserRole | None = None
    agency_id: int | None = None
    search: str | None = None


def list_users(actor: Actor | None, user_filter: UserFilter) -> QuerySet[User]:
    """Return the accounts in ``actor``'s scope that match ``user_filter``, by username."""
    actor = require_manager(actor)
    query = User.filter(user_scope(actor))
    if user_filter.status is not None:
        query = query.filter(status=user_filter.status)
    if user_filter.role is not None:
        query = query.filter(role=user_filter.role)
    if user_filter.agency_id is not None:
        query = query.filter(agency_id=user_filter.agency_id)
    if user_filter.search:
        text = user_filter.search.strip()
        query = query.filter(
            Q(username_key__startswith=text.lower())
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    return query.order_by("username_key")


async def find_user(actor: Actor, user_id: int) -> tuple[User, Agency] | None:
    """Return the account ``user_id`` and its agency when it is in ``actor``'s scope, else None."""
    if user_id == actor.user_id:
        user = await User.get_or_none(id=user_id)
    else:
        user = await User.filter(user_scope(actor), id=user_id).first()
    if user is None:
        return None
    return user, await Agency.get(id=user.agency_id)


async def require_user_in_scope(actor: Actor, user_id: int) -> tuple[User, Agency]:
    found = await find_user(actor, user_id)
    if found is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "user_not_found", field="userId")
    return found


def decision_forbidden_error(actor: Actor, user: User) -> ServiceError:
    if actor.user_id == user.id:
        return ServiceError(ErrorCode.FORBIDDEN, "not_yourself", field="userId")
    role_th, role_en = USER_ROLE_LABELS[UserRole(user.role)]
    approver_th, approver_en = APPROVER_LABELS[UserRole(user.role)]
    return ServiceError(
        ErrorCode.FORBIDDEN, "not_your_decision", field="userId",
        role_th=role_th, role_en=role_en.lower(), approver_th=approver_th, approver_en=approver_en,
    )


def status_conflict_error(user: User) -> ServiceError:
    status_th, status_en = USER_STATUS_LABELS[UserStatus(user.status)]
    return ServiceError(
        ErrorCode.CONFLICT, "user_status_conflict", field="userId", status_th=status_th, status_en=status_en.lower()
    )


def _reason(text: str | None, *, required: bool) -> str:
    reason = (text or "").strip()
    if required and not reason:
        raise ServiceError(ErrorCode.REQUIRED, "reason_required", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ServiceError(
            ErrorCode.INVALID, "field_too_long", field="reason", label_th="เหตุผล", label_en="reason",
            length=len(reason), maximum=MAX_REASON_LENGTH,
        )
    return reason


async def _change_status(
    actor: Actor, user: User, allowed_from: tuple[UserStatus, ...], to: UserStatus, reason: str
) -> User:
    """Move ``user`` to ``to`` if it is still in one of ``allowed_from``; raise CONFLICT if not."""
    changed = await User.filter(id=user.id, status__in=list(allowed_from)).update(
        status=to, decided_by_id=actor.user_id, decided_at=utc_now(), decision_reason=reason
    )
    if not changed:
        raise status_conflict_error(await User.get(id=user.id))
    return await User.get(id=user.id)


async def _decide(
    actor: Actor | None,
    action: str,
    user_id: int,
    *,
    reason: str | None,
    reason_required: bool,
    allowed_from: tuple[UserStatus, ...],
    to: UserStatus,
    manage: bool,
    client_address: str,
) -> User:
    actor = require_manager(actor)
    async with audit.audited(
        actor, action, target_type="User", target_ids=[user_id], client_address=client_address
    ) as draft:
        user, agency = await require_user_in_scope(actor, user_id)
        permitted = may_manage(actor, user, agency) if manage else may_approve(actor, user, agency)
        if not permitted:
            raise decision_forbidden_error(actor, user)
        text = _reason(reason, required=reason_required)
        if text:
            draft.details["reason"] = text
        changed = await _change_status(actor, user, allowed_from, to, text)
        if to == UserStatus.SUSPENDED:
            draft.details["sessions_revoked"] = await revoke_all_sessions(user.id)
        return changed


async def approve_user(actor: Actor | None, user_id: int, *, reason: str | None = None, client_address: str = "") -> User:
    """Approve a pending registration, so the account can sign in."""
    return await _decide(
        actor, "user.approve", user_id, reason=reason, reason_required=False,
        allowed_from=(UserStatus.PENDING,), to=UserStatus.ACTIVE, manage=False, client_address=client_address,
    )


async def reject_user(actor: Actor | None, user_id: int, *, reason: str | None, client_address: str = "") -> User:
    """Reject a pending registration with a reason the applicant will see."""
    return await _decide(
        actor, "user.reject", user_id, reason=reason, reason_required=True,
        allowed_from=(UserStatus.PENDING,), to=UserStatus.REJECTED, manage=False, client_address=client_address,
    )


async def suspend_user(actor: Actor | None, user_id: int, *, reason: str | None, client_address: str = "") -> User:
    """Suspend an active account and end all its sessions at once."""
    return await _decide(
        actor, "user.suspend", user_id, reason=reason, reason_required=True,
        allowed_from=(UserStatus.ACTIVE,), to=UserStatus.SUSPENDED, manage=True, client_address=client_address,
    )


async def reactivate_user(actor: Actor | None, user_id: int, *, reason: str | None = None, client_address: str = "") -> User:
    """Let a suspended account sign in again."""
    return await _decide(
        actor, "user.reactivate", user_id, reason=reason, reason_required=False,
        allowed_from=(UserStatus.SUSPENDED,), to=UserStatus.ACTIVE, manage=True, client_address=client_address,
    )
