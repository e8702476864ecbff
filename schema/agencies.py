"""Agencies (ministry, affiliations, area offices, schools, partners) and Thai administrative areas."""

from __future__ import annotations

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from models.agency import AGENCY_KIND_LABELS, Agency as AgencyRow, AgencyKind as AgencyKindValue
from models.geo import District as DistrictRow
from models.geo import Province as ProvinceRow
from models.geo import Subdistrict as SubdistrictRow
from schema.base import Edge, Node, PageInfo, decode_cursor, local_int_id, page_of, to_global_id
from schema.context import Context
from schema.fieldpolicy import row_backed, row_field
from schema.registry import node_resolver, query_part
from services.pagination import page_window
from services.scope import agency_in_scope, agency_scope, require_actor

AgencyKind = strawberry.enum(
    AgencyKindValue,
    name="AgencyKind",
    description="Level of an agency in the tree: ministry, affiliation (สังกัด), area office, school, or partner.",
)

GEO_CREDIT = "GeoThai (CC BY 4.0)"


@strawberry.type(description=f"A province (จังหวัด), keyed by its 2-digit DOPA code. Area data: {GEO_CREDIT}.")
class Province:
    code: str = strawberry.field(description="2-digit DOPA province code.")
    name_th: str = strawberry.field(description="Thai name.")
    name_en: str = strawberry.field(description="English name.")

    @classmethod
    def from_row(cls, row: ProvinceRow) -> Province:
        return cls(code=row.code, name_th=row.name_th, name_en=row.name_en)


@strawberry.type(description=f"A district (อำเภอ/เขต), keyed by its 4-digit DOPA code. Area data: {GEO_CREDIT}.")
class District:
    code: str = strawberry.field(description="4-digit DOPA district code.")
    name_th: str = strawberry.field(description="Thai name.")
    name_en: str = strawberry.field(description="English name.")
    province_code: str = strawberry.field(description="Code of the province the district is in.")

    @classmethod
    def from_row(cls, row: DistrictRow) -> District:
        return cls(code=row.code, name_th=row.name_th, name_en=row.name_en, province_code=row.province_id)


@strawberry.type(description=f"A subdistrict (ตำบล/แขวง), keyed by its 6-digit DOPA code. Area data: {GEO_CREDIT}.")
class Subdistrict:
    code: str = strawberry.field(description="6-digit DOPA subdistrict code.")
    name_th: str = strawberry.field(description="Thai name.")
    name_en: str = strawberry.field(description="English name.")
    district_code: str = strawberry.field(description="Code of the district the subdistrict is in.")
    province_code: str = strawberry.field(description="Code of the province the subdistrict is in.")
    postal_code: str = strawberry.field(description="Postal code, empty when unknown.")

    @classmethod
    def from_row(cls, row: SubdistrictRow) -> Subdistrict:
        return cls(
            code=row.code,
            name_th=row.name_th,
            name_en=row.name_en,
            district_code=row.district_id,
            province_code=row.province_id,
            postal_code=row.postal_code,
        )


async def load_province(info: Info[Context, None], code: str | None) -> Province | None:
    if code is None:
        return None
    row = await info.context.loaders.province_by_code.load(code)
    return Province.from_row(row) if row else None


async def load_district(info: Info[Context, None], code: str | None) -> District | None:
    if code is None:
        return None
    row = await info.context.loaders.district_by_code.load(code)
    return District.from_row(row) if row else None


async def load_subdistrict(info: Info[Context, None], code: str | None) -> Subdistrict | None:
    if code is None:
        return None
    row = await info.context.loaders.subdistrict_by_code.load(code)
    return Subdistrict.from_row(row) if row else None


@row_backed()
@strawberry.type(description="A node of the agency tree: the ministry, an affiliation, an area office, a school, or a partner organisation.")
class Agency(Node):
    row: strawberry.Private[AgencyRow]

    def __init__(self, *, row: AgencyRow) -> None:
        self.row = row

    id: strawberry.ID = row_field("Global id.", read=lambda self: to_global_id("Agency", self.row.id))

    kind: AgencyKind = row_field("Level in the tree.")

    @strawberry.field(description="Thai label of the level.")
    def kind_label(self, info: Info[Context, None]) -> str:
        thai, english = AGENCY_KIND_LABELS[AgencyKindValue(self.row.kind)]
        return english if info.context.locale == "en" else thai

    code: str = row_field(
        "The agency's own code: 10-digit OBEC school id, area office code (รหัส สพท.), or affiliation code.",
    )

    name_th: str = row_field("Thai name.")

    name_en: str = row_field("English name, empty when unknown.")

    short_name_th: str = row_field("Short Thai name, e.g. สพฐ. for an affiliation; empty when none.")

    levels_th: str = row_field("Levels taught, as OBEC publishes them (schools only).")

    active: bool = row_field("False when the agency was closed or, for a partner, its MOU was revoked.")

    @strawberry.field(description="The agency one level up; null for the ministry or when outside your scope.")
    async def parent(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.parent_id)

    @strawberry.field(description="The affiliation (สังกัด) the agency belongs to; null when outside your scope.")
    async def affiliation(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.affiliation_id)

    @strawberry.field(description="The area office of a school; null for other kinds or when outside your scope.")
    async def area_office(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.area_office_id)

    @strawberry.field(description="Province where the agency is.")
    async def province(self, info: Info[Context, None]) -> Province | None:
        return await load_province(info, self.row.province_id)

    @strawberry.field(description="District where the agency is, when known.")
    async def district(self, info: Info[Context, None]) -> District | None:
        return await load_district(info, self.row.district_id)

    @strawberry.field(description="Subdistrict where the agency is, when known.")
    async def subdistrict(self, info: Info[Context, None]) -> Subdistrict | None:
        return await load_subdistrict(info, self.row.subdistrict_id)


