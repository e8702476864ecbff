"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from services.i18n import translate
from services.scope import Actor
from services.settings import Settings

if TYPE_CHECKING:
    from resolvers.loaders import Loaders


@dataclass
class Context:
    """Request, caller, language, settings and the request's DataLoaders."""

    request: Request | None
    response: Response | None
    settings: Settings
    actor: Actor | None
    locale: str
    client_address: str = ""
    session_token: str | None = None
    extra: dict = field(default_factory=dict)

    @cached_property
    def loaders(self) -> Loaders:
        from resolvers.loaders import Loaders

        return Loaders()

    def t(self, key: str, **params: object) -> str:
        """Render message ``key`` in the caller's language."""
        return translate(key, self.locale, **params)
