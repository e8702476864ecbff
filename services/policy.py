"""The field policy: which role sees which field of a child's record, and in what form.

This module is the one place that decides it. GraphQL types ask ``access()`` for every
guarded field, and the field-policy test walks every role against every field listed here.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import cache

from models.user import UserRole


class Access(str, Enum):
    FULL = "FULL"
    REDUCED = "REDUCED"
    NONE = "NONE"


class FieldGroup(str, Enum):
    """Groups of fields that share one rule, as in the policy table of the docs."""

    NATIONAL_ID = "NATIONAL_ID"
    IDENTITY = "IDENTITY"  # names, gender, grade, school, term, status
    BIRTH_DATE = "BIRTH_DATE"
    HOME_ADDRESS = "HOME_ADDRESS"
    HOME_AREA = "HOME_AREA"  # subdistrict, district, province of the home
    GUARDIAN = "GUARDIAN"
    VISIT_SUMMARY = "VISIT_SUMMARY"  # visit status, date, reason, needs
    VISIT_DETAIL = "VISIT_DETAIL"  # GPS, photos, notes, who recorded it
    HELP = "HELP"  # help given by partners
    RECORD_META = "RECORD_META"  # version, duplicate flags, import batch


# The anonymous public is no role of its own: the API lets it read no child at all.
PUBLIC = "PUBLIC"

_STAFF_ROLES = (
    UserRole.SCHOOL_STAFF,
    UserRole.AREA_OFFICER,
    UserRole.AFFILIATION_ADMIN,
    UserRole.MINISTRY_ADMIN,
)

_PARTNER_ACCESS = {
    FieldGroup.NATIONAL_ID: Access.REDUCED,
    FieldGroup.IDENTITY: Access.FULL,
    FieldGroup.BIRTH_DATE: Access.REDUCED,
    FieldGroup.HOME_ADDRESS: Access.NONE,
    FieldGroup.HOME_AREA: Access.FULL,
    FieldGroup.GUARDIAN: Access.NONE,
    FieldGroup.VISIT_SUMMARY: Access.FULL,
    FieldGroup.VISIT_DETAIL: Access.NONE,
    FieldGroup.HELP: Access.FULL,
    FieldGroup.RECORD_META: Access.NONE,
}

POLICY: dict[str, dict[FieldGroup, Access]] = {
    **{role.value: {group: Access.FULL for group in FieldGroup} for role in _STAFF_ROLES},
    UserRole.PARTNER.value: _PARTNER_ACCESS,
    PUBLIC: {group: Access.NONE for group in FieldGroup},
}

# GraphQL type -> field -> group. Every field of these types must be listed: the policy
# test fails on a field that is not, so no field reaches a client without a rule.
FIELD_GROUPS: dict[str, dict[str, FieldGroup]] = {
    "Student": {
        "id": FieldGroup.IDENTITY,
        "nationalId": FieldGroup.NATIONAL_ID,
        "idKind": FieldGroup.IDENTITY,
        "title": FieldGroup.IDENTITY,
        "firstName": FieldGroup.IDENTITY,
        "lastName": FieldGroup.IDENTITY,
        "firstNameEn": FieldGroup.IDENTITY,
        "lastNameEn": FieldGroup.IDENTITY,
        "fullName": FieldGroup.IDENTITY,
        "gender": FieldGroup.IDENTITY,
        "grade": FieldGroup.IDENTITY,
        "term": FieldGroup.IDENTITY,
        "school": FieldGroup.IDENTITY,
        "areaOffice": FieldGroup.IDENTITY,
        "affiliation": FieldGroup.IDENTITY,
        "status": FieldGroup.IDENTITY,
        "statusLabel": FieldGroup.IDENTITY,
        "birthDate": FieldGroup.BIRTH_DATE,
        "ageYears": FieldGroup.IDENTITY,
        "houseNumber": FieldGroup.HOME_ADDRESS,
        "villageNo": FieldGroup.HOME_ADDRESS,
        "addressLine": FieldGroup.HOME_ADDRESS,
        "subdistrict": FieldGroup.HOME_AREA,
        "district": FieldGroup.HOME_AREA,
        "province": FieldGroup.HOME_AREA,
        "guardianName": FieldGroup.GUARDIAN,
        "guardianPhone": FieldGroup.GUARDIAN,
        "latestVisit": FieldGroup.VISIT_SUMMARY,
        "lastVisitedAt": FieldGroup.VISIT_SUMMARY,
        "latestReason": FieldGroup.VISIT_SUMMARY,
        "visitCount": FieldGroup.VISIT_SUMMARY,
        "visits": FieldGroup.VISIT_SUMMARY,
        "helpRecords": FieldGroup.HELP,
        "version": FieldGroup.RECORD_META,
        "possibleDuplicate": FieldGroup.RECORD_META,
        "createdAt": FieldGroup.RECORD_META,
        "updatedAt": FieldGroup.RECORD_META,
        "latestReasonLabel": FieldGroup.VISIT_SUMMARY,
        "canEdit": FieldGroup.IDENTITY,
        "historyOnly": FieldGroup.IDENTITY,
        "transfers": FieldGroup.RECORD_META,
    },
    "Visit": {
        "id": FieldGroup.VISIT_SUMMARY,
        "student": FieldGroup.VISIT_SUMMARY,
        "status": FieldGroup.VISIT_SUMMARY,
        "statusLabel": FieldGroup.VISIT_SUMMARY,
        "reason": FieldGroup.VISIT_SUMMARY,
        "reasonLabel": FieldGroup.VISIT_SUMMARY,
        "needs": FieldGroup.VISIT_SUMMARY,
        "visitedAt": FieldGroup.VISIT_SUMMARY,
        "afterClose": FieldGroup.VISIT_SUMMARY,
        "note": FieldGroup.VISIT_DETAIL,
        "latitude": FieldGroup.VISIT_DETAIL,
        "longitude": FieldGroup.VISIT_DETAIL,
        "accuracyMeters": FieldGroup.VISIT_DETAIL,
        "photos": FieldGroup.VISIT_DETAIL,
        "recordedBy": FieldGroup.VISIT_DETAIL,
        "createdAt": FieldGroup.VISIT_DETAIL,
        "clientId": FieldGroup.VISIT_SUMMARY,
        "recordedByName": FieldGroup.VISIT_DETAIL,
        "recordedByAgency": FieldGroup.VISIT_DETAIL,
    },
    "Photo": {
        "id": FieldGroup.VISIT_DETAIL,
        "url": FieldGroup.VISIT_DETAIL,
        "thumbnailUrl": FieldGroup.VISIT_DETAIL,
        "contentType": FieldGroup.VISIT_DETAIL,
        "sizeBytes": FieldGroup.VISIT_DETAIL,
        "width": FieldGroup.VISIT_DETAIL,
        "height": FieldGroup.VISIT_DETAIL,
    },
    "HelpRecord": {
        "id": FieldGroup.HELP,
        "student": FieldGroup.HELP,
        "kind": FieldGroup.HELP,
        "kindLabel": FieldGroup.HELP,
        "givenOn": FieldGroup.HELP,
        "amountBaht": FieldGroup.HELP,
        "note": FieldGroup.HELP,
        "partnerName": FieldGroup.HELP,
        "createdAt": FieldGroup.HELP,
    },
}


def role_key(role: UserRole | None) -> str:
    return PUBLIC if role is None else role.value


@cache
def access(role: UserRole | None, type_name: str, field_name: str) -> Access:
    """Return how ``role`` may see ``type_name.field_name``.

    A field with no rule is refused (``NONE``), so a forgotten entry hides data rather
    than leaking it; the policy test reports the missing entry. The tables are fixed at
    import, so results are cached: one entry per role and field, read for every field of
    every child on a page.
    """
    group = FIELD_GROUPS.get(type_name, {}).get(field_name)
    if group is None:
        return Access.NONE
    return POLICY[role_key(role)][group]


def mask_national_id(national_id: str) -> str:
    """Keep the last 4 characters of an ID and replace the rest with ``x``."""
    if len(national_id) <= 4:
        return "x" * len(national_id)
    return "x" * (len(national_id) - 4) + national_id[-4:]


def age_in_years(birth_date: dt.date | None, today: dt.date) -> int | None:
    """Return the completed years between ``birth_date`` and ``today``."""
    if birth_date is None:
        return None
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
