"""Smoke tests of the database harness: each runs once on SQLite and once on PostgreSQL.

The tests in this module run in file order, and the later ones check what the ``db``
fixture removed after the earlier ones.
"""

from models.agency import Agency, AgencyKind
from models.geo import Province


async def test_province_round_trip(db):
    await Province.create(code="10", name_th="กรุงเทพมหานคร", name_en="Bangkok")

    stored = await Province.get(code="10")

    assert stored.name_th == "กรุงเทพมหานคร"
    assert stored.name_en == "Bangkok"


async def test_agency_tree_round_trip(db):
    ministry = await Agency.create(kind=AgencyKind.MINISTRY, code="MOE", name_th="กระทรวงศึกษาธิการ")
    await Agency.create(kind=AgencyKind.AFFILIATION, code="OBEC", name_th="สพฐ.", parent=ministry)

    children = await Agency.filter(parent=ministry).values_list("code", flat=True)

    assert children == ["OBEC"]


async def test_tables_start_empty(db):
    assert await Province.all().count() == 0
    assert await Agency.all().count() == 0


async def test_ids_restart_at_one(db):
    agency = await Agency.create(kind=AgencyKind.MINISTRY, code="MOE", name_th="กระทรวงศึกษาธิการ")

    assert agency.id == 1


def test_postgres_pool_holds_twenty_connections():
    from services.db import connection_config

    config = connection_config("postgres://someone:secret@127.0.0.1:5432/pakongklab")

    assert config["credentials"]["maxsize"] == 20


def test_postgres_pool_size_from_url():
    from services.db import connection_config

    config = connection_config("postgres://someone:secret@127.0.0.1:5432/pakongklab?maxsize=8")

    assert int(config["credentials"]["maxsize"]) == 8
