"""Reference data: provinces, districts and subdistricts from geothai, the ministry and affiliations."""

import geothai

from models.agency import AFFILIATION_NAMES, MINISTRY_CODE, Agency, AgencyKind
from models.geo import District, Province, Subdistrict
from services.reference import load_reference


def geothai_counts() -> dict[str, int]:
    provinces = geothai.provinces()
    districts = [district for province in provinces for district in geothai.districts(province.code)]
    subdistricts = [item for district in districts for item in geothai.subdistricts(district.code)]
    return {"provinces": len(provinces), "districts": len(districts), "subdistricts": len(subdistricts)}


async def test_load_reference_counts(db):
    expected = geothai_counts()

    counts = await load_reference()

    assert counts == {**expected, "affiliations": 5}
    assert await Province.all().count() == expected["provinces"] == 77
    assert await District.all().count() == expected["districts"]
    assert await Subdistrict.all().count() == expected["subdistricts"]


async def test_load_reference_stores_names_and_postal_code(db):
    await load_reference()

    krabi = await Province.get(code="81")
    subdistrict = await Subdistrict.get(code="100101")

    assert (krabi.name_th, krabi.name_en) == ("กระบี่", "Krabi")
    assert subdistrict.district_id == "1001"
    assert subdistrict.province_id == "10"
    assert subdistrict.postal_code == "10200"


async def test_load_reference_creates_agencies(db):
    await load_reference()

    ministry = await Agency.get(kind=AgencyKind.MINISTRY)
    affiliations = await Agency.filter(kind=AgencyKind.AFFILIATION).order_by("id")

    assert ministry.code == MINISTRY_CODE
    assert ministry.name_th == "กระทรวงศึกษาธิการ"
    assert [row.code for row in affiliations] == [code.value for code in AFFILIATION_NAMES]
    for row in affiliations:
        short_th, name_th, name_en = [names for code, names in AFFILIATION_NAMES.items() if code.value == row.code][0]
        assert (row.short_name_th, row.name_th, row.name_en) == (short_th, name_th, name_en)
        assert row.parent_id == ministry.id


async def test_load_reference_twice_changes_nothing(db):
    await load_reference()
    before = await Agency.all().order_by("id").values("id", "code", "updated_at")

    counts = await load_reference()

    assert counts["subdistricts"] == await Subdistrict.all().count()
    assert await Agency.all().order_by("id").values("id", "code", "updated_at") == before


async def test_load_reference_repairs_changed_name(db):
    await load_reference()
    await Province.filter(code="81").update(name_th="ชื่อผิด")
    await Agency.filter(kind=AgencyKind.AFFILIATION, code="OBEC").update(short_name_th="ผิด")

    await load_reference()

    assert (await Province.get(code="81")).name_th == "กระบี่"
    assert (await Agency.get(kind=AgencyKind.AFFILIATION, code="OBEC")).short_name_th == "สพฐ."
