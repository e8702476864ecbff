"""The admin console: a Starlette sub-app that serves one HTML page and its static files.

The page loads plain ES modules from ``static/js``; they route in the browser (state in
the URL path and query) and do every read and write through the GraphQL API, so the API's
scope and field policy protect the data, not the console. Any path that is not a static
file gets the same page, so a bookmarked address such as ``/admin/children?status=RETURNED``
opens where it points.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from services.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"
SHELL_FILE = STATIC_DIR / "index.html"


class ConsoleStaticFiles(StaticFiles):
    """Static files that browsers revalidate on each load, so an upgrade reaches users at once."""

    def file_response(self, *args, **kwargs) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "no-cache"
        return response


def create_admin_app(settings: Settings) -> Starlette:
    """Build the console app; ``main.create_app`` mounts it at ``/admin``."""
    template = SHELL_FILE.read_text(encoding="utf-8")

    async def shell(request: Request) -> HTMLResponse:
        console_root = request.scope.get("root_path", "").rstrip("/")
        # The console is mounted one level below the API's root, so the GraphQL endpoint,
        # exports and photos live beside the mount point.
        api_root = console_root.rsplit("/", 1)[0]
        page = template.replace("{{console_root}}", html.escape(console_root, quote=True))
        page = page.replace("{{api_root}}", html.escape(api_root, quote=True))
        return HTMLResponse(page, headers={"cache-control": "no-cache"})

    routes = [
        Mount("/static", app=ConsoleStaticFiles(directory=STATIC_DIR), name="static"),
        Route("/", shell),
        Route("/{path:path}", shell),
    ]
    app = Starlette(routes=routes)
    app.state.settings = settings
    return app
