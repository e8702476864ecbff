"""Phase 2 in the console: open provinces, partner organisations and their MOUs, help that
partners record on a child's page, the public tip form and status page, and tip triage.

Browser tests run on SQLite only (see conftest.py); the server is real and seeded.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from browser_helpers import ConsoleServer, screenshot, sign_in

pytestmark = pytest.mark.browser

TRACKING_CODE = re.compile(r"^[A-HJ-KMNP-Z2-9]{5}-[A-HJ-KMNP-Z2-9]{5}$")

REFUSED_BY_ROLE = {
    "school_staff": ["/admin/tips", "/admin/partners"],
    "area_officer": ["/admin/partners", "/admin/partners/new"],
    "partner": ["/admin/tips", "/admin/partners"],
}
HOME_BY_ROLE = {"partner": "รายชื่อเด็ก"}


def main_menu(page: Page):
    return page.get_by_role("navigation", name="เมนูหลัก")


async def test_admin_opens_and_closes_province(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")
    await main_menu(page).get_by_role("link", name="จังหวัดที่เปิดระยะที่ 2").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("จังหวัดที่เปิดระยะที่ 2")
    province = page.get_by_role("combobox", name="จังหวัด", exact=True)

    await page.get_by_role("button", name="เปิดระยะที่ 2").click()

    await expect(province).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_text("กรุณาเลือกจังหวัด", exact=True)).to_be_visible()
    await province.select_option(label="ภูเก็ต")
    await page.get_by_role("button", name="เปิดระยะที่ 2").click()
    await expect(page.get_by_role("main").get_by_text("เปิดระยะที่ 2 ในจังหวัดภูเก็ตแล้ว")).to_be_visible()
    rows = page.get_by_role("table", name=re.compile("จังหวัดที่เปิดระยะที่ 2")).locator("tbody tr")
    await expect(rows.filter(has_text="ภูเก็ต")).to_have_count(1)
    await expect(rows.filter(has_text="กระบี่")).to_have_count(1)
    await screenshot(page, "phase2-admin")

    await page.get_by_role("button", name="ปิดระยะที่ 2 ในจังหวัดภูเก็ต").click()
    await page.get_by_role("button", name="ยืนยันการปิด").click()

    await expect(page.get_by_role("main").get_by_text("ปิดระยะที่ 2 ในจังหวัดภูเก็ตแล้ว")).to_be_visible()
    await expect(rows.filter(has_text="ภูเก็ต")).to_have_count(0)
    await expect(rows.filter(has_text="กระบี่")).to_have_count(1)


async def test_school_staff_sees_open_provinces_only(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "school_staff")

    await main_menu(page).get_by_role("link", name="จังหวัดที่เปิดระยะที่ 2").click()

    rows = page.locator("table tbody tr")
    await expect(rows.filter(has_text="กระบี่")).to_have_count(1)
    await expect(page.get_by_role("button", name="เปิดระยะที่ 2")).to_have_count(0)
    await expect(page.get_by_role("button", name=re.compile("^ปิดระยะที่ 2"))).to_have_count(0)


async def test_partner_sees_own_mou_provinces(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "partner", home="รายชื่อเด็ก")

    await main_menu(page).get_by_role("link", name="จังหวัดที่เปิดระยะที่ 2").click()

    mou = page.get_by_role("region", name="บันทึกข้อตกลงของหน่วยงานท่าน")
    await expect(mou).to_contain_text("มีผลบังคับใช้")
    await expect(mou).to_contain_text("กระบี่ (เปิดแล้ว)")
    await screenshot(page, "phase2-partner")


@pytest.mark.parametrize("role", sorted(REFUSED_BY_ROLE))
async def test_phase2_page_outside_role_refused(page: Page, console_server: ConsoleServer, role: str):
    await sign_in(page, console_server, role, home=HOME_BY_ROLE.get(role, "ภาพรวม"))

    for path in REFUSED_BY_ROLE[role]:
        await page.goto(console_server.url(path))

        await expect(page.get_by_role("heading", level=1)).to_have_text("ไม่มีสิทธิ์เข้าถึงหน้านี้")
        await expect(page.locator("table, form")).to_have_count(0)


async def test_admin_records_renews_and_revokes_partner(page: Page, console_server: ConsoleServer):
    await sign_in(page, console_server, "ministry_admin")
    await main_menu(page).get_by_role("link", name="ภาคีเครือข่าย").click()
    await expect(page.locator("table tbody tr").filter(has_text="MOU-ENDED")).to_contain_text("สิ้นสุดแล้ว")
    await screenshot(page, "partners")
    await page.get_by_role("link", name="เพิ่มภาคีเครือข่าย").click()

    await page.get_by_role("button", name="บันทึกภาคีเครือข่าย").click()

    await expect(page.get_by_label("รหัสภาคีเครือข่าย")).to_be_focused()
    await expect(page.get_by_text("กรุณาเลือกจังหวัดที่ครอบคลุม")).to_be_visible()
    await expect(page.get_by_text("กรุณากรอกวันที่สิ้นสุด")).to_be_visible()
    await screenshot(page, "partner-new-errors")
    await page.get_by_label("รหัสภาคีเครือข่าย").fill("MOU-BROWSER")
    await page.get_by_label("ชื่อหน่วยงาน (ภาษาไทย)").fill("มูลนิธิทดสอบเบราว์เซอร์")
    await page.get_by_label("เลขที่บันทึกข้อตกลง").fill("MOU ทดสอบ 3/2569")
    await page.get_by_label("ภูเก็ต").check()
    await page.get_by_label("พังงา").check()
    await page.get_by_label("วันที่เริ่มมีผล").fill("01/06/2569")
    await page.get_by_label("วันที่สิ้นสุด").fill("31/05/2569")
    await page.get_by_role("button", name="บันทึกภาคีเครือข่าย").click()
    ends_on = page.get_by_label("วันที่สิ้นสุด")
    await expect(ends_on).to_have_attribute("aria-invalid", "true")
    await ends_on.fill("31/05/2570")
    await page.get_by_role("button", name="บันทึกภาคีเครือข่าย").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("มูลนิธิทดสอบเบราว์เซอร์")
    await expect(page.get_by_role("main").get_by_text("เพิ่มภาคีเครือข่ายมูลนิธิทดสอบเบราว์เซอร์แล้ว")).to_be_visible()
    mou = page.get_by_role("region", name="ข้อมูลบันทึกข้อตกลง")
    await expect(mou).to_contain_text("พังงา, ภูเก็ต")
    await screenshot(page, "partner")

    await page.get_by_role("textbox", name="วันที่สิ้นสุด").fill("30/09/2570")
    await page.get_by_role("button", name="บันทึกวันที่สิ้นสุด").click()

    await expect(page.get_by_role("main").get_by_text("บันทึกวันที่สิ้นสุดเป็น 30 ก.ย. 2570 แล้ว")).to_be_visible()
    await expect(mou).to_contain_text("30 ก.ย. 2570")

    await page.get_by_role("button", name="ยกเลิกบันทึกข้อตกลง", exact=True).click()
    reason = page.get_by_label("เหตุผลที่ยกเลิกบันทึกข้อตกลง")
    await expect(reason).to_be_focused()
    await reason.fill("ภาคีเครือข่ายขอยุติความร่วมมือก่อนกำหนด")
    await page.get_by_role("button", name="ยืนยันการยกเลิกบันทึกข้อตกลง").click()

    await expect(page.get_by_role("main").get_by_text("ยกเลิกบันทึกข้อตกลงของมูลนิธิทดสอบเบราว์เซอร์แล้ว")).to_be_visible()
    await expect(mou).to_contain_text("ถูกยกเลิก")
    await expect(page.get_by_role("button", name="บันทึกวันที่สิ้นสุด")).to_have_count(0)
    await screenshot(page, "partner-revoked")


async def test_partner_records_help_school_sees_it(page: Page, console_server: ConsoleServer):
    child_path = f"/admin/children/{console_server.facts['visited_child_global_id']}"
    await sign_in(page, console_server, "partner", home="รายชื่อเด็ก")
    await page.goto(console_server.url(child_path))
    amount = page.get_by_label("จำนวนเงิน (บาท)")
    await expect(amount).to_be_hidden()

    await page.get_by_label("ประเภทความช่วยเหลือ").select_option(label="ทุนการศึกษา")
    await page.get_by_role("button", name="บันทึกการให้ความช่วยเหลือ").click()

    await expect(amount).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_text("กรุณากรอกจำนวนเงิน (บาท)")).to_be_visible()
    await amount.fill("1500")
    await page.get_by_label("รายละเอียด").fill("ทุนการศึกษาภาคเรียนที่ 1/2569")
    await page.get_by_role("button", name="บันทึกการให้ความช่วยเหลือ").click()
    await expect(page.get_by_role("main").get_by_text("บันทึกการให้ความช่วยเหลือ (ทุนการศึกษา) แล้ว")).to_be_visible()
    records = page.get_by_role("table", name="การให้ความช่วยเหลือ เรียงจากล่าสุด").locator("tbody tr")
    await expect(records).to_have_count(1)
    await screenshot(page, "child-help-partner")
    await page.get_by_role("button", name="ออกจากระบบ").click()

    await sign_in(page, console_server, "school_staff")
    await page.goto(console_server.url(child_path))

    await expect(records).to_have_count(1)
    await expect(records).to_contain_text("ทุนการศึกษา")
    await expect(records).to_contain_text("1,500.00")
    await expect(records).to_contain_text("ทุนการศึกษาภาคเรียนที่ 1/2569")
    await expect(records).to_contain_text("มูลนิธิทดสอบคอนโซล")
    await expect(page.get_by_role("button", name="บันทึกการให้ความช่วยเหลือ")).to_have_count(0)
    await screenshot(page, "child-help-school")


async def test_public_submits_tip_and_checks_status(phone_page: Page, console_server: ConsoleServer):
    page = phone_page
    await page.goto(console_server.url("/admin/tip"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("แจ้งเบาะแสเด็กนอกระบบการศึกษา")
    age = page.get_by_label("อายุของเด็กโดยประมาณ (ปี)")

    await page.get_by_role("button", name="ส่งเบาะแส").click()

    await expect(age).to_be_focused()
    await expect(page.get_by_text("กรุณากรอกอายุของเด็กโดยประมาณ (ปี)")).to_be_visible()
    await expect(page.get_by_text("กรุณาเลือกตำบล/แขวง")).to_be_visible()
    await age.fill("10")
    await page.get_by_role("combobox", name="จังหวัด", exact=True).select_option(label="กระบี่")
    district = page.get_by_label("อำเภอ/เขต")
    await expect(district).to_be_enabled()
    await district.select_option(label="เมืองกระบี่")
    subdistrict = page.get_by_label("ตำบล/แขวง")
    await expect(subdistrict).to_be_enabled()
    await subdistrict.select_option(label="ปากน้ำ")
    await page.context.grant_permissions(["geolocation"])
    await page.context.set_geolocation({"latitude": 8.0651, "longitude": 98.9127, "accuracy": 20})
    await page.get_by_role("button", name="ใช้ตำแหน่งปัจจุบัน").click()
    await expect(page.get_by_label("ละติจูด")).to_have_value("8.065100")
    await expect(page.get_by_label("ลองจิจูด")).to_have_value("98.912700")
    await page.get_by_label("สิ่งที่ท่านพบ").fill("พบเด็กอายุราว 10 ปี เก็บขวดขายแถวท่าเรือทุกเช้าวันธรรมดา")
    await screenshot(page, "tip-report-phone")
    await page.get_by_role("button", name="ส่งเบาะแส").click()

    await expect(page.get_by_role("heading", name=re.compile("ส่งเบาะแสเรียบร้อยแล้ว"))).to_be_focused()
    code = (await page.locator(".tracking-code").inner_text()).strip()
    assert TRACKING_CODE.match(code), code
    overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    await screenshot(page, "tip-receipt-phone")

    await page.get_by_role("link", name="ตรวจสอบสถานะเบาะแส").click()
    tracking = page.get_by_label("รหัสติดตาม")
    await tracking.fill("ABCDE-23456")
    await page.get_by_role("button", name="ตรวจสอบ").click()
    await expect(page.get_by_text("ไม่พบเบาะแสที่มีรหัสติดตาม ABCDE-23456")).to_be_visible()
    await tracking.fill(code.replace("-", "").lower())
    await page.get_by_role("button", name="ตรวจสอบ").click()

    result = page.get_by_role("region", name="สถานะเบาะแส")
    await expect(result).to_contain_text("ได้รับเรื่องแล้ว อยู่ระหว่างรอเจ้าหน้าที่ตรวจสอบ")
    await screenshot(page, "tip-status-phone")


async def test_tip_status_error_in_english(page: Page, console_server: ConsoleServer):
    await page.goto(console_server.url("/admin/tip/status"))
    await page.get_by_role("button", name="Switch to English").click()

    await page.get_by_role("button", name="Check").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Check the status of a report")
    await expect(page.get_by_text("Tracking code is required.")).to_be_visible()
    await expect(page.get_by_label("Tracking code")).to_be_focused()


async def test_officer_dismisses_tip_with_reason(page: Page, console_server: ConsoleServer):
    tip = console_server.facts["tip_to_dismiss"]
    await sign_in(page, console_server, "area_officer")
    await main_menu(page).get_by_role("link", name="เบาะแสจากประชาชน").click()
    row = page.locator("table tbody tr").filter(has_text=tip["description"][:40])
    await expect(row).to_contain_text("รอตรวจสอบ")
    await screenshot(page, "tips")
    await row.get_by_role("link").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("เบาะแสที่ได้รับเมื่อ")
    await expect(page.get_by_text("โทร 0-2000-0000 (ทดสอบ)")).to_be_visible()
    await screenshot(page, "tip")

    await page.get_by_role("button", name="ไม่ดำเนินการต่อ", exact=True).click()
    reason = page.get_by_label("เหตุผลที่ไม่ดำเนินการต่อ")
    await expect(reason).to_be_focused()
    await page.get_by_role("button", name="ยืนยันไม่ดำเนินการต่อ").click()
    await expect(reason).to_have_attribute("aria-invalid", "true")
    await reason.fill("ตรวจสอบแล้วเป็นเด็กที่เรียนการศึกษานอกระบบอยู่แล้ว")
    await page.get_by_role("button", name="ยืนยันไม่ดำเนินการต่อ").click()

    await expect(page.get_by_role("main").get_by_text("บันทึกว่าไม่ดำเนินการต่อกับเบาะแสนี้แล้ว")).to_be_visible()
    decision = page.get_by_role("region", name="ผลการพิจารณา")
    await expect(decision).to_contain_text("ไม่ดำเนินการต่อ")
    await expect(decision).to_contain_text("ตรวจสอบแล้วเป็นเด็กที่เรียนการศึกษานอกระบบอยู่แล้ว")
    await expect(decision).to_contain_text("นายวิชัย ทดสอบเขต")
    await screenshot(page, "tip-dismissed")
    await page.goto(console_server.url("/admin/tips?status=DISMISSED"))
    await expect(page.locator("table tbody tr").filter(has_text=tip["description"][:40])).to_have_count(1)


async def test_officer_matches_tip_to_child(page: Page, console_server: ConsoleServer):
    tip = console_server.facts["tip_to_triage"]
    child = console_server.facts["visited_child"]
    name = f"เด็กชาย{child['first_name']} {child['last_name']}"
    await sign_in(page, console_server, "area_officer")
    await page.goto(console_server.url(f"/admin/tips/{tip['id']}"))
    await page.get_by_role("button", name="เปิดกรณีติดตามใหม่").click()
    school = page.get_by_label("สถานศึกษาที่รับผิดชอบติดตาม")
    await expect(school.locator("option", has_text="บ้านทดสอบคอนโซล")).to_have_count(1)
    await screenshot(page, "tip-open-case")

    await page.get_by_role("button", name="จับคู่กับเด็กในรายชื่อ").click()
    await page.get_by_label("ค้นหาเด็กด้วยชื่อ นามสกุล หรือเลขประจำตัวประชาชน").fill(child["first_name"])
    await page.get_by_role("button", name="ค้นหา", exact=True).click()
    await expect(page.locator(".match-results tbody tr")).to_have_count(1)
    await screenshot(page, "tip-match")
    await page.get_by_role("button", name=f"จับคู่เบาะแสกับ{name}").click()

    await expect(page.get_by_role("main").get_by_text(f"จับคู่เบาะแสกับ{name}แล้ว")).to_be_visible()
    decision = page.get_by_role("region", name="ผลการพิจารณา")
    await expect(decision).to_contain_text("ตรงกับเด็กในรายชื่อ")
    await expect(decision.get_by_role("link", name=name)).to_have_attribute(
        "href", f"/admin/children/{console_server.facts['visited_child_global_id']}"
    )
