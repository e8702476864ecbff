"""Routes that serve stored photos after checking the caller's scope."""

from __future__ import annotations

from starlette.routing import BaseRoute

from services.settings import Settings


def media_routes(settings: Settings) -> list[BaseRoute]:
    # TODO: the photo routes land with the visits module; until then no photo is served.
    return []
