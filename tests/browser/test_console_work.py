"""The everyday work in the console: approve and reject accounts, import a list, find a
child, open a visit with its photo, and export a report.

Browser tests run on SQLite only (see conftest.py); the server is real and seeded.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.async_api import Locator, Page, expect

from browser_helpers import ConsoleServer, screenshot, sign_in
from seed import CHILDREN, STUDENT_COLUMNS, national_id, student_rows

pytestmark = pytest.mark.browser


async def loaded_width(image: Locator) -> int:
    """Wait until an image has loaded and return its natural width (0 when it failed)."""
    await image.scroll_into_view_if_needed()
    return await image.evaluate("image => image.decode().then(() => image.naturalWidth, () => 0)")


def list_file(serial: int, *, bad_id_row: int | None = None) -> bytes:
    """A dropout list in the ministry's CSV layout; ``bad_id_row`` (1-based) gets an invalid ID."""
    rows = student_rows(serial)
    if bad_id_row is not None:
        rows[bad_id_row - 1][0] = "1234567890123"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(STUDENT_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


async def test_approve_pending_user(page: Page, console_server: ConsoleServer):
    name = console_server.facts["applicant_name"]
    await sign_in(page, console_server, "area_officer")
    await page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="คำขอรออนุมัติ").click()
    card = page.get_by_role("article", name=name)
    await expect(card).to_be_visible()
    await screenshot(page, "approvals")

    await card.get_by_role("button", name="อนุมัติ", exact=True).click()

    await expect(page.get_by_role("main").get_by_text(f"อนุมัติบัญชีของ{name}แล้ว")).to_be_visible()
    await page.goto(console_server.url("/admin/users?status=ACTIVE"))
    row = page.get_by_role("row").filter(has_text=console_server.username("applicant"))
    await expect(row).to_contain_text("ใช้งานได้")
    await screenshot(page, "users")


async def test_reject_needs_reason(page: Page, console_server: ConsoleServer):
    name = console_server.facts["second_applicant_name"]
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url("/admin/approvals"))
    card = page.get_by_role("article", name=name)
    await card.get_by_role("button", name="ไม่อนุมัติ").click()
    reason = card.get_by_label("เหตุผลที่ไม่อนุมัติ")
    await expect(reason).to_be_focused()

    await card.get_by_role("button", name="ยืนยันไม่อนุมัติ").click()

    await expect(reason).to_have_attribute("aria-invalid", "true")
    await expect(card.get_by_text("กรุณากรอกเหตุผลที่ไม่อนุมัติ")).to_be_visible()
    await screenshot(page, "approvals-reject-reason")

    await reason.fill("ไม่พบชื่อในบัญชีรายชื่อบุคลากรของสถานศึกษา")
    await card.get_by_role("button", name="ยืนยันไม่อนุมัติ").click()

    await expect(page.get_by_role("main").get_by_text(f"ไม่อนุมัติบัญชีของ{name}แล้ว")).to_be_visible()


async def test_suspend_needs_reason_then_reactivate(page: Page, console_server: ConsoleServer):
    name = console_server.facts["colleague_name"]
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url("/admin/users"))
    row = page.get_by_role("row").filter(has_text=console_server.username("colleague"))
    await row.get_by_role("button", name=f"ระงับการใช้งานบัญชีของ{name}").click()
    reason = page.get_by_label("เหตุผลที่ระงับการใช้งาน")
    await expect(reason).to_be_focused()

    await page.get_by_role("button", name="ยืนยันการระงับการใช้งาน").click()

    await expect(reason).to_have_attribute("aria-invalid", "true")
    await reason.fill("ย้ายไปปฏิบัติราชการที่หน่วยงานอื่น")
    await page.get_by_role("button", name="ยืนยันการระงับการใช้งาน").click()
    await expect(page.get_by_role("main").get_by_text(f"ระงับการใช้งานบัญชีของ{name}แล้ว")).to_be_visible()
    await expect(row).to_contain_text("ระงับการใช้งาน")
    await screenshot(page, "users-suspended")

    await row.get_by_role("button", name=f"เปิดใช้งานบัญชีของ{name}อีกครั้ง").click()

    await expect(page.get_by_role("main").get_by_text(f"เปิดใช้งานบัญชีของ{name}อีกครั้งแล้ว")).to_be_visible()
    await expect(row).to_contain_text("ใช้งานได้")


async def test_import_list_with_one_bad_row(page: Page, console_server: ConsoleServer):
    serial = 100
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url("/admin/imports"))
    await expect(page.get_by_label("ตรวจสอบเท่านั้น ยังไม่บันทึกข้อมูล")).to_be_checked()

    await page.get_by_label("ไฟล์รายชื่อ").set_input_files(
        {"name": "dropouts-bad.csv", "mimeType": "text/csv", "buffer": list_file(serial, bad_id_row=3)}
    )
    await page.get_by_role("button", name="ส่งไฟล์").click()

    result = page.get_by_role("heading", name=re.compile("พบข้อผิดพลาด 1 รายการ"))
    await expect(result).to_be_visible()
    errors = page.get_by_role("table", name=re.compile("ข้อผิดพลาดรายแถว"))
    await expect(errors.locator("tbody tr")).to_have_count(1)
    await expect(errors.locator("tbody tr")).to_contain_text("1234567890123")
    await expect(page.get_by_role("button", name="นำเข้าข้อมูลจริง")).to_have_count(0)
    await screenshot(page, "import-errors")

    await page.get_by_label("ไฟล์รายชื่อ").set_input_files(
        {"name": "dropouts-fixed.csv", "mimeType": "text/csv", "buffer": list_file(serial)}
    )
    await page.get_by_role("button", name="ส่งไฟล์").click()
    await expect(page.get_by_role("heading", name="ตรวจสอบแล้ว ไม่พบข้อผิดพลาด")).to_be_visible()
    await page.get_by_role("button", name="นำเข้าข้อมูลจริง").click()

    await expect(page.get_by_role("heading", name="นำเข้าข้อมูลเรียบร้อยแล้ว")).to_be_visible()
    await screenshot(page, "import-done")
    await page.goto(console_server.url(f"/admin/children?search={national_id(serial)}"))
    await expect(page.locator("table tbody tr")).to_have_count(1)
    await expect(page.locator("table tbody tr")).to_contain_text(CHILDREN[0][1])


