"""Signing in and out, role menus and refused pages, language, keyboard and phone width.

Browser tests run on SQLite only (see conftest.py); the server is real and seeded.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from browser_helpers import ConsoleServer, screenshot, sign_in

pytestmark = pytest.mark.browser

MENU_BY_ROLE = {
    "school_staff": ["ภาพรวม", "รายชื่อเด็ก", "นำเข้าข้อมูล", "รายงาน", "จังหวัดที่เปิดระยะที่ 2"],
    "area_officer": [
        "ภาพรวม", "คำขอรออนุมัติ", "ผู้ใช้งาน", "หน่วยงาน", "รายชื่อเด็ก", "เบาะแสจากประชาชน", "นำเข้าข้อมูล", "รายงาน",
        "จังหวัดที่เปิดระยะที่ 2",
    ],
    "affiliation_admin": [
        "ภาพรวม", "คำขอรออนุมัติ", "ผู้ใช้งาน", "หน่วยงาน", "รายชื่อเด็ก", "เบาะแสจากประชาชน", "นำเข้าข้อมูล", "รายงาน",
        "จังหวัดที่เปิดระยะที่ 2", "บันทึกการใช้งานระบบ",
    ],
    "ministry_admin": [
        "ภาพรวม", "คำขอรออนุมัติ", "ผู้ใช้งาน", "หน่วยงาน", "รายชื่อเด็ก", "เบาะแสจากประชาชน", "นำเข้าข้อมูล", "รายงาน",
        "จังหวัดที่เปิดระยะที่ 2", "ภาคีเครือข่าย", "บันทึกการใช้งานระบบ",
    ],
    "partner": ["รายชื่อเด็ก", "จังหวัดที่เปิดระยะที่ 2"],
}

HOME_BY_ROLE = {"partner": "รายชื่อเด็ก"}

REFUSED_BY_ROLE = {
    "school_staff": ["/admin/approvals", "/admin/users", "/admin/agencies", "/admin/audit"],
    "area_officer": ["/admin/audit"],
    "partner": ["/admin/", "/admin/approvals", "/admin/imports", "/admin/reports", "/admin/audit"],
}


async def test_anonymous_visitor_sent_to_sign_in(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/children?status=RETURNED"))

    await expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")
    assert page.url == console_server.url("/admin/login?next=%2Fchildren%3Fstatus%3DRETURNED")
    await screenshot(page, "login")


async def test_sign_in_returns_to_requested_page(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/agencies"))

    await page.get_by_label("ชื่อผู้ใช้").fill(console_server.username("area_officer"))
    await page.get_by_label("รหัสผ่าน").fill(console_server.password)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("หน่วยงาน")
    assert page.url == console_server.url("/admin/agencies")


async def test_wrong_password_shows_thai_error(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/login"))

    await page.get_by_label("ชื่อผู้ใช้").fill(console_server.username("school_staff"))
    await page.get_by_label("รหัสผ่าน").fill("ไม่ใช่รหัสผ่านนี้")
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()

    alert = page.get_by_role("alert").filter(has_text=re.compile(r"\S"))
    await expect(alert.first).to_be_visible()
    assert re.search(r"[\u0E00-\u0E7F]", await alert.first.inner_text())
    await expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")
    await screenshot(page, "login-error")


async def test_empty_sign_in_marks_each_field(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/login"))

    await page.get_by_role("button", name="เข้าสู่ระบบ").click()

    username = page.get_by_label("ชื่อผู้ใช้")
    await expect(username).to_have_attribute("aria-invalid", "true")
    await expect(username).to_be_focused()
    described = await username.get_attribute("aria-describedby")
    error_id = described.split()[-1]
    await expect(page.locator(f"#{error_id}")).to_have_text("กรุณากรอกชื่อผู้ใช้")
    await expect(page.get_by_label("รหัสผ่าน")).to_have_attribute("aria-invalid", "true")


async def test_sign_out_ends_session(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "school_staff")
    await screenshot(page, "dashboard-school-staff")

    await page.get_by_role("button", name="ออกจากระบบ").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")
    await page.goto(console_server.url("/admin/children"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")


@pytest.mark.parametrize("role", sorted(MENU_BY_ROLE))
async def test_menu_lists_only_role_pages(page: Page, console_server: ConsoleServer, role: str):
    await sign_in(page, console_server, role, home=HOME_BY_ROLE.get(role, "ภาพรวม"))

    menu = page.get_by_role("navigation", name="เมนูหลัก")

    await expect(menu.get_by_role("link")).to_have_text(MENU_BY_ROLE[role])


@pytest.mark.parametrize("role", sorted(REFUSED_BY_ROLE))
async def test_page_outside_role_refused(page: Page, console_server: ConsoleServer, role: str):
    await sign_in(page, console_server, role, home=HOME_BY_ROLE.get(role, "ภาพรวม"))

    for path in REFUSED_BY_ROLE[role]:
        await page.goto(console_server.url(path))

        await expect(page.get_by_role("heading", level=1)).to_have_text("ไม่มีสิทธิ์เข้าถึงหน้านี้")
        await expect(page.locator("table")).to_have_count(0)
    await screenshot(page, f"refused-{role.replace('_', '-')}")


async def test_english_switch_persists(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "area_officer")

    await page.get_by_role("button", name="Switch to English").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await page.reload()
    await expect(page.get_by_role("navigation", name="Main menu").get_by_role("link").first).to_have_text("Overview")
    await page.goto(console_server.url(f"/admin/children/{console_server.facts['visited_child_global_id']}"))
    await expect(page.get_by_text(re.compile(r"\b25\d\d BE\b")).first).to_be_visible()
    await screenshot(page, "child-english")


async def test_english_errors_beside_field(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/login"))
    await page.get_by_role("button", name="Switch to English").click()

    await page.get_by_role("button", name="Sign in").click()

    await expect(page.get_by_text("Username is required.")).to_be_visible()
    await expect(page.get_by_text("Password is required.")).to_be_visible()


async def test_keyboard_only_sign_in(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/login"))

    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="ข้ามไปยังเนื้อหาหลัก")).to_be_focused()
    await page.get_by_label("ชื่อผู้ใช้").focus()
    await page.keyboard.type(console_server.username("area_officer"))
    await page.keyboard.press("Tab")
    await page.keyboard.type(console_server.password)
    await page.keyboard.press("Enter")

    heading = page.get_by_role("heading", level=1)
    await expect(heading).to_have_text("ภาพรวม")
    await expect(heading).to_be_focused()


async def test_menu_reachable_by_keyboard(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "area_officer")

    link = page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="รายชื่อเด็ก")
    await link.focus()
    await page.keyboard.press("Enter")

    await expect(page.get_by_role("heading", level=1)).to_have_text("รายชื่อเด็ก")
    await expect(link).to_have_attribute("aria-current", "page")


async def test_phone_width_menu_and_cards(phone_page: Page, console_server: ConsoleServer):
    page = phone_page
    await sign_in(page, console_server, "area_officer")
    menu_button = page.get_by_role("button", name="เมนู", exact=True)
    menu = page.get_by_role("navigation", name="เมนูหลัก")
    await expect(menu).to_be_hidden()

    await menu_button.focus()
    await page.keyboard.press("Enter")

    await expect(menu_button).to_have_attribute("aria-expanded", "true")
    await expect(menu).to_be_visible()
    await screenshot(page, "phone-menu")
    await menu.get_by_role("link", name="รายชื่อเด็ก").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("รายชื่อเด็ก")
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    first_cell = page.locator("table tbody tr").first.locator("td").first
    label = await first_cell.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"เลขประจำตัวประชาชน"'
    await screenshot(page, "phone-children")


async def test_ended_session_returns_to_sign_in(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "area_officer")
    await page.context.clear_cookies()

    await page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="รายชื่อเด็ก").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบ")
    await expect(page.get_by_text("การเข้าใช้งานสิ้นสุดแล้ว โปรดเข้าสู่ระบบอีกครั้ง")).to_be_visible()
    await page.get_by_label("ชื่อผู้ใช้").fill(console_server.username("area_officer"))
    await page.get_by_label("รหัสผ่าน").fill(console_server.password)
    await page.get_by_role("button", name="เข้าสู่ระบบ").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("รายชื่อเด็ก")


async def test_partner_sees_reduced_child(page: Page, console_server: ConsoleServer):
    child_path = f"/admin/children/{console_server.facts['visited_child_global_id']}"
    await sign_in(page, console_server, "partner", home="รายชื่อเด็ก")

    await page.goto(console_server.url(child_path))

    await expect(page.get_by_role("heading", level=1)).to_contain_text(console_server.facts["visited_child"]["first_name"])
    await expect(page.get_by_text("xxxxxxxxx0019")).to_be_visible()
    await expect(page.locator(".timeline-item")).to_have_count(2)
    await expect(page.get_by_text("ผู้ปกครอง", exact=True)).to_have_count(0)
    await expect(page.get_by_role("link", name=re.compile("เปิดแผนที่"))).to_have_count(0)
    await expect(page.locator("main img")).to_have_count(0)
    await screenshot(page, "child-partner")
