"""Accounts: signing in and out, registration, approval, suspension, passwords.

Resolvers here only translate between GraphQL and ``services.accounts`` and
``services.sessions``, which hold the rules. Expected failures become payload ``errors``;
a caller who is not signed in or whose role may not call a field gets a GraphQL error.
"""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from models.agency import AgencyKind as AgencyKindValue
from models.user import USER_ROLE_LABELS, USER_STATUS_LABELS, SessionKind
from models.user import User as UserRow
from models.user import UserRole as UserRoleValue
from models.user import UserStatus as UserStatusValue
from resolvers.view import clear_session_cookie, same_origin, set_session_cookie
from schema.agencies import Agency, AgencyKind, load_agency
from schema.base import Edge, Node, PageInfo, UserError, decode_cursor, local_int_id, page_of, to_global_id, user_errors
from schema.context import Context
from schema.registry import mutation_part, node_resolver, query_part
from schema.vocabulary import label
from services import accounts, sessions
from services.errors import AuthError, ErrorCode, ServiceError, ValidationErrors
from services.i18n import register
from services.pagination import page_window
from services.scope import agency_in_scope, require_actor

register({
    "cookie_cross_site": (
        "ไม่อนุญาตให้เข้าสู่ระบบแบบคุกกี้จากเว็บไซต์อื่น",
        "A cookie sign-in from another site is not allowed.",
    ),
})


def _described_enum(enum_class, name: str, description: str, labels: dict):
    wrapped = strawberry.enum(enum_class, name=name, description=description)
    for value in wrapped.__strawberry_definition__.values:
        thai, english = labels[enum_class(value.value)]
        value.description = f"{thai} ({english})"
    return wrapped


UserRole = _described_enum(
    UserRoleValue, "UserRole", "What an account may do; it follows the kind of the account's agency.", USER_ROLE_LABELS
)
UserStatus = _described_enum(
    UserStatusValue,
    "UserStatus",
    "Where an account is in its life cycle. Only ACTIVE accounts can sign in.",
    USER_STATUS_LABELS,
)


# ---------------------------------------------------------------- types


@strawberry.type(description="A person's account.")
class User(Node):
    row: strawberry.Private[UserRow]

    @strawberry.field(description="Global id.")
    def id(self) -> strawberry.ID:
        return to_global_id("User", self.row.id)

    @strawberry.field(description="Sign-in name as registered. Sign-in ignores upper and lower case.")
    def username(self) -> str:
        return self.row.username

    @strawberry.field(description="Title (คำนำหน้าชื่อ), e.g. นาย, นาง, นางสาว, ดร.")
    def title(self) -> str:
        return self.row.title

    @strawberry.field(description="First name.")
    def first_name(self) -> str:
        return self.row.first_name

    @strawberry.field(description="Last name.")
    def last_name(self) -> str:
        return self.row.last_name

    @strawberry.field(description="Title, first and last name as Thai readers write them.")
    def full_name(self) -> str:
        return f"{self.row.title}{self.row.first_name} {self.row.last_name}".strip()

    @strawberry.field(description="Position (ตำแหน่ง) in the agency.")
    def position(self) -> str:
        return self.row.position

    @strawberry.field(
        description="Phone number. Shown to the account holder and to the managers who decide about the account; null to others."
    )
    def phone(self, info: Info[Context, None]) -> str | None:
        return self.row.phone if accounts.may_see_contact(info.context.actor, self.row) else None

    @strawberry.field(
        description="E-mail address. Shown to the account holder and to the managers who decide about the account; null to others."
    )
    def email(self, info: Info[Context, None]) -> str | None:
        return self.row.email if accounts.may_see_contact(info.context.actor, self.row) else None

    @strawberry.field(description="Role.")
    def role(self) -> UserRole:
        return UserRoleValue(self.row.role)

    @strawberry.field(description="Role as users read it, in the caller's language.")
    def role_label(self, info: Info[Context, None]) -> str:
        return label(USER_ROLE_LABELS[UserRoleValue(self.row.role)], info.context.locale)

    @strawberry.field(description="The agency the account belongs to; null when it is outside your view.")
    async def agency(self, info: Info[Context, None]) -> Agency | None:
        return await load_agency(info, self.row.agency_id)

    @strawberry.field(description="Status.")
    def status(self) -> UserStatus:
        return UserStatusValue(self.row.status)

    @strawberry.field(description="Status as users read it, in the caller's language.")
    def status_label(self, info: Info[Context, None]) -> str:
        return label(USER_STATUS_LABELS[UserStatusValue(self.row.status)], info.context.locale)

    @strawberry.field(description="When the latest approval, rejection, suspension or reactivation was made; null before any.")
    def decided_at(self) -> dt.datetime | None:
        return self.row.decided_at

    @strawberry.field(description="The reason given with the latest decision; empty when none was given.")
    def decision_reason(self) -> str:
        return self.row.decision_reason

    @strawberry.field(description="When the account was registered or created.")
    def created_at(self) -> dt.datetime:
        return self.row.created_at

    @strawberry.field(description="When the account last signed in; null if never.")
    def last_login_at(self) -> dt.datetime | None:
        return self.row.last_login_at


