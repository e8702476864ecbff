"""The committed schema.graphql matches the code, and every part of the schema is described."""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
)

from schema.__main__ import SCHEMA_FILE
from schema.root import build_schema, print_schema_sdl

BUILT_IN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def test_schema_file_matches_code():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")

    printed = print_schema_sdl()

    assert committed == printed, (
        "schema.graphql differs from the code; review the change and run `python -m schema --write`."
    )


def _undescribed() -> list[str]:
    schema = build_schema()._schema
    missing = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN_SCALARS:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
        if isinstance(kind, GraphQLEnumType) or isinstance(kind, GraphQLScalarType):
            continue
    return missing


def test_every_type_and_field_described():
    missing = _undescribed()

    assert missing == []


def test_printed_schema_ignores_import_order():
    import subprocess
    import sys

    script = (
        "import schema.tips, schema.visits, schema.students, schema.accounts\n"
        "from schema.root import print_schema_sdl\n"
        "import sys; sys.stdout.write(print_schema_sdl())\n"
    )

    printed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout

    assert printed == print_schema_sdl()