async def test_find_child_by_name_and_status(page: Page, console_server: ConsoleServer):
    child = console_server.facts["visited_child"]
    await sign_in(page, console_server, "school_staff")
    await page.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="รายชื่อเด็ก").click()

    await page.get_by_label("ค้นหาชื่อ นามสกุล หรือเลขประจำตัว").fill(child["first_name"])
    await page.get_by_label("สถานะการติดตาม").select_option("FOUND_WANTS_TO_RETURN")
    await page.get_by_role("button", name="ค้นหา").click()

    rows = page.locator("table tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text(child["last_name"])
    assert "status=FOUND_WANTS_TO_RETURN" in page.url
    await screenshot(page, "children-search")
    await page.go_back()
    await expect(page.get_by_label("สถานะการติดตาม")).to_have_value("")


async def test_open_visit_with_photo(page: Page, console_server: ConsoleServer):
    child = console_server.facts["visited_child"]
    child_path = f"/admin/children/{console_server.facts['visited_child_global_id']}"
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url("/admin/children"))

    await page.locator(f'a[href="{child_path}"]').click()

    await expect(page.get_by_role("heading", level=1)).to_contain_text(child["first_name"])
    visits = page.locator(".timeline-item")
    await expect(visits).to_have_count(2)
    await expect(visits.nth(0)).to_contain_text("กำลังติดตาม")
    await expect(visits.nth(1)).to_contain_text("พบตัว ต้องการกลับเข้าสู่ระบบการศึกษา")
    map_link = visits.nth(1).get_by_role("link", name=re.compile("เปิดแผนที่"))
    await expect(map_link).to_have_attribute("href", re.compile(r"mlat=8\.087100&mlon=98\.905800"))
    thumbnail = visits.nth(1).get_by_role("img")
    await expect(thumbnail).to_have_attribute("alt", re.compile("ภาพถ่ายที่ 1"))
    assert await loaded_width(thumbnail) == 320
    await screenshot(page, "child")

    await visits.nth(1).get_by_role("link", name=re.compile("ครั้งที่ 2")).click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("ผลการติดตาม")
    photo = page.locator(".visit-photos img")
    await expect(photo).to_have_count(1)
    assert await loaded_width(photo) == 640
    await expect(page.get_by_text("8.08710, 98.90580")).to_be_visible()
    await screenshot(page, "visit")


async def test_export_students_csv(page: Page, console_server: ConsoleServer):
    child = console_server.facts["visited_child"]
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url("/admin/reports"))
    await screenshot(page, "reports")
    link = page.get_by_role("link", name="ดาวน์โหลดรายชื่อเด็ก (CSV)")

    async with page.expect_download() as download_info:
        await link.click()

    download = await download_info.value
    assert download.suggested_filename.endswith(".csv")
    content = (await download.path()).read_bytes().decode("utf-8-sig")
    assert child["first_name"] in content
    assert child["last_name"] in content


async def test_audit_log_lists_sign_ins(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")
    await page.goto(console_server.url("/admin/audit"))

    await page.get_by_label("การดำเนินการ").select_option("auth.login")
    await page.get_by_role("button", name="ค้นหา").click()

    rows = page.locator("table tbody tr")
    await expect(rows.first).to_contain_text("เข้าสู่ระบบ")
    assert "action=auth.login" in page.url
    await screenshot(page, "audit")


async def test_audit_date_filter_rejects_bad_date(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")
    await page.goto(console_server.url("/admin/audit"))
    since = page.get_by_label("ตั้งแต่วันที่")

    await since.fill("31/02/2569")
    await page.get_by_role("button", name="ค้นหา").click()

    await expect(since).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_text("ไม่มีวันที่ 31/02/2569 ในปฏิทิน")).to_be_visible()
    await since.fill("01/01/2569")
    await page.get_by_role("button", name="ค้นหา").click()
    await expect(page).to_have_url(re.compile(r"from=2026-01-01"))
    await expect(page.get_by_label("ตั้งแต่วันที่")).to_have_value("01/01/2569")


async def test_children_pages_forward_and_back(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "school_staff")
    await page.goto(console_server.url("/admin/children?size=10"))
    rows = page.locator("table tbody tr")
    await expect(rows).to_have_count(10)
    national_ids = rows.locator("td:nth-child(2)")
    first_page_ids = await national_ids.all_inner_texts()

    await page.get_by_role("link", name="หน้าถัดไป").click()

    await expect(page.get_by_text(re.compile(r"รายการที่ 11–\d+ จากทั้งหมด"))).to_be_visible()
    assert set(first_page_ids).isdisjoint(await national_ids.all_inner_texts())
    await page.get_by_role("link", name="หน้าก่อนหน้า").click()
    await expect(page.get_by_text(re.compile(r"รายการที่ 1–10 จากทั้งหมด"))).to_be_visible()
    assert await national_ids.all_inner_texts() == first_page_ids
