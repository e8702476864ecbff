"""GraphQL enums for the tracking vocabulary, wrapping the Python enums of ``models.student``.

The enums are declared here once, so that every schema module (students, visits, reports)
returns the same GraphQL types. Each value's description carries its Thai and English
labels, so that the printed schema documents what users see.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from models import student as student_model
from services.i18n import ENGLISH

LabelPair = tuple[str, str]


def label(pair: LabelPair, locale: str) -> str:
    """Pick the English label of a ``(thai, english)`` pair for ``en`` and the Thai one otherwise."""
    thai, english = pair
    return english if locale == ENGLISH else thai


def _wrap(enum_class: type[Enum], description: str, labels: dict | None = None):
    """Wrap ``enum_class`` as a GraphQL enum and describe each value by its labels."""
    wrapped = strawberry.enum(enum_class, name=enum_class.__name__, description=description)
    if labels:
        for value in wrapped.__strawberry_definition__.values:
            thai, english = labels[enum_class(value.value)]
            value.description = f"{thai} ({english})"
    return wrapped


CaseStatus = _wrap(
    student_model.CaseStatus,
    "Case status of a child, derived from the latest visit. RETURNED and CANNOT_FOLLOW close the case.",
    student_model.CASE_STATUS_LABELS,
)
Reason = _wrap(
    student_model.Reason,
    "Why a child is not studying (สาเหตุ), in the order the original reports show them.",
    student_model.REASON_LABELS,
)
Need = _wrap(
    student_model.Need,
    "Help a child needs (ความต้องการความช่วยเหลือ); a visit may record several.",
    student_model.NEED_LABELS,
)
Gender = _wrap(student_model.Gender, "Gender of a child as the school records it.", student_model.GENDER_LABELS)
IdKind = _wrap(
    student_model.IdKind,
    "What identifies a child: a Thai national ID (13 digits), an OBEC G code "
    "(G and 12 digits) for children without one, or a temporary code (T and 12 digits) "
    "for a case opened from a tip before the child's ID was known.",
    {
        student_model.IdKind.NATIONAL_ID: ("เลขประจำตัวประชาชน", "Thai national ID"),
        student_model.IdKind.G_CODE: ("รหัส G", "OBEC G code"),
        student_model.IdKind.TEMPORARY: ("รหัสชั่วคราว", "Temporary code of a case opened from a tip"),
    },
)

STATUS_LABELS = student_model.CASE_STATUS_LABELS
REASON_LABELS = student_model.REASON_LABELS
NEED_LABELS = student_model.NEED_LABELS
GENDER_LABELS = student_model.GENDER_LABELS

__all__ = [
    "CaseStatus",
    "Gender",
    "IdKind",
    "Need",
    "Reason",
    "label",
    "GENDER_LABELS",
    "NEED_LABELS",
    "REASON_LABELS",
    "STATUS_LABELS",
]
