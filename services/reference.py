"""Reference data: Thai provinces, districts and subdistricts, the ministry and the affiliations.

The administrative areas come from the PyPI package ``geothai`` (data by GeoThai, licensed
CC BY 4.0; credit "GeoThai" wherever the data is shown). Loading is idempotent: rows that
already match are left alone, changed names are updated, and missing rows are inserted in
bulk, so a second run writes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

import geothai
from tortoise import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.agency import AFFILIATION_NAMES, MINISTRY_CODE, Agency, AgencyKind
from models.geo import District, Province, Subdistrict
from services import bulk

log = logging.getLogger("pakongklab.reference")

GEO_CREDIT = "GeoThai (CC BY 4.0)"

MINISTRY_NAMES = ("ศธ.", "กระทรวงศึกษาธิการ", "Ministry of Education")


async def load_reference() -> dict[str, int]:
    """Load the areas from geothai, the ministry and the five affiliations.

    Returns the number of provinces, districts, subdistricts and affiliations that the
    database contains afterwards.
    """
    provinces, districts, subdistricts = _geothai_rows()
    async with in_transaction() as connection:
        await _sync_table(connection, Province, ("name_th", "name_en"), provinces)
        await _sync_table(connection, District, ("province_id", "name_th", "name_en"), districts)
        await _sync_table(
            connection,
            Subdistrict,
            ("district_id", "province_id", "name_th", "name_en", "postal_code"),
            subdistricts,
        )
        affiliations = await ensure_affiliations()
    log.info(
        "Reference data ready: %d provinces, %d districts, %d subdistricts (%s), %d affiliations",
        len(provinces), len(districts), len(subdistricts), GEO_CREDIT, len(affiliations),
    )
    return {
        "provinces": len(provinces),
        "districts": len(districts),
        "subdistricts": len(subdistricts),
        "affiliations": len(affiliations),
    }


def _geothai_rows() -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Return (code, values...) tuples for provinces, districts and subdistricts."""
    provinces, districts, subdistricts = [], [], []
    for province in geothai.provinces():
        provinces.append((province.code, province.name_th, province.name_en))
        for district in geothai.districts(province.code):
            districts.append((district.code, province.code, district.name_th, district.name_en))
            for subdistrict in geothai.subdistricts(district.code):
                postal_code = subdistrict.postal_codes[0] if subdistrict.postal_codes else ""
                subdistricts.append((
                    subdistrict.code,
                    district.code,
                    province.code,
                    subdistrict.name_th,
                    subdistrict.name_en,
                    postal_code,
                ))
    return provinces, districts, subdistricts


async def _sync_table(
    connection: BaseDBAsyncClient,
    model: type,
    columns: Sequence[str],
    rows: Iterable[tuple],
) -> None:
    """Make ``model``'s table hold ``rows`` (code first): insert missing rows, update changed ones."""
    stored = {
        row[0]: tuple(row[1:])
        for row in await model.all().using_db(connection).values_list("code", *columns)
    }
    missing, changed = [], []
    for row in rows:
        code, values = row[0], tuple(row[1:])
        current = stored.get(code)
        if current is None:
            missing.append(row)
        elif current != values:
            changed.append((*values, code))
    table = model._meta.db_table
    await bulk.insert_rows(connection, table, ("code", *columns), missing)
    await bulk.update_rows(connection, table, "code", columns, changed)
    if missing or changed:
        log.info("%s: %d inserted, %d updated", table, len(missing), len(changed))


async def ensure_ministry() -> Agency:
    """Return the ministry agency, creating or renaming it as needed."""
    short_th, name_th, name_en = MINISTRY_NAMES
    return await _ensure_agency(
        AgencyKind.MINISTRY, MINISTRY_CODE, name_th=name_th, name_en=name_en, short_name_th=short_th, parent_id=None
    )


async def ensure_affiliations() -> dict[str, Agency]:
    """Return the five affiliations keyed by code, creating or renaming them as needed."""
    ministry = await ensure_ministry()
    affiliations = {}
    for code, (short_th, name_th, name_en) in AFFILIATION_NAMES.items():
        affiliations[code.value] = await _ensure_agency(
            AgencyKind.AFFILIATION,
            code.value,
            name_th=name_th,
            name_en=name_en,
            short_name_th=short_th,
            parent_id=ministry.id,
        )
    return affiliations


async def _ensure_agency(kind: AgencyKind, code: str, **values: object) -> Agency:
    agency = await Agency.get_or_none(kind=kind, code=code)
    if agency is None:
        return await Agency.create(kind=kind, code=code, **values)
    changed = [name for name, value in values.items() if getattr(agency, name) != value]
    if changed:
        for name in changed:
            setattr(agency, name, values[name])
        await agency.save(update_fields=[*changed, "updated_at"])
    return agency
