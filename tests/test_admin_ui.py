"""The console sub-app: the HTML page, its static files, and the headers that guard them.

These tests need no browser; tests/browser/ drives the console itself in Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import httpx
import pytest

from admin_ui.app import STATIC_DIR
from main import create_app
from services.settings import Settings


class _ShellParser(HTMLParser):
    """Collect the scripts, stylesheets, inline styles and meta tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.inline_scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.meta: dict[str, str] = {}
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.style_attributes.append(tag)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = "src" not in attributes
        elif tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])
        elif tag == "style":
            self.style_elements += 1
        elif tag == "meta" and "name" in attributes:
            self.meta[attributes["name"]] = attributes.get("content", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


@pytest.fixture
async def client(tmp_path):
    settings = Settings(data_dir=tmp_path)
    app = create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://console.test") as client:
        yield client


def _parse(page: str) -> _ShellParser:
    parser = _ShellParser()
    parser.feed(page)
    return parser


async def test_shell_served_at_console_root(client):
    response = await client.get("/admin/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="th">' in response.text


async def test_shell_served_for_deep_links(client):
    response = await client.get("/admin/children/U3R1ZGVudDox", params={"status": "RETURNED"})

    assert response.status_code == 200
    assert _parse(response.text).scripts == [{"type": "module", "src": "/admin/static/js/main.js"}]


async def test_shell_names_console_and_api_roots(client):
    response = await client.get("/admin/reports")

    meta = _parse(response.text).meta
    assert meta["console-root"] == "/admin"
    assert meta["api-root"] == ""


async def test_shell_has_no_inline_script_or_style(client):
    response = await client.get("/admin/")

    page = _parse(response.text)
    assert page.inline_scripts == []
    assert page.style_attributes == []
    assert page.style_elements == 0
    assert page.stylesheets == ["/admin/static/css/console.css"]


async def test_console_pages_carry_content_security_policy(client):
    response = await client.get("/admin/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


async def test_static_module_served_as_javascript(client):
    response = await client.get("/admin/static/js/main.js")

    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in ("text/javascript", "application/javascript")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-cache"


async def test_static_stylesheet_served_as_css(client):
    response = await client.get("/admin/static/css/console.css")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


async def test_missing_static_file_is_not_found(client):
    response = await client.get("/admin/static/js/missing.js")

    assert response.status_code == 404


def test_every_module_import_exists():
    modules = {path.relative_to(STATIC_DIR / "js").as_posix(): path for path in (STATIC_DIR / "js").rglob("*.js")}
    missing = []
    for name, path in modules.items():
        for target in re.findall(r"from '(\.{1,2}/[^']+)'", path.read_text(encoding="utf-8")):
            resolved = (path.parent / target).resolve()
            if not resolved.is_file():
                missing.append(f"{name} -> {target}")

    assert missing == []


def test_no_module_sets_style_attributes():
    offenders = []
    for path in (STATIC_DIR / "js").rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"setAttribute\(\s*'style'|\.style\s*=|innerHTML\s*=|\beval\(|new Function\(", text):
            offenders.append(path.name)

    assert offenders == []


def test_every_message_has_thai_and_english():
    text = (STATIC_DIR / "js" / "messages.js").read_text(encoding="utf-8")
    entries = re.findall(r"'([\w.]+)': \[\s*(['\"])(.*?)\2,\s*(['\"])(.*?)\4,?\s*\]", text, re.S)
    keys = re.findall(r"^\s*'([\w.]+)': \[", text, re.M)

    assert len(entries) == len(keys)
    assert [key for key, _q1, thai, _q2, english in entries if not thai.strip() or not english.strip()] == []


def test_every_used_message_key_is_defined():
    catalog = set(re.findall(r"^\s*'([\w.]+)': \[", (STATIC_DIR / "js" / "messages.js").read_text(encoding="utf-8"), re.M))
    used = set()
    for path in (STATIC_DIR / "js").rglob("*.js"):
        used.update(re.findall(r"\bt\('([\w.]+)'", path.read_text(encoding="utf-8")))
    used.update(re.findall(r'data-i18n="([\w.]+)"', (STATIC_DIR / "index.html").read_text(encoding="utf-8")))

    assert sorted(used - catalog) == []
