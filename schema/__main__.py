"""Print the schema in SDL, or write it to ``schema.graphql`` with ``--write``.

    python -m schema            # print
    python -m schema --write    # update schema.graphql at the repository root
"""

from __future__ import annotations

import sys
from pathlib import Path

from schema.root import print_schema_sdl

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def main(argv: list[str]) -> int:
    sdl = print_schema_sdl()
    if "--write" in argv:
        SCHEMA_FILE.write_text(sdl, encoding="utf-8")
        print(f"Wrote {SCHEMA_FILE}")
        return 0
    sys.stdout.write(sdl)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
