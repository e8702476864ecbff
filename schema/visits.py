"""Follow-up visits: the Visit and Photo types, recordVisit, visit(id), and the tracking vocabulary."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from models.student import CLOSED_STATUSES
from models.student import CaseStatus as CaseStatusValue
from models.student import Need as NeedValue
from models.student import Reason as ReasonValue
from models.user import UserRole
from models.visit import Photo as PhotoRow
from models.visit import Visit as VisitRow
from schema.agencies import Agency, load_agency
from schema.base import Node, UserError, from_global_id, local_int_id, to_global_id, user_errors
from schema.context import Context
from schema.fieldpolicy import row_backed, row_field, viewer_role
from schema.registry import mutation_part, node_resolver, query_part
from schema.fieldpolicy import guarded
from schema.students import Student, student_for
from schema.vocabulary import (
    NEED_LABELS,
    REASON_LABELS,
    STATUS_LABELS,
    CaseStatus,
    Need,
    Reason,
    label,
)
from services import students as student_rules
from services import visits as visit_rules
from services.errors import AuthError, ErrorCode, ServiceError, ValidationErrors
from services.media import media_store
from services.scope import require_actor

if TYPE_CHECKING:
    from schema.accounts import User

StudentType = Annotated["Student", strawberry.lazy("schema.students")]
UserType = Annotated["User", strawberry.lazy("schema.accounts")]

PHOTO_ROUTE = "/media/photos/{photo_id}"
THUMBNAIL_ROUTE = "/media/photos/{photo_id}/thumbnail"


def _visit_field(description: str):
    """Declare a Visit field that the field policy guards (``services.policy.FIELD_GROUPS["Visit"]``)."""
    return guarded(description, type_name="Visit")


def _photo_field(description: str):
    """Declare a Photo field that the field policy guards (``services.policy.FIELD_GROUPS["Photo"]``)."""
    return guarded(description, type_name="Photo")


@row_backed("Photo")
@strawberry.type(description="A photo taken on a visit, stored without any metadata (no EXIF, no GPS).")
class Photo(Node):
    row: strawberry.Private[PhotoRow]
    viewer: strawberry.Private[UserRole | None]

    def __init__(self, *, row: PhotoRow, viewer: UserRole | None) -> None:
        self.row = row
        self.viewer = viewer

    id: strawberry.ID = row_field("Global id.", read=lambda self: to_global_id("Photo", self.row.id))

    url: str | None = row_field(
        "Relative URL of the photo. Send the same bearer token (or session cookie) as for the API; "
        "the URL answers 404 to anyone who may not see the visit.",
        read=lambda self: PHOTO_ROUTE.format(photo_id=self.row.id),
    )

    thumbnail_url: str | None = row_field(
        "Relative URL of a JPEG thumbnail, at most 320 pixels on its longer side.",
        read=lambda self: THUMBNAIL_ROUTE.format(photo_id=self.row.id),
    )

    content_type: str | None = row_field("MIME type of the stored photo: image/jpeg, image/png or image/webp.")

    size_bytes: int | None = row_field("Size of the stored photo in bytes.")

    width: int | None = row_field("Width of the stored photo in pixels, after turning it upright.")

    height: int | None = row_field("Height of the stored photo in pixels, after turning it upright.")


@row_backed("Visit")
@strawberry.type(
    description="One follow-up visit of a child. Fields follow the field policy: partner organisations "
    "see the status, date, reason and needs, and the position, photos, note and recorder are null for them."
)
class Visit(Node):
    row: strawberry.Private[VisitRow]
    viewer: strawberry.Private[UserRole | None]

    def __init__(self, *, row: VisitRow, viewer: UserRole | None) -> None:
        self.row = row
        self.viewer = viewer

    id: strawberry.ID = row_field("Global id.", read=lambda self: to_global_id("Visit", self.row.id))

    client_id: uuid.UUID = row_field(
        "The UUID the client made for this visit when it recorded it.",
        read=lambda self: self.row.id,
    )

    @_visit_field("The child visited.")
    async def student(self, info: Info[Context, None]) -> StudentType | None:
        return await _load_student(info, self.row.student_id)

    status: CaseStatus = row_field("Case status that the visit found.", read=lambda self: CaseStatusValue(self.row.status))

    @_visit_field("Label of the status in the caller's language (Thai unless `Accept-Language: en`).")
    def status_label(self, info: Info[Context, None]) -> str:
        return label(STATUS_LABELS[CaseStatusValue(self.row.status)], info.context.locale)

    reason: Reason | None = row_field("Why the child is not studying; null when the visit gave no reason.")

    @_visit_field("Label of the reason in the caller's language; null when there is no reason.")
    def reason_label(self, info: Info[Context, None]) -> str | None:
        if self.row.reason is None:
            return None
        return label(REASON_LABELS[ReasonValue(self.row.reason)], info.context.locale)

    @_visit_field("Help the child needs, as recorded on this visit, in the vocabulary's order.")
    async def needs(self, info: Info[Context, None]) -> list[Need]:
        rows = await info.context.loaders.needs_by_visit.load(self.row.id)
        order = list(NEED_LABELS)
        return sorted((NeedValue(row.need) for row in rows), key=order.index)

    visited_at: dt.datetime = row_field("When the visit took place, as the phone recorded it (UTC).")

    after_close: bool = row_field(
        "True when the visit arrived while the case was closed (RETURNED or CANNOT_FOLLOW). "
        "Such a visit is stored but does not change the child's status.",
    )

    note: str | None = row_field("Free-text note of the visit; null when the field policy hides it from you.")

    latitude: float | None = row_field("Latitude in degrees (WGS 84); null when not recorded or hidden from you.")

    longitude: float | None = row_field("Longitude in degrees (WGS 84); null when not recorded or hidden from you.")

    accuracy_meters: float | None = row_field(
        "Accuracy of the position in metres, as the phone reported it; null when not recorded or hidden from you.",
        read=lambda self: self.row.accuracy_m,
    )

    @_visit_field("Photos in the order they were sent (at most 5); null when hidden from you.")
    async def photos(self, info: Info[Context, None]) -> list[Photo] | None:
        rows = await info.context.loaders.photos_by_visit.load(self.row.id)
        return [Photo(row=row, viewer=self.viewer) for row in rows]

    @_visit_field(
        "Account of the person who recorded the visit; null when hidden from you or when the account "
        "is outside your scope (then see `recordedByName`)."
    )
    async def recorded_by(self, info: Info[Context, None]) -> UserType | None:
        from schema.accounts import load_user

        return await load_user(info, self.row.recorded_by_id)

    @_visit_field("Full name of the person who recorded the visit; null when hidden from you.")
    async def recorded_by_name(self, info: Info[Context, None]) -> str | None:
        user = await info.context.loaders.user_by_id.load(self.row.recorded_by_id)
        if user is None:
            return None
        return f"{user.title}{user.first_name} {user.last_name}".strip()

    @_visit_field(
        "Agency of the person who recorded the visit (a school or an area office); null when hidden "
        "from you or outside your view."
    )
    async def recorded_by_agency(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.recorded_by_agency_id)

    created_at: dt.datetime | None = row_field("When the server stored the visit (UTC); null when hidden from you.")


async def _load_student(info: Info[Context, None], student_id: int) -> Student | None:
    """Return the visit's child as the caller may read it.

    A child in the caller's scope comes from the request's loader. Otherwise the caller
    reads the visit as history (their school transferred the child away), and the child
    is loaded with that narrower access.
    """
    row = await info.context.loaders.student_by_id.load(student_id)
    actor = info.context.actor
    if row is not None and actor is not None and student_rules.in_student_scope(actor, row):
        return Student(row=row, context=info.context)
    return await student_for(info, student_id)


# ---------------------------------------------------------------- lookups


def _visit_uuid(value: str) -> uuid.UUID | None:
    """Read a Visit's global id, or the UUID the client made; None for anything else."""
    try:
        return uuid.UUID(value)
    except ValueError:
        pass
    try:
        _type, local_id = from_global_id(value, "Visit")
        return uuid.UUID(local_id)
    except (ServiceError, ValueError):
        return None