async def load_user(info: Info[Context, None], user_id: int | None) -> User | None:
    """Return the account ``user_id`` when the caller may see it, else None.

    A caller sees their own account and the accounts of their agency's subtree.
    """
    actor = info.context.actor
    if user_id is None or actor is None:
        return None
    row = await info.context.loaders.user_by_id.load(user_id)
    if row is None:
        return None
    if row.id == actor.user_id:
        return User(row=row)
    agency = await info.context.loaders.agency_by_id.load(row.agency_id)
    if agency is None or not agency_in_scope(actor, agency):
        return None
    return User(row=row)


@node_resolver("User")
async def resolve_user_node(info: Info[Context, None], local_id: str) -> User | None:
    try:
        return await load_user(info, int(local_id))
    except ValueError:
        return None


@strawberry.type(description="A page of accounts.")
class UserConnection:
    edges: list[Edge[User]] = strawberry.field(description="The accounts on this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the whole list.")
    total_count: int = strawberry.field(description="How many accounts match, on all pages.")


async def _page(info: Info[Context, None], query, first: int | None, after: str | None) -> UserConnection:
    window = page_window(first, decode_cursor(after) if after else None, info.context.settings.max_page_size)
    total = await query.count()
    rows = await query.offset(window.offset).limit(window.limit)
    edges, page_info = page_of([User(row=row) for row in rows], window, total)
    return UserConnection(edges=edges, page_info=page_info, total_count=total)


@strawberry.input(description="Filters for the accounts list; all given filters must match.")
class UserFilter:
    status: UserStatus | None = strawberry.field(default=None, description="Only accounts with this status.")
    role: UserRole | None = strawberry.field(default=None, description="Only accounts with this role.")
    agency_id: strawberry.ID | None = strawberry.field(default=None, description="Only accounts of this agency.")
    search: str | None = strawberry.field(
        default=None, description="The start of the username, or part of the first or last name."
    )


# ---------------------------------------------------------------- queries


