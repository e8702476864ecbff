"""What the console's browser tests share besides fixtures: the server handle, sign-in and screenshots."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"


@dataclass
class ConsoleServer:
    """The running server and what the seed put in its database."""

    base_url: str
    data_dir: Path
    facts: dict

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    @property
    def password(self) -> str:
        return self.facts["password"]

    def username(self, role: str) -> str:
        return self.facts["users"][role]


async def sign_in(page: Page, server: ConsoleServer, role: str, home: str = "ภาพรวม") -> None:
    """Sign in through the form as the seeded user of ``role`` and wait for the start page titled ``home``."""
    await page.goto(server.url("/admin/login"))
    await page.get_by_label("ชื่อผู้ใช้").fill(server.username(role))
    await page.get_by_label("รหัสผ่าน").fill(server.password)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(home)


async def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/NAME.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    await page.wait_for_load_state("networkidle")
    await page.screenshot(path=str(path), full_page=True)
    return path
