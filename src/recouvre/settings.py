"""Settings, read on demand from the environment (never at import time).

``RECOUVRE_DATABASE_URL``  SQLAlchemy URL; default: a SQLite file in ``./recouvre-data/``.
``RECOUVRE_DATA_DIR``      the local folder for the embedded database and generated files.
``RECOUVRE_LAW_FILE``      optional TOML file of user corrections to the legal tables.
``RECOUVRE_LANG``          ``fr`` (default) or ``en`` for user-facing text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "recouvre-data"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path
    law_file: Path | None
    language: str

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    data_dir = Path(env.get("RECOUVRE_DATA_DIR", DEFAULT_DATA_DIR))
    url = env.get("RECOUVRE_DATABASE_URL") or f"sqlite:///{data_dir / 'recouvre.sqlite3'}"
    law_file = env.get("RECOUVRE_LAW_FILE")
    return Settings(
        database_url=url,
        data_dir=data_dir,
        law_file=Path(law_file) if law_file else None,
        language=env.get("RECOUVRE_LANG", "fr"),
    )