@query_part
@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in caller's account; null when anonymous.")
    async def me(self, info: Info[Context, None]) -> User | None:
        actor = info.context.actor
        if actor is None:
            return None
        return await load_user(info, actor.user_id)

    @strawberry.field(
        description="Pending registrations that you approve or reject, oldest first. For area officers, "
        "affiliation admins and ministry admins. Page size is capped at 100."
    )
    async def pending_users(
        self, info: Info[Context, None], first: int | None = None, after: str | None = None
    ) -> UserConnection:
        return await _page(info, accounts.pending_users(info.context.actor), first, after)

    @strawberry.field(
        description="Accounts in your scope, by username. For area officers, affiliation admins and ministry "
        "admins. Page size is capped at 100."
    )
    async def users(
        self,
        info: Info[Context, None],
        filter: UserFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> UserConnection:
        user_filter = accounts.UserFilter()
        if filter is not None:
            user_filter = accounts.UserFilter(
                status=filter.status,
                role=filter.role,
                agency_id=local_int_id(filter.agency_id, "Agency") if filter.agency_id else None,
                search=filter.search,
            )
        return await _page(info, accounts.list_users(info.context.actor, user_filter), first, after)

    @strawberry.field(description="One account by global id; null when it does not exist or is outside your scope.")
    async def user(self, info: Info[Context, None], id: strawberry.ID) -> User | None:
        require_actor(info.context.actor)
        return await load_user(info, local_int_id(id, "User"))


# ---------------------------------------------------------------- inputs and payloads


@strawberry.input(description="Username and password, and how the session is carried.")
class LoginInput:
    username: str = strawberry.field(description="Username; upper and lower case are ignored.")
    password: str = strawberry.field(description="Password.")
    use_cookie: bool = strawberry.field(
        default=False,
        description="True for the console: the session goes into an HttpOnly, SameSite=Strict cookie and "
        "no token is returned. False (default) for apps: a bearer token is returned.",
    )


@strawberry.type(description="Result of a sign-in.")
class LoginPayload:
    token: str | None = strawberry.field(
        description="Bearer token for `Authorization: Bearer <token>`; shown once. Null on failure and for cookie sign-ins."
    )
    expires_at: dt.datetime | None = strawberry.field(
        description="When the session ends unless used; each use renews it. Null on failure."
    )
    user: User | None = strawberry.field(description="The signed-in account; null on failure.")
    retry_after: dt.datetime | None = strawberry.field(
        description="When sign-in is possible again after too many failures; null unless the error code is LOCKED."
    )
    errors: list[UserError] = strawberry.field(description="Why the sign-in failed; empty on success.")


@strawberry.type(description="Result of signing out.")
class LogoutPayload:
    sessions_ended: int = strawberry.field(description="How many sessions were ended.")
    errors: list[UserError] = strawberry.field(description="Always empty; present so that every mutation payload has the same shape.")


@strawberry.input(description="What an approver needs to decide about a new account.")
class RegisterUserInput:
    username: str = strawberry.field(description="3-64 English letters, digits and . _ - @; unique ignoring case.")
    password: str = strawberry.field(
        description="At least 10 characters, not a common password, and without your username or names."
    )
    title: str = strawberry.field(description="Title (คำนำหน้าชื่อ), e.g. นาย, นาง, นางสาว.")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    position: str = strawberry.field(description="Position (ตำแหน่ง) in the agency.")
    agency_kind: AgencyKind = strawberry.field(
        description="Kind of your agency: SCHOOL (school staff), AREA_OFFICE (area officer), AFFILIATION "
        "(affiliation admin) or PARTNER. MINISTRY is rejected."
    )
    agency_code: str = strawberry.field(
        description="Your agency's code: the 10-digit school code, the area office code, the affiliation code, or the partner's code."
    )
    phone: str = strawberry.field(description="Phone number, 9-15 digits; spaces and dashes are ignored.")
    email: str = strawberry.field(description="E-mail address.")


@strawberry.type(description="Result of a registration.")
class RegisterUserPayload:
    user: User | None = strawberry.field(description="The new account, pending approval; null on failure.")
    errors: list[UserError] = strawberry.field(description="Every rejected field; empty on success.")


@strawberry.input(description="A ministry admin account to create; it is active at once.")
class CreateMinistryAdminInput:
    username: str = strawberry.field(description="3-64 English letters, digits and . _ - @; unique ignoring case.")
    password: str = strawberry.field(description="Initial password; the same policy as at registration.")
    title: str = strawberry.field(default="", description="Title (คำนำหน้าชื่อ).")
    first_name: str = strawberry.field(description="First name.")
    last_name: str = strawberry.field(description="Last name.")
    position: str = strawberry.field(default="", description="Position.")
    phone: str = strawberry.field(default="", description="Phone number.")
    email: str = strawberry.field(default="", description="E-mail address.")


@strawberry.type(description="Result of creating a ministry admin.")
class CreateMinistryAdminPayload:
    user: User | None = strawberry.field(description="The new account; null on failure.")
    errors: list[UserError] = strawberry.field(description="Every rejected field; empty on success.")


@strawberry.input(description="A pending registration to approve.")
class ApproveUserInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of the pending account.")
    reason: str | None = strawberry.field(default=None, description="Optional note, kept with the decision.")


@strawberry.input(description="A pending registration to reject.")
class RejectUserInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of the pending account.")
    reason: str = strawberry.field(description="Why; required, at most 1000 characters. The applicant sees it.")


@strawberry.input(description="An active account to suspend; all its sessions end at once.")
class SuspendUserInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of the account.")
    reason: str = strawberry.field(description="Why; required, at most 1000 characters.")


@strawberry.input(description="A suspended account to let sign in again.")
class ReactivateUserInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of the account.")
    reason: str | None = strawberry.field(default=None, description="Optional note, kept with the decision.")


@strawberry.type(description="Result of approving a registration.")
class ApproveUserPayload:
    user: User | None = strawberry.field(description="The account after the decision; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why the decision was rejected; empty on success.")


@strawberry.type(description="Result of rejecting a registration.")
class RejectUserPayload:
    user: User | None = strawberry.field(description="The account after the decision; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why the decision was rejected; empty on success.")


@strawberry.type(description="Result of suspending an account.")
class SuspendUserPayload:
    user: User | None = strawberry.field(description="The account after the decision; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why the decision was rejected; empty on success.")


@strawberry.type(description="Result of reactivating an account.")
class ReactivateUserPayload:
    user: User | None = strawberry.field(description="The account after the decision; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why the decision was rejected; empty on success.")


@strawberry.input(description="The current password and the new one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password now in use.")
    new_password: str = strawberry.field(
        description="At least 10 characters, not a common password, and without your username or names."
    )


@strawberry.type(description="Result of a password change. Every session of the account ends; this client gets a new one.")
class ChangePasswordPayload:
    token: str | None = strawberry.field(
        description="New bearer token for this client; null on failure and when the request came with the session cookie (which is replaced)."
    )
    expires_at: dt.datetime | None = strawberry.field(description="When the new session ends unless used; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why the change was rejected; empty on success.")


@strawberry.input(description="The account that needs a one-time reset code.")
class IssuePasswordResetCodeInput:
    user_id: strawberry.ID = strawberry.field(description="Global id of an active account you manage.")


@strawberry.type(description="A one-time reset code. Tell it to the account holder in person or by phone.")
class IssuePasswordResetCodePayload:
    code: str | None = strawberry.field(
        description="The code, shown only this once; valid for 24 hours and for one use. Earlier codes stop working. Null on failure."
    )
    expires_at: dt.datetime | None = strawberry.field(description="When the code stops working; null on failure.")
    user: User | None = strawberry.field(description="The account the code is for; null on failure.")
    errors: list[UserError] = strawberry.field(description="Why no code was issued; empty on success.")


@strawberry.input(description="A reset code and the new password.")
class ResetPasswordInput:
    username: str = strawberry.field(description="Username of the account.")
    code: str = strawberry.field(description="The one-time code from your approver; dashes and spaces are ignored.")
    new_password: str = strawberry.field(
        description="At least 10 characters, not a common password, and without your username or names."
    )


@strawberry.type(description="Result of a password reset. Every session of the account ends; sign in with the new password.")
class ResetPasswordPayload:
    ok: bool = strawberry.field(description="True when the password was changed.")
    errors: list[UserError] = strawberry.field(description="Why the reset was rejected; empty on success.")


# ---------------------------------------------------------------- mutations


def _user_id(value: strawberry.ID) -> int:
    try:
        return local_int_id(value, "User")
    except ServiceError as error:
        raise ServiceError(error.code, error.message_key, field="userId", **error.params) from None


def _cookie_sign_in_allowed(info: Info[Context, None]) -> bool:
    request = info.context.request
    return request is None or same_origin(request, info.context.settings)


def _signed_in_user(info: Info[Context, None], row: UserRow, actor) -> User:
    # The caller is now this user, whatever the request came with.
    info.context.actor = actor
    return User(row=row)


async def _decide(info: Info[Context, None], decide, input, payload_type):
    """Run one account decision (approve, reject, suspend, reactivate) and wrap its result."""
    actor = accounts.require_manager(info.context.actor)
    try:
        row = await decide(actor, _user_id(input.user_id), reason=input.reason, client_address=info.context.client_address)
    except AuthError:
        raise
    except ServiceError as error:
        return payload_type(user=None, errors=user_errors(info, error))
    return payload_type(user=User(row=row), errors=[])


@mutation_part
@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="Sign in. After too many failures the account name or client address is paused; the "
        "error then says until when. Pending, rejected and suspended accounts cannot sign in."
    )
    async def login(self, info: Info[Context, None], input: LoginInput) -> LoginPayload:
        context = info.context
        if input.use_cookie and not _cookie_sign_in_allowed(info):
            raise AuthError(ErrorCode.FORBIDDEN, "cookie_cross_site")
        kind = SessionKind.COOKIE if input.use_cookie else SessionKind.BEARER
        try:
            signed_in = await sessions.sign_in(
                input.username, input.password, settings=context.settings, kind=kind, client_address=context.client_address
            )
        except ServiceError as error:
            retry_after = dt.datetime.fromisoformat(error.params["until"]) if error.code == ErrorCode.LOCKED else None
            return LoginPayload(token=None, expires_at=None, user=None, retry_after=retry_after, errors=user_errors(info, error))
        token = signed_in.token
        if input.use_cookie:
            if context.response is not None:
                set_session_cookie(context.response, token, context.settings)
            token = None
        return LoginPayload(
            token=token,
            expires_at=signed_in.expires_at,
            user=_signed_in_user(info, signed_in.user, signed_in.actor),
            retry_after=None,
            errors=[],
        )

    @strawberry.mutation(description="Sign out of this session, and clear the console's cookie.")
    async def logout(self, info: Info[Context, None]) -> LogoutPayload:
        context = info.context
        ended = await sessions.sign_out(context.actor, client_address=context.client_address)
        if context.response is not None:
            clear_session_cookie(context.response, context.settings)
        return LogoutPayload(sessions_ended=ended, errors=[])

    @strawberry.mutation(description="Sign out of every session of your account, on every device.")
    async def logout_everywhere(self, info: Info[Context, None]) -> LogoutPayload:
        context = info.context
        ended = await sessions.sign_out_everywhere(context.actor, client_address=context.client_address)
        if context.response is not None:
            clear_session_cookie(context.response, context.settings)
        return LogoutPayload(sessions_ended=ended, errors=[])

    @strawberry.mutation(
        description="Ask for an account. It stays PENDING, and cannot sign in, until the level above approves it: "
        "school staff by an officer of the school's area office, area officers by an admin of their "
        "affiliation, affiliation admins and partners by a ministry admin."
    )
    async def register_user(self, info: Info[Context, None], input: RegisterUserInput) -> RegisterUserPayload:
        registration = accounts.Registration(
            username=input.username,
            password=input.password,
            title=input.title,
            first_name=input.first_name,
            last_name=input.last_name,
            position=input.position,
            agency_kind=AgencyKindValue(input.agency_kind),
            agency_code=input.agency_code,
            phone=input.phone,
            email=input.email,
        )
        try:
            row = await accounts.register_user(registration, client_address=info.context.client_address)
        except (ServiceError, ValidationErrors) as error:
            return RegisterUserPayload(user=None, errors=user_errors(info, error))
        return RegisterUserPayload(user=User(row=row), errors=[])

    @strawberry.mutation(description="Create another ministry admin. For ministry admins.")
    async def create_ministry_admin(
        self, info: Info[Context, None], input: CreateMinistryAdminInput
    ) -> CreateMinistryAdminPayload:
        context = info.context
        actor = require_actor(context.actor)
        try:
            row = await accounts.create_ministry_admin(
                input.username,
                input.password,
                first_name=input.first_name,
                last_name=input.last_name,
                title=input.title,
                position=input.position,
                phone=input.phone,
                email=input.email,
                actor=actor,
                client_address=context.client_address,
            )
        except AuthError:
            raise
        except (ServiceError, ValidationErrors) as error:
            return CreateMinistryAdminPayload(user=None, errors=user_errors(info, error))
        return CreateMinistryAdminPayload(user=User(row=row), errors=[])

    @strawberry.mutation(description="Approve a pending registration you decide. For area officers, affiliation admins and ministry admins.")
    async def approve_user(self, info: Info[Context, None], input: ApproveUserInput) -> ApproveUserPayload:
        return await _decide(info, accounts.approve_user, input, ApproveUserPayload)

    @strawberry.mutation(description="Reject a pending registration you decide, with a reason the applicant sees.")
    async def reject_user(self, info: Info[Context, None], input: RejectUserInput) -> RejectUserPayload:
        return await _decide(info, accounts.reject_user, input, RejectUserPayload)

    @strawberry.mutation(
        description="Suspend an active account you manage and end all its sessions. Managers are the approver "
        "and the admins above them."
    )
    async def suspend_user(self, info: Info[Context, None], input: SuspendUserInput) -> SuspendUserPayload:
        return await _decide(info, accounts.suspend_user, input, SuspendUserPayload)

    @strawberry.mutation(description="Let a suspended account you manage sign in again.")
    async def reactivate_user(self, info: Info[Context, None], input: ReactivateUserInput) -> ReactivateUserPayload:
        return await _decide(info, accounts.reactivate_user, input, ReactivateUserPayload)

    @strawberry.mutation(description="Change your own password. Every session of your account ends; this client gets a new one.")
    async def change_password(self, info: Info[Context, None], input: ChangePasswordInput) -> ChangePasswordPayload:
        context = info.context
        actor = require_actor(context.actor)
        try:
            signed_in = await sessions.change_password(
                actor, input.current_password, input.new_password,
                settings=context.settings, client_address=context.client_address,
            )
        except AuthError:
            raise
        except ServiceError as error:
            return ChangePasswordPayload(token=None, expires_at=None, errors=user_errors(info, error))
        info.context.actor = signed_in.actor
        token = signed_in.token
        if signed_in.kind == SessionKind.COOKIE:
            if context.response is not None:
                set_session_cookie(context.response, token, context.settings)
            token = None
        return ChangePasswordPayload(token=token, expires_at=signed_in.expires_at, errors=[])

    @strawberry.mutation(
        description="Issue a one-time code with which an account holder who forgot their password sets a new "
        "one. For the account's managers: its approver and the admins above them."
    )
    async def issue_password_reset_code(
        self, info: Info[Context, None], input: IssuePasswordResetCodeInput
    ) -> IssuePasswordResetCodePayload:
        actor = accounts.require_manager(info.context.actor)
        try:
            issued = await sessions.issue_reset_code(
                actor, _user_id(input.user_id), client_address=info.context.client_address
            )
        except AuthError:
            raise
        except ServiceError as error:
            return IssuePasswordResetCodePayload(code=None, expires_at=None, user=None, errors=user_errors(info, error))
        return IssuePasswordResetCodePayload(
            code=issued.code, expires_at=issued.expires_at, user=User(row=issued.user), errors=[]
        )

    @strawberry.mutation(
        description="Set a new password with a one-time reset code. Open to anyone; wrong codes count as "
        "failed sign-ins, so guessing is paused like guessing passwords."
    )
    async def reset_password(self, info: Info[Context, None], input: ResetPasswordInput) -> ResetPasswordPayload:
        context = info.context
        try:
            await sessions.reset_password(
                input.username, input.code, input.new_password,
                settings=context.settings, client_address=context.client_address,
            )
        except (ServiceError, ValidationErrors) as error:
            return ResetPasswordPayload(ok=False, errors=user_errors(info, error))
        return ResetPasswordPayload(ok=True, errors=[])