async def load_visit(info: Info[Context, None], visit_id: uuid.UUID | None) -> Visit | None:
    if visit_id is None:
        return None
    row = await visit_rules.visible_visit(info.context.actor, visit_id)
    return Visit(row=row, viewer=viewer_role(info.context)) if row else None


@node_resolver("Visit")
async def resolve_visit_node(info: Info[Context, None], local_id: str) -> Visit | None:
    try:
        return await load_visit(info, uuid.UUID(local_id))
    except ValueError:
        return None


@node_resolver("Photo")
async def resolve_photo_node(info: Info[Context, None], local_id: str) -> Photo | None:
    try:
        row = await visit_rules.visible_photo(info.context.actor, uuid.UUID(local_id))
    except ValueError:
        return None
    return Photo(row=row, viewer=viewer_role(info.context)) if row else None


# ---------------------------------------------------------------- vocabulary


@strawberry.type(description="A case status with its labels and the rules that go with it.")
class CaseStatusEntry:
    code: CaseStatus = strawberry.field(description="The enum value the API uses.")
    label_th: str = strawberry.field(description="Thai label, as users see it.")
    label_en: str = strawberry.field(description="English label.")
    visit_status: bool = strawberry.field(
        description="True when a visit may record this status (every status except NOT_STARTED)."
    )
    reason_required: bool = strawberry.field(description="True when a visit with this status must give a reason.")
    closes_case: bool = strawberry.field(
        description="True when this status closes the case; later visits are stored with `afterClose` and change nothing."
    )