def visible_agency(info: Info[Context, None], row: AgencyRow | None) -> Agency | None:
    """Wrap ``row`` when the caller may see it.

    Agencies above the caller (their own area office, affiliation and the ministry) are
    visible so that a school user can see where they sit. Agencies in other branches are not.
    """
    if row is None:
        return None
    actor = info.context.actor
    if actor is None:
        return None
    if agency_in_scope(actor, row) or _is_ancestor(actor, row):
        return Agency(row=row)
    return None


def _is_ancestor(actor, row: AgencyRow) -> bool:
    if row.kind == AgencyKindValue.MINISTRY:
        return True
    return row.id in (actor.affiliation_id, actor.area_office_id)


async def load_agency(info: Info[Context, None], agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    return visible_agency(info, await info.context.loaders.agency_by_id.load(agency_id))


@node_resolver("Agency")
async def resolve_agency_node(info: Info[Context, None], local_id: str) -> Agency | None:
    try:
        return await load_agency(info, int(local_id))
    except ValueError:
        return None


@strawberry.type(description="A page of agencies.")
class AgencyConnection:
    edges: list[Edge[Agency]] = strawberry.field(description="The agencies on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many agencies match, on all pages.")


@strawberry.input(description="Filters for the agencies list; all given filters must match.")
class AgencyFilter:
    kind: AgencyKind | None = strawberry.field(default=None, description="Only agencies of this level.")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="Only direct children of this agency.")
    province_code: str | None = strawberry.field(default=None, description="Only agencies in this province (2-digit code).")
    search: str | None = strawberry.field(
        default=None, description="Part of the Thai or English name, or the start of the code."
    )


@query_part
@strawberry.type
class AgencyQuery:
    @strawberry.field(description="Agencies in your scope, sorted by code. Page size is capped at 100.")
    async def agencies(
        self,
        info: Info[Context, None],
        filter: AgencyFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AgencyConnection:
        actor = require_actor(info.context.actor)
        window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
        query = AgencyRow.filter(agency_scope(actor))
        if filter is not None:
            if filter.kind is not None:
                query = query.filter(kind=filter.kind)
            if filter.parent_id is not None:
                query = query.filter(parent_id=local_int_id(filter.parent_id, "Agency"))
            if filter.province_code:
                query = query.filter(province_id=filter.province_code)
            if filter.search:
                text = filter.search.strip()
                query = query.filter(
                    Q(name_th__icontains=text) | Q(name_en__icontains=text) | Q(code__startswith=text)
                )
        total = await query.count()
        rows = await query.order_by("kind", "code").offset(window.offset).limit(window.limit)
        edges, page_info = page_of([Agency(row=row) for row in rows], window, total)
        return AgencyConnection(edges=edges, page_info=page_info, total_count=total)

    @strawberry.field(description="One agency by global id; null when it does not exist or is outside your scope.")
    async def agency(self, info: Info[Context, None], id: strawberry.ID) -> Agency | None:
        require_actor(info.context.actor)
        return await load_agency(info, local_int_id(id, "Agency"))

    @strawberry.field(description=f"All 77 provinces, sorted by code. Open to everyone. Area data: {GEO_CREDIT}.")
    async def provinces(self) -> list[Province]:
        return [Province.from_row(row) for row in await ProvinceRow.all().order_by("code")]

    @strawberry.field(description=f"Districts of a province, sorted by code. Open to everyone. Area data: {GEO_CREDIT}.")
    async def districts(self, province_code: str) -> list[District]:
        rows = await DistrictRow.filter(province_id=province_code).order_by("code")
        return [District.from_row(row) for row in rows]

    @strawberry.field(description=f"Subdistricts of a district, sorted by code. Open to everyone. Area data: {GEO_CREDIT}.")
    async def subdistricts(self, district_code: str) -> list[Subdistrict]:
        rows = await SubdistrictRow.filter(district_id=district_code).order_by("code")
        return [Subdistrict.from_row(row) for row in rows]
