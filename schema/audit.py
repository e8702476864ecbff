"""The audit log, for affiliation and ministry admins, limited to their scope."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from models.audit import AuditEntry as AuditEntryRow
from schema.accounts import User, load_user
from schema.agencies import Agency, load_agency
from schema.base import Edge, Node, PageInfo, decode_cursor, local_int_id, page_of, to_global_id
from schema.context import Context
from schema.registry import node_resolver, query_part
from services import audit
from services.pagination import page_window


@strawberry.type(description="One audited event: who did what, when, to which records, from which address.")
class AuditEntry(Node):
    row: strawberry.Private[AuditEntryRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("AuditEntry", self.row.id)

    @strawberry.field(description="When it happened.")
    def at(self) -> dt.datetime:
        return self.row.at

    @strawberry.field(description="Who did it; null for anonymous callers (registrations, failed sign-ins) and the command line.")
    async def actor(self, info: Info[Context, None]) -> User | None:
        return await load_user(info, self.row.actor_id)

    @strawberry.field(
        description="The actor's agency, or for a failed sign-in the agency of the account it tried; null when none."
    )
    async def actor_agency(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.actor_agency_id)

    @strawberry.field(
        description="What was done, as a dotted name: e.g. auth.login, auth.logout, user.register, user.approve, "
        "user.reject, user.suspend, user.reactivate, user.change_password, user.issue_reset_code, "
        "user.reset_password, and the names other parts of the API record (imports, exports, visits)."
    )
    def action(self) -> str:
        return self.row.action

    @strawberry.field(description="Kind of the records acted on, e.g. User or Student; empty when none.")
    def target_type(self) -> str:
        return self.row.target_type

    @strawberry.field(description="Local ids of the records acted on (at most 1000).")
    def target_ids(self) -> list[str]:
        return [str(item) for item in self.row.target_ids or []]

    @strawberry.field(description="False when the action was attempted and rejected.")
    def success(self) -> bool:
        return self.row.success

    @strawberry.field(description="The client's IP address as the server saw it.")
    def client_address(self) -> str:
        return self.row.client_address

    @strawberry.field(description="More facts about the event, such as a reason or error codes. Never a password, token or code.")
    def details(self) -> JSON:
        return self.row.details or {}


@node_resolver("AuditEntry")
async def resolve_audit_entry_node(info: Info[Context, None], local_id: str) -> AuditEntry | None:
    actor = info.context.actor
    if actor is None or actor.role not in audit.AUDIT_READERS or not local_id.isdigit():
        return None
    row = await AuditEntryRow.filter(audit.audit_scope(actor), id=int(local_id)).first()
    return AuditEntry(row=row) if row else None


@strawberry.type(description="A page of audit entries, newest first.")
class AuditEntryConnection:
    edges: list[Edge[AuditEntry]] = strawberry.field(description="The entries on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many entries match, on all pages.")


@strawberry.input(description="Filters for the audit log; all given filters must match.")
class AuditLogFilter:
    action: str | None = strawberry.field(default=None, description="Only this action, e.g. auth.login.")
    actor_id: strawberry.ID | None = strawberry.field(default=None, description="Only entries by this user.")
    from_: dt.datetime | None = strawberry.field(
        default=None, name="from", description="Only entries at or after this time."
    )
    to: dt.datetime | None = strawberry.field(default=None, description="Only entries before this time.")
    target_type: str | None = strawberry.field(default=None, description="Only entries about this kind of record.")


@query_part
@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The audit log, newest first. Affiliation admins see the entries of their affiliation's "
        "agencies; ministry admins see all. Page size is capped at 100."
    )
    async def audit_log(
        self,
        info: Info[Context, None],
        filter: AuditLogFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditEntryConnection:
        actor = audit.require_audit_reader(info.context.actor)
        audit_filter = audit.AuditFilter()
        if filter is not None:
            audit_filter = audit.AuditFilter(
                action=filter.action,
                actor_id=local_int_id(filter.actor_id, "User") if filter.actor_id else None,
                start=filter.from_,
                end=filter.to,
                target_type=filter.target_type,
            )
        query = audit.query_entries(actor, audit_filter)
        window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
        total = await query.count()
        rows = await query.offset(window.offset).limit(window.limit)
        edges, page_info = page_of([AuditEntry(row=row) for row in rows], window, total)
        return AuditEntryConnection(edges=edges, page_info=page_info, total_count=total)
