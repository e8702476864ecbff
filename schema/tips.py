"""Tips from the public: submitting and following one without an account, and triage by officers.

Resolvers here translate between GraphQL and ``services.tips``, which contains the rules:
rate limit, duplicate text, routing to one area office, and the triage decisions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models.student import Gender as GenderValue
from models.tip import Tip as TipRow
from models.tip import TipStatus as TipStatusValue
from schema.agencies import Agency, District, Province, Subdistrict, load_agency, load_district, load_province, load_subdistrict
from schema.base import Edge, Node, PageInfo, UserError, decode_cursor, local_int_id, page_of, to_global_id, user_errors
from schema.context import Context
from schema.registry import mutation_part, node_resolver, query_part
from schema.vocabulary import Gender, label
from services import tips as tip_service
from services.errors import AuthError, ServiceError, ValidationErrors
from services.pagination import page_window
from services.scope import require_actor
from services.students import in_student_scope

if TYPE_CHECKING:
    from schema.students import Student

StudentType = Annotated["Student", strawberry.lazy("schema.students")]


def _described_enum(enum_class, name: str, description: str, labels: dict):
    wrapped = strawberry.enum(enum_class, name=name, description=description)
    for value in wrapped.__strawberry_definition__.values:
        thai, english = labels[enum_class(value.value)]
        value.description = f"{thai} ({english})"
    return wrapped


TipStatus = _described_enum(
    TipStatusValue,
    "TipStatus",
    "Where a tip is in triage: RECEIVED until an officer decides, then MATCHED, CASE_OPENED or DISMISSED.",
    tip_service.TIP_STATUS_LABELS,
)
PublicTipStatus = _described_enum(
    tip_service.PublicTipStatus,
    "PublicTipStatus",
    "What the reporter of a tip learns from its tracking code. Matching a listed child and opening a "
    "new case both show as IN_FOLLOW_UP, so the code never tells whether a child is on a list.",
    tip_service.PUBLIC_STATUS_LABELS,
)


def _local_id(global_id: str, type_name: str, field: str) -> int:
    try:
        return local_int_id(global_id, type_name)
    except ServiceError as error:
        error.field = field
        raise


# ---------------------------------------------------------------- what the reporter sees


@strawberry.type(description="The public status of a tip, as its tracking code shows it. Nothing else about the tip is shown.")
class TipTracking:
    row: strawberry.Private[TipRow]

    @strawberry.field(description="Public status of the tip.")
    def status(self) -> PublicTipStatus:
        return tip_service.public_status(self.row)

    @strawberry.field(description="Public status in the request's language.")
    def status_label(self, info: Info[Context, None]) -> str:
        return label(tip_service.PUBLIC_STATUS_LABELS[tip_service.public_status(self.row)], info.context.locale)

    @strawberry.field(description="Day the tip was received (Asia/Bangkok).")
    def submitted_on(self) -> dt.date:
        return tip_service.submitted_on(self.row)


# ---------------------------------------------------------------- what officers see


@strawberry.type(
    description="A tip from the public about a child who is out of school, as the officers who triage "
    "it see it: the officers of the area office it was routed to, the admins of that office's "
    "affiliation, and ministry admins."
)
class Tip(Node):
    row: strawberry.Private[TipRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("Tip", self.row.id)

    @strawberry.field(description="Where the tip is in triage.")
    def status(self) -> TipStatus:
        return TipStatusValue(self.row.status)

    @strawberry.field(description="Where the tip is in triage, in the request's language.")
    def status_label(self, info: Info[Context, None]) -> str:
        return label(tip_service.TIP_STATUS_LABELS[TipStatusValue(self.row.status)], info.context.locale)

    @strawberry.field(description="The child's age in years as the reporter guessed it.")
    def approximate_age(self) -> int | None:
        return self.row.approximate_age

    @strawberry.field(description="Subdistrict where the reporter saw the child.")
    async def subdistrict(self, info: Info[Context, None]) -> Subdistrict | None:
        return await load_subdistrict(info, self.row.subdistrict_id)

    @strawberry.field(description="District of that subdistrict.")
    async def district(self, info: Info[Context, None]) -> District | None:
        row = await info.context.loaders.subdistrict_by_code.load(self.row.subdistrict_id)
        return await load_district(info, row.district_id) if row else None

    @strawberry.field(description="Province of that subdistrict.")
    async def province(self, info: Info[Context, None]) -> Province | None:
        row = await info.context.loaders.subdistrict_by_code.load(self.row.subdistrict_id)
        return await load_province(info, row.province_id) if row else None

    @strawberry.field(description="Latitude of the place, when the reporter gave one (WGS 84).")
    def latitude(self) -> float | None:
        return self.row.latitude

    @strawberry.field(description="Longitude of the place, when the reporter gave one (WGS 84).")
    def longitude(self) -> float | None:
        return self.row.longitude

    @strawberry.field(description="What the reporter saw, in their words.")
    def description(self) -> str:
        return self.row.description

    @strawberry.field(description="How to reach the reporter, as they wrote it; empty when they gave none.")
    def contact(self) -> str:
        return self.row.contact

    @strawberry.field(description="The area office the tip was routed to; null when no office covers the place.")
    async def area_office(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.area_office_id)

    @strawberry.field(description="When the tip arrived (UTC).")
    def submitted_at(self) -> dt.datetime:
        return self.row.created_at

    @strawberry.field(description="When an officer decided the tip (UTC); null while it waits.")
    def decided_at(self) -> dt.datetime | None:
        return self.row.decided_at

    @strawberry.field(description="Why the tip was dismissed; empty for other decisions.")
    def decision_reason(self) -> str:
        return self.row.decision_reason

    @strawberry.field(description="Name of the officer who decided; null while the tip waits.")
    async def decided_by_name(self, info: Info[Context, None]) -> str | None:
        if self.row.decided_by_id is None:
            return None
        user = await info.context.loaders.user_by_id.load(self.row.decided_by_id)
        return f"{user.title}{user.first_name} {user.last_name}".strip() if user else None

    @strawberry.field(
        description="The listed child the tip was matched to, or the child of the case it opened; null "
        "otherwise or when the child is outside your scope."
    )
    async def student(self, info: Info[Context, None]) -> StudentType | None:
        return await _student_in_scope(info, self.row.matched_student_id)


async def _student_in_scope(info: Info[Context, None], student_id: int | None) -> Student | None:
    from schema.students import Student

    if student_id is None:
        return None
    row = await info.context.loaders.student_by_id.load(student_id)
    actor = info.context.actor
    if row is None or actor is None or not in_student_scope(actor, row):
        return None
    return Student(row=row, context=info.context)


@node_resolver("Tip")
async def resolve_tip_node(info: Info[Context, None], local_id: str) -> Tip | None:
    try:
        tip_id = int(local_id)
    except ValueError:
        return None
    row = await tip_service.visible_tip(info.context.actor, tip_id)
    return Tip(row=row) if row else None


@strawberry.type(description="A page of tips.")
class TipConnection:
    edges: list[Edge[Tip]] = strawberry.field(description="The tips on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many tips match, on all pages.")


@strawberry.input(description="Filters for the tips list; all given filters must match.")
class TipFilter:
    status: list[TipStatus] | None = strawberry.field(default=None, description="Only tips in these states.")
    area_office_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only tips routed to this area office; one outside your scope gives an empty list."
    )
    routed: bool | None = strawberry.field(
        default=None,
        description="True: only tips routed to an office; false: only tips that no office covers "
        "(which only ministry admins see).",
    )

    def criteria(self) -> tip_service.TipFilter:
        office_id = None
        if self.area_office_id is not None:
            office_id = _local_id(self.area_office_id, "Agency", "filter.areaOfficeId")
        return tip_service.TipFilter(
            statuses=tuple(TipStatusValue(item) for item in self.status or ()),
            area_office_id=office_id,
            routed=self.routed,
        )


# ---------------------------------------------------------------- queries


@query_part
@strawberry.type
class TipQuery:
    @strawberry.field(
        description="The public status of the tip with this tracking code; null when no tip has it. Open "
        "to everyone, signed in or not. Spaces, dashes and letter case in the code are ignored."
    )
    async def tip_status(
        self,
        tracking_code: Annotated[str, strawberry.argument(description="The code shown when the tip was sent.")],
    ) -> TipTracking | None:
        row = await tip_service.tip_by_tracking_code(tracking_code)
        return TipTracking(row=row) if row else None

    @strawberry.field(
        description="Tips you triage, oldest first: area officers see the tips routed to their office, "
        "affiliation admins those of their affiliation's offices, ministry admins every tip. Page size "
        "is capped at 100."
    )
    async def tips(
        self,
        info: Info[Context, None],
        filter: Annotated[TipFilter | None, strawberry.argument(description="Filters; all given must match.")] = None,
        first: Annotated[int | None, strawberry.argument(description="Page size, at most 100.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor of the item before the page.")] = None,
    ) -> TipConnection:
        query = tip_service.list_tips(info.context.actor, filter.criteria() if filter else tip_service.TipFilter())
        window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
        total = await query.count()
        rows = await query.offset(window.offset).limit(window.limit)
        edges, page_info = page_of([Tip(row=row) for row in rows], window, total)
        return TipConnection(edges=edges, page_info=page_info, total_count=total)

    @strawberry.field(description="One tip by global id; null when it does not exist or you do not triage it.")
    async def tip(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id of the tip.")],
    ) -> Tip | None:
        actor = require_actor(info.context.actor)
        row = await tip_service.visible_tip(actor, local_int_id(id, "Tip"))
        return Tip(row=row) if row else None


# ---------------------------------------------------------------- mutations


@strawberry.input(description="A report of a child who is out of school. No account is needed.")
class SubmitTipInput:
    approximate_age: int | None = strawberry.field(
        default=None, description="The child's age in years, as well as you can tell: 3 to 18."
    )
    subdistrict_code: str = strawberry.field(
        description="6-digit DOPA code of the subdistrict where you saw the child; see `subdistricts`."
    )
    latitude: float | None = strawberry.field(
        default=None, description="Latitude of the place in Thailand (WGS 84); send it with `longitude` or not at all."
    )
    longitude: float | None = strawberry.field(
        default=None, description="Longitude of the place in Thailand (WGS 84); send it with `latitude` or not at all."
    )
    description: str = strawberry.field(
        description="What you saw: where and when, and what the child was doing. 10 to 2000 characters."
    )
    contact: str | None = strawberry.field(
        default=None,
        description="How officers can reach you, e.g. a phone number; at most 200 characters. Only the "
        "officers who handle the tip see it.",
    )


@strawberry.type(description="Result of `submitTip`.")
class SubmitTipPayload:
    tracking_code: str | None = strawberry.field(
        description="The tip's tracking code. It is shown only now and cannot be recovered: keep it to "
        "follow the tip with `tipStatus`. Null when nothing was saved."
    )
    tracking: TipTracking | None = strawberry.field(description="The tip's public status; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(
        description="Why nothing was saved; empty on success. TOO_MANY_REQUESTS past the hourly limit "
        "per network address, DUPLICATE for a text already received."
    )


@strawberry.input(description="Match a tip to a child already on a list in your scope.")
class MatchTipInput:
    tip_id: strawberry.ID = strawberry.field(description="Global id of the tip.")
    student_id: strawberry.ID = strawberry.field(description="Global id of the child.")


@strawberry.input(
    description="Put the child of a tip on a school's list as a new case. Leave out what you do not know yet."
)
class OpenCaseFromTipInput:
    tip_id: strawberry.ID = strawberry.field(description="Global id of the tip.")
    school_id: strawberry.ID = strawberry.field(description="Global id of the school in your scope that will follow the child up.")
    title: str | None = strawberry.field(default=None, description="Title, e.g. ด.ช.; at most 32 characters.")
    first_name: str | None = strawberry.field(default=None, description="First name in Thai; at most 100 characters.")
    last_name: str | None = strawberry.field(default=None, description="Last name in Thai; at most 100 characters.")
    gender: Gender | None = strawberry.field(default=None, description="Gender; UNSPECIFIED when left out.")
    national_id: str | None = strawberry.field(
        default=None,
        description="National ID (13 digits) or G code, when known. Left out, the child gets a temporary "
        "code: T and the tip's number in 12 digits.",
    )
    grade: str | None = strawberry.field(default=None, description="Grade, e.g. ป.6; at most 8 characters.")
    term: str | None = strawberry.field(
        default=None,
        description="Term of the list, semester/Buddhist-Era year such as 2/2567; the current term when left "
        "out (semester 1 runs May to October, semester 2 November to April).",
    )


@strawberry.input(description="Close a tip without action.")
class DismissTipInput:
    tip_id: strawberry.ID = strawberry.field(description="Global id of the tip.")
    reason: str = strawberry.field(description="Why; officers who read the tip see it. At most 1000 characters.")


@strawberry.type(description="Result of `matchTip`.")
class MatchTipPayload:
    tip: Tip | None = strawberry.field(description="The tip, now MATCHED; null when nothing was saved.")
    student: StudentType | None = strawberry.field(description="The child the tip was matched to; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `openCaseFromTip`.")
class OpenCaseFromTipPayload:
    tip: Tip | None = strawberry.field(description="The tip, now CASE_OPENED; null when nothing was saved.")
    student: StudentType | None = strawberry.field(description="The new child record; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@strawberry.type(description="Result of `dismissTip`.")
class DismissTipPayload:
    tip: Tip | None = strawberry.field(description="The tip, now DISMISSED; null when nothing was saved.")
    errors: list[UserError] = strawberry.field(description="Why nothing was saved; empty on success.")


@mutation_part
@strawberry.type
class TipMutation:
    @strawberry.mutation(
        description="Report a child who is out of school. Open to everyone, without an account; the tip "
        "goes to the area office that covers the subdistrict. Limited per network address per hour."
    )
    async def submit_tip(self, info: Info[Context, None], input: SubmitTipInput) -> SubmitTipPayload:
        data = tip_service.TipInput(
            approximate_age=input.approximate_age,
            subdistrict_code=input.subdistrict_code,
            description=input.description,
            latitude=input.latitude,
            longitude=input.longitude,
            contact=input.contact or "",
        )
        try:
            submitted = await tip_service.submit_tip(
                info.context.actor, data, settings=info.context.settings, client_address=info.context.client_address
            )
        except (ServiceError, ValidationErrors) as error:
            return SubmitTipPayload(tracking_code=None, tracking=None, errors=user_errors(info, error))
        return SubmitTipPayload(
            tracking_code=submitted.tracking_code, tracking=TipTracking(row=submitted.tip), errors=[]
        )

    @strawberry.mutation(
        description="Record that a tip is about a child already listed in your scope. For the officers "
        "who triage the tip."
    )
    async def match_tip(self, info: Info[Context, None], input: MatchTipInput) -> MatchTipPayload:
        try:
            tip_service.require_triager(info.context.actor)
            tip_id = _local_id(input.tip_id, "Tip", "tipId")
            student_id = _local_id(input.student_id, "Student", "studentId")
            row, _student = await tip_service.match_tip(
                info.context.actor, tip_id, student_id, client_address=info.context.client_address
            )
        except AuthError:
            raise
        except ServiceError as error:
            return MatchTipPayload(tip=None, student=None, errors=user_errors(info, error))
        return MatchTipPayload(
            tip=Tip(row=row), student=await _student_in_scope(info, row.matched_student_id), errors=[]
        )

    @strawberry.mutation(
        description="Put the child of a tip on the list of a school in your scope as a new case, with the "
        "tip's subdistrict as the home. For the officers who triage the tip."
    )
    async def open_case_from_tip(self, info: Info[Context, None], input: OpenCaseFromTipInput) -> OpenCaseFromTipPayload:
        try:
            tip_service.require_triager(info.context.actor)
            case = tip_service.NewCase(
                school_id=_local_id(input.school_id, "Agency", "schoolId"),
                title=input.title or "",
                first_name=input.first_name or "",
                last_name=input.last_name or "",
                gender=GenderValue(input.gender) if input.gender else GenderValue.UNSPECIFIED,
                national_id=input.national_id or "",
                grade=input.grade or "",
                term=input.term,
            )
            row, _student = await tip_service.open_case_from_tip(
                info.context.actor,
                _local_id(input.tip_id, "Tip", "tipId"),
                case,
                client_address=info.context.client_address,
            )
        except AuthError:
            raise
        except (ServiceError, ValidationErrors) as error:
            return OpenCaseFromTipPayload(tip=None, student=None, errors=user_errors(info, error))
        return OpenCaseFromTipPayload(
            tip=Tip(row=row), student=await _student_in_scope(info, row.matched_student_id), errors=[]
        )

    @strawberry.mutation(description="Close a tip without action, with a reason. For the officers who triage the tip.")
    async def dismiss_tip(self, info: Info[Context, None], input: DismissTipInput) -> DismissTipPayload:
        try:
            tip_service.require_triager(info.context.actor)
            row = await tip_service.dismiss_tip(
                info.context.actor,
                _local_id(input.tip_id, "Tip", "tipId"),
                input.reason,
                client_address=info.context.client_address,
            )
        except AuthError:
            raise
        except ServiceError as error:
            return DismissTipPayload(tip=None, errors=user_errors(info, error))
        return DismissTipPayload(tip=Tip(row=row), errors=[])