@strawberry.type(description="A reason why a child is not studying, with its labels.")
class ReasonEntry:
    code: Reason = strawberry.field(description="The enum value the API uses.")
    label_th: str = strawberry.field(description="Thai label, as users see it.")
    label_en: str = strawberry.field(description="English label.")


@strawberry.type(description="A kind of help a child may need, with its labels.")
class NeedEntry:
    code: Need = strawberry.field(description="The enum value the API uses.")
    label_th: str = strawberry.field(description="Thai label, as users see it.")
    label_en: str = strawberry.field(description="English label.")


@strawberry.type(description="The tracking vocabulary, in the order the original reports show it.")
class Vocabulary:
    statuses: list[CaseStatusEntry] = strawberry.field(description="Case statuses, from NOT_STARTED to CANNOT_FOLLOW.")
    reasons: list[ReasonEntry] = strawberry.field(description="Reasons (สาเหตุ), in the order of the original reports.")
    needs: list[NeedEntry] = strawberry.field(description="Kinds of help (ความต้องการความช่วยเหลือ).")


def build_vocabulary() -> Vocabulary:
    statuses = [
        CaseStatusEntry(
            code=status,
            label_th=thai,
            label_en=english,
            visit_status=status != CaseStatusValue.NOT_STARTED,
            reason_required=status in visit_rules.REASON_REQUIRED,
            closes_case=status in CLOSED_STATUSES,
        )
        for status, (thai, english) in STATUS_LABELS.items()
    ]
    reasons = [ReasonEntry(code=reason, label_th=thai, label_en=english) for reason, (thai, english) in REASON_LABELS.items()]
    needs = [NeedEntry(code=need, label_th=thai, label_en=english) for need, (thai, english) in NEED_LABELS.items()]
    return Vocabulary(statuses=statuses, reasons=reasons, needs=needs)


# ---------------------------------------------------------------- recordVisit


@strawberry.input(
    description="A visit as the phone recorded it. Send photos with the GraphQL multipart request "
    "spec. Sending the same input again (same `id`, same content) is safe."
)
class RecordVisitInput:
    id: uuid.UUID = strawberry.field(
        description="A UUID the client makes once per visit and keeps for every retry of it."
    )
    student_id: strawberry.ID = strawberry.field(description="Global id of the child visited.")
    status: CaseStatus = strawberry.field(description="Case status the visit found; NOT_STARTED is rejected.")
    reason: Reason | None = strawberry.field(
        default=None,
        description="Why the child is not studying. Required when the status is NOT_FOUND, "
        "FOUND_WILL_NOT_RETURN or CANNOT_FOLLOW.",
    )
    needs: list[Need] = strawberry.field(default_factory=list, description="Help the child needs; each at most once.")
    note: str = strawberry.field(default="", description="Free-text note, at most 4000 characters.")
    visited_at: dt.datetime = strawberry.field(
        description="When the visit took place, ISO 8601 with a time zone offset. At most 5 minutes "
        "ahead of the server's clock, and not before 2020-01-01."
    )
    latitude: float | None = strawberry.field(
        default=None, description="Latitude in degrees, -90 to 90 (WGS 84). Send with longitude, or neither."
    )
    longitude: float | None = strawberry.field(
        default=None, description="Longitude in degrees, -180 to 180 (WGS 84). Send with latitude, or neither."
    )
    accuracy_meters: float | None = strawberry.field(
        default=None, description="Accuracy of the position in metres (0 or more), as the phone reports it."
    )
    photos: list[Upload] = strawberry.field(
        default_factory=list,
        description="Up to 5 photos (PAKONGKLAB_MAX_PHOTOS_PER_VISIT), JPEG, PNG or WebP, each at most "
        "PAKONGKLAB_MAX_PHOTO_BYTES (5 MB by default). Metadata such as EXIF and GPS is removed.",
    )


