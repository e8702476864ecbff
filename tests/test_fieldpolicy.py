"""The plumbing that applies the field policy: row fields, guarded fields, and their checks.

Which role sees which field is tested field by field in test_field_policy.py; this file
tests that a type cannot be declared so that a field escapes the policy.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import strawberry

from models.user import UserRole
from schema.fieldpolicy import guarded, row_backed, row_field
from schema.students import Student
from services.policy import mask_national_id


def test_unguarded_field_rejected():
    with pytest.raises(TypeError) as refused:

        @row_backed("Student")
        @strawberry.type(description="A child with one field outside the policy.")
        class Leaky:
            row: strawberry.Private[object]
            viewer: strawberry.Private[UserRole | None]

            def __init__(self, *, row: object, viewer: UserRole | None) -> None:
                self.row = row
                self.viewer = viewer

            first_name: str | None = row_field("Guarded by the policy.")
            last_name: str | None = strawberry.field(description="Not guarded.")

    assert str(refused.value) == "Leaky fields outside the field policy: lastName"


def test_dataclass_init_rejected():
    with pytest.raises(TypeError) as refused:

        @row_backed("Student")
        @strawberry.type(description="A child built by the dataclass __init__.")
        class Eager:
            row: strawberry.Private[object]
            first_name: str | None = row_field("Guarded by the policy.")

    assert "needs its own __init__" in str(refused.value)


def test_guarded_resolver_field_accepted():
    @row_backed("Student")
    @strawberry.type(description="A child with a row field and a resolver field.")
    class Fine:
        row: strawberry.Private[object]
        viewer: strawberry.Private[UserRole | None]

        def __init__(self, *, row: object, viewer: UserRole | None) -> None:
            self.row = row
            self.viewer = viewer

        first_name: str | None = row_field("Guarded by the policy.")

        @guarded("Guarded by the extension.")
        def last_name(self) -> str | None:
            return "ใจดี"

    assert Fine(row=SimpleNamespace(first_name="สมชาย"), viewer=UserRole.SCHOOL_STAFF).first_name == "สมชาย"


def viewed_by(role: UserRole | None) -> SimpleNamespace:
    """A request context whose caller has ``role`` (None: the public)."""
    return SimpleNamespace(actor=SimpleNamespace(role=role) if role else None, loaders=None)


def test_student_requires_context():
    with pytest.raises(TypeError):
        Student(row=SimpleNamespace(national_id="1101700203451"))


def test_row_fields_follow_viewer_role():
    row = SimpleNamespace(national_id="1101700203451", birth_date=None, guardian_phone="0812345678")

    staff = Student(row=row, context=viewed_by(UserRole.SCHOOL_STAFF))
    partner = Student(row=row, context=viewed_by(UserRole.PARTNER))
    public = Student(row=row, context=viewed_by(None))

    assert staff.national_id == "1101700203451"
    assert partner.national_id == mask_national_id("1101700203451")
    assert partner.guardian_phone is None
    assert public.national_id is None


def test_unknown_attribute_raises():
    student = Student(row=SimpleNamespace(), context=viewed_by(UserRole.SCHOOL_STAFF))

    assert not hasattr(student, "__await__")
    with pytest.raises(AttributeError):
        student.not_a_field
