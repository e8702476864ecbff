"""Fixtures for the console's browser tests: a real server on loopback and headless Chromium.

The browser tests run on SQLite only. They start ``uvicorn`` in a subprocess on 127.0.0.1
with a free port and a fresh database that ``seed.py`` fills through the services, then
drive Debian's ``chromium`` with Playwright's async API on the suite's session event loop.
Playwright cannot download browsers here, so it launches ``/usr/bin/chromium`` by path.

Each test gets a new browser context (so no cookie carries over) and fails when the page
throws, logs an error, or reports a content-security-policy violation. Screenshots go to
``test-artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from browser_helpers import ConsoleServer
from helpers import stop_server

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_SCRIPT = Path(__file__).resolve().parent / "seed.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 30
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

# Recorded in the page before any of its scripts run, so the tests can read every
# content-security-policy violation the console caused.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

expect.set_options(timeout=10_000)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The console server exited with {process.returncode}:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The console server did not answer {url} within {SERVER_START_SECONDS} s:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleServer]:
    """A seeded server on a free loopback port, for the whole session."""
    data_dir = tmp_path_factory.mktemp("console")
    env = {
        **os.environ,
        "PAKONGKLAB_DATA_DIR": str(data_dir),
        "PAKONGKLAB_DATABASE_URL": f"sqlite://{data_dir / 'console.sqlite3'}",
        "PAKONGKLAB_MEDIA_DIR": str(data_dir / "media"),
        "PYTHONPATH": str(REPO_ROOT),
    }
    seeded = subprocess.run(
        [sys.executable, str(SEED_SCRIPT)], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300
    )
    if seeded.returncode != 0:
        pytest.fail(f"Seeding the console database failed:\n{seeded.stderr[-4000:]}", pytrace=False)
    facts = json.loads(seeded.stdout.strip().splitlines()[-1])

    port = _free_port()
    log_path = data_dir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(f"{base_url}/healthz", process, log_path)
        yield ConsoleServer(base_url=base_url, data_dir=data_dir, facts=facts)
    finally:
        stop_server(process, timeout=10)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Headless Debian Chromium, launched by path."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install Debian's chromium package (scripts/test does it as root)."
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        await launched.close()


@dataclass
class PageProblems:
    """What went wrong inside the page while a test ran."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("console", lambda message: message.type == "error" and self.errors.append(f"console: {message.text}"))


async def _new_context(browser: Browser, viewport: dict) -> BrowserContext:
    context = await browser.new_context(
        viewport=viewport, locale="th-TH", timezone_id="Asia/Bangkok", accept_downloads=True
    )
    await context.add_init_script(CSP_RECORDER)
    return context


async def _page_in(context: BrowserContext) -> tuple[Page, PageProblems]:
    page = await context.new_page()
    problems = PageProblems()
    problems.watch(page)
    return page, problems


async def _check_clean(page: Page, problems: PageProblems) -> None:
    violations = [] if page.is_closed() else await page.evaluate("window.__cspViolations || []")
    assert violations == [], f"content security policy violations: {violations}"
    assert problems.errors == [], f"errors in the page: {problems.errors}"


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A page at desktop width in a fresh context; the test fails on page errors."""
    context = await _new_context(browser, DESKTOP)
    tab, problems = await _page_in(context)
    yield tab
    await _check_clean(tab, problems)
    await context.close()


@pytest.fixture
async def phone_page(browser: Browser) -> AsyncIterator[Page]:
    """A page at phone width (375 px) in a fresh context."""
    context = await _new_context(browser, PHONE)
    tab, problems = await _page_in(context)
    yield tab
    await _check_clean(tab, problems)
    await context.close()
