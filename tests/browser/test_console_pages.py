"""Every console page renders for a ministry admin, with a screenshot of each, and the
dashboard's charts draw under the content security policy.

Browser tests run on SQLite only (see conftest.py); the server is real and seeded.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from browser_helpers import ConsoleServer, screenshot, sign_in

pytestmark = pytest.mark.browser

# Console path -> heading of the page, for a ministry admin.
PAGES = {
    "/admin/": "ภาพรวม",
    "/admin/approvals": "คำขอรออนุมัติ",
    "/admin/users": "ผู้ใช้งาน",
    "/admin/agencies": "หน่วยงาน",
    "/admin/children": "รายชื่อเด็ก",
    "/admin/imports": "นำเข้าข้อมูล",
    "/admin/reports": "รายงาน",
    "/admin/audit": "บันทึกการใช้งานระบบ",
}


async def test_every_page_renders(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")

    for path, heading in PAGES.items():
        await page.goto(console_server.url(path))

        await expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        await expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
        name = path.strip("/").replace("admin", "").strip("/") or "dashboard"
        await screenshot(page, f"admin-{name}")


async def test_unknown_page_not_found(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")

    await page.goto(console_server.url("/admin/no-such-page"))

    await expect(page.get_by_role("heading", level=1)).to_have_text("ไม่พบหน้าที่ต้องการ")


async def test_missing_child_looks_like_no_access(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "school_staff")

    await page.goto(console_server.url("/admin/children/U3R1ZGVudDo5OTk5OTk"))

    await expect(page.get_by_role("heading", level=1)).to_have_text("ไม่พบข้อมูลเด็ก")


async def test_dashboard_bars_sized_by_css_variable(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "area_officer")

    bars = page.get_by_role("figure", name="จำนวนเด็กจำแนกตามสถานะการติดตาม").locator(".bar-row")
    await expect(bars.first).to_be_visible()

    shares = await bars.evaluate_all(
        """rows => rows.map((row) => {
          const fill = row.querySelector('.bar-fill');
          const track = row.querySelector('.bar-track');
          return {
            variable: fill.style.getPropertyValue('--share'),
            ratio: fill.getBoundingClientRect().width / track.getBoundingClientRect().width,
          };
        })"""
    )
    largest = max(shares, key=lambda share: share["ratio"])
    assert largest["variable"] == "100.0%"
    assert largest["ratio"] == pytest.approx(1.0, abs=0.01)
    for share in shares:
        expected = float(share["variable"].rstrip("%")) / 100
        # An empty bar keeps a 2 px stub (CSS min-width) so that it stays visible.
        assert share["ratio"] == pytest.approx(expected, abs=0.02)
    await expect(page.get_by_text(re.compile(r"\d+(\.\d)?%")).first).to_be_visible()