VisitWarningCode = strawberry.enum(
    visit_rules.VisitWarningCode,
    name="VisitWarningCode",
    description="Why a stored visit carries a warning.",
)


@strawberry.type(description="A questionable value that was stored anyway: show it so the user can check it.")
class VisitWarning:
    field: str = strawberry.field(description="The input field concerned, as named in the input.")
    code: VisitWarningCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Thai by default, English with `Accept-Language: en`.")


@strawberry.type(description="Result of recordVisit.")
class RecordVisitPayload:
    visit: Visit | None = strawberry.field(description="The stored visit; null when `errors` is not empty.")
    student: StudentType | None = strawberry.field(
        description="The child's record after the visit, with its status; null when `errors` is not empty."
    )
    replayed: bool = strawberry.field(
        description="True when this id was already stored with the same content: the stored visit is "
        "returned and nothing new is written."
    )
    warnings: list[VisitWarning] = strawberry.field(description="Questionable values that were stored anyway.")
    errors: list[UserError] = strawberry.field(
        description="Why the visit was rejected; empty on success. Each error names its input field; "
        "a photo's field is `photos.N` with N counted from 0."
    )


def _visit_input(data: RecordVisitInput) -> visit_rules.VisitInput:
    try:
        student_id = local_int_id(data.student_id, "Student")
    except ServiceError:
        raise ServiceError(ErrorCode.INVALID, "invalid_id", field="studentId", id=str(data.student_id)[:64]) from None
    return visit_rules.VisitInput(
        id=data.id,
        student_id=student_id,
        status=CaseStatusValue(data.status),
        reason=data.reason,
        needs=tuple(data.needs),
        note=data.note,
        visited_at=data.visited_at,
        latitude=data.latitude,
        longitude=data.longitude,
        accuracy_m=data.accuracy_meters,
    )


@mutation_part
@strawberry.type
class VisitMutation:
    @strawberry.mutation(
        description="Record a visit with its photos and update the child's status in the same transaction. "
        "Retrying with the same `id` and content returns the stored visit (`replayed: true`); the same "
        "`id` with other content is rejected with CONFLICT on `id`. For school staff and area officers."
    )
    async def record_visit(self, info: Info[Context, None], input: RecordVisitInput) -> RecordVisitPayload:
        # The caller is checked before any file is read (the service checks the role too).
        require_actor(info.context.actor)
        settings = info.context.settings
        try:
            recorded = await visit_rules.record_visit(
                info.context.actor,
                _visit_input(input),
                list(input.photos),
                settings=settings,
                store=media_store(settings),
            )
        except AuthError:
            raise
        except (ValidationErrors, ServiceError) as error:
            return RecordVisitPayload(visit=None, student=None, replayed=False, warnings=[], errors=user_errors(info, error))
        warnings = [
            VisitWarning(field=item.field, code=item.code, message=item.message(info.context.locale))
            for item in recorded.warnings
        ]
        return RecordVisitPayload(
            visit=Visit(row=recorded.visit, viewer=viewer_role(info.context)),
            student=Student(row=recorded.student, context=info.context),
            replayed=recorded.replayed,
            warnings=warnings,
            errors=[],
        )


@query_part
@strawberry.type
class VisitQuery:
    @strawberry.field(
        description="One visit by its global id or by the UUID the client made; null when it does not "
        "exist or is outside your scope."
    )
    async def visit(self, info: Info[Context, None], id: strawberry.ID) -> Visit | None:
        require_actor(info.context.actor)
        return await load_visit(info, _visit_uuid(id))

    @strawberry.field(
        description="The tracking vocabulary (statuses, reasons, needs) with Thai and English labels. Open to everyone."
    )
    def vocabulary(self) -> Vocabulary:
        return build_vocabulary()
