"""``python -m recouvre.adapters.db.migrations revision "message"``: autogenerate a revision."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.migrations import alembic_config, upgrade


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        print('usage : python -m recouvre.adapters.db.migrations revision "message"')
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine_for(f"sqlite:///{Path(scratch) / 'scratch.sqlite3'}")
        upgrade(engine)
        with engine.begin() as connection:
            command.revision(alembic_config(connection), message=argv[1], autogenerate=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
