"""Phase 2 for partner organisations: the organisations, the open provinces, and help records.

Resolvers here translate between GraphQL and ``services.partners`` and ``services.help``,
which hold the rules. ``HelpRecord`` is also what ``Student.helpRecords`` returns; its
fields follow the field policy (``services.policy.FIELD_GROUPS["HelpRecord"]``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import Info

from models.agency import Agency as AgencyRow
from models.agency import Phase2Province as Phase2ProvinceRow
from models.student import NEED_LABELS
from models.student import Need as NeedValue
from models.visit import HelpRecord as HelpRecordRow
from schema.agencies import Agency, Province, load_province, visible_agency
from schema.base import Edge, Node, PageInfo, UserError, decode_cursor, local_int_id, page_of, to_global_id, user_errors
from schema.context import Context
from schema.registry import mutation_part, node_resolver, query_part
from schema.fieldpolicy import guarded
from schema.vocabulary import Need, label
from services import help as help_service
from services import partners as partner_service
from services.errors import AuthError, ServiceError, ValidationErrors
from services.pagination import page_window
from services.scope import require_actor
from services.students import in_student_scope

if TYPE_CHECKING:
    from schema.students import Student

StudentType = Annotated["Student", strawberry.lazy("schema.students")]

MouStatus = strawberry.enum(
    partner_service.MouStatus,
    name="MouStatus",
    description="State of a partner organisation's MOU today (Asia/Bangkok): its staff use the "
    "system only while it is IN_FORCE.",
)
for _value in MouStatus.__strawberry_definition__.values:
    _thai, _english = partner_service.MOU_STATUS_LABELS[partner_service.MouStatus(_value.value)]
    _value.description = f"{_thai} ({_english})"


def _id_field(error: ServiceError, field: str) -> ServiceError:
    error.field = field
    return error


def _local_id(global_id: str, type_name: str, field: str) -> int:
    try:
        return local_int_id(global_id, type_name)
    except ServiceError as error:
        raise _id_field(error, field) from None


# ---------------------------------------------------------------- partner organisations


@strawberry.type(
    description="An organisation that signed an MOU with the ministry (ภาคีเครือข่าย). Its staff see a "
    "privacy-reduced view of the children in the provinces it covers that are open for phase 2, "
    "while the MOU is in force, and record the help they give."
)
class PartnerOrganisation(Node):
    row: strawberry.Private[AgencyRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("PartnerOrganisation", self.row.id)

    @strawberry.field(description="Code the organisation's staff give when they register.")
    def code(self) -> str:
        return self.row.code

    @strawberry.field(description="Thai name.")
    def name_th(self) -> str:
        return self.row.name_th

    @strawberry.field(description="English name, empty when unknown.")
    def name_en(self) -> str:
        return self.row.name_en

    @strawberry.field(description="Reference of the MOU, as written on the signed document.")
    def mou_reference(self) -> str:
        return self.row.mou_reference

    @strawberry.field(description="First day the MOU is in force.")
    def starts_on(self) -> dt.date | None:
        return self.row.mou_starts_on

    @strawberry.field(description="Last day the MOU is in force; access ends after this day (Asia/Bangkok).")
    def ends_on(self) -> dt.date | None:
        return self.row.mou_ends_on

    @strawberry.field(description="When a ministry admin revoked the MOU (UTC); null when it was not revoked.")
    def revoked_at(self) -> dt.datetime | None:
        return self.row.mou_revoked_at

    @strawberry.field(description="State of the MOU today.")
    def mou_status(self) -> MouStatus:
        return partner_service.mou_status(self.row, partner_service.bangkok_today())

    @strawberry.field(description="State of the MOU today, in the request's language.")
    def mou_status_label(self, info: Info[Context, None]) -> str:
        status = partner_service.mou_status(self.row, partner_service.bangkok_today())
        return label(partner_service.MOU_STATUS_LABELS[status], info.context.locale)

    @strawberry.field(description="Provinces the MOU covers, by code.")
    async def provinces(self, info: Info[Context, None]) -> list[Province]:
        return await _provinces(info, await _covered_codes(info, self.row.id))

    @strawberry.field(
        description="Provinces the MOU covers that are open for phase 2, by code: the homes of the "
        "children the organisation's staff see while the MOU is in force."
    )
    async def open_provinces(self, info: Info[Context, None]) -> list[Province]:
        codes = await _covered_codes(info, self.row.id)
        opened = await info.context.loaders.phase2_province_by_code.load_many(codes)
        return await _provinces(info, [code for code, row in zip(codes, opened) if row is not None])

    @strawberry.field(description="The organisation as a node of the agency tree.")
    def agency(self, info: Info[Context, None]) -> Agency | None:
        return visible_agency(info, self.row)


async def _covered_codes(info: Info[Context, None], agency_id: int) -> list[str]:
    rows = await info.context.loaders.covered_provinces_by_agency.load(agency_id)
    return [row.province_id for row in rows]


async def _provinces(info: Info[Context, None], codes: list[str]) -> list[Province]:
    rows = await info.context.loaders.province_by_code.load_many(codes)
    return [Province.from_row(row) for row in rows if row is not None]


@node_resolver("PartnerOrganisation")
async def resolve_partner_node(info: Info[Context, None], local_id: str) -> PartnerOrganisation | None:
    try:
        partner_id = int(local_id)
    except ValueError:
        return None
    row = await partner_service.visible_partner(info.context.actor, partner_id)
    return PartnerOrganisation(row=row) if row else None


@strawberry.type(description="A page of partner organisations.")
class PartnerOrganisationConnection:
    edges: list[Edge[PartnerOrganisation]] = strawberry.field(description="The organisations on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many organisations match, on all pages.")


@strawberry.input(description="Filters for the partner organisations list; all given filters must match.")
class PartnerOrganisationFilter:
    in_force: bool | None = strawberry.field(
        default=None, description="True: only MOUs in force today; false: only MOUs not yet in force, ended or revoked."
    )
    search: str | None = strawberry.field(
        default=None, description="Part of the Thai or English name or of the MOU reference, or the start of the code."
    )


# ---------------------------------------------------------------- phase 2 provinces


@strawberry.type(description="A province open for phase 2: partner organisations that cover it see its children.")
class Phase2Province:
    row: strawberry.Private[Phase2ProvinceRow]

    @strawberry.field(description="The province.")
    async def province(self, info: Info[Context, None]) -> Province:
        return await load_province(info, self.row.province_id)

    @strawberry.field(description="When phase 2 opened in the province (UTC).")
    def opened_at(self) -> dt.datetime:
        return self.row.opened_at


# ---------------------------------------------------------------- help records


def _help_field(description: str):
    """Declare a HelpRecord field that the field policy guards (``FIELD_GROUPS["HelpRecord"]``)."""
    return guarded(description, type_name="HelpRecord")


@strawberry.type(
    description="Help that a partner organisation gave a child: one kind of help on one day. The "
    "child's school, area office and the admins above them see it on the child's record."
)
class HelpRecord(Node):
    row: strawberry.Private[HelpRecordRow]

    @_help_field("Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("HelpRecord", self.row.id)

    @_help_field("The child helped; null when the child is outside your scope.")
    async def student(self, info: Info[Context, None]) -> StudentType | None:
        return await _student_in_scope(info, self.row.student_id)

    @_help_field("Kind of help, from the needs vocabulary.")
    def kind(self) -> Need:
        return NeedValue(self.row.kind)

    @_help_field("Kind of help in the request's language.")
    def kind_label(self, info: Info[Context, None]) -> str:
        return label(NEED_LABELS[NeedValue(self.row.kind)], info.context.locale)

    @_help_field("Day the help was given.")
    def given_on(self) -> dt.date:
        return self.row.given_on

    @_help_field("Amount in baht, for help given as money; null otherwise.")
    def amount_baht(self) -> Decimal | None:
        return self.row.amount_baht

    @_help_field("What was given or done, in the partner's words; empty when none.")
    def note(self) -> str:
        return self.row.note

    @_help_field("Thai name of the partner organisation that gave the help.")
    async def partner_name(self, info: Info[Context, None]) -> str:
        row = await info.context.loaders.agency_by_id.load(self.row.partner_id)
        return row.name_th if row else ""

    @_help_field("When the help was recorded (UTC).")
    def created_at(self) -> dt.datetime:
        return self.row.created_at


async def _student_in_scope(info: Info[Context, None], student_id: int) -> Student | None:
    from schema.students import Student

    row = await info.context.loaders.student_by_id.load(student_id)
    actor = info.context.actor
    if row is None or actor is None or not in_student_scope(actor, row):
        return None
    return Student(row=row, context=info.context)


async def help_records_of(info: Info[Context, None], student_id: int) -> list[HelpRecord]:
    """Return the help records of a child the caller may read, newest first; for ``Student.helpRecords``."""
    rows = await info.context.loaders.help_records_by_student.load(student_id)
    return [HelpRecord(row=row) for row in rows]


@node_resolver("HelpRecord")
async def resolve_help_record_node(info: Info[Context, None], local_id: str) -> HelpRecord | None:
    try:
        record_id = int(local_id)
    except ValueError:
        return None
    row = await help_service.visible_help_record(info.context.actor, record_id)
    return HelpRecord(row=row) if row else None


# ---------------------------------------------------------------- queries


@query_part
@strawberry.type
class PartnerQuery:
    @strawberry.field(
        description="Partner organisations, by code. For ministry admins only. Page size is capped at 100."
    )
    async def partner_organisations(
        self,
        info: Info[Context, None],
        filter: Annotated[
            PartnerOrganisationFilter | None, strawberry.argument(description="Filters; all given must match.")
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> PartnerOrganisationConnection:
        criteria = partner_service.PartnerFilter(
            in_force=filter.in_force if filter else None, search=filter.search if filter else None
        )
        query = partner_service.list_partners(info.context.actor, criteria, partner_service.bangkok_today())
        window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
        total = await query.count()
        rows = await query.offset(window.offset).limit(window.limit)
        edges, page_info = page_of([PartnerOrganisation(row=row) for row in rows], window, total)
        return PartnerOrganisationConnection(edges=edges, page_info=page_info, total_count=total)

    @strawberry.field(
        description="One partner organisation by global id, for ministry admins and the organisation's own "
        "staff; null when it does not exist or you may not read it."
    )
    async def partner_organisation(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the organisation.")],
    ) -> PartnerOrganisation | None:
        actor = require_actor(info.context.actor)
        row = await partner_service.visible_partner(actor, local_int_id(id, "PartnerOrganisation"))
        return PartnerOrganisation(row=row) if row else None

    @strawberry.field(
        description="Your own partner organisation, with its MOU status and open provinces; null unless "
        "you are a partner organisation's staff. Works after the MOU ended, to show why access stopped."
    )
    async def my_partner_organisation(self, info: Info[Context, None]) -> PartnerOrganisation | None:
        actor = require_actor(info.context.actor)
        row = await partner_service.visible_partner(actor, actor.agency_id) if actor.is_partner else None
        return PartnerOrganisation(row=row) if row else None

    @strawberry.field(
        description="Provinces open for phase 2, by province code. Open to everyone, signed in or not."
    )
    async def phase2_provinces(self) -> list[Phase2Province]:
        return [Phase2Province(row=row) for row in await partner_service.open_provinces()]


# ---------------------------------------------------------------- mutations


def _forget(loader: DataLoader, key: object) -> None:
    """Drop ``key`` from a loader's cache, so an earlier mutation's load is not served stale.

    Strawberry 0.341's ``DataLoader.clear`` raises KeyError for a key it never loaded.
    """
    try:
        loader.clear(key)
    except KeyError:
        pass


@strawberry.input(description="A partner organisation to record, with its MOU.")
class CreatePartnerOrganisationInput:
    code: str = strawberry.field(
        description="Code the organisation's staff give when they register: 2-32 English letters, digits and . _ -."
    )
    name_th: str = strawberry.field(description="Thai name, at most 255 characters.")
    name_en: str | None = strawberry.field(default=None, description="English name, at most 255 characters.")
    mou_reference: str = strawberry.field(description="Reference of the signed MOU, at most 128 characters.")
    province_codes: list[str] = strawberry.field(description="2-digit DOPA codes of the provinces the MOU covers; at least one.")
    starts_on: dt.date = strawberry.field(description="First day the MOU is in force.")
    ends_on: dt.date = strawberry.field(description="Last day the MOU is in force, on or after `startsOn`.")


@strawberry.input(description="Changes to a partner organisation. Leave a field out to keep it. The code cannot change.")
class UpdatePartnerOrganisationInput:
    partner_id: strawberry.ID = strawberry.field(description="Global id of the organisation.")
    name_th: str | None = strawberry.field(default=strawberry.UNSET, description="Thai name.")
    name_en: str | None = strawberry.field(default=strawberry.UNSET, description="English name; null clears it.")
    mou_reference: str | None = strawberry.field(default=strawberry.UNSET, description="Reference of the signed MOU.")
    province_codes: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="The provinces the MOU covers, replacing the current ones; at least one."
    )
    starts_on: dt.date | None = strawberry.field(default=strawberry.UNSET, description="First day the MOU is in force.")
    ends_on: dt.date | None = strawberry.field(
        default=strawberry.UNSET, description="Last day the MOU is in force; set a later day to extend it."
    )

    def changes(self) -> dict[str, object]:
        names = {
            "name_th": "nameTh", "name_en": "nameEn", "mou_reference": "mouReference",
            "province_codes": "provinceCodes", "starts_on": "startsOn", "ends_on": "endsOn",
        }
        return {
            api_name: getattr(self, attribute)
            for attribute, api_name in names.items()
            if getattr(self, attribute) is not strawberry.UNSET
        }


@strawberry.input(description="Revoke a partner organisation's MOU now.")
class RevokePartnerMouInput:
    partner_id: strawberry.ID = strawberry.field(description="Global id of the organisation.")
    reason: str = strawberry.field(description="Why, kept in the audit log; at most 1000 characters.")


@strawberry.input(description="Open phase 2 in a province.")
class OpenPhase2ProvinceInput:
    province_code: str = strawberry.field(description="2-digit DOPA province code.")


@strawberry.input(description="Close phase 2 in a province.")
class ClosePhase2ProvinceInput:
    province_code: str = strawberry.field(description="2-digit DOPA province code.")


@strawberry.input(description="Help your organisation gave a child.")
class RecordHelpInput:
    student_id: strawberry.ID = strawberry.field(description="Global id of the child; the child must be in your scope.")
    kind: Need = strawberry.field(description="Kind of help, from the needs vocabulary.")
    given_on: dt.date = strawberry.field(
        description="Day the help was given: not in the future (Asia/Bangkok), not before the MOU took effect."
    )
    amount_baht: Decimal | None = strawberry.field(
        default=None,
        description="Amount in baht, above 0 and at most 1,000,000, with at most 2 decimal places. Required for "
        "SCHOLARSHIP and LIVING_COSTS, optional for TRANSPORT and OTHER, and not allowed for other kinds.",
    )
    note: str | None = strawberry.field(default=None, description="What was given or done; at most 2000 characters.")


@strawberry.type(description="Result of `createPartnerOrganisation`.")
class CreatePartnerOrganisationPayload:
    partner_organisation: PartnerOrganisation | None = strawberry.field(
        description="The organisation as recorded; null when nothing was saved."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `updatePartnerOrganisation`.")
class UpdatePartnerOrganisationPayload:
    partner_organisation: PartnerOrganisation | None = strawberry.field(
        description="The organisation as saved; null when nothing was saved."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `revokePartnerMou`.")
class RevokePartnerMouPayload:
    partner_organisation: PartnerOrganisation | None = strawberry.field(
        description="The organisation with its MOU revoked; null when nothing was saved."
    )
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `openPhase2Province`.")
class OpenPhase2ProvincePayload:
    phase2_province: Phase2Province | None = strawberry.field(description="The open province; null on error.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `closePhase2Province`.")
class ClosePhase2ProvincePayload:
    province: Province | None = strawberry.field(description="The province now closed; null on error.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `recordHelp`.")
class RecordHelpPayload:
    help_record: HelpRecord | None = strawberry.field(description="The help record as stored; null when nothing was saved.")
    student: StudentType | None = strawberry.field(description="The child helped; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@mutation_part
@strawberry.type
class PartnerMutation:
    @strawberry.mutation(description="Record a partner organisation and its MOU. For ministry admins only.")
    async def create_partner_organisation(
        self, info: Info[Context, None], input: CreatePartnerOrganisationInput
    ) -> CreatePartnerOrganisationPayload:
        data = partner_service.PartnerInput(
            code=input.code,
            name_th=input.name_th,
            name_en=input.name_en or "",
            mou_reference=input.mou_reference,
            province_codes=tuple(input.province_codes),
            starts_on=input.starts_on,
            ends_on=input.ends_on,
        )
        try:
            row = await partner_service.create_partner(
                info.context.actor, data, client_address=info.context.client_address
            )
        except AuthError:
            raise
        except (ServiceError, ValidationErrors) as error:
            return CreatePartnerOrganisationPayload(partner_organisation=None, errors=user_errors(info, error))
        return CreatePartnerOrganisationPayload(partner_organisation=PartnerOrganisation(row=row), errors=[])

    @strawberry.mutation(
        description="Change a partner organisation's names, MOU reference, dates or provinces; extend `endsOn` "
        "to renew the MOU. For ministry admins only. A revoked MOU cannot be changed."
    )
    async def update_partner_organisation(
        self, info: Info[Context, None], input: UpdatePartnerOrganisationInput
    ) -> UpdatePartnerOrganisationPayload:
        try:
            require_actor(info.context.actor)
            partner_id = _local_id(input.partner_id, "PartnerOrganisation", "partnerId")
            row = await partner_service.update_partner(
                info.context.actor, partner_id, input.changes(), client_address=info.context.client_address
            )
        except AuthError:
            raise
        except (ServiceError, ValidationErrors) as error:
            return UpdatePartnerOrganisationPayload(partner_organisation=None, errors=user_errors(info, error))
        return UpdatePartnerOrganisationPayload(partner_organisation=PartnerOrganisation(row=row), errors=[])

    @strawberry.mutation(
        description="Revoke a partner organisation's MOU now: its staff lose access at once and every one of "
        "their sessions ends. Cannot be undone. For ministry admins only."
    )
    async def revoke_partner_mou(self, info: Info[Context, None], input: RevokePartnerMouInput) -> RevokePartnerMouPayload:
        try:
            require_actor(info.context.actor)
            partner_id = _local_id(input.partner_id, "PartnerOrganisation", "partnerId")
            row = await partner_service.revoke_mou(
                info.context.actor, partner_id, input.reason, client_address=info.context.client_address
            )
        except AuthError:
            raise
        except ServiceError as error:
            return RevokePartnerMouPayload(partner_organisation=None, errors=user_errors(info, error))
        return RevokePartnerMouPayload(partner_organisation=PartnerOrganisation(row=row), errors=[])

    @strawberry.mutation(
        description="Open phase 2 in a province: partner organisations that cover it see its children from "
        "their next request. Opening an open province succeeds and changes nothing. For ministry admins only."
    )
    async def open_phase2_province(
        self, info: Info[Context, None], input: OpenPhase2ProvinceInput
    ) -> OpenPhase2ProvincePayload:
        try:
            row = await partner_service.open_province(
                info.context.actor, input.province_code, client_address=info.context.client_address
            )
        except AuthError:
            raise
        except ServiceError as error:
            return OpenPhase2ProvincePayload(phase2_province=None, errors=user_errors(info, error))
        return OpenPhase2ProvincePayload(phase2_province=Phase2Province(row=row), errors=[])

    @strawberry.mutation(
        description="Close phase 2 in a province: partner organisations stop seeing its children from their "
        "next request. Closing a province that is not open succeeds. For ministry admins only."
    )
    async def close_phase2_province(
        self, info: Info[Context, None], input: ClosePhase2ProvinceInput
    ) -> ClosePhase2ProvincePayload:
        try:
            row = await partner_service.close_province(
                info.context.actor, input.province_code, client_address=info.context.client_address
            )
        except AuthError:
            raise
        except ServiceError as error:
            return ClosePhase2ProvincePayload(province=None, errors=user_errors(info, error))
        return ClosePhase2ProvincePayload(province=Province.from_row(row), errors=[])

    @strawberry.mutation(
        description="Record help your partner organisation gave a child in its open provinces. For partner "
        "staff only, while the MOU is in force."
    )
    async def record_help(self, info: Info[Context, None], input: RecordHelpInput) -> RecordHelpPayload:
        try:
            require_actor(info.context.actor)
            data = help_service.HelpInput(
                student_id=_local_id(input.student_id, "Student", "studentId"),
                kind=NeedValue(input.kind),
                given_on=input.given_on,
                amount_baht=input.amount_baht,
                note=input.note or "",
            )
            row = await help_service.record_help(info.context.actor, data, client_address=info.context.client_address)
        except AuthError:
            raise
        except (ServiceError, ValidationErrors) as error:
            return RecordHelpPayload(help_record=None, student=None, errors=user_errors(info, error))
        _forget(info.context.loaders.help_records_by_student, row.student_id)
        student = await _student_in_scope(info, row.student_id)
        return RecordHelpPayload(help_record=HelpRecord(row=row), student=student, errors=[])
