"""The caller's identity and the scope filters: which agencies, users and children they may see.

A user's scope is their agency's subtree. Children and agencies carry their school, area
office and affiliation ids, so each scope test is one indexed equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.expressions import Q

from models.agency import Agency, AgencyKind
from models.user import User, UserRole
from services.errors import AuthError, ErrorCode


@dataclass(frozen=True)
class Actor:
    """The signed-in caller, as the services need it."""

    user_id: int
    username: str
    role: UserRole
    agency_id: int
    agency_kind: AgencyKind
    affiliation_id: int | None
    area_office_id: int | None
    partner_province_codes: frozenset[str] = field(default_factory=frozenset)
    session_id: int | None = None

    @property
    def is_ministry_admin(self) -> bool:
        return self.role == UserRole.MINISTRY_ADMIN

    @property
    def is_partner(self) -> bool:
        return self.role == UserRole.PARTNER


async def actor_for_user(user: User, session_id: int | None = None) -> Actor:
    """Build the ``Actor`` of an active user, loading their agency and partner provinces."""
    # ``services.auth.user_for_token`` loads the agency with the user; other callers may not.
    agency = user.agency if isinstance(user.agency, Agency) else await Agency.get(id=user.agency_id)
    provinces: frozenset[str] = frozenset()
    if agency.kind == AgencyKind.PARTNER:
        from services.partners import bangkok_today, partner_open_province_codes

        provinces = await partner_open_province_codes(agency, today=bangkok_today())
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        agency_id=agency.id,
        agency_kind=agency.kind,
        affiliation_id=agency.affiliation_id if agency.kind != AgencyKind.AFFILIATION else agency.id,
        area_office_id=agency.area_office_id if agency.kind != AgencyKind.AREA_OFFICE else agency.id,
        partner_province_codes=provinces,
        session_id=session_id,
    )


def student_scope(actor: Actor) -> Q:
    """Filter for the children the actor may see."""
    kind = actor.agency_kind
    if kind == AgencyKind.MINISTRY:
        return Q(merged_into_id=None)
    if kind == AgencyKind.AFFILIATION:
        return Q(affiliation_id=actor.agency_id, merged_into_id=None)
    if kind == AgencyKind.AREA_OFFICE:
        return Q(area_office_id=actor.agency_id, merged_into_id=None)
    if kind == AgencyKind.SCHOOL:
        return Q(school_id=actor.agency_id, merged_into_id=None)
    if kind == AgencyKind.PARTNER:
        return Q(province_id__in=sorted(actor.partner_province_codes), merged_into_id=None)
    return Q(id__in=[])


def _subtree(actor: Actor, own_field: str, prefix: str) -> Q:
    """Filter for rows whose agency is in the actor's subtree.

    ``own_field`` is the agency id column itself ("id" or "agency_id"), so the actor's own
    agency matches without a join; ``prefix`` reaches the agency's other columns.
    """
    kind = actor.agency_kind
    own = Q(**{own_field: actor.agency_id})
    if kind == AgencyKind.MINISTRY:
        return Q()
    if kind == AgencyKind.AFFILIATION:
        return own | Q(**{f"{prefix}affiliation_id": actor.agency_id})
    if kind == AgencyKind.AREA_OFFICE:
        return own | Q(**{f"{prefix}area_office_id": actor.agency_id})
    return own


def agency_scope(actor: Actor) -> Q:
    """Filter for the agencies in the actor's subtree (their own agency included)."""
    return _subtree(actor, "id", "")


def user_scope(actor: Actor) -> Q:
    """Filter for the user accounts whose agency is in the actor's subtree."""
    return _subtree(actor, "agency_id", "agency__")


def agency_in_scope(actor: Actor, agency: Agency) -> bool:
    """Tell whether ``agency`` is in the actor's subtree, from the row alone."""
    kind = actor.agency_kind
    if kind == AgencyKind.MINISTRY:
        return True
    if agency.id == actor.agency_id:
        return True
    if kind == AgencyKind.AFFILIATION:
        return agency.affiliation_id == actor.agency_id
    if kind == AgencyKind.AREA_OFFICE:
        return agency.area_office_id == actor.agency_id
    return False


def require_actor(actor: Actor | None) -> Actor:
    """Return the actor, or raise the "sign in first" error for an anonymous caller."""
    if actor is None:
        raise AuthError(ErrorCode.UNAUTHENTICATED, "unauthenticated")
    return actor


def require_role(actor: Actor | None, *roles: UserRole) -> Actor:
    """Return the actor when their role is one of ``roles``; otherwise raise."""
    actor = require_actor(actor)
    if actor.role not in roles:
        raise AuthError(ErrorCode.FORBIDDEN, "forbidden")
    return actor
