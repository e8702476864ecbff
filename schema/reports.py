"""Progress reports: the summary with drill-down, "could not be followed", weekly progress and needs.

The resolvers turn ``services.reports`` results into GraphQL types; the counting rules
live there. Labels follow the caller's language (Thai unless ``Accept-Language: en``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry.types import Info

from models.student import CaseStatus as CaseStatusValue
from models.student import Need as NeedValue
from models.student import Reason as ReasonValue
from schema.agencies import Agency, Province
from schema.base import local_int_id
from schema.context import Context
from schema.registry import query_part
from schema.vocabulary import NEED_LABELS, REASON_LABELS, STATUS_LABELS, CaseStatus, Need, Reason, label
from services import reports
from services.errors import ErrorCode, ServiceError

CannotFollowGroup = strawberry.enum(
    reports.CannotFollowGroup,
    name="CannotFollowGroup",
    description="What the rows of the \"could not be followed\" report are: provinces of the "
    "children's schools, or area offices.",
)


@strawberry.input(description="What a report covers. All given parts must match.")
class ReportFilter:
    term: str | None = strawberry.field(
        default=None,
        description="Term as semester/Buddhist-Era year, e.g. \"1/2564\". Every term is counted "
        "together when left out, so a child listed in two terms counts twice.",
    )
    from_: dt.date | None = strawberry.field(
        default=None,
        name="from",
        description="First day of the range (Thai time, included). With a start date only "
        "children whose latest visit up to `to` falls on or after it are counted.",
    )
    to: dt.date | None = strawberry.field(
        default=None,
        description="Last day of the range (Thai time, included). Cases are counted as they "
        "stood at the end of this day. Left out: up to now.",
    )
    agency_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Report on this agency's subtree instead of your own agency's. It must be in "
        "your scope; an agency outside it is reported as not found.",
    )


def service_filter(report_filter: ReportFilter | None) -> reports.ReportFilter:
    """Check a GraphQL ``ReportFilter`` and convert it for ``services.reports``."""
    if report_filter is None:
        return reports.ReportFilter()
    agency_id = None
    if report_filter.agency_id is not None:
        try:
            agency_id = local_int_id(report_filter.agency_id, "Agency")
        except ServiceError:
            raise ServiceError(
                ErrorCode.INVALID, "invalid_id", field="agencyId", id=str(report_filter.agency_id)[:64]
            ) from None
    return reports.build_filter(report_filter.term, report_filter.from_, report_filter.to, agency_id)


# ---------------------------------------------------------------- counts


@strawberry.type(description="Children with one case status.")
class StatusCount:
    status: CaseStatus = strawberry.field(description="The case status.")
    label: str = strawberry.field(description="The status as users see it, in your language.")
    count: int = strawberry.field(description="Number of children.")


@strawberry.type(description="Children whose latest visit gave one reason (สาเหตุ).")
class ReasonCount:
    reason: Reason = strawberry.field(description="The reason.")
    label: str = strawberry.field(description="The reason as users see it, in your language.")
    count: int = strawberry.field(description="Number of children.")


@strawberry.type(description="Children whose latest visit recorded one kind of help as needed.")
class NeedCount:
    need: Need = strawberry.field(description="The kind of help.")
    label: str = strawberry.field(description="The kind of help as users see it, in your language.")
    count: int = strawberry.field(description="Number of children.")


def status_counts(counts: dict[CaseStatusValue, int], locale: str) -> list[StatusCount]:
    return [
        StatusCount(status=status, label=label(STATUS_LABELS[status], locale), count=counts[status])
        for status in CaseStatusValue
    ]


def reason_counts(counts: dict[ReasonValue, int], locale: str) -> list[ReasonCount]:
    return [
        ReasonCount(reason=reason, label=label(REASON_LABELS[reason], locale), count=counts[reason])
        for reason in ReasonValue
    ]


def need_counts(counts: dict[NeedValue, int], locale: str) -> list[NeedCount]:
    return [NeedCount(need=need, label=label(NEED_LABELS[need], locale), count=counts[need]) for need in NeedValue]


# ---------------------------------------------------------------- progress summary

_BY_STATUS = "Children per case status, every status in the vocabulary's order, zeros included."
_BY_REASON = (
    "Children per reason of their latest visit, all 19 reasons in the order the original "
    "reports show them, zeros included. Children whose latest visit gave no reason are not counted here."
)
_SHARE_FOUND = (
    "Share of the children who were found (FOUND_WANTS_TO_RETURN, FOUND_WILL_NOT_RETURN or RETURNED), "
    "from 0 to 1; 0 when there are no children."
)
_SHARE_RETURNED = "Share of the children who returned to school (RETURNED), from 0 to 1; 0 when there are no children."


@strawberry.type(description="Progress of one agency one level below the report's agency.")
class ProgressRow:
    agency: Agency | None = strawberry.field(
        description="The affiliation, area office or school; null for children recorded without one."
    )
    total: int = strawberry.field(description="Number of children.")
    found: int = strawberry.field(description="Children found, returned ones included.")
    returned: int = strawberry.field(description="Children who returned to school.")
    share_found: float = strawberry.field(description=_SHARE_FOUND)
    share_returned: float = strawberry.field(description=_SHARE_RETURNED)
    by_status: list[StatusCount] = strawberry.field(description=_BY_STATUS)
    by_reason: list[ReasonCount] = strawberry.field(description=_BY_REASON)


@strawberry.type(description="Progress of the follow-up in an agency's subtree, with a breakdown one level down.")
class ProgressSummary:
    agency: Agency = strawberry.field(description="The agency whose subtree is counted.")
    term: str | None = strawberry.field(description="The term counted, e.g. \"1/2564\"; null for every term.")
    from_: dt.date | None = strawberry.field(name="from", description="First day of the range, when given.")
    to: dt.date | None = strawberry.field(description="Last day of the range, when given.")
    total: int = strawberry.field(description="Number of children.")
    found: int = strawberry.field(description="Children found, returned ones included.")
    returned: int = strawberry.field(description="Children who returned to school.")
    share_found: float = strawberry.field(description=_SHARE_FOUND)
    share_returned: float = strawberry.field(description=_SHARE_RETURNED)
    by_status: list[StatusCount] = strawberry.field(description=_BY_STATUS)
    by_reason: list[ReasonCount] = strawberry.field(description=_BY_REASON)
    breakdown: list[ProgressRow] = strawberry.field(
        description="One row per agency one level down (affiliations of the ministry, area offices "
        "of an affiliation, schools of an area office) that has children, sorted by code. Empty for a school."
    )


def progress_row(row: reports.ProgressRow, locale: str) -> ProgressRow:
    counts = row.counts
    return ProgressRow(
        agency=Agency(row=row.agency) if row.agency is not None else None,
        total=counts.total,
        found=counts.found,
        returned=counts.returned,
        share_found=counts.share_found,
        share_returned=counts.share_returned,
        by_status=status_counts(counts.by_status, locale),
        by_reason=reason_counts(counts.by_reason, locale),
    )


def progress_summary_type(summary: reports.ProgressSummary, locale: str) -> ProgressSummary:
    counts = summary.counts
    report_filter = summary.report_filter
    return ProgressSummary(
        agency=Agency(row=summary.agency),
        term=str(report_filter.term) if report_filter.term else None,
        from_=report_filter.start,
        to=report_filter.end,
        total=counts.total,
        found=counts.found,
        returned=counts.returned,
        share_found=counts.share_found,
        share_returned=counts.share_returned,
        by_status=status_counts(counts.by_status, locale),
        by_reason=reason_counts(counts.by_reason, locale),
        breakdown=[progress_row(row, locale) for row in summary.breakdown],
    )


# ---------------------------------------------------------------- could not be followed


@strawberry.type(description="Children who cannot be followed in one province or area office, per reason.")
class CannotFollowRow:
    province: Province | None = strawberry.field(
        description="The province, when the report is grouped by province; null otherwise or for "
        "children whose school has no province on record."
    )
    agency: Agency | None = strawberry.field(
        description="The area office, when the report is grouped by area office; null otherwise or "
        "for children recorded without one."
    )
    key: str = strawberry.field(
        description="Code of the province (2-digit DOPA code) or of the area office; empty on the "
        "row of children without one."
    )
    name_th: str = strawberry.field(description="Thai name of the province or area office, for printing.")
    name_en: str = strawberry.field(description="English name of the province or area office; empty when unknown.")
    by_reason: list[ReasonCount] = strawberry.field(
        description="The 19 reasons in the order the original reports show them, zeros included."
    )
    total: int = strawberry.field(description="All children of the row.")


@strawberry.type(
    description="Children whose case status is CANNOT_FOLLOW, as the original system printed it: one "
    "row per province or area office, one column per reason, with totals."
)
class CannotFollowReport:
    agency: Agency = strawberry.field(description="The agency whose subtree is counted.")
    group_by: CannotFollowGroup = strawberry.field(description="What the rows are.")
    rows: list[CannotFollowRow] = strawberry.field(
        description="Provinces or area offices with at least one such child, sorted by code."
    )
    totals: list[ReasonCount] = strawberry.field(description="Column totals, the 19 reasons in order.")
    total: int = strawberry.field(description="All children who cannot be followed.")


NOT_RECORDED = ("ไม่ระบุ", "Not recorded")


def _row_name(row: reports.CannotFollowRow | reports.NeedsRow, locale: str) -> str:
    place = getattr(row, "province", None) or row.agency
    if place is None:
        return label(NOT_RECORDED, locale)
    if locale == "en" and place.name_en:
        return place.name_en
    return place.name_th


def _cannot_follow_row(row: reports.CannotFollowRow, locale: str) -> CannotFollowRow:
    place = row.province or row.agency
    return CannotFollowRow(
        key="" if place is None else place.code,
        name_th=NOT_RECORDED[0] if place is None else place.name_th,
        name_en=NOT_RECORDED[1] if place is None else place.name_en,
        province=Province.from_row(row.province) if row.province is not None else None,
        agency=Agency(row=row.agency) if row.agency is not None else None,
        by_reason=reason_counts(row.by_reason, locale),
        total=row.total,
    )


def cannot_follow_type(report: reports.CannotFollowReport, locale: str) -> CannotFollowReport:
    return CannotFollowReport(
        agency=Agency(row=report.agency),
        group_by=report.group_by,
        rows=[_cannot_follow_row(row, locale) for row in report.rows],
        totals=reason_counts(report.totals, locale),
        total=report.total,
    )


# ---------------------------------------------------------------- weekly progress


@strawberry.type(description="Children first found and first returned in one week, with running totals.")
class WeekProgress:
    starts_on: dt.date = strawberry.field(
        description="First day of the week (a Monday, Thai time), or the range's first day when later."
    )
    ends_on: dt.date = strawberry.field(
        description="Last day of the week (a Sunday), or the range's last day when earlier."
    )
    found: int = strawberry.field(description="Children found for the first time this week, returned ones included.")
    returned: int = strawberry.field(description="Children who returned to school for the first time this week.")
    cumulative_found: int = strawberry.field(description="Children found up to the end of this week, since records began.")
    cumulative_returned: int = strawberry.field(description="Children returned up to the end of this week, since records began.")


@strawberry.type(description="Children found and returned per week, cumulative.")
class WeeklyProgress:
    agency: Agency = strawberry.field(description="The agency whose subtree is counted.")
    weeks: list[WeekProgress] = strawberry.field(
        description="Every week of the range in order, empty weeks included; at most 260 weeks."
    )
    found_before: int = strawberry.field(description="Children found before the first week shown.")
    returned_before: int = strawberry.field(description="Children returned before the first week shown.")
    total_found: int = strawberry.field(description="Children found up to the end of the last week shown.")
    total_returned: int = strawberry.field(description="Children returned up to the end of the last week shown.")


def weekly_progress_type(progress: reports.WeeklyProgress) -> WeeklyProgress:
    return WeeklyProgress(
        agency=Agency(row=progress.agency),
        weeks=[
            WeekProgress(
                starts_on=week.starts_on,
                ends_on=week.ends_on,
                found=week.found,
                returned=week.returned,
                cumulative_found=week.cumulative_found,
                cumulative_returned=week.cumulative_returned,
            )
            for week in progress.weeks
        ],
        found_before=progress.found_before,
        returned_before=progress.returned_before,
        total_found=progress.total_found,
        total_returned=progress.total_returned,
    )


# ---------------------------------------------------------------- needs


@strawberry.type(description="Help needed by the children of one area office.")
class NeedsRow:
    agency: Agency | None = strawberry.field(
        description="The area office; null on the totals row and for children recorded without one."
    )
    name: str = strawberry.field(description="Name of the area office in your language, for printing.")
    child_count: int = strawberry.field(description="All children of the office in the filter.")
    children_with_needs: int = strawberry.field(description="Children whose latest visit recorded at least one need.")
    by_need: list[NeedCount] = strawberry.field(
        description="Children per kind of help, every kind in the vocabulary's order; a child with "
        "several needs counts once in each."
    )


@strawberry.type(description="How many children need each kind of help, per area office.")
class NeedsSummary:
    agency: Agency = strawberry.field(description="The agency whose subtree is counted.")
    rows: list[NeedsRow] = strawberry.field(description="Area offices with children, sorted by code.")
    totals: NeedsRow = strawberry.field(description="The sums over all rows.")


def _needs_row(row: reports.NeedsRow, locale: str, name: str | None = None) -> NeedsRow:
    return NeedsRow(
        agency=Agency(row=row.agency) if row.agency is not None else None,
        name=name if name is not None else _row_name(row, locale),
        child_count=row.child_count,
        children_with_needs=row.children_with_needs,
        by_need=need_counts(row.by_need, locale),
    )


def needs_summary_type(summary: reports.NeedsSummary, locale: str) -> NeedsSummary:
    return NeedsSummary(
        agency=Agency(row=summary.agency),
        rows=[_needs_row(row, locale) for row in summary.rows],
        totals=_needs_row(summary.totals, locale, name=label(("รวม", "Total"), locale)),
    )


# ---------------------------------------------------------------- root fields

FilterArgument = Annotated[
    ReportFilter | None, strawberry.argument(description="Term, date range and agency to report on.")
]

_SCOPE_NOTE = (
    " Counts your agency's subtree, or `filter.agencyId`'s. Partner organisations get a "
    "FORBIDDEN error. docs/reports.md defines every number."
)


@query_part
@strawberry.type
class ReportQuery:
    @strawberry.field(
        description="Children per case status and per reason, shares found and returned, and the same "
        "for each agency one level down." + _SCOPE_NOTE
    )
    async def progress_summary(
        self, info: Info[Context, None], filter: FilterArgument = None
    ) -> ProgressSummary:
        summary = await reports.progress_summary(info.context.actor, service_filter(filter))
        return progress_summary_type(summary, info.context.locale)

    @strawberry.field(
        description="The \"could not be followed\" report: children whose status is CANNOT_FOLLOW, "
        "per province (default) or area office and per reason, with totals." + _SCOPE_NOTE
    )
    async def cannot_follow_report(
        self,
        info: Info[Context, None],
        group_by: Annotated[
            CannotFollowGroup, strawberry.argument(description="Rows per province (default) or per area office.")
        ] = reports.CannotFollowGroup.PROVINCE,
        filter: FilterArgument = None,
    ) -> CannotFollowReport:
        report = await reports.cannot_follow_report(info.context.actor, service_filter(filter), group_by)
        return cannot_follow_type(report, info.context.locale)

    @strawberry.field(
        description="Children found and returned for the first time per week (Monday to Sunday, Thai "
        "time), with running totals." + _SCOPE_NOTE
    )
    async def weekly_progress(
        self, info: Info[Context, None], filter: FilterArgument = None
    ) -> WeeklyProgress:
        progress = await reports.weekly_progress(info.context.actor, service_filter(filter))
        return weekly_progress_type(progress)

    @strawberry.field(
        description="Children whose latest visit recorded each kind of help, per area office." + _SCOPE_NOTE
    )
    async def needs_summary(self, info: Info[Context, None], filter: FilterArgument = None) -> NeedsSummary:
        summary = await reports.needs_summary(info.context.actor, service_filter(filter))
        return needs_summary_type(summary, info.context.locale)
